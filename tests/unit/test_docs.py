"""The documentation a newcomer reads points only to files the repository has."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_every_document_the_readme_and_the_code_cite_is_in_the_repository():
    cited: set[str] = set()
    for path in [ROOT / "README.md", *ROOT.glob("server/**/*.py"), *ROOT.glob("printers/*.py")]:
        cited |= set(re.findall(r"\b(?:docs/)?[A-Z][A-Z_]+\.md\b", path.read_text()))
    assert cited, "the README cites its domain notes"
    missing = sorted(name for name in cited if not (ROOT / name).exists())
    assert missing == [], f"cited but not in the repository: {missing}"
    assert "../shared" not in (ROOT / "README.md").read_text()

"""Test-process speed-ups that change no behaviour.

Every test builds its own Flask app, and Werkzeug compiles a URL builder (Python code generated
through `ast` and `compile`) for each of the app's ~160 routes, twice: about a tenth of a second
per test, hundreds of times. The generated builder depends only on the rule's text, its parsed
parts and its defaults, and it reads the rule's converters through the rule it is bound to, so
one compiled builder per distinct rule serves every app of the test session.

Only for the Werkzeug version this was checked against (3.1): another version keeps its own,
uncached, code path.
"""

from __future__ import annotations

from importlib.metadata import version
from typing import Any


def cache_werkzeug_url_builders() -> None:
    if not version("werkzeug").startswith("3.1."):
        return
    from werkzeug.routing.rules import Rule

    original = Rule._compile_builder
    if getattr(original, "cached_for_tests", False):
        return
    builders: dict[Any, Any] = {}

    def compile_builder(self: Rule, append_unknown: bool = True) -> Any:
        defaults = self.defaults or {}
        key = (
            self.rule,
            append_unknown,
            tuple(self._trace),
            tuple((name, repr(value)) for name, value in defaults.items()),
            tuple(
                (name, self._converters[name].to_url(value))
                for name, value in defaults.items()
                if name in self._converters
            ),
        )
        builder = builders.get(key)
        if builder is None:
            builder = builders[key] = original(self, append_unknown)
        return builder

    compile_builder.cached_for_tests = True  # type: ignore[attr-defined]
    Rule._compile_builder = compile_builder  # type: ignore[method-assign]

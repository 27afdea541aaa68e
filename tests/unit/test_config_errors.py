"""A mistyped ACCUEIL_* variable stops a command with one French line naming it, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from server.cli import main


@pytest.mark.parametrize(
    ("variable", "value", "said"),
    [
        ("ACCUEIL_TRUSTED_PROXIES", "one", "ACCUEIL_TRUSTED_PROXIES : « one » n'est pas un nombre"),
        ("ACCUEIL_AGENT_IDLE_MINUTES", "30min", "« 30min » n'est pas un nombre entier"),
        ("ACCUEIL_DISPLAY_VOLUME", "fort", "ACCUEIL_DISPLAY_VOLUME : « fort » n'est pas un nombre"),
        ("ACCUEIL_ASYNC_MODE", "tornado", "ACCUEIL_ASYNC_MODE : « tornado » inconnu"),
    ],
)
def test_a_mistyped_variable_is_named_in_french(
    variable: str,
    value: str,
    said: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("ACCUEIL_INSTANCE_DIR", str(tmp_path))
    monkeypatch.setenv(variable, value)
    with pytest.raises(SystemExit) as stopped:
        main(["backup", str(tmp_path / "copy.db")])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert said in err and err.startswith("Erreur : ")
    assert "Traceback" not in err

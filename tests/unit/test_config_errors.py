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
        # Read at each kiosk page before: the server started, then every kiosk answered 500.
        ("ACCUEIL_KIOSK_TICKET_SECONDS", "30s", "« 30s » n'est pas un nombre entier"),
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


def test_every_variable_of_the_readmes_configuration_table_is_read() -> None:
    """ACCUEIL_SOCKET_EVENTS_BURST and ACCUEIL_SOCKET_EVENTS_PER_SECOND were documented and had
    a setting, yet Config never read them: a manager who raised them changed nothing."""
    import re

    from server.config import Config

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme[readme.index("## Configuration") : readme.index("## The `accueil` command")]
    documented = set(re.findall(r"`ACCUEIL_([A-Z0-9_]+)`", table))
    read = {Config.VARIABLE_NAMES.get(name, name) for name in Config.FROM_ENVIRONMENT}
    # Settings with a Config attribute must be among those an ACCUEIL_ variable changes.
    unread = sorted(name for name in documented if hasattr(Config, name) and name not in read)
    assert unread == []


def test_the_socket_limits_come_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from server.config import Config

    monkeypatch.setenv("ACCUEIL_INSTANCE_DIR", str(tmp_path))
    monkeypatch.setenv("ACCUEIL_SOCKET_EVENTS_BURST", "40")
    monkeypatch.setenv("ACCUEIL_SOCKET_EVENTS_PER_SECOND", "2.5")
    config = Config()
    assert (config.SOCKET_EVENTS_BURST, config.SOCKET_EVENTS_PER_SECOND) == (40, 2.5)


@pytest.mark.parametrize("command", ["backup", "report"])
def test_a_destination_that_cannot_be_written_is_one_french_line(
    command: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`accueil backup /var/backups/accueil/…` (or a report) into a folder the command cannot
    create died in a FileNotFoundError / PermissionError traceback."""
    from server.cli import cli

    monkeypatch.setenv("ACCUEIL_INSTANCE_DIR", str(tmp_path))
    monkeypatch.setenv("ACCUEIL_DATABASE_URL", f"sqlite:///{tmp_path / 'accueil.db'}")
    assert (
        cli.main(
            ["init", "--site", "fs-x", "--name", "X", "--admin", "chef", "--pin", "2468"],
            standalone_mode=False,
        )
        is None
    )
    (tmp_path / "a-file").write_text("")
    target = tmp_path / "a-file" / "sub" / "copy"
    args = {
        "backup": ["backup", str(target)],
        "report": ["report", "--month", "2026-11", "--output", str(target)],
    }[command]
    capsys.readouterr()
    with pytest.raises(SystemExit) as stopped:
        main(args)
    assert stopped.value.code == 1
    err = capsys.readouterr().err
    assert err.startswith(f"Erreur : {tmp_path / 'a-file'}") and "Traceback" not in err

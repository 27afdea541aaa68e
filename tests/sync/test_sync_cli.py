"""`accueil sync` on a server that is not a laptop of a central: a clear refusal, exit 1."""

from __future__ import annotations

from click.testing import CliRunner

from server.cli import cli


def test_sync_without_a_central_exits_non_zero_with_a_french_reason(
    database_url, monkeypatch, tmp_path
):
    monkeypatch.setenv("ACCUEIL_DATABASE_URL", database_url)
    monkeypatch.setenv("ACCUEIL_INSTANCE_DIR", str(tmp_path))
    monkeypatch.delenv("ACCUEIL_CENTRAL_URL", raising=False)
    monkeypatch.setenv("ACCUEIL_RETENTION_AUTOSTART", "off")
    result = CliRunner().invoke(cli, ["sync"])
    assert result.exit_code == 1
    assert "synchronisation impossible" in result.output
    assert "non configurée" in result.output


def test_sync_with_a_central_but_no_token_says_how_to_get_one(database_url, monkeypatch, tmp_path):
    monkeypatch.setenv("ACCUEIL_DATABASE_URL", database_url)
    monkeypatch.setenv("ACCUEIL_INSTANCE_DIR", str(tmp_path))
    monkeypatch.setenv("ACCUEIL_CENTRAL_URL", "http://127.0.0.1:9")
    monkeypatch.delenv("ACCUEIL_SYNC_TOKEN", raising=False)
    result = CliRunner().invoke(cli, ["sync"])
    assert result.exit_code == 1
    assert "accueil sync token SITE" in result.output


def test_a_mistyped_central_address_is_a_french_reason_not_a_traceback(
    database_url, monkeypatch, tmp_path
):
    monkeypatch.setenv("ACCUEIL_DATABASE_URL", database_url)
    monkeypatch.setenv("ACCUEIL_INSTANCE_DIR", str(tmp_path))
    monkeypatch.setenv("ACCUEIL_CENTRAL_URL", "accueil.example.fr")  # the scheme forgotten
    monkeypatch.setenv("ACCUEIL_SYNC_TOKEN", "a-token")
    result = CliRunner().invoke(cli, ["sync"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert "synchronisation impossible" in result.output
    assert "adresse du serveur central invalide : « accueil.example.fr »" in result.output

"""The laptop console's sync status, in words."""

from datetime import UTC, datetime, timedelta

from server.services.sync_laptop import status_text

NOW = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)


def test_nothing_pending_says_when_it_last_synchronised():
    assert status_text(NOW, NOW - timedelta(minutes=5), 0) == ("Synchronisé il y a 5 min", "ok")
    assert status_text(NOW, NOW - timedelta(seconds=20), 0)[0] == "Synchronisé à l'instant"
    assert status_text(NOW, None, 0) == ("Rien à synchroniser", "ok")


def test_pending_rows_say_how_long_and_how_many():
    three_days = status_text(NOW, NOW - timedelta(days=3, hours=2), 42)
    assert three_days == ("3 jours non synchronisés (42 éléments en attente)", "late")
    assert status_text(NOW, NOW - timedelta(days=1), 1)[0] == (
        "1 jour non synchronisé (1 élément en attente)"
    )
    assert status_text(NOW, NOW - timedelta(hours=2), 7) == (
        "Non synchronisé depuis 2 h (7 éléments en attente)",
        "waiting",
    )
    assert status_text(NOW, NOW - timedelta(minutes=3), 2)[1] == "waiting"
    assert status_text(NOW, None, 5) == ("Jamais synchronisé (5 éléments en attente)", "late")

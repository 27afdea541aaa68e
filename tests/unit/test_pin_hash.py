"""A PIN is stored with scrypt at its full cost. Test databases hold cheaper hashes of the demo
PIN (tests/pins.py), so this is the test that keeps the production cost honest."""

from werkzeug.security import check_password_hash

from server.services.agents import hash_pin


def test_a_pin_is_stored_with_scrypt_at_its_full_cost():
    stored = hash_pin("2468")
    name, n, r, p = stored.split("$", 1)[0].split(":")
    assert name == "scrypt"
    assert int(n) >= 2**15 and int(r) >= 8 and int(p) >= 1
    assert check_password_hash(stored, "2468")
    assert not check_password_hash(stored, "2469")

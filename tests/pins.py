"""The demo agents' PIN hashes in test databases, made with cheap scrypt parameters.

Production hashes every PIN with scrypt at its full cost (`hash_pin`, checked by
tests/unit/test_pin_hash.py): about a tenth of a second per sign-in, on purpose. The stored hash
names its own parameters, so a sign-in against these test hashes runs the very same check
(`check_password_hash`) in a millisecond. Hundreds of test sign-ins no longer pay that cost.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from werkzeug.security import generate_password_hash

CHEAP_SCRYPT = "scrypt:1024:8:1"


def cheap_pin_hash(pin: str) -> str:
    return generate_password_hash(pin, method=CHEAP_SCRYPT)


def cheapen_demo_pins(session: Any) -> None:
    """Re-hash the demo agents' PIN (1234) cheaply; everything else stays as seeded."""
    from server.demo import DEMO_AGENTS, DEMO_PIN
    from server.models import Agent

    logins = [login for login, _name, _role in DEMO_AGENTS]
    session.execute(
        update(Agent).where(Agent.login.in_(logins)).values(pin_hash=cheap_pin_hash(DEMO_PIN))
    )
    session.commit()

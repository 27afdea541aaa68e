"""Sites are first-class for counters: 'bureau-1' may exist at every site, once per site."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.exc import IntegrityError

from server.extensions import db
from server.models import Counter
from server.services.admin_counters import create_counter
from server.services.errors import ServiceError
from server.services.lookup import site_by_code
from server.services.seed import ensure_site

BODY = {"code": "bureau-1", "label": "Bureau 1", "kind": "office", "services": []}


def test_two_sites_each_have_their_bureau_1(app: Any) -> None:
    with app.app_context():
        home = site_by_code(db.session, "mde-castelsarrasin")
        other = ensure_site(db.session, code="fs-moissac", name="France Services Moissac")
        if db.session.query(Counter).filter_by(site_id=home.id, code="bureau-1").first() is None:
            create_counter(db.session, home, BODY)
        view, _ = create_counter(db.session, other, BODY)
        assert view["code"] == "bureau-1"
        codes = {(c.site_id, c.code) for c in db.session.query(Counter).filter_by(code="bureau-1")}
        assert codes == {(home.id, "bureau-1"), (other.id, "bureau-1")}
        with pytest.raises(ServiceError) as refused:
            create_counter(db.session, other, BODY)
        assert refused.value.details["field"] == "code"


def test_the_database_itself_refuses_a_second_bureau_1_at_one_site(app: Any) -> None:
    with app.app_context():
        other = ensure_site(db.session, code="fs-moissac", name="France Services Moissac")
        db.session.add(Counter(site_id=other.id, code="bureau-9", label="Bureau 9", kind="office"))
        db.session.commit()
        db.session.add(Counter(site_id=other.id, code="bureau-9", label="Encore", kind="office"))
        with pytest.raises(IntegrityError):
            db.session.commit()
        db.session.rollback()

"""The back-office (/admin) and the one-time first-run page (/setup/<token>)."""

from back_office.views import back_office

__all__ = ["back_office"]

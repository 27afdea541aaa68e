"""Errors a use case raises; the API turns each into one JSON status."""

from __future__ import annotations


class ServiceError(Exception):
    status = 400
    code = "bad_request"
    # A visitor-facing error names its text in the translation catalogues ("error.idea_short",
    # "appointment.unknown"): the public API then answers in the request's Accept-Language when
    # that text is translated there (server/locale.py), with the message below otherwise.
    key: str | None = None

    def __init__(self, message: str, **details: object) -> None:
        super().__init__(message)
        self.message = message
        self.details = details

    def translatable(self, key: str) -> ServiceError:
        self.key = key
        return self


class NotFound(ServiceError):
    status = 404
    code = "not_found"


class Conflict(ServiceError):
    status = 409
    code = "conflict"


class Forbidden(ServiceError):
    status = 403
    code = "forbidden"


class PinChangeRequired(ServiceError):
    """Signed in with a PIN an administrator gave: choose one's own before anything else."""

    status = 403
    code = "pin_change_required"


class SiteChoiceRequired(ServiceError):
    """The PIN is right, and the agent works at several sites: they say which one, today
    (`details["sites"]`: [{code, name}]); nothing is opened until they do."""

    status = 409
    code = "site_required"


class Unauthorized(ServiceError):
    status = 401
    code = "unauthorized"


class Locked(ServiceError):
    status = 423
    code = "locked"

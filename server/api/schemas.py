"""Request and response shapes; the OpenAPI document is generated from them."""

from __future__ import annotations

from apiflask import Schema
from apiflask.fields import Boolean, Dict, Integer, List, Nested, String
from apiflask.validators import Length, OneOf, Range, Regexp

LANGUAGES = ["fr", "falc", "bg", "tr", "ar", "es", "pt", "en"]
REQUEST_TYPES = ["information", "procedure", "referral"]
RESULTS = ["resolved", "referred", "escalated"]


class ServiceOut(Schema):
    code = String()
    label = String()
    partner = String(allow_none=True)
    partner_code = String(allow_none=True)
    theme = String()
    theme_label = String()
    prefix = String()
    labels = Dict(keys=String(), values=String(), metadata={"example": {"en": "Youth employment"}})
    pictogram = String(allow_none=True, metadata={"description": "a kiosk icon's name"})


class TicketIn(Schema):
    service = String(required=True, validate=Length(1, 64))
    priority = Boolean(load_default=False)
    language = String(load_default="fr", validate=OneOf(LANGUAGES))
    kiosk = String(validate=Length(1, 64))  # which kiosk: its printer prints in peak mode


class WaitOut(Schema):
    """The one wait every screen shows: a range in minutes and its French words."""

    kind = String()  # soon | upto | range | unknown
    low = Integer(allow_none=True)
    high = Integer(allow_none=True)
    minutes = Integer(allow_none=True)
    text = String()


class TicketOut(Schema):
    id = Integer()
    number = String()
    service = String()
    service_label = String()
    status = String()
    priority = Boolean()
    position = Integer()
    people_ahead = Integer()
    estimated_wait_minutes = Integer(allow_none=True)
    wait = Nested(WaitOut, allow_none=True)
    counter = String(allow_none=True)
    counter_label = String(allow_none=True)
    coming_to_you = Boolean()
    issued_at = String()
    called_at = String(allow_none=True)
    tracking_url = String()
    version = Integer()  # sent back with the next action: a colleague's change first is a 409
    appointment_time = String(allow_none=True)  # "09:30" for an appointment's ticket
    printed = Boolean(allow_none=True)  # POST /tickets: None = nothing to print, else the outcome
    print_reason = String(allow_none=True)
    printed_language = String(allow_none=True)  # the paper's language: the visitor's, or French


class TrackedTicketOut(Schema):
    number = String()
    service_label = String()
    status = String()
    position = Integer()
    people_ahead = Integer()
    estimated_wait_minutes = Integer(allow_none=True)
    wait = Nested(WaitOut, allow_none=True)
    counter_label = String(allow_none=True)
    coming_to_you = Boolean()
    # Only the holder of the tracking link sees it (never in the public snapshot): "9 h 30".
    appointment_time = String(allow_none=True)


class LoginIn(Schema):
    login = String(required=True, validate=Length(1, 64))
    pin = String(required=True, validate=[Length(4, 12), Regexp(r"^\d+$", error="digits only")])
    site = String(
        validate=Length(0, 64),
        metadata={
            "description": "the site's code, for an agent working at several sites (else 409 "
            "site_required, whose details list the agent's sites)"
        },
    )
    on_duty = Boolean(
        load_default=True,
        metadata={
            "description": "false for the back-office's sign-in: the administrator is not put "
            "on duty, so the announced waits do not count them as an agent serving visitors"
        },
    )


class LogoutIn(Schema):
    keep_duty = Boolean(
        load_default=False,
        metadata={
            "description": "true (the back-office's button): end only this session, leaving the "
            "agent's counter and duty held from a console as they are"
        },
    )


class AgentOut(Schema):
    id = Integer()
    name = String()
    login = String()
    role = String()
    is_admin = Boolean(
        metadata={"description": "a site or department administrator (admin, department_admin)"}
    )
    posture = String()
    paused = Boolean()
    pin_change_required = Boolean()
    site = Dict(metadata={"description": "the site of this session: {code, name}"})
    sites = List(Dict(), metadata={"description": "the sites the agent works at: [{code, name}]"})


class PinIn(Schema):
    current = String(required=True, validate=Length(1, 64))
    pin = String(required=True, validate=Length(1, 64), metadata={"description": "4 to 12 digits"})


class CallNextIn(Schema):
    counter = String(required=True, validate=Length(1, 64))


class OutcomeIn(Schema):
    partner = String(validate=Length(1, 64))
    service = String(validate=Length(1, 64))
    request_type = String(validate=OneOf(REQUEST_TYPES))
    result = String(validate=OneOf(RESULTS))
    workstation = Integer(validate=Range(1, 99))  # accompanied to self-service computer n°


class ActionIn(Schema):
    counter = String(validate=Length(1, 64))
    service = String(validate=Length(1, 64))
    version = Integer()
    outcome = Nested(OutcomeIn)


class DutyIn(Schema):
    paused = Boolean()
    posture = String(validate=OneOf(["desk", "floor"]))
    counter = String(validate=Length(1, 64))


class QueueOut(Schema):
    site = String()
    site_name = String()
    generated_at = String()
    waiting_count = Integer()
    services = List(Dict())
    themes = List(Dict())
    waiting = List(Dict())
    last_calls = List(Dict())


class ErrorDetail(Schema):
    code = String()
    message = String()
    details = Dict()


class ErrorOut(Schema):
    error = Nested(ErrorDetail)

"""The visit lifecycle: one transition table, nothing else decides what may happen to a ticket."""

from __future__ import annotations

from enum import StrEnum


class Status(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"
    TRANSFERRED = "transferred"


class Action(StrEnum):
    ISSUE = "issue"
    CALL = "call"
    RECALL = "recall"
    TAKE = "take"
    START = "start"
    FINISH = "finish"
    NO_SHOW = "no-show"
    RETURN = "return"
    TRANSFER = "transfer"
    CANCEL = "cancel"


TRANSITIONS: dict[tuple[Status, Action], Status] = {
    (Status.WAITING, Action.CALL): Status.CALLED,
    (Status.WAITING, Action.TAKE): Status.SERVING,  # the standing agent serves on the spot
    (Status.WAITING, Action.CANCEL): Status.CANCELLED,
    (Status.CALLED, Action.RECALL): Status.CALLED,
    (Status.CALLED, Action.START): Status.SERVING,
    (Status.CALLED, Action.NO_SHOW): Status.NO_SHOW,
    (Status.CALLED, Action.RETURN): Status.WAITING,
    (Status.CALLED, Action.CANCEL): Status.CANCELLED,
    (Status.SERVING, Action.FINISH): Status.DONE,
    (Status.SERVING, Action.TRANSFER): Status.TRANSFERRED,
}

FINAL_STATUSES = frozenset({Status.DONE, Status.NO_SHOW, Status.CANCELLED, Status.TRANSFERRED})
ACTIVE_STATUSES = frozenset({Status.WAITING, Status.CALLED, Status.SERVING})


class InvalidTransition(Exception):
    """An action that the ticket's current status does not allow."""

    def __init__(self, status: Status, action: Action) -> None:
        super().__init__(f"cannot {action.value} a ticket that is {status.value}")
        self.status = status
        self.action = action


def next_status(status: Status | str, action: Action | str) -> Status:
    """Return the status after `action`, or raise InvalidTransition."""
    status, action = Status(status), Action(action)
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise InvalidTransition(status, action) from None


def allowed_actions(status: Status | str) -> list[Action]:
    """The actions an agent may take on a ticket in this status, in table order."""
    return [action for (source, action) in TRANSITIONS if source == Status(status)]

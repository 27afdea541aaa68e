import pytest

from server.domain.lifecycle import (
    TRANSITIONS,
    Action,
    InvalidTransition,
    Status,
    allowed_actions,
    next_status,
)


@pytest.mark.parametrize(
    ("status", "action", "after"),
    [
        ("waiting", "call", "called"),
        ("called", "start", "serving"),
        ("serving", "finish", "done"),
        ("called", "no-show", "no_show"),
        ("called", "return", "waiting"),
        ("waiting", "cancel", "cancelled"),
        ("called", "cancel", "cancelled"),
        ("serving", "transfer", "transferred"),
        ("called", "recall", "called"),
        ("waiting", "take", "serving"),
    ],
)
def test_each_transition_of_the_issue_leads_where_it_should(status, action, after):
    assert next_status(status, action) == Status(after)


def test_a_finished_visit_cannot_be_called_again():
    with pytest.raises(InvalidTransition) as error:
        next_status("done", "call")
    assert error.value.status is Status.DONE
    assert "cannot call" in str(error.value)


def test_final_statuses_allow_no_action_at_all():
    for status in (Status.DONE, Status.NO_SHOW, Status.CANCELLED, Status.TRANSFERRED):
        assert allowed_actions(status) == []
        for action in Action:
            with pytest.raises(InvalidTransition):
                next_status(status, action)


def test_serving_cannot_be_cancelled_or_marked_absent():
    assert set(allowed_actions("serving")) == {Action.FINISH, Action.TRANSFER}


def test_every_status_reached_by_the_table_is_a_known_status():
    assert all(isinstance(target, Status) for target in TRANSITIONS.values())


def test_unknown_action_names_are_rejected_not_guessed():
    with pytest.raises(ValueError):
        next_status("waiting", "teleport")

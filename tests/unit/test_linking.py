"""Linking by CPR and phone: the decisions, as a table."""

import pytest

from app.triage.linking import Line, phone_alone, phone_with_cpr


@pytest.mark.parametrize(
    ("line", "line_citizen_has_cpr", "decision"),
    [
        (None, False, "link"),  # a new phone number joins the CPR citizen
        (Line(citizen="me"), True, "keep"),  # already linked to this citizen
        (Line(citizen=None, shared=True), False, "keep"),  # a shared line stays shared
        (Line(citizen="anon"), False, "merge"),  # the phone-only history is this person's
        (Line(citizen="other"), True, "share"),  # a second CPR on one phone: a shared line
    ],
)
def test_a_call_with_cpr_and_phone(line, line_citizen_has_cpr, decision) -> None:
    assert (
        phone_with_cpr(line, cpr_citizen="me", line_citizen_has_cpr=line_citizen_has_cpr)
        == decision
    )


@pytest.mark.parametrize(
    ("line", "decision"),
    [
        (None, "new"),
        (Line(citizen="someone"), "linked"),
        (Line(citizen=None, shared=True), "shared"),
    ],
)
def test_a_call_with_only_a_phone(line, decision) -> None:
    assert phone_alone(line) == decision

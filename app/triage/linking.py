"""The rules that link a call to a citizen by CPR and phone, as pure decisions.

The database-backed resolver and the bulk demo loader both apply these, so a citizen is
linked the same way however the call arrives.
"""

from dataclasses import dataclass
from typing import Generic, Literal, TypeVar

PhoneWithCpr = Literal["link", "keep", "merge", "share"]
PhoneAlone = Literal["new", "shared", "linked"]
C = TypeVar("C")  # how the caller names a citizen: a database id, a number in memory


@dataclass(frozen=True)
class Line(Generic[C]):
    """What is known of a phone number: the one citizen it links, or that it is shared."""

    citizen: C | None
    shared: bool = False


def phone_with_cpr(
    line: Line[C] | None, *, cpr_citizen: C, line_citizen_has_cpr: bool
) -> PhoneWithCpr:
    """A call brings a CPR number and a phone: what happens to the phone's link.

    link: a new line, linked to the CPR citizen. keep: nothing changes. merge: the line's
    phone-only citizen is the same person; join them. share: the line was seen with another
    CPR number; it is a shared line from now on and links no one by itself.
    """
    if line is None:
        return "link"
    if line.shared or line.citizen == cpr_citizen:
        return "keep"
    if line.citizen is not None and not line_citizen_has_cpr:
        return "merge"
    return "share"


def phone_alone(line: Line[C] | None) -> PhoneAlone:
    """A call brings only a phone: a new phone-only citizen, nobody (shared), or the linked one."""
    if line is None:
        return "new"
    if line.shared or line.citizen is None:
        return "shared"
    return "linked"

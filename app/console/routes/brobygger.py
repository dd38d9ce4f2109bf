"""The brobygger's pages: the callback worklist, cases and their status, response plans."""

from typing import Annotated, Literal

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import ValidationError

from app.console import auth, queries
from app.console.auth import BrobyggerUser, Csrf
from app.console.errors import PageNotFound
from app.console.render import page
from app.deps import PseudonymiserDep, SessionDep, SettingsDep
from app.schemas.brobygger import CallbackComplete, CaseStatusChange, CitizenRef, ResponsePlanWrite
from app.schemas.fields import RowId
from app.services.brobygger import use_cases
from app.services.brobygger.callbacks import CallbackClosed, CallbackNotFound
from app.services.brobygger.cases import CaseConflict, CaseNotFound
from app.services.brobygger.plans import PlanConflict
from app.services.citizens.citizen_ref import CitizenNotFound

router = APIRouter(prefix="/console", include_in_schema=False)
CallbackStatus = Literal["open", "done", "no_answer"]
CaseFilter = Literal["open", "referred", "active", "handed_over", "closed"]


@router.get("/callbacks")
def callbacks_page(request: Request, user: BrobyggerUser, session: SessionDep,
                   settings: SettingsDep, status: CallbackStatus = "open") -> HTMLResponse:
    """The callbacks, due first; each can be marked done or not answered, with a note."""
    return _callbacks(request, user, session, settings, status)


def _callbacks(request: Request, user: BrobyggerUser, session: SessionDep, settings: SettingsDep,
               status: CallbackStatus = "open", *, error: str | None = None,
               status_code: int = 200) -> HTMLResponse:
    items = use_cases.callback_worklist(session, actor=auth.actor(user), settings=settings,
                                       status=status)
    return page(request, "brobygger/callbacks.html",
                {"items": items, "status": status, "error": error}, status_code=status_code)


@router.post("/callbacks/{callback_id}")
def complete_callback(
    request: Request, callback_id: RowId, user: BrobyggerUser, _: Csrf, session: SessionDep,
    settings: SettingsDep,
    outcome: Annotated[str, Form()] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
) -> Response:
    """Record a callback: done, or no answer (tried again later)."""
    try:
        body = CallbackComplete(outcome=outcome, note=note.strip())
        use_cases.complete_callback(session, callback_id, body, actor=auth.actor(user),
                                   settings=settings)
    except CallbackNotFound:
        raise PageNotFound(callback_id) from None
    except ValidationError:
        return _callbacks(request, user, session, settings, error="callback.error.outcome",
                          status_code=422)
    except CallbackClosed:
        return _callbacks(request, user, session, settings, error="callback.error.closed",
                          status_code=409)
    return RedirectResponse(f"/console/callbacks?msg=callback_{body.outcome}", status_code=303)


@router.get("/cases")
def cases_page(request: Request, user: BrobyggerUser, session: SessionDep,
               status: CaseFilter = "open") -> HTMLResponse:
    """Cases, newest first: the open ones unless a status is chosen."""
    rows = use_cases.get_all_cases(session, actor=auth.actor(user), status=status)
    return page(request, "brobygger/cases.html", {"cases": rows, "status": status})


@router.get("/cases/{case_id}")
def case_page(request: Request, case_id: RowId, user: BrobyggerUser,
              session: SessionDep) -> HTMLResponse:
    """One case: its status, events, phase, contact, and the next step."""
    return _case(request, case_id, user, session)


def _case(request: Request, case_id: int, user: BrobyggerUser, session: SessionDep, *,
          error: str | None = None, detail: str | None = None,
          status_code: int = 200) -> HTMLResponse:
    try:
        shown = queries.brobygger.case_page(session, case_id, actor=auth.actor(user))
    except CaseNotFound:
        raise PageNotFound(case_id) from None
    return page(request, "brobygger/case.html", {"page": shown, "error": error, "detail": detail},
                status_code=status_code)


@router.post("/cases/{case_id}/status")
def change_case_status(
    request: Request, case_id: RowId, user: BrobyggerUser, _: Csrf, session: SessionDep,
    status: Annotated[str, Form()] = "",
    note: Annotated[str, Form(max_length=2000)] = "",
    municipality_code: Annotated[str, Form(max_length=4)] = "",
    contact_id: Annotated[str, Form(max_length=12)] = "",
) -> Response:
    """Move the case on, with a note: who, when and why are kept."""
    try:
        body = CaseStatusChange(status=status, note=note.strip(),
                                municipality_code=municipality_code or None,
                                contact_id=int(contact_id) if contact_id.isdecimal() else None)
        use_cases.change_case_status(session, case_id, body, actor=auth.actor(user))
    except CaseNotFound:
        raise PageNotFound(case_id) from None
    except ValidationError:
        return _case(request, case_id, user, session, error="case.error.invalid", status_code=422)
    except CaseConflict as conflict:
        return _case(request, case_id, user, session, error="case.error.conflict",
                     detail=str(conflict), status_code=409)
    return RedirectResponse(f"/console/cases/{case_id}?msg=case_saved", status_code=303)


@router.get("/citizens/{pseudonym}/plan")
def plan_page(request: Request, pseudonym: str, user: BrobyggerUser,
              session: SessionDep) -> HTMLResponse:
    """The citizen's response plan, its earlier versions, and a form for a new version."""
    return _plan(request, pseudonym, user, session)


def _plan(request: Request, pseudonym: str, user: BrobyggerUser, session: SessionDep, *,
          error: str | None = None, draft: dict[str, str] | None = None,
          status_code: int = 200) -> HTMLResponse:
    try:
        ref = CitizenRef(citizen_pseudonym=pseudonym)
        plan = use_cases.read_plan(session, None, ref, actor=auth.actor(user), with_history=True,
                                  purpose="console: response plan page")
    except (ValidationError, CitizenNotFound):
        raise PageNotFound(pseudonym) from None
    return page(request, "brobygger/plan.html",
                {"pseudonym": pseudonym, "plan": plan, "error": error, "draft": draft or {}},
                status_code=status_code)


@router.post("/citizens/{pseudonym}/plan")
def save_plan(
    request: Request, pseudonym: str, user: BrobyggerUser, _: Csrf, session: SessionDep,
    pseudonymiser: PseudonymiserDep,
    helps: Annotated[str, Form(max_length=2000)] = "",
    contacts: Annotated[str, Form(max_length=2000)] = "",
    avoid: Annotated[str, Form(max_length=2000)] = "",
    based_on_version: Annotated[int, Form()] = 0,
) -> Response:
    """Save a new version of the plan; refused if someone saved one since this was opened."""
    draft = {"helps": helps, "contacts": contacts, "avoid": avoid}
    try:
        body = ResponsePlanWrite(citizen_pseudonym=pseudonym, helps=helps, contacts=contacts,
                                 avoid=avoid, based_on_version=based_on_version)
        use_cases.write_plan(session, pseudonymiser, body, actor=auth.actor(user))
    except CitizenNotFound:
        raise PageNotFound(pseudonym) from None
    except ValidationError:
        return _plan(request, pseudonym, user, session, error="plan.error.invalid", draft=draft,
                     status_code=422)
    except PlanConflict:
        return _plan(request, pseudonym, user, session, error="plan.error.conflict", draft=draft,
                     status_code=409)
    return RedirectResponse(f"/console/citizens/{pseudonym}/plan?msg=plan_saved", status_code=303)

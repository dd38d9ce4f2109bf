"""The call-handler's pages: the live queue, an assessment and its answer, the look-up."""

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Form, Header, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response, StreamingResponse
from pydantic import ValidationError

from app.console import auth, charts, live, queries, views
from app.console.auth import Csrf, HandlerUser, LookupUser
from app.console.errors import PageNotFound
from app.console.render import fragment, page
from app.deps import PseudonymiserDep, SessionDep, SessionFactoryDep, SettingsDep
from app.schemas.citizen import LookupRequest
from app.schemas.fields import AssessmentId
from app.schemas.outcome import FeedbackCreate
from app.services.assessment import feedback as feedback_service
from app.services.assessment.feedback import AssessmentNotFound, AssessmentSuperseded, UndoExpired

router = APIRouter(prefix="/console", include_in_schema=False)


@router.get("/queue")
def queue(request: Request, user: HandlerUser, session: SessionDep) -> HTMLResponse:
    """The centre's latest assessments; new ones arrive without a reload."""
    items = queries.queue.recent(session)
    after = items[0].created_at if items else datetime.now(UTC)
    return page(request, "handler/queue.html", {"items": items, "after": after.isoformat(),
                                                "limit": queries.queue.LIMIT})


@router.get("/queue/events")
async def queue_events(
    request: Request, user: HandlerUser, factory: SessionFactoryDep, settings: SettingsDep,
    after: str | None = None, last_event_id: Annotated[str | None, Header()] = None,
) -> StreamingResponse:
    """Server-sent events: each new assessment as a queue row."""
    stream = live.queue_events(
        request, factory, token=request.cookies.get(auth.SESSION_COOKIE, ""),
        policy=auth.policy(settings), after=live.parse_after(after, last_event_id),
        render=lambda item: fragment(request, "handler/_queue_item.html", {"item": item}),
    )
    return StreamingResponse(stream, media_type="text/event-stream",
                             headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


@router.get("/assessments/{assessment_id}")
def assessment(request: Request, assessment_id: AssessmentId, user: HandlerUser,
               session: SessionDep, settings: SettingsDep) -> HTMLResponse:
    """One assessment: the verdict, red flags, reasons, history, contact and offers."""
    return _assessment_page(request, assessment_id, user, session, settings)


def _assessment_page(request: Request, assessment_id: str, user: HandlerUser, session: SessionDep,
                     settings: SettingsDep, *, error: str | None = None,
                     status_code: int = 200) -> HTMLResponse:
    try:
        view = queries.assessment.get(session, assessment_id, actor=auth.actor(user),
                                      settings=settings)
    except AssessmentNotFound:
        raise PageNotFound(assessment_id) from None
    chart = charts.bar_chart(charts.months_of(view.seen.events, now=datetime.now(UTC)), width=540)
    return page(request, "handler/assessment.html",
                {"view": view, "chart": chart, "actions": views.FEEDBACK_ACTIONS,
                 "reasons": views.OVERRIDE_REASONS, "error": error}, status_code=status_code)


@router.post("/assessments/{assessment_id}/feedback")
def give_feedback(
    request: Request, assessment_id: AssessmentId, user: HandlerUser, _: Csrf,
    session: SessionDep,
    settings: SettingsDep,
    decision: Annotated[str, Form()] = "",
    action_taken: Annotated[str, Form()] = "",
    reason_code: Annotated[str, Form()] = "",
    reason_text: Annotated[str, Form(max_length=1000)] = "",
) -> Response:
    """Accept the recommendation, or override it with the action taken and a reason."""
    try:
        recommended = feedback_service.get_assessment(session, assessment_id).action
        answer = FeedbackCreate(
            accepted=decision == "accept",
            action_taken=recommended if decision == "accept" else action_taken,
            reason_code=("agree" if decision == "accept" else
                         reason_code if reason_code in views.OVERRIDE_REASONS else None),
            reason_text=reason_text.strip() or None,
        )
    except AssessmentNotFound:
        raise PageNotFound(assessment_id) from None
    except ValidationError:
        return _assessment_page(request, assessment_id, user, session, settings,
                                error="override.invalid", status_code=422)
    try:
        feedback_service.create(session, assessment_id, answer, actor=auth.actor(user),
                                schedule=settings.brobygger_schedule)
    except AssessmentSuperseded:
        return _assessment_page(request, assessment_id, user, session, settings,
                                error="assessment.superseded_refused", status_code=409)
    saved = "accept_saved" if answer.accepted else "feedback_saved"
    return RedirectResponse(f"/console/assessments/{assessment_id}?msg={saved}",
                            status_code=303)


@router.post("/assessments/{assessment_id}/undo")
def undo_accept(request: Request, assessment_id: str, user: HandlerUser, _: Csrf,
                session: SessionDep, settings: SettingsDep) -> Response:
    """Withdraw one's own accept within the undo window; audit-logged."""
    try:
        feedback_service.withdraw(session, assessment_id, actor=auth.actor(user))
    except AssessmentNotFound:
        raise PageNotFound(assessment_id) from None
    except UndoExpired:
        return _assessment_page(request, assessment_id, user, session, settings,
                                error="undo.expired", status_code=409)
    return RedirectResponse(f"/console/assessments/{assessment_id}?msg=accept_withdrawn",
                            status_code=303)


@router.get("/lookup")
def lookup_form(request: Request, user: LookupUser) -> HTMLResponse:
    """Look up a citizen by CPR or phone; the purpose is asked for and logged."""
    return page(request, "handler/lookup.html", {"purposes": views.LOOKUP_PURPOSES})


@router.post("/lookup")
def lookup(
    request: Request, user: LookupUser, _: Csrf, session: SessionDep, settings: SettingsDep,
    pseudonymiser: PseudonymiserDep,
    cpr: Annotated[str, Form(max_length=16)] = "",
    phone: Annotated[str, Form(max_length=32)] = "",
    purpose: Annotated[str, Form(max_length=32)] = "",
    purpose_text: Annotated[str, Form(max_length=160)] = "",
) -> HTMLResponse:
    """The history now; the CPR number is never shown again, not even in the form."""
    try:
        asked = LookupRequest(cpr=cpr.strip() or None, phone=phone.strip() or None,
                              purpose=views.lookup_purpose(purpose, purpose_text))
    except (ValidationError, ValueError) as error:
        return page(request, "handler/lookup.html",
                    {"purposes": views.LOOKUP_PURPOSES, "errors": views.lookup_errors(error)},
                    status_code=422)
    seen = queries.assessment.look_up(session, asked, actor=auth.actor(user),
                                     pseudonymiser=pseudonymiser, settings=settings)
    chart = charts.bar_chart(charts.months_of(seen.events, now=datetime.now(UTC)), width=540)
    return page(request, "handler/lookup.html", {"purposes": views.LOOKUP_PURPOSES,
                                                 "result": seen.history, "chart": chart,
                                                 "purpose": asked.purpose})

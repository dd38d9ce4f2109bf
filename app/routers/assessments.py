"""POST /v1/assessments and the call-handler's feedback on one."""

from fastapi import APIRouter, Request, Response

from app.api_route import ApiRoute
from app.deps import DispatchActor, FeedbackActor, SessionDep, SettingsDep
from app.observability import metrics
from app.schemas.assessment import AssessmentCreate, AssessmentRead
from app.schemas.errors import problem
from app.schemas.fields import AssessmentId
from app.schemas.outcome import FeedbackCreate, FeedbackRead
from app.services.assessment import feedback as feedback_service
from app.services.assessment.assess import AssessContext

router = APIRouter(prefix="/v1/assessments", tags=["assessments"], route_class=ApiRoute)


@router.post("", response_model=AssessmentRead)
async def create_assessment(
    body: AssessmentCreate, request: Request, actor: DispatchActor
) -> Response:
    """Assess a call in progress: flag, history and recommendation."""
    state = request.app.state  # read directly: this route runs on every call, at every ms
    context = AssessContext(settings=state.settings, pseudonymiser=state.pseudonymiser,
                            served=state.model_store.served, actor=actor,
                            recorder=state.recorder)
    answer = await state.assess(body, context)  # on its threads, within budget: assess_runner
    metrics.count_assessment(answer)
    # Sent as it is: it is an AssessmentRead already, which FastAPI would validate again.
    return Response(answer.model_dump_json(), media_type="application/json")


@router.post("/{assessment_id}/feedback", response_model=FeedbackRead, status_code=201,
             responses={404: problem("No assessment with this id."),
                        409: problem("The call was assessed again since: answer its latest "
                                     "assessment.")})
def create_feedback(
    assessment_id: AssessmentId, body: FeedbackCreate, session: SessionDep, actor: FeedbackActor,
    settings: SettingsDep,
) -> FeedbackRead:
    """The call-handler accepted or overrode the recommendation; an accepted callback is booked."""
    row = feedback_service.create(session, assessment_id, body, actor=actor,
                                  schedule=settings.brobygger_schedule)
    return FeedbackRead.model_validate(row, from_attributes=True)

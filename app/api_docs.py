"""The API's own documentation: Swagger UI at /docs and ReDoc at /redoc, served from this
service's files (a closed dispatch network reaches no CDN), and the document's prose."""

from importlib.resources import files

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

# Swagger UI 5 and ReDoc 2, as the fastapi-offline package ships them (MIT).
ASSETS = files("fastapi_offline") / "static"
STATIC_URL = "/static/docs"

DESCRIPTION = """\
Decision support for 112 dispatch (AMK): for a call in progress, akutbro says whether the
need looks social rather than medical, shows the caller's earlier calls, and recommends an
ambulance or a route to a brobygger (social worker). **It advises; the call-handler
decides.** A medical red flag or urgency A/B always gives `send_ambulance`, and an answer
made without part of its inputs says `degraded: true` and follows the protocol.

**Keys.** Every route except `/health*` needs `Authorization: Bearer akb_...`. Each key has
one role (`dispatch`, `handler`, `brobygger`, `admin`, `auditor`); each route lists the
roles it admits under its 403. The key and role are checked before the body: a key
without the role gets 403 whatever the body holds.

**Personal data.** The CPR number goes in `patient.cpr` of an assessment (or `cpr` of a
look-up), 10 digits as `DDMMYY-SSSS` or `DDMMYYSSSS`; never in a URL. It is pseudonymised
(a keyed hash) as soon as it arrives: akutbro stores and logs only the pseudonym, and no
answer contains the number. Phone numbers are treated alike. Free-text notes are scrubbed
of CPR and phone numbers before they are kept.

**Errors.** Every error answer is JSON with a `detail`. A body or parameter that does not
fit the schema gets 422 with `errors`, one `{field, reason}` per problem, and never echoes
the value back. Each route documents every status it can answer with.
"""

TAGS = [
    {"name": "assessments", "description": "Assess a call in progress; the handler's feedback."},
    {"name": "calls", "description": "What was dispatched and found: the history's source."},
    {"name": "citizens", "description": "A citizen's history without a call (audit-logged)."},
    {"name": "vocabulary", "description": "The symptom codes the dispatch software may send."},
    {"name": "brobygger", "description": "Cases, callbacks and response plans."},
    {"name": "directory", "description": "The offers directory (HSDS 3.1) and municipalities."},
    {"name": "hsds", "description": "The directory read-only, shaped as the HSDS API."},
    {"name": "models", "description": "The flag model's registry and training jobs (admin)."},
    {"name": "health", "description": "Liveness and readiness, no key needed."},
]


def install(app: FastAPI) -> None:
    """Serve the docs pages and their assets; the app must have docs_url=redoc_url=None."""
    app.mount(STATIC_URL, StaticFiles(directory=str(ASSETS)), name="docs-static")

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "").rstrip("/")
        return get_swagger_ui_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title}: API",
            swagger_js_url=f"{root}{STATIC_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{STATIC_URL}/swagger-ui.css",
            swagger_favicon_url=f"{root}{STATIC_URL}/favicon.png",
            # No online validator: nothing leaves the machine.
            swagger_ui_parameters={"validatorUrl": None, "defaultModelsExpandDepth": 0},
        )

    @app.get("/redoc", include_in_schema=False)
    async def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "").rstrip("/")
        return get_redoc_html(
            openapi_url=f"{root}{app.openapi_url}",
            title=f"{app.title}: API",
            redoc_js_url=f"{root}{STATIC_URL}/redoc.standalone.js",
            redoc_favicon_url=f"{root}{STATIC_URL}/favicon.png",
            with_google_fonts=False,
        )

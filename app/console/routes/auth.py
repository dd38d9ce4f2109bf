"""Signing in and out of the console."""

import hmac
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response

from app.console import auth
from app.console.auth import SESSION_COOKIE, SIGNIN_COOKIE, Csrf, MaybeSignedIn
from app.console.render import page
from app.deps import SessionDep, SettingsDep
from app.services.access import sessions, users

router = APIRouter(prefix="/console", include_in_schema=False)


def _safe_next(value: str | None, role: str) -> str:
    # Only a path inside the console: never an open redirect to another site.
    if value and value.startswith("/console/") and "//" not in value and "\\" not in value:
        return value
    return auth.ROLE_HOME[role]


@router.get("")
@router.get("/")
def home(user: MaybeSignedIn) -> RedirectResponse:
    """The signed-in person's first page, or the sign-in page."""
    target = auth.ROLE_HOME[user.role] if user else "/console/login"
    return RedirectResponse(target, status_code=303)


@router.get("/login")
def login_form(request: Request, user: MaybeSignedIn, settings: SettingsDep,
               next: str | None = None) -> Response:
    """The sign-in form."""
    if user is not None:
        return RedirectResponse(_safe_next(next, user.role), status_code=303)
    return _login_page(request, settings, next=next)


def _login_page(request: Request, settings: SettingsDep, *, next: str | None,
                error: str | None = None, status_code: int = 200,
                retry_after: int | None = None) -> Response:
    token = auth.signin_token(request)
    response = page(request, "login.html", {"signin_token": token, "next": next or "",
                                            "error": error, "retry_after": retry_after},
                    status_code=status_code)
    auth.set_cookie(response, request, settings, SIGNIN_COOKIE, token, max_age=3600)
    if retry_after:
        response.headers["Retry-After"] = str(retry_after)
    return response


@router.post("/login")
def login(
    request: Request,
    session: SessionDep,
    settings: SettingsDep,
    username: Annotated[str, Form(max_length=64)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    csrf_token: Annotated[str, Form()] = "",
    next: Annotated[str, Form()] = "",
) -> Response:
    """Check the password; on success start a session and go to the role's first page."""
    expected = request.cookies.get(SIGNIN_COOKIE, "")
    if not expected or not hmac.compare_digest(csrf_token.encode(), expected.encode()):
        raise auth.CsrfFailed()
    try:
        user = users.authenticate(session, username, password)
    except users.SignInRefused as refused:
        if refused.retry_after:
            wait = max(1, round(refused.retry_after))
            return _login_page(request, settings, next=next, error="signin.locked",
                               status_code=429, retry_after=wait)
        return _login_page(request, settings, next=next, error="signin.failed", status_code=401)
    token = sessions.create(session, user, policy=auth.policy(settings))
    response = RedirectResponse(_safe_next(next, user.role), status_code=303)
    auth.set_cookie(response, request, settings, SESSION_COOKIE, token)
    response.delete_cookie(SIGNIN_COOKIE, path="/")
    return response


@router.post("/logout")
def logout(request: Request, session: SessionDep, _: Csrf) -> RedirectResponse:
    """End the session here and on every replica."""
    sessions.delete(session, request.cookies.get(SESSION_COOKIE, ""))
    response = RedirectResponse("/console/login?msg=signed_out", status_code=303)
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response

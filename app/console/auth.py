"""Who is signed in to the console: the session cookie, role checks and CSRF.

Only console routes read the cookie; the JSON API keeps to bearer keys, so a cookie can
never authorise an API call that carries no CSRF token.
"""

import hmac
import secrets
from datetime import timedelta
from typing import Annotated

from fastapi import Depends, Form, Request, Response

from app import ratelimit
from app.config import Settings
from app.deps import SessionDep, SettingsDep
from app.services.access import sessions
from app.services.access.audit import Actor
from app.services.access.sessions import SessionPolicy, SignedIn

SESSION_COOKIE = "akutbro_session"
SIGNIN_COOKIE = "akutbro_signin"  # the sign-in form's CSRF token, before any session exists
ROLE_HOME = {
    "handler": "/console/queue",
    "brobygger": "/console/callbacks",
    "admin": "/console/admin/models",
    "auditor": "/console/audit",
}


class SignInRequired(Exception):
    """No valid session: the browser is sent to the sign-in page."""

    def __init__(self, next_path: str = "") -> None:
        super().__init__("sign-in required")
        self.next_path = next_path


class Forbidden(Exception):
    """Signed in, but this page belongs to another role."""


class CsrfFailed(Exception):
    """A console form came without the session's CSRF token."""


def policy(settings: Settings) -> SessionPolicy:
    """Session lifetimes from the settings (8 h absolute, 30 min idle unless set)."""
    return SessionPolicy(absolute=timedelta(hours=settings.console_session_hours),
                         idle=timedelta(minutes=settings.console_idle_minutes))


def cookie_secure(request: Request, settings: Settings) -> bool:
    """Secure cookies behind TLS, and always in production."""
    return (request.url.scheme == "https" or settings.environment == "production"
            or settings.console_secure_cookie)


def set_cookie(response: Response, request: Request, settings: Settings, name: str, value: str,
               max_age: int | None = None) -> None:
    """Set a console cookie: HttpOnly, SameSite=Strict, Path=/, Secure behind TLS."""
    response.set_cookie(name, value, max_age=max_age, path="/", httponly=True, samesite="strict",
                        secure=cookie_secure(request, settings))


def signed_in(request: Request, session: SessionDep, settings: SettingsDep) -> SignedIn | None:
    """The signed-in person, if any; also makes them the actor the services audit-log."""
    token = request.cookies.get(SESSION_COOKIE, "")
    user = sessions.get_valid(session, token, policy=policy(settings)) if token else None
    if user is not None:
        ratelimit.check_console_user(request, user.username)
        request.state.signed_in = user
        request.state.console_actor = Actor(name=user.username, role=user.role)
    return user


MaybeSignedIn = Annotated[SignedIn | None, Depends(signed_in)]


def role(*roles: str):  # type: ignore[no-untyped-def]
    """A dependency that admits a signed-in person of one of these roles."""

    def check(request: Request, user: MaybeSignedIn) -> SignedIn:
        if user is None:
            query = f"?{request.url.query}" if request.url.query else ""
            raise SignInRequired(request.url.path + query)
        if user.role not in roles:
            raise Forbidden()
        return user

    return check


def csrf_checked(user: MaybeSignedIn, csrf_token: Annotated[str, Form()] = "") -> None:
    """Refuse a console form without this session's CSRF token."""
    if user is None:
        raise SignInRequired()
    if not hmac.compare_digest(csrf_token.encode(), user.csrf_token.encode()):
        raise CsrfFailed()


def signin_token(request: Request) -> str:
    """The sign-in form's CSRF token: the cookie's, or a new one."""
    return request.cookies.get(SIGNIN_COOKIE) or secrets.token_urlsafe(32)


def actor(user: SignedIn) -> Actor:
    """The person as the services and the audit log know them."""
    return Actor(name=user.username, role=user.role)


HandlerUser = Annotated[SignedIn, Depends(role("handler"))]
LookupUser = Annotated[SignedIn, Depends(role("handler", "brobygger"))]
BrobyggerUser = Annotated[SignedIn, Depends(role("brobygger"))]
AdminUser = Annotated[SignedIn, Depends(role("admin"))]
AuditorUser = Annotated[SignedIn, Depends(role("auditor"))]
AnyUser = Annotated[SignedIn, Depends(role(*ROLE_HOME))]
Csrf = Annotated[None, Depends(csrf_checked)]

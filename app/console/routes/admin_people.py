"""The admin's pages for people and systems: console users and API keys."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from app.console import auth, queries
from app.console.auth import AdminUser, Csrf
from app.console.queries.people import KeyInvalid
from app.console.render import page
from app.deps import SessionDep
from app.services.access import apikeys, users
from app.services.access.users import UserCreate, UserInvalid

router = APIRouter(prefix="/console/admin", include_in_schema=False)


@router.get("/users")
def users_page(request: Request, user: AdminUser, session: SessionDep) -> HTMLResponse:
    """Every console user, and a form for a new one."""
    return _users(request, session)


def _users(request: Request, session: SessionDep, *, error: str | None = None,
           status_code: int = 200) -> HTMLResponse:
    return page(request, "admin/users.html",
                {"people": users.get_all(session), "roles": users.ROLES, "error": error},
                status_code=status_code)


@router.post("/users")
def create_user(
    request: Request, user: AdminUser, _: Csrf, session: SessionDep,
    username: Annotated[str, Form(max_length=64)] = "",
    display_name: Annotated[str, Form(max_length=120)] = "",
    role: Annotated[str, Form(max_length=16)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
) -> Response:
    """Add a user with an initial password."""
    try:
        users.create(session, UserCreate(username=username, display_name=display_name, role=role,
                                         password=password), actor=auth.actor(user))
    except UserInvalid as error:
        return _users(request, session, error=f"user.error.{error.code}", status_code=422)
    return RedirectResponse("/console/admin/users?msg=user_saved", status_code=303)


@router.post("/users/{username}/disabled")
def set_disabled(request: Request, username: str, user: AdminUser, _: Csrf, session: SessionDep,
                 disabled: Annotated[bool, Form()] = True) -> Response:
    """Disable a user (their sessions end at once) or enable them again."""
    try:
        users.set_disabled(session, username, disabled, actor=auth.actor(user))
    except UserInvalid as error:
        return _users(request, session, error=f"user.error.{error.code}", status_code=422)
    return RedirectResponse("/console/admin/users?msg=user_saved", status_code=303)


@router.post("/users/{username}/password")
def set_password(request: Request, username: str, user: AdminUser, _: Csrf, session: SessionDep,
                 password: Annotated[str, Form(max_length=1024)] = "") -> Response:
    """Give a user a new password; their sessions end."""
    try:
        users.set_password(session, username, password, actor=auth.actor(user))
    except UserInvalid as error:
        return _users(request, session, error=f"user.error.{error.code}", status_code=422)
    return RedirectResponse("/console/admin/users?msg=password_saved", status_code=303)


@router.get("/keys")
def keys_page(request: Request, user: AdminUser, session: SessionDep) -> HTMLResponse:
    """Every API key (never its secret), and a form for a new one."""
    return _keys(request, session)


def _keys(request: Request, session: SessionDep, *, error: str | None = None,
          issued: apikeys.IssuedKey | None = None, status_code: int = 200) -> HTMLResponse:
    return page(request, "admin/keys.html",
                {"keys": apikeys.get_all(session), "roles": apikeys.ROLES, "error": error,
                 "issued": issued}, status_code=status_code)


@router.post("/keys")
def create_key(request: Request, user: AdminUser, _: Csrf, session: SessionDep,
               name: Annotated[str, Form(max_length=64)] = "",
               role: Annotated[str, Form(max_length=16)] = "") -> HTMLResponse:
    """Issue a key; its secret is shown on this one page and never again."""
    try:
        issued = queries.people.issue_key(session, name=name.strip(), role=role,
                                         actor=auth.actor(user))
    except KeyInvalid as error:
        return _keys(request, session, error=f"key.error.{error.code}", status_code=422)
    return _keys(request, session, issued=issued, status_code=201)


@router.post("/keys/{name}/revoke")
def revoke_key(request: Request, name: str, user: AdminUser, _: Csrf,
               session: SessionDep) -> Response:
    """Revoke a key."""
    try:
        queries.people.revoke_key(session, name=name, actor=auth.actor(user))
    except KeyInvalid as error:
        return _keys(request, session, error=f"key.error.{error.code}", status_code=422)
    return RedirectResponse("/console/admin/keys?msg=key_revoked", status_code=303)

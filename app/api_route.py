"""The API's route class: the caller's key and role are checked before the body is read, and
every error a route can answer with is in the OpenAPI document, with its real body."""

from collections.abc import Callable, Coroutine, Iterator
from typing import Any

from fastapi import Request, Response
from fastapi.dependencies.models import Dependant
from fastapi.dependencies.utils import get_dependant, get_flat_params
from fastapi.routing import APIRoute

from app.deps import Caller
from app.schemas.errors import (
    ErrorRead,
    InternalErrorRead,
    ValidationErrorRead,
    problem,
)

UNAUTHORIZED = {
    **problem("No API key, or one that is unknown, malformed or revoked."),
    "headers": {"WWW-Authenticate": {"description": "`Bearer`", "schema": {"type": "string"}}},
}
BODY_ERRORS: dict[int | str, dict[str, Any]] = {
    400: problem("The body could not be read (not UTF-8, or broken multipart data)."),
    413: problem("The body is over the size limit (64 KiB by default; 16 MiB for a directory "
                 "import)."),
}
TOO_MANY = {
    **problem("The key has used up its requests for the minute (a limit by role)."),
    "headers": {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "string"}}},
}
KEY_STORE_UNREACHABLE = {
    **problem("The key is not known to this replica, and the database that would know it is "
              "unreachable: follow the protocol and try again after `Retry-After` seconds."),
    "headers": {"Retry-After": {"description": "Seconds to wait.", "schema": {"type": "string"}}},
}
INVALID = problem("A parameter or body field does not fit the schema: every field at fault, "
                  "with the reason. The value itself is never echoed.", ValidationErrorRead)
INTERNAL = problem("An unexpected failure: follow the standard protocol.", InternalErrorRead)


def _walk(dependant: Dependant) -> Iterator[Dependant]:
    yield dependant
    for child in dependant.dependencies:
        yield from _walk(child)


class ApiRoute(APIRoute):
    """A route of the keyed API (use as an APIRouter's `route_class`)."""

    def __init__(self, path: str, endpoint: Callable[..., Any], **kwargs: Any) -> None:
        dependant = get_dependant(path=path, call=endpoint)
        for depends in kwargs.get("dependencies") or ():
            dependant.dependencies.append(get_dependant(path=path, call=depends.dependency))
        self.callers = [d.call for d in _walk(dependant) if isinstance(d.call, Caller)]
        kwargs["responses"] = {**self._errors(dependant), **(kwargs.get("responses") or {})}
        super().__init__(path, endpoint, **kwargs)

    def _errors(self, dependant: Dependant) -> dict[int | str, dict[str, Any]]:
        errors: dict[int | str, dict[str, Any]] = {}
        has_body = any(d.body_params for d in _walk(dependant))
        if self.callers:
            errors[401] = UNAUTHORIZED
            errors[429] = TOO_MANY
            errors[503] = KEY_STORE_UNREACHABLE
            roles = sorted({role for caller in self.callers for role in caller.roles})
            if roles:
                errors[403] = problem(f"The key's role may not do this; allowed: "
                                      f"{', '.join(roles)}.", ErrorRead)
        if has_body:
            errors.update(BODY_ERRORS)
        if has_body or get_flat_params(dependant):
            errors[422] = INVALID
        if self.callers:
            errors[500] = INTERNAL
        return errors

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        """FastAPI's handler, after the key and role checks when the route takes a body:
        FastAPI reads and parses the body before it resolves any dependency."""
        handler = super().get_route_handler()
        callers = self.callers
        if not callers or self.body_field is None:
            return handler

        async def roles_first(request: Request) -> Response:
            for caller in callers:
                await caller(request)  # raises 401 or 403
            return await handler(request)

        return roles_first

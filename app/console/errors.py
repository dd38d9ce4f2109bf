"""The console's error pages: sign-in redirects, wrong role, missing CSRF token, not found."""

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from app.console.auth import CsrfFailed, Forbidden, SignInRequired
from app.console.render import page

MACHINE_PATHS = (".json", "/events")  # read by the console's scripts, not by people


class PageNotFound(LookupError):
    """A console page for something that does not exist."""


async def _sign_in(request: Request, error: SignInRequired) -> Response:
    if request.url.path.endswith(MACHINE_PATHS):
        return JSONResponse({"detail": "sign-in required"}, status_code=401)
    target = "/console/login"
    if error.next_path:
        target += f"?next={quote(error.next_path, safe='/')}"
    return RedirectResponse(target, status_code=303)


def _error_page(request: Request, name: str, status_code: int) -> Response:
    return page(request, "error.html", {"title_key": f"error.{name}.title",
                                        "text_key": f"error.{name}.text"}, status_code=status_code)


async def _forbidden(request: Request, error: Forbidden) -> Response:
    return _error_page(request, "forbidden", 403)


async def _csrf(request: Request, error: CsrfFailed) -> Response:
    return _error_page(request, "csrf", 403)


async def _not_found(request: Request, error: PageNotFound) -> Response:
    return _error_page(request, "notfound", 404)


def install(app: FastAPI) -> None:
    """Register the console's error pages."""
    app.add_exception_handler(SignInRequired, _sign_in)  # type: ignore[arg-type]
    app.add_exception_handler(Forbidden, _forbidden)  # type: ignore[arg-type]
    app.add_exception_handler(CsrfFailed, _csrf)  # type: ignore[arg-type]
    app.add_exception_handler(PageNotFound, _not_found)  # type: ignore[arg-type]

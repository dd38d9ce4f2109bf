"""Rendering console pages: templates, the language, the navigation, the safety headers."""

from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from app.console import core_text, i18n, views
from app.console.auth import set_cookie
from app.services.access.sessions import SignedIn
from app.services.directory import municipalities

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=HERE / "templates")
LOCAL = ZoneInfo("Europe/Copenhagen")
NAV = {
    "handler": (("nav.queue", "/console/queue"), ("nav.lookup", "/console/lookup")),
    "brobygger": (("nav.callbacks", "/console/callbacks"), ("nav.cases", "/console/cases"),
                  ("nav.lookup", "/console/lookup")),
    "admin": (("nav.models", "/console/admin/models"), ("nav.training", "/console/admin/training"),
              ("nav.users", "/console/admin/users"), ("nav.keys", "/console/admin/keys")),
    "auditor": (("nav.audit", "/console/audit"),),
}
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",  # pages carry health data: never from the back-button cache
}


# The templates name a moment's precision by its Danish strftime pattern.
TIME_KINDS = {"%H:%M:%S": "time", "%d.%m %H:%M": "short", "%d.%m.%Y": "date",
              "%d.%m.%Y %H:%M": "minute", "%d.%m.%Y %H:%M:%S": "second"}


def local_time(value: datetime | None, pattern: str = "%d.%m %H:%M", lang: str = "da") -> str:
    """A UTC moment as Copenhagen wall time, in the language's date format."""
    return i18n.moment(lang, value, TIME_KINDS[pattern]) if value else ""


def lang_url(request: Request, code: str) -> str:
    """This page in another language."""
    query = {k: v for k, v in request.query_params.items() if k not in ("lang", "msg")}
    query["lang"] = code
    return f"{request.url.path}?{urlencode(query)}"


def context(request: Request, values: Mapping[str, Any]) -> dict[str, Any]:
    """Everything every template may use, plus the page's own values."""
    lang = i18n.pick(request)
    term = i18n.term_label(lang)
    t = i18n.translator(lang)

    def translate(key: str, values: dict[str, str]) -> str:
        return t(key, **values)
    user: SignedIn | None = getattr(request.state, "signed_in", None)
    nav = [(label, href, request.url.path.startswith(href))
           for label, href in NAV.get(user.role, ())] if user else []
    message = request.query_params.get("msg")
    return {
        "request": request,
        "lang": lang,
        "t": t,
        "say": lambda text: core_text.say(lang, text),
        "percent": lambda value, digits=1: i18n.percent(lang, value, digits),
        "decimal": lambda value, digits=3: i18n.decimal(lang, value, digits),
        "audit_action": lambda action: views.audit_action(lang, action),
        "term": term,
        "terms": lambda codes: ", ".join(term(code) for code in codes),
        "taken": lambda value: translate(*views.taken_key(value)),
        "user": user,
        "csrf_token": user.csrf_token if user else "",
        "nav": nav,
        "lang_url": lambda code: lang_url(request, code),
        "local_time": lambda value, pattern="%d.%m %H:%M": local_time(value, pattern, lang),
        "now": datetime.now(UTC),
        "verdict": views.verdict,
        "municipality": municipalities.display_name,
        "flash": message if message in i18n.flashes() else None,
        **values,
    }


def page(request: Request, name: str, values: Mapping[str, Any] | None = None,
         status_code: int = 200) -> HTMLResponse:
    """A console page with the safety headers; a `?lang=` choice is remembered."""
    response = templates.TemplateResponse(request, name, context(request, values or {}),
                                          status_code=status_code)
    response.headers.update(SECURITY_HEADERS)
    chosen = request.query_params.get("lang")
    if chosen in i18n.LANGUAGES:
        set_cookie(response, request, request.app.state.settings, i18n.COOKIE, chosen,
                   max_age=365 * 24 * 3600)
    return response


def fragment(request: Request, name: str, values: Mapping[str, Any]) -> str:
    """A piece of a page as HTML text (for the live queue)."""
    template = templates.get_template(name)
    return template.render(context(request, values))

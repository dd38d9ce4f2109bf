"""Every request's id: taken from `X-Request-ID` when it is short and safe, else made; put on
every log record of the request (`logging.py`) and on the response."""

import re
import uuid
from contextvars import ContextVar

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = "X-Request-ID"
NONE = "-"  # on records logged outside any request
# A load balancer's or a dispatch system's id passes; anything longer or odder is replaced,
# so that no one can write arbitrary text (or personal data) into every log line.
SAFE = re.compile(r"[A-Za-z0-9._:-]{1,64}")

_current: ContextVar[str] = ContextVar("request_id", default=NONE)


def current_request_id() -> str:
    """The id of the request being served, or '-' outside one."""
    return _current.get()


def request_id_from(header: bytes | None) -> str:
    """The incoming id when it is safe, else a new one."""
    if header is not None:
        text = header.decode("latin-1")
        if SAFE.fullmatch(text):
            return text
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """Sets the request's id for its logs and answers with it in `X-Request-ID`."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = request_id_from(dict(scope["headers"]).get(b"x-request-id"))
        # Not reset afterwards: each request runs in a task (a context) of its own, and the
        # last-resort error handler, outside this middleware, logs with the id still set.
        _current.set(request_id)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                MutableHeaders(scope=message)[HEADER] = request_id
            await send(message)

        await self.app(scope, receive, send_with_id)

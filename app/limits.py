"""Refuse oversized request bodies before they are read into memory."""

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Routes that take whole files (an admin's directory import) get a larger limit.
LARGER_LIMITS = {"/v1/directory/import": 16 * 1024 * 1024}


class BodySizeLimit:
    """413 for a body over the limit, by Content-Length or by counting a streamed body."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = max(self.max_bytes, LARGER_LIMITS.get(scope.get("path", ""), 0))
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _refuse(send, limit)
            return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > limit:
                raise _TooLarge(limit)
            return message

        async def noting_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counting_receive, noting_send)
        except _TooLarge:
            # Read by a middleware rather than a route: no handler has answered it.
            if not started:
                await _refuse(send, limit)


class _TooLarge(HTTPException):
    """Raised while a streamed (chunked) body is read: an HTTPException, so that the route's
    body parsing lets it through (any other error there becomes a 400) and the app's
    handler answers 413 with the same body as `_refuse`."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, _detail(limit))


def _detail(limit: int) -> str:
    return f"request body over {limit} bytes"


async def _refuse(send: Send, limit: int) -> None:
    body = f'{{"detail":"{_detail(limit)}"}}'.encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})

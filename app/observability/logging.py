"""Logging set-up: text for people, JSON lines for a log pipeline; each record carries the
request id (`request_id.py`).

Nothing logged may carry personal data: code logs ids and reasons, never a call's notes,
CPR or phone numbers (the request id is checked for safe characters for the same reason).
"""

import logging
from typing import Literal

from pythonjsonlogger.json import JsonFormatter

from app.observability.request_id import current_request_id

TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"
JSON_FIELDS = ("levelname", "name", "message", "request_id")
JSON_NAMES = {"levelname": "level", "name": "logger"}
# uvicorn's loggers keep handlers of their own; in JSON mode they go through the root's.
SERVER_LOGGERS = ("uvicorn", "uvicorn.error", "uvicorn.access")
_OURS = "akutbro"  # the name of the handler this module installs


def formatter(log_format: Literal["text", "json"]) -> logging.Formatter:
    """The formatter for one line per record in that format."""
    if log_format == "json":
        return JsonFormatter(JSON_FIELDS, rename_fields=JSON_NAMES, timestamp="time",
                             json_ensure_ascii=False)
    return logging.Formatter(TEXT_FORMAT)


def configure_logging(level: str, log_format: Literal["text", "json"]) -> None:
    """Log at `level` to stderr in `log_format`; every record gets the request id. Leaves a
    root logger that someone else set up (a test runner) as it is, as basicConfig does."""
    _add_request_id_to_records()
    root = logging.getLogger()
    root.setLevel(level)
    if any(handler.get_name() != _OURS for handler in root.handlers):
        return
    for handler in list(root.handlers):  # create_app called again: replace ours
        root.removeHandler(handler)
    handler = logging.StreamHandler()
    handler.set_name(_OURS)
    handler.setFormatter(formatter(log_format))
    root.addHandler(handler)
    if log_format == "json":
        for name in SERVER_LOGGERS:
            server_logger = logging.getLogger(name)
            server_logger.handlers.clear()
            server_logger.propagate = True


def _add_request_id_to_records() -> None:
    """Every record made from now on has `request_id`, whichever handler formats it."""
    make_record = logging.getLogRecordFactory()
    if getattr(make_record, "adds_request_id", False):
        return

    def record_with_request_id(*args, **kwargs) -> logging.LogRecord:  # type: ignore[no-untyped-def]
        record = make_record(*args, **kwargs)
        record.request_id = current_request_id()
        return record

    record_with_request_id.adds_request_id = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(record_with_request_id)

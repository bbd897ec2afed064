"""Logging without client data: database error messages are withheld from every log record.

PostgreSQL quotes the data it refused: a failed constraint reports "Failing row contains (…)"
with every column of the row, a duplicate key its value. Django logs a view's unhandled
exception with its traceback, so one bug would write a client's name or note into the logs.
Every record that carries such an error (raised, or the cause or context of what was raised)
has its traceback rendered here with the database's message replaced; the rest of the
traceback (files, lines, exception types) stays for debugging.

Installed by `configure_logging` (Django's `LOGGING_CONFIG` in config/settings.py), as a log
record factory, so it covers every logger and every handler, the tests' capture included.
"""

from __future__ import annotations

import logging
import logging.config
import sqlite3
import traceback
from collections.abc import Callable
from typing import Any

from django.db import Error as DjangoDatabaseError

WITHHELD = "[database error details withheld: they can quote client data]"


def is_database_error(error: BaseException) -> bool:
    """Return True for Django's database errors and the drivers' own (psycopg, sqlite3)."""
    if isinstance(error, DjangoDatabaseError | sqlite3.Error):
        return True
    return type(error).__module__.split(".")[0] in {"psycopg", "psycopg2"}


def _chain(error: BaseException) -> list[BaseException]:
    """ERROR and its causes and contexts, as Python prints them: oldest first."""
    chain: list[BaseException] = []
    current: BaseException | None = error
    while current is not None and all(current is not seen for seen in chain):
        chain.append(current)
        current = current.__cause__ or (
            None if current.__suppress_context__ else current.__context__
        )
    return list(reversed(chain))


def _headline(error: BaseException) -> str:
    if is_database_error(error):
        return f"{type(error).__module__}.{type(error).__qualname__}: {WITHHELD}\n"
    return "".join(traceback.format_exception_only(type(error), error))


def withheld_traceback(error: BaseException) -> str:
    """The traceback of ERROR as Python prints it, with database messages withheld."""
    parts = []
    chain = _chain(error)
    for i, link in enumerate(chain):
        if i:
            parts.append(
                "\nThe above exception was the direct cause of the following exception:\n\n"
                if link.__cause__ is chain[i - 1]
                else "\nDuring handling of the above exception, another exception occurred:\n\n"
            )
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_tb(link.__traceback__))
        parts.append(_headline(link))
    return "".join(parts).rstrip("\n")


def _carries_database_error(error: BaseException) -> bool:
    return any(is_database_error(link) for link in _chain(error))


def _withholding(factory: Callable[..., logging.LogRecord]) -> Callable[..., logging.LogRecord]:
    def make_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = factory(*args, **kwargs)
        error = record.exc_info[1] if record.exc_info else None
        if error is not None and _carries_database_error(error):
            # Formatters print exc_text as it is; with exc_info gone, no handler can render
            # the original message by itself.
            record.exc_text = withheld_traceback(error)
            record.exc_info = None
        if isinstance(record.args, tuple) and any(
            isinstance(arg, BaseException) and _carries_database_error(arg) for arg in record.args
        ):
            record.args = tuple(
                _headline(arg).strip() if isinstance(arg, BaseException) else arg
                for arg in record.args
            )
        return record

    make_record.withholds_database_errors = True  # type: ignore[attr-defined]
    return make_record


def configure_logging(config: dict[str, Any]) -> None:
    """Django's LOGGING_CONFIG: apply CONFIG, then withhold database errors from records."""
    logging.config.dictConfig(config)
    factory = logging.getLogRecordFactory()
    if not getattr(factory, "withholds_database_errors", False):
        logging.setLogRecordFactory(_withholding(factory))

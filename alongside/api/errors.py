"""One error shape for the whole API: `{"detail": "..."}` or, for bad input,
`{"detail": [{"loc": [...], "msg": "...", "type": "..."}]}`.

Messages are fixed strings or field messages written by the services; they never echo what
was sent or name a client (DESIGN.md §4.4), and 404 never says whether a client exists.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

AUTHENTICATION_REQUIRED = "Authentication required."
NOT_FOUND = "Not found."
NOT_ALLOWED = "Not allowed."
# Endpoints name their JSON body parameter `payload`. Ninja puts that name in body locations
# (["body", "payload", "email"]); it is dropped so schema and service errors share
# ["body", "email"].
BODY_PARAM = "payload"

# Pydantic messages that quote part of the input get a fixed wording instead.
FIXED_MESSAGES = {
    "uuid_parsing": "Must be a UUID.",
    "uuid_type": "Must be a UUID.",
    "uuid_version": "Must be a UUID.",
}

E = TypeVar("E", bound=Exception)


class FieldError(Exception):
    """Bad input the API itself detects (e.g. an id it cannot resolve) on one body field, or
    on the body as a whole when FIELD is None. KIND is the error's machine-readable `type`."""

    def __init__(self, field: str | None, message: str, *, kind: str = "value_error") -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.kind = kind


def field_error(loc: list[str | int], msg: str, kind: str = "value_error") -> dict[str, Any]:
    return {"loc": loc, "msg": msg, "type": kind}


def _detail(api: NinjaAPI, request: HttpRequest, detail: Any, status: int) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


def install(api: NinjaAPI) -> None:
    """Register the handlers that turn exceptions into the shapes above."""

    def authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return _detail(api, request, AUTHENTICATION_REQUIRED, 401)

    def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return _detail(api, request, NOT_FOUND, 404)

    def permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        return _detail(api, request, NOT_ALLOWED, 403)

    def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return _detail(api, request, exc.message, exc.status_code)

    def schema_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        # Pydantic adds `ctx` and `url`; keep the three keys every error carries.
        errors = [
            field_error(
                _location(e["loc"]), FIXED_MESSAGES.get(e["type"]) or str(e["msg"]), e["type"]
            )
            for e in exc.errors
        ]
        return _detail(api, request, errors, 422)

    def service_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        return _detail(api, request, service_errors(exc), 422)

    def api_field_error(request: HttpRequest, exc: FieldError) -> HttpResponse:
        loc: list[str | int] = ["body"] if exc.field is None else ["body", exc.field]
        return _detail(api, request, [field_error(loc, exc.message, exc.kind)], 422)

    _handle(api, AuthenticationError, authentication)
    _handle(api, Http404, not_found)
    _handle(api, PermissionDenied, permission_denied)
    _handle(api, HttpError, http_error)
    _handle(api, NinjaValidationError, schema_validation)
    _handle(api, DjangoValidationError, service_validation)
    _handle(api, FieldError, api_field_error)


def _handle(
    api: NinjaAPI, exc_class: type[E], handler: Callable[[HttpRequest, E], HttpResponse]
) -> None:
    # Ninja's annotation also admits exception classes as the second argument; it only
    # ever passes instances.
    api.add_exception_handler(exc_class, handler)  # type: ignore[arg-type]


def _location(loc: tuple[str | int, ...] | list[str | int]) -> list[str | int]:
    parts = list(loc)
    if parts[:2] == ["body", BODY_PARAM]:
        del parts[1]
    return parts


def service_errors(exc: DjangoValidationError) -> list[dict[str, Any]]:
    """Return a service's ValidationError as API errors located on body fields.

    Errors without a field (Django's NON_FIELD_ERRORS, or a plain message) point at the body.
    """
    if not hasattr(exc, "error_dict"):
        return [field_error(["body"], message) for message in exc.messages]
    errors: list[dict[str, Any]] = []
    for field, messages in exc.message_dict.items():
        loc: list[str | int] = ["body"] if field == "__all__" else ["body", field]
        errors.extend(field_error(loc, message) for message in messages)
    return errors

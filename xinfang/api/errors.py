"""JSON errors for the API: ``{"code": ..., "message": ...}``, never a trace, SQL or setting."""

from __future__ import annotations

import logging
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

logger = logging.getLogger("xinfang.api")


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "message": message, **extra}


def _location(loc: Any) -> str:
    # ("body", "payload", "id_number") → "id_number": the field, not the plumbing.
    parts = [str(part) for part in (loc or ()) if part not in ("body", "payload", "query")]
    return ".".join(parts) or "__all__"


def on_request_invalid(
    api: NinjaAPI, request: HttpRequest, exc: NinjaValidationError
) -> HttpResponse:
    """Schema errors: field and message only, never the submitted value (it may be personal)."""
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        fields.setdefault(_location(error.get("loc")), []).append(str(error.get("msg", "")))
    return api.create_response(
        request,
        error_body("invalid", _("提交的数据不符合要求。"), fields=fields),
        status=422,
    )


def on_invalid(api: NinjaAPI, request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    """Service validation errors, by field, in the active language."""
    fields: dict[str, list[str]] = {}
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            fields[field] = [message for error in errors for message in error.messages]
        message = _("提交的数据不符合要求。")
    else:
        message = " ".join(exc.messages)
    code = getattr(exc, "code", None) or "invalid"
    return api.create_response(request, error_body(code, message, fields=fields), status=400)


def on_not_found(api: NinjaAPI, request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, error_body("not_found", _("未找到。")), status=404)


def on_forbidden(api: NinjaAPI, request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, error_body("forbidden", _("没有权限。")), status=403)


def on_unauthenticated(
    api: NinjaAPI, request: HttpRequest, exc: AuthenticationError
) -> HttpResponse:
    return api.create_response(request, error_body("unauthenticated", _("请先登录。")), status=401)


def on_http_error(api: NinjaAPI, request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 403:
        body = error_body("forbidden", _("没有权限，或 CSRF 校验失败。"))
    elif exc.status_code >= 500:
        body = error_body("server_error", _("服务器内部错误。"))
    else:
        body = error_body("error", _("请求无法处理。"))
    return api.create_response(request, body, status=exc.status_code)


def on_server_error(api: NinjaAPI, request: HttpRequest, exc: Exception) -> HttpResponse:
    """Log the trace on the server; the client gets a generic message."""
    logger.error(
        "API error on %s %s: %s",
        request.method,
        request.path,
        type(exc).__name__,
        exc_info=exc,
    )
    return api.create_response(
        request, error_body("server_error", _("服务器内部错误。")), status=500
    )


def install(api: NinjaAPI) -> None:
    """Register the handlers; the most specific classes win in ninja's lookup."""
    handlers = {
        NinjaValidationError: on_request_invalid,
        DjangoValidationError: on_invalid,
        Http404: on_not_found,
        PermissionDenied: on_forbidden,
        AuthenticationError: on_unauthenticated,
        HttpError: on_http_error,
        Exception: on_server_error,
    }
    for exc_class, handler in handlers.items():
        api.add_exception_handler(exc_class, _bind(api, handler))


def _bind(api: NinjaAPI, handler: Any) -> Any:
    def bound(request: HttpRequest, exc: Exception) -> HttpResponse:
        response: HttpResponse = handler(api, request, exc)
        return response

    return bound

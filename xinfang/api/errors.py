"""JSON errors for the API: ``{"code": ..., "message": ...}``, never a trace, SQL or setting."""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.http.request import RawPostDataException
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from xinfang.refusals import Refused
from xinfang.rules.citing import citation_in

logger = logging.getLogger("xinfang.api")


def error_body(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"code": code, "message": message, **extra}


def _location(loc: Any) -> str:
    # ("body", "payload", "id_number") → "id_number": the field, not the plumbing.
    parts = [str(part) for part in (loc or ()) if part not in ("body", "payload", "query")]
    return ".".join(parts) or "__all__"


#: Messages of the schema checks in the active language, by pydantic's error type; the
#: context (``max_length``, ``ge`` ...) fills them in. A type not listed keeps pydantic's text.
_SCHEMA_MESSAGES = {
    "missing": gettext_lazy("必填。"),
    "string_type": gettext_lazy("应为文本。"),
    "string_too_short": gettext_lazy("至少 %(min_length)s 个字符。"),
    "string_too_long": gettext_lazy("不能超过 %(max_length)s 个字符。"),
    "int_type": gettext_lazy("应为整数。"),
    "int_parsing": gettext_lazy("应为整数。"),
    "int_from_float": gettext_lazy("应为整数。"),
    "bool_type": gettext_lazy("应为 true 或 false。"),
    "bool_parsing": gettext_lazy("应为 true 或 false。"),
    "greater_than_equal": gettext_lazy("不能小于 %(ge)s。"),
    "less_than_equal": gettext_lazy("不能大于 %(le)s。"),
    "greater_than": gettext_lazy("应大于 %(gt)s。"),
    "less_than": gettext_lazy("应小于 %(lt)s。"),
    "enum": gettext_lazy("不是可选的值，可选：%(expected)s。"),
    "literal_error": gettext_lazy("不是可选的值，可选：%(expected)s。"),
    "date_type": gettext_lazy("应为日期（YYYY-MM-DD）。"),
    "date_parsing": gettext_lazy("应为日期（YYYY-MM-DD）。"),
    "date_from_datetime_parsing": gettext_lazy("应为日期（YYYY-MM-DD）。"),
    "datetime_type": gettext_lazy("应为带时区的日期时间（ISO 8601）。"),
    "datetime_parsing": gettext_lazy("应为带时区的日期时间（ISO 8601）。"),
    "datetime_from_date_parsing": gettext_lazy("应为带时区的日期时间（ISO 8601）。"),
    "list_type": gettext_lazy("应为列表。"),
    "too_long": gettext_lazy("最多 %(max_length)s 项。"),
    "too_short": gettext_lazy("至少 %(min_length)s 项。"),
    "model_type": gettext_lazy("应为对象。"),
    "dict_type": gettext_lazy("应为对象。"),
    "json_invalid": gettext_lazy("不是有效的 JSON。"),
    "extra_forbidden": gettext_lazy("未知的字段，请核对字段名。"),
    "number_not_bool": gettext_lazy("应为数字，不能是 true/false。"),
    "one_of_id_number_or_phone": gettext_lazy("请填写公民身份号码或联系电话，二者选一。"),
}


def _schema_message(error: dict[str, Any]) -> str:
    template = _SCHEMA_MESSAGES.get(str(error.get("type", "")))
    if template is None:
        message = str(error.get("msg", ""))
        # Our own validators' messages, without pydantic's prefix.
        return message.removeprefix("Value error, ")
    context = {k: str(v) for k, v in (error.get("ctx") or {}).items()}
    try:
        return str(template) % context if "%(" in str(template) else str(template)
    except (KeyError, ValueError):
        return str(error.get("msg", ""))


def on_request_invalid(
    api: NinjaAPI, request: HttpRequest, exc: NinjaValidationError
) -> HttpResponse:
    """Schema errors: field and message only, never the submitted value (it may be personal)."""
    fields: dict[str, list[str]] = {}
    for error in exc.errors:
        fields.setdefault(_location(error.get("loc")), []).append(_schema_message(error))
    return api.create_response(
        request,
        error_body("invalid", _("提交的数据不符合要求。"), fields=fields),
        status=422,
    )


def on_invalid(api: NinjaAPI, request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    """Service validation errors, by field, in the active language: 422 like the schema's own
    (the client corrects the request)."""
    fields: dict[str, list[str]] = {}
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            fields[field] = [message for error in errors for message in error.messages]
        message = _("提交的数据不符合要求。")
    else:
        message = " ".join(exc.messages)
    code = getattr(exc, "code", None) or "invalid"
    return api.create_response(request, error_body(code, message, fields=fields), status=422)


def on_refused(api: NinjaAPI, request: HttpRequest, exc: Refused) -> HttpResponse:
    """The procedure or the rules refuse the step (409): the rule's code, its words and the
    citations it rests on, like the matter endpoints' refusals."""
    basis = exc.basis_strings
    message = " ".join(exc.messages)
    if basis:
        english = (translation.get_language() or "").startswith("en")
        cited = [citation_in(b, english=english) for b in basis]
        message = (
            f"{message} ({'; '.join(cited)})" if english else f"{message}（{'、'.join(cited)}）"
        )
    body = error_body(exc.code or "refused", message, basis=basis)
    return api.create_response(request, body, status=409)


def on_not_found(api: NinjaAPI, request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, error_body("not_found", _("未找到。")), status=404)


def on_forbidden(api: NinjaAPI, request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    """403 with the refusal's own words where the service gave them ("只能在本单位办理。"):
    they say which rule of access applies, never anything about the record."""
    message = str(exc) or _("没有权限。")
    return api.create_response(request, error_body("forbidden", message), status=403)


def on_unauthenticated(
    api: NinjaAPI, request: HttpRequest, exc: AuthenticationError
) -> HttpResponse:
    return api.create_response(request, error_body("unauthenticated", _("请先登录。")), status=401)


def too_large_body() -> dict[str, Any]:
    return error_body(
        "too_large",
        _("请求体超过 %(size)s 字节的上限。") % {"size": settings.DATA_UPLOAD_MAX_MEMORY_SIZE},
    )


def on_too_large(api: NinjaAPI, request: HttpRequest, exc: RequestDataTooBig) -> HttpResponse:
    return api.create_response(request, too_large_body(), status=413)


def body_over_limit(request: HttpRequest) -> bool:
    """Whether the request announces a body over ``DATA_UPLOAD_MAX_MEMORY_SIZE``. A multipart
    upload is left to Django and the endpoint: its files do not count against the limit."""
    if request.content_type == "multipart/form-data":
        return False
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return False
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    return limit is not None and length > limit


def on_not_json(api: NinjaAPI, request: HttpRequest, exc: Exception) -> HttpResponse:
    """A form or multipart body: the API reads JSON only (the CSRF check has already read the
    form, and the body cannot be read twice)."""
    return api.create_response(
        request,
        error_body(
            "unsupported_media_type",
            _("请以 JSON 提交（Content-Type: application/json）。"),
        ),
        status=415,
    )


def on_http_error(api: NinjaAPI, request: HttpRequest, exc: HttpError) -> HttpResponse:
    if exc.status_code == 403:
        body = error_body("forbidden", _("没有权限，或 CSRF 校验失败。"))
    elif exc.status_code == 400:
        # ninja's answer to a body it cannot read (not JSON, not UTF-8, nested too deep).
        body = error_body("bad_request", _("请求无法解析，请提交 UTF-8 编码的 JSON。"))
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
        Refused: on_refused,
        Http404: on_not_found,
        PermissionDenied: on_forbidden,
        AuthenticationError: on_unauthenticated,
        HttpError: on_http_error,
        RequestDataTooBig: on_too_large,
        RawPostDataException: on_not_json,
        MultiPartParserError: on_not_json,
        Exception: on_server_error,
    }
    for exc_class, handler in handlers.items():
        api.add_exception_handler(exc_class, _bind(api, handler))


def _bind(api: NinjaAPI, handler: Any) -> Any:
    def bound(request: HttpRequest, exc: Exception) -> HttpResponse:
        response: HttpResponse = handler(api, request, exc)
        return response

    return bound


#: Codes of the errors Django answers itself, before or outside the API's views.
_STATUS_CODES = {
    400: ("bad_request", gettext_lazy("请求无法解析。")),
    403: ("forbidden", gettext_lazy("没有权限，或 CSRF 校验失败。")),
    404: ("not_found", gettext_lazy("未找到。")),
    405: ("method_not_allowed", gettext_lazy("该地址不支持此请求方法。")),
    413: ("too_large", gettext_lazy("请求体过大。")),
    500: ("server_error", gettext_lazy("服务器内部错误。")),
}


class ApiErrorsMiddleware:
    """Errors under ``/api/`` are JSON whoever answers them: an unsupported method (ninja's
    405), a CSRF failure (Django's 403 page) or an unknown address come back as
    ``{"code", "message"}`` like the API's own errors.

    A body over the limit is 413 before anything reads it, whatever its type and whoever would
    have read it first (the CSRF check reads a form body and would answer 400)."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path.startswith("/api/") and body_over_limit(request):
            return JsonResponse(
                too_large_body(), status=413, json_dumps_params={"ensure_ascii": False}
            )
        response: HttpResponse = self.get_response(request)
        if (
            response.status_code < 400
            or not request.path.startswith("/api/")
            or response.get("Content-Type", "").startswith("application/json")
        ):
            return response
        code, message = _STATUS_CODES.get(
            response.status_code, ("error", gettext_lazy("请求无法处理。"))
        )
        replaced = JsonResponse(
            error_body(code, str(message)),
            status=response.status_code,
            json_dumps_params={"ensure_ascii": False},
        )
        if response.has_header("Allow"):
            replaced["Allow"] = response["Allow"]
        return replaced

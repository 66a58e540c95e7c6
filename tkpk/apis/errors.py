"""One error format for every API response:

``{"error": {"status": 404, "code": "not_found", "message": "...", "fields": {...}}}``
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import (
    PermissionDenied,
    RequestDataTooBig,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_code = "request_too_large"


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    elif isinstance(exc, RequestDataTooBig):
        # Django refuses a body over DATA_UPLOAD_MAX_MEMORY_SIZE while the request is parsed.
        exc = RequestTooLarge(
            _(
                "Permintaan lebih dari %(mb)s MB (lampiran dalam base64 ikut dihitung). Kirim "
                "lampiran yang lebih kecil."
            )
            % {"mb": round(settings.DATA_UPLOAD_MAX_MEMORY_SIZE / (1024 * 1024), 1)}
        )
    elif isinstance(exc, TooManyFieldsSent | TooManyFilesSent):
        exc = exceptions.ParseError(_("Permintaan memuat terlalu banyak kolom atau berkas."))
    response = exception_handler(exc, context)
    if response is None or not isinstance(exc, exceptions.APIException):
        return response
    detail = exc.detail
    error: dict[str, Any] = {"status": response.status_code, "code": _code(exc)}
    if isinstance(detail, dict):
        error["message"] = str(exceptions.ValidationError.default_detail)
        error["fields"] = detail
    elif isinstance(detail, list):
        error["message"] = " ".join(str(d) for d in detail)
    else:
        error["message"] = str(detail)
    response.data = {"error": error}
    return response


def _code(exc: exceptions.APIException) -> str:
    codes = exc.get_codes()
    if isinstance(codes, str):
        return codes
    return exc.default_code

"""What every monitoring page shares: who may open them, how a service's refusal reaches
the form."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpResponse, HttpResponseBase
from django.shortcuts import render

from monitoring.scope import READ_PERMISSIONS
from tkpk.access import user_permissions
from tkpk.views.decorators import AuthenticatedRequest, role_required


def monitoring_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponseBase]:
    """A role that reads or manages monitoring."""

    @role_required(None)
    @wraps(view)
    def wrapped(request: AuthenticatedRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not set(READ_PERMISSIONS) & user_permissions(request.user):
            return render(request, "tkpk/forbidden.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped


def errors_to_form(form: Form, exc: ValidationError, fields: dict[str, str] | None = None) -> None:
    fields = fields or {}
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            name = fields.get(field, field)
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, exc)

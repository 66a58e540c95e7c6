from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import render

from tkpk.access import user_has_role, user_permissions
from tkpk.models import User

View = Callable[..., HttpResponseBase]


class AuthenticatedRequest(HttpRequest):
    """What views behind ``role_required`` receive: the user is a logged-in ``User``."""

    user: User  # type: ignore[assignment]


def role_required(permission: str | None = None) -> Callable[[View], View]:
    """Logged in, holding a role, and (when given) a role that grants ``permission``.

    A user without any role gets a page that says so instead of an empty app.
    """

    def decorator(view: View) -> View:
        @wraps(view)
        @login_required
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not user_has_role(request.user):
                return render(request, "tkpk/no_role.html", status=403)
            if permission and permission not in user_permissions(request.user):
                return render(request, "tkpk/forbidden.html", status=403)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator

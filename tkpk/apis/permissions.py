from __future__ import annotations

from typing import Any

from rest_framework.permissions import BasePermission

from tkpk.access import user_has_role, user_permissions


class HasRole(BasePermission):
    """Authenticated and holding a role; a view may also name a ``required_permission``."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if not (request.user and request.user.is_authenticated and user_has_role(request.user)):
            return False
        needed = getattr(view, "required_permission", None)
        return needed is None or needed in user_permissions(request.user)

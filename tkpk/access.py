"""The one way in: which regions a user may see, and what they may do there.

Every selector filters with ``region_scope_q`` and every single-object read goes through a
``*_get_for_user`` helper that answers 404 for "missing" and "not yours" alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.contrib.auth.backends import ModelBackend
from django.db.models import Q

from tkpk.models import RoleAssignment
from tkpk.roles import ROLE_PERMISSIONS

_CACHE_ATTR = "_tkpk_assignments"


def user_assignments(user: Any) -> list[RoleAssignment]:
    """The user's role assignments, read once per request and kept on the user object."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(RoleAssignment.objects.filter(user=user).select_related("region", "agency"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def user_scope_to_assignment(user: Any, assignment: RoleAssignment) -> None:
    """Limit this request's user to one assignment (an API token speaks for one role only)."""
    setattr(user, _CACHE_ATTR, [assignment])


def user_region_codes(user: Any, *, permission: str | None = None) -> list[str]:
    """Roots of the user's visible subtrees, optionally only where ``permission`` is held."""
    codes = {
        a.region_id
        for a in user_assignments(user)
        if permission is None or permission in ROLE_PERMISSIONS[a.role]
    }
    # A root inside another root adds nothing.
    return sorted(c for c in codes if not any(c.startswith(o + ".") for o in codes))


def region_lineage(code: str) -> list[str]:
    """The region's code and every code above it, province first: '35.05.01' ->
    ['35', '35.05', '35.05.01']."""
    parts = code.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


def codes_scope_q(codes: Iterable[str], *, field: str) -> Q:
    """Rows whose region code ``field`` lies in one of the subtrees rooted at ``codes``."""
    query = Q(pk__in=[])
    for code in codes:
        query |= Q(**{field: code}) | Q(**{f"{field}__startswith": code + "."})
    return query


def region_scope_q(user: Any, *, field: str, permission: str | None = None) -> Q:
    return codes_scope_q(user_region_codes(user, permission=permission), field=field)


def user_can_see_region(user: Any, code: str, *, permission: str | None = None) -> bool:
    return user_region_test(user, permission=permission)(code)


def user_region_test(user: Any, *, permission: str | None = None) -> Callable[[str], bool]:
    """``code -> bool``: whether the region lies where the user holds ``permission``; the
    roots are read once, for decisions about many objects (an export's rows)."""
    roots = user_region_codes(user, permission=permission)
    return lambda code: any(code == root or code.startswith(root + ".") for root in roots)


def user_has_role(user: Any) -> bool:
    return bool(user_assignments(user))


def user_permissions(user: Any) -> set[str]:
    return {p for a in user_assignments(user) for p in ROLE_PERMISSIONS[a.role]}


class RoleBackend(ModelBackend):
    """Username/password login; permissions come from roles, not from Django groups.

    ``user.has_perm("tkpk.view_audit")`` is true when any of the user's roles grants it.
    """

    def get_all_permissions(self, user_obj: Any, obj: Any = None) -> set[str]:
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        granted = {f"tkpk.{p}" for p in user_permissions(user_obj)}
        return granted | super().get_all_permissions(user_obj)

"""Who sees and who writes monitoring data, by region.

Reading (the dashboard, the TKPK, rakor, indicators) takes VIEW_MONITORING or
MANAGE_MONITORING in the region's subtree; writing takes MANAGE_MONITORING there. A region
outside reads exactly like a region that does not exist."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from tkpk.access import codes_scope_q, user_region_codes
from tkpk.roles import Permission

READ_PERMISSIONS = (Permission.VIEW_MONITORING, Permission.MANAGE_MONITORING)
MANAGE = Permission.MANAGE_MONITORING


def monitoring_roots(user: Any) -> list[str]:
    codes = {c for p in READ_PERMISSIONS for c in user_region_codes(user, permission=p)}
    return sorted(c for c in codes if not any(c.startswith(o + ".") for o in codes))


def monitoring_scope_q(user: Any, *, field: str) -> Q:
    return codes_scope_q(monitoring_roots(user), field=field)


def _inside(code: str, roots: list[str]) -> bool:
    return any(code == r or code.startswith(r + ".") for r in roots)


def monitoring_may_read(user: Any, code: str) -> bool:
    return _inside(code, monitoring_roots(user))


def monitoring_may_manage(user: Any, code: str) -> bool:
    return _inside(code, user_region_codes(user, permission=MANAGE))

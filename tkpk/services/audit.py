"""Writing the audit log. Entries are only ever added."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.http import HttpRequest

from tkpk.access import user_region_codes
from tkpk.models import AuditEntry, User


def request_ip(request: HttpRequest | None) -> str | None:
    if request is None:
        return None
    from django.conf import settings

    if settings.USE_X_FORWARDED_FOR:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def audit_record(
    *,
    actor: User | None,
    action: str,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    object_label: str = "",
    region_code: str = "",
    ip: str | None = None,
    detail: dict[str, Any] | None = None,
    username: str = "",
) -> AuditEntry:
    """Record who did what to which record, when and from where.

    The entry's region decides which auditors see it: the target's region when given,
    otherwise the actor's first assigned region.
    """
    if target is not None:
        object_type = object_type or target._meta.label_lower
        object_id = object_id or str(target.pk)
        object_label = object_label or str(target)[:200]
    if not region_code and actor is not None:
        roots = user_region_codes(actor)
        region_code = roots[0] if roots else ""
    return AuditEntry.objects.create(
        actor=actor,
        actor_username=(actor.get_username() if actor is not None else username)[:150],
        action=action,
        object_type=object_type,
        object_id=object_id,
        object_label=object_label[:200],
        region_code=region_code,
        ip_address=ip,
        detail=detail or {},
    )

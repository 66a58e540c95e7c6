"""Auth events come from django.contrib.auth as signals; they are only adapted here."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from tkpk.models import AuditAction
from tkpk.services.accounts import login_failure_register, login_failures_clear
from tkpk.services.audit import audit_record, request_ip


@receiver(user_logged_in)
def on_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    ip = request_ip(request)
    login_failures_clear(username=user.get_username(), ip=ip)
    audit_record(actor=user, action=AuditAction.LOGIN, target=user, ip=ip)


@receiver(user_logged_out)
def on_logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action=AuditAction.LOGOUT, target=user, ip=request_ip(request))


@receiver(user_login_failed)
def on_login_failed(
    sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
) -> None:
    username = str(credentials.get("username", ""))[:150]
    ip = request_ip(request)
    failures = login_failure_register(username=username, ip=ip)
    known = get_user_model().objects.filter(username=username).first()
    audit_record(
        actor=None,
        username=username,
        action=AuditAction.LOGIN_FAILED,
        target=known,
        ip=ip,
        region_code=_first_region(known),
        detail={"failures": failures},
    )


def _first_region(user: Any) -> str:
    from tkpk.access import user_region_codes

    if user is None:
        return ""
    roots = user_region_codes(user)
    return roots[0] if roots else ""

"""Issuing and revoking API tokens for other agencies' systems."""

from __future__ import annotations

import secrets

from django.utils import timezone

from tkpk.models import ApiToken, AuditAction, RoleAssignment, User
from tkpk.roles import Role
from tkpk.services.audit import audit_record


def api_token_issue(
    *, assignment: RoleAssignment, name: str, actor: User | None
) -> tuple[ApiToken, str]:
    """Create a token for an API-client role; the clear key is returned once, never stored."""
    if assignment.role != Role.API_CLIENT:
        raise ValueError("API tokens are issued only for the API client role")
    key = secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        name=name, assignment=assignment, key_prefix=key[:8], key_hash=ApiToken.hash_key(key)
    )
    audit_record(
        actor=actor,
        username="system",
        action=AuditAction.API_TOKEN_CREATED,
        target=token,
        region_code=assignment.region_id,
    )
    return token, key


def api_token_revoke(*, token: ApiToken, actor: User | None) -> None:
    if token.revoked_at is None:
        ApiToken.objects.filter(pk=token.pk).update(revoked_at=timezone.now())
        audit_record(
            actor=actor,
            username="system",
            action=AuditAction.API_TOKEN_REVOKED,
            target=token,
            region_code=token.assignment.region_id,
        )

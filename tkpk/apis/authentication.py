from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from tkpk.access import user_scope_to_assignment
from tkpk.models import ApiToken
from tkpk.roles import Role


class ApiTokenAuthentication(authentication.BaseAuthentication):
    """``Authorization: Token <key>``. The token carries its agency and region through the
    API-client role assignment it was issued for; only that region is visible with it."""

    keyword = "Token"

    def authenticate(self, request: Any) -> tuple[Any, ApiToken] | None:
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(_("Header Authorization harus 'Token <kunci>'."))
        try:
            key = header[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Token tidak valid.")) from exc
        token = (
            ApiToken.objects.select_related("assignment__user", "assignment__region")
            .filter(key_hash=ApiToken.hash_key(key), revoked_at__isnull=True)
            .first()
        )
        if (
            token is None
            or not token.assignment.user.is_active
            or token.assignment.role != Role.API_CLIENT
        ):
            raise exceptions.AuthenticationFailed(_("Token tidak valid atau sudah dicabut."))
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
        user = token.assignment.user
        # Scope a token request to the token's own assignment, not every role of the user.
        user_scope_to_assignment(user, token.assignment)
        return user, token

    def authenticate_header(self, request: Any) -> str:
        return self.keyword


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = "tkpk.apis.authentication.ApiTokenAuthentication"
    name = "tokenAuth"

    def get_security_definition(self, auto_schema: Any) -> dict[str, str]:
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "Token <kunci>",
        }

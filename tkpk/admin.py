"""The admin site is for system operators (superusers): accounts, roles, agencies, tokens.
Regions, jobs and the audit log are read-only here; audit entries cannot be changed at all."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from tkpk.models import Agency, ApiToken, AuditAction, AuditEntry, Job, Region, RoleAssignment, User
from tkpk.services.api_tokens import api_token_issue, api_token_revoke
from tkpk.services.audit import audit_record, request_ip


def _operator(request: HttpRequest) -> User:
    """The admin site only admits logged-in staff."""
    return cast(User, request.user)


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    extra = 0
    autocomplete_fields = ["region", "agency"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [RoleAssignmentInline]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        super().save_formset(request, form, formset, change)
        for assignment in formset.new_objects:
            audit_record(
                actor=_operator(request),
                action=AuditAction.ROLE_GRANTED,
                target=assignment,
                region_code=assignment.region_id,
                ip=request_ip(request),
                detail={"user": assignment.user.username, "role": assignment.role},
            )
        for assignment in formset.deleted_objects:
            audit_record(
                actor=_operator(request),
                action=AuditAction.ROLE_REVOKED,
                object_type="tkpk.roleassignment",
                object_label=str(assignment),
                region_code=assignment.region_id,
                ip=request_ip(request),
                detail={"user": assignment.user.username, "role": assignment.role},
            )


@admin.register(Region)
class RegionAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "level"]
    list_filter = ["level"]
    search_fields = ["code", "name"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "region"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    autocomplete_fields = ["region"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued here (the key is shown once) and revoked with the action below."""

    list_display = ["name", "key_prefix", "assignment", "created_at", "last_used_at", "revoked_at"]
    fields = ["name", "assignment"]
    raw_id_fields = ["assignment"]
    actions = ["revoke"]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        token, key = api_token_issue(
            assignment=obj.assignment, name=obj.name, actor=_operator(request)
        )
        obj.pk = token.pk
        messages.warning(
            request,
            _("Simpan kunci ini sekarang; kunci tidak akan ditampilkan lagi: %(key)s")
            % {"key": key},
        )

    @admin.action(description=_("Cabut token terpilih"))
    def revoke(self, request: HttpRequest, queryset: Any) -> None:
        for token in queryset.select_related("assignment"):
            api_token_revoke(token=token, actor=_operator(request))


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = [
        "at",
        "actor_username",
        "action",
        "object_type",
        "object_id",
        "region_code",
        "ip_address",
    ]
    list_filter = ["action"]
    search_fields = ["actor_username", "object_id", "object_label"]


@admin.register(Job)
class JobAdmin(ReadOnlyAdmin):
    list_display = ["id", "kind", "state", "created_by", "region", "done", "total", "created_at"]
    list_filter = ["state", "kind"]

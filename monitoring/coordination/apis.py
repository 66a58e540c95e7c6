"""Rakor and their follow-ups for other agencies' systems: scoped, paginated reads."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView

from monitoring.coordination.selectors import meeting_get_for_user, meeting_list
from monitoring.models import FollowUp, Meeting
from tkpk.access import codes_scope_q
from tkpk.apis.pagination import ByIdCursor
from tkpk.apis.params import RegionCodeField, StrictQueryMixin
from tkpk.roles import Permission


class FollowUpOutput(serializers.Serializer):
    id = serializers.IntegerField()
    action = serializers.CharField()
    owner = serializers.CharField(source="owner.name")
    owner_code = serializers.CharField(source="owner.code")
    due_on = serializers.DateField()
    status = serializers.CharField()
    done_on = serializers.DateField(allow_null=True)
    overdue = serializers.SerializerMethodField()

    def get_overdue(self, follow_up: FollowUp) -> bool:
        return follow_up.is_overdue(self.context["today"])


class MeetingOutput(serializers.Serializer):
    id = serializers.IntegerField()
    region = serializers.CharField(source="region_id")
    region_name = serializers.CharField(source="region.name")
    title = serializers.CharField()
    held_on = serializers.DateField()
    place = serializers.CharField()
    agenda = serializers.CharField()
    decisions = serializers.CharField()
    attendee_count = serializers.IntegerField()
    follow_ups = FollowUpOutput(many=True)


class _TodayMixin:
    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()  # type: ignore[misc]
        context["today"] = timezone.localdate()
        return context


@extend_schema(tags=["pemantauan"])
class MeetingListApi(StrictQueryMixin, _TodayMixin, ListAPIView):
    """Coordination meetings in the caller's region with their follow-ups (overdue flagged)."""

    serializer_class = MeetingOutput
    pagination_class = ByIdCursor
    required_permission = Permission.VIEW_MONITORING

    class FilterInput(serializers.Serializer):
        wilayah = RegionCodeField()

    def get_queryset(self) -> Any:
        rows = meeting_list(user=self.request.user).prefetch_related("follow_ups__owner")
        if self.filters.get("wilayah"):
            rows = rows.filter(codes_scope_q([self.filters["wilayah"]], field="region__code"))
        return rows


@extend_schema(tags=["pemantauan"])
class MeetingDetailApi(_TodayMixin, RetrieveAPIView):
    serializer_class = MeetingOutput
    required_permission = Permission.VIEW_MONITORING

    def get_object(self) -> Meeting:
        meeting = meeting_get_for_user(user=self.request.user, meeting_id=self.kwargs["pk"])
        return (
            meeting_list(user=self.request.user)
            .prefetch_related("follow_ups__owner")
            .get(pk=meeting.pk)
        )

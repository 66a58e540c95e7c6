"""Disbursement schedules for other agencies' systems: scoped, paginated reads."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView

from programs.disbursements.selectors import (
    disbursement_list,
    disbursement_period_get_for_user,
    disbursement_state,
)
from programs.models import Disbursement
from tkpk.apis.params import StrictQueryMixin, TodayContextMixin, YesNoField
from tkpk.roles import Permission


class DisbursementOutput(serializers.ModelSerializer):
    program = serializers.CharField(source="period.program.code")
    period = serializers.IntegerField(source="period_id")
    period_name = serializers.CharField(source="period.name")
    region = serializers.CharField(source="region_id")
    region_name = serializers.CharField(source="region.name")
    state = serializers.SerializerMethodField()
    days_late = serializers.SerializerMethodField()

    class Meta:
        model = Disbursement
        fields = [
            "id",
            "program",
            "period",
            "period_name",
            "region",
            "region_name",
            "stage",
            "planned_on",
            "planned_amount",
            "actual_on",
            "actual_amount",
            "state",
            "days_late",
        ]

    def get_state(self, d: Disbursement) -> str:
        return disbursement_state(d, today=self.context["today"]).code

    def get_days_late(self, d: Disbursement) -> int:
        return disbursement_state(d, today=self.context["today"]).days_late


@extend_schema(
    tags=["program"],
    parameters=[
        OpenApiParameter("period", int, description="id periode program"),
        OpenApiParameter("terlambat", bool, description="hanya yang terlambat atau belum cair"),
    ],
)
class DisbursementListApi(StrictQueryMixin, TodayContextMixin, ListAPIView):
    """Planned and actual disbursements in the caller's region; state is on_time, pending,
    late (arrived after the plan), unpaid (plan passed, nothing arrived) or short."""

    serializer_class = DisbursementOutput
    required_permission = Permission.VIEW_PROGRAMS

    class FilterInput(serializers.Serializer):
        period = serializers.IntegerField(required=False, min_value=1)
        terlambat = YesNoField(required=False)

    def get_queryset(self) -> Any:
        period = None
        if self.filters.get("period"):
            period = disbursement_period_get_for_user(
                user=self.request.user, period_id=self.filters["period"]
            )
        return disbursement_list(
            user=self.request.user, period=period, late_only=self.filters.get("terlambat", False)
        )

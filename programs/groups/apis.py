"""Groups and disbursement schedules for other agencies' systems: scoped, paginated reads."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView

from programs import disbursements, groups
from programs.models import Disbursement, Group, Program
from tkpk.apis.params import RegionCodeField, StrictQueryMixin, YesNoField
from tkpk.roles import Permission


class GroupOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    program = serializers.CharField(source="program.code")
    village = serializers.CharField(source="village_id")
    village_name = serializers.CharField(source="village.name")
    business = serializers.CharField()
    stimulus_amount = serializers.IntegerField()
    loan_amount = serializers.IntegerField()
    disbursed_on = serializers.DateField()
    member_count = serializers.IntegerField()
    paid_total = serializers.IntegerField()
    arrears_amount = serializers.IntegerField()
    last_visit_on = serializers.DateField()
    flags = serializers.SerializerMethodField()

    def get_flags(self, group: Group) -> list[str]:
        return [f.code for f in groups.group_flags(group, today=self.context["today"])]


class RepaymentSummaryOutput(serializers.Serializer):
    loan_amount = serializers.IntegerField()
    paid = serializers.IntegerField()
    outstanding = serializers.IntegerField()
    arrears_amount = serializers.IntegerField()
    arrears_instalments = serializers.IntegerField()
    days_late = serializers.IntegerField()
    next_due_on = serializers.DateField(allow_null=True)


class InstalmentOutput(serializers.Serializer):
    number = serializers.IntegerField(source="repayment.number")
    due_on = serializers.DateField(source="repayment.due_on")
    amount_due = serializers.IntegerField(source="repayment.amount_due")
    amount_paid = serializers.IntegerField(source="repayment.amount_paid")
    paid_on = serializers.DateField(source="repayment.paid_on")
    overdue = serializers.BooleanField()
    days_late = serializers.IntegerField()


class GroupDetailOutput(GroupOutput):
    grace_months = serializers.IntegerField()
    instalments = serializers.IntegerField()
    repayments = serializers.SerializerMethodField()
    schedule = serializers.SerializerMethodField()
    visits = serializers.SerializerMethodField()

    def get_repayments(self, group: Group) -> dict[str, Any]:
        summary = groups.group_repayment_summary(group=group, today=self.context["today"])
        return dict(RepaymentSummaryOutput(summary).data)

    def get_schedule(self, group: Group) -> list[dict[str, Any]]:
        rows = groups.group_repayments(group=group, today=self.context["today"])
        return list(InstalmentOutput(rows, many=True).data)

    def get_visits(self, group: Group) -> list[dict[str, Any]]:
        return [
            {
                "visited_on": v.visited_on,
                "business_running": v.business_running,
                "photos": len(v.photos.all()),
            }
            for v in groups.group_visits(group=group)
        ]


class _TodayContext:
    def get_serializer_context(self) -> dict[str, Any]:
        context = super().get_serializer_context()  # type: ignore[misc]
        context["today"] = timezone.localdate()
        return context


@extend_schema(
    tags=["program"],
    parameters=[
        OpenApiParameter("program", str, description="kode program, misalnya KUBE"),
        OpenApiParameter("wilayah", str, description="kode wilayah (subpohon)"),
        OpenApiParameter(
            "tanda", str, enum=["tunggakan", "tanpa_bukti"], description="hanya yang bertanda"
        ),
    ],
)
class GroupListApi(StrictQueryMixin, _TodayContext, ListAPIView):
    """KUBE/KSM groups in the caller's region with money, arrears and evidence flags."""

    serializer_class = GroupOutput
    required_permission = Permission.VIEW_PROGRAMS

    class FilterInput(serializers.Serializer):
        program = serializers.CharField(required=False, max_length=30)
        wilayah = RegionCodeField()
        tanda = serializers.ChoiceField(choices=["tunggakan", "tanpa_bukti"], required=False)

        def validate_program(self, code: str) -> str:
            if not Program.objects.filter(code=code.upper()).exists():
                raise serializers.ValidationError(_("Program tidak dikenal."))
            return code.upper()

    def get_queryset(self) -> Any:
        return groups.group_list(
            user=self.request.user,
            filters=groups.GroupFilters(
                program=self.filters.get("program", ""),
                region=self.filters.get("wilayah", ""),
                flag=self.filters.get("tanda", ""),
            ),
        )


@extend_schema(tags=["program"])
class GroupDetailApi(_TodayContext, RetrieveAPIView):
    serializer_class = GroupDetailOutput
    required_permission = Permission.VIEW_PROGRAMS

    def get_object(self) -> Group:
        return groups.group_get_for_user(user=self.request.user, group_id=self.kwargs["pk"])


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
        return disbursements.disbursement_state(d, today=self.context["today"]).code

    def get_days_late(self, d: Disbursement) -> int:
        return disbursements.disbursement_state(d, today=self.context["today"]).days_late


@extend_schema(
    tags=["program"],
    parameters=[
        OpenApiParameter("period", int, description="id periode program"),
        OpenApiParameter("terlambat", bool, description="hanya yang terlambat atau belum cair"),
    ],
)
class DisbursementListApi(StrictQueryMixin, _TodayContext, ListAPIView):
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
            period = disbursements.disbursement_period_get_for_user(
                user=self.request.user, period_id=self.filters["period"]
            )
        return disbursements.disbursement_list(
            user=self.request.user, period=period, late_only=self.filters.get("terlambat", False)
        )

"""Groups for other agencies' systems: scoped, paginated reads."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView

from programs.groups.selectors import (
    GroupFilters,
    group_flags,
    group_get_for_user,
    group_list,
    group_repayment_summary,
    group_repayments,
    group_visits,
)
from programs.models import Group, Program
from tkpk.apis.params import RegionCodeField, StrictQueryMixin, TodayContextMixin
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
        return [f.code for f in group_flags(group, today=self.context["today"])]


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
        summary = group_repayment_summary(group=group, today=self.context["today"])
        return dict(RepaymentSummaryOutput(summary).data)

    def get_schedule(self, group: Group) -> list[dict[str, Any]]:
        rows = group_repayments(group=group, today=self.context["today"])
        return list(InstalmentOutput(rows, many=True).data)

    def get_visits(self, group: Group) -> list[dict[str, Any]]:
        return [
            {
                "visited_on": v.visited_on,
                "business_running": v.business_running,
                "photos": len(v.photos.all()),
            }
            for v in group_visits(group=group)
        ]


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
class GroupListApi(StrictQueryMixin, TodayContextMixin, ListAPIView):
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
        return group_list(
            user=self.request.user,
            filters=GroupFilters(
                program=self.filters.get("program", ""),
                region=self.filters.get("wilayah", ""),
                flag=self.filters.get("tanda", ""),
            ),
        )


@extend_schema(tags=["program"])
class GroupDetailApi(TodayContextMixin, RetrieveAPIView):
    serializer_class = GroupDetailOutput
    required_permission = Permission.VIEW_PROGRAMS

    def get_object(self) -> Group:
        return group_get_for_user(user=self.request.user, group_id=self.kwargs["pk"])

"""Plans for other systems: the RPKD/RAT list and one plan's whole tree (read only)."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView

from monitoring.models import Plan, SubActivity
from monitoring.plans.selectors import plan_get_for_user, plan_list
from tkpk.apis.pagination import ByIdCursor
from tkpk.apis.params import RegionCodeField, StrictQueryMixin
from tkpk.roles import Permission


class PlanOutput(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField()  # type: ignore[assignment]
    region = serializers.CharField(source="region_id")
    region_name = serializers.CharField(source="region.name")
    first_year = serializers.IntegerField()
    last_year = serializers.IntegerField()
    parent = serializers.IntegerField(source="parent_id", allow_null=True)  # type: ignore[assignment]
    title = serializers.CharField()


class TargetOutput(serializers.Serializer):
    year = serializers.IntegerField()
    value = serializers.DecimalField(max_digits=14, decimal_places=2)


class AllocationOutput(serializers.Serializer):
    year = serializers.IntegerField()
    source = serializers.CharField()  # type: ignore[assignment]
    donor = serializers.CharField()
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)


class SubActivityOutput(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    indicator = serializers.CharField()
    unit = serializers.CharField()
    baseline = serializers.DecimalField(max_digits=14, decimal_places=2)
    agency = serializers.CharField(source="agency.code")
    origin = serializers.IntegerField(source="origin_id", allow_null=True)
    targets = TargetOutput(many=True)
    allocations = AllocationOutput(many=True)
    locations = serializers.SerializerMethodField()
    proposals = serializers.SerializerMethodField()

    def get_locations(self, sub: SubActivity) -> list[str]:
        return [loc.region_id for loc in sub.locations.all()]

    def get_proposals(self, sub: SubActivity) -> list[int]:
        return [p.pk for p in sub.proposals.all()]


class ActivityOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    sub_activities = SubActivityOutput(many=True)


class ProgramOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    catalogue_program = serializers.CharField(source="catalogue_program.code", allow_null=True)
    activities = ActivityOutput(many=True)


class PriorityOutput(serializers.Serializer):
    number = serializers.IntegerField()
    name = serializers.CharField()
    strategy = serializers.CharField()
    cluster = serializers.IntegerField()
    programs = ProgramOutput(many=True)


class PlanDetailOutput(PlanOutput):
    priorities = serializers.SerializerMethodField()

    def get_priorities(self, plan: Plan) -> list[dict[str, Any]]:
        from monitoring.plans.selectors import plan_tree

        return list(PriorityOutput(plan_tree(plan=plan), many=True).data)


@extend_schema(
    tags=["pemantauan"],
    parameters=[
        OpenApiParameter("jenis", str, enum=["rpkd", "rat"]),
        OpenApiParameter("tahun", int, description="tahun yang dicakup rencana"),
        OpenApiParameter("wilayah", str, description="kode wilayah (subpohon)"),
    ],
)
class PlanListApi(StrictQueryMixin, ListAPIView):
    """RPKD and RAT plans of the caller's regions."""

    serializer_class = PlanOutput
    pagination_class = ByIdCursor
    required_permission = Permission.VIEW_PROGRAMS

    class FilterInput(serializers.Serializer):
        jenis = serializers.ChoiceField(choices=Plan.Kind.choices, required=False)
        tahun = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
        wilayah = RegionCodeField()

    def get_queryset(self) -> Any:
        rows = plan_list(user=self.request.user)
        f = self.filters
        if "jenis" in f:
            rows = rows.filter(kind=f["jenis"])
        if "tahun" in f:
            rows = rows.filter(first_year__lte=f["tahun"], last_year__gte=f["tahun"])
        if f.get("wilayah"):
            code = f["wilayah"]
            rows = rows.filter(region__code__startswith=code)
        return rows


@extend_schema(tags=["pemantauan"])
class PlanDetailApi(RetrieveAPIView):
    """One plan with priorities -> programs -> activities -> sub-activities, their
    targets, budget per year and source, priority locations and Musrenbang proposals."""

    serializer_class = PlanDetailOutput
    required_permission = Permission.VIEW_PROGRAMS

    def get_object(self) -> Plan:
        return plan_get_for_user(user=self.request.user, plan_id=self.kwargs["pk"])

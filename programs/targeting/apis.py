"""Targeting-run results for other agencies' systems, cut to the caller's part of the run."""

from __future__ import annotations

from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView

from programs.models import Program, RunVillageStat, TargetingRun
from programs.targeting.selectors import (
    STAT_FIELDS,
    run_coverage,
    run_get_for_user,
    run_list,
    run_overlap,
    run_scope,
    run_summary,
    run_village_stats,
)
from tkpk.apis.pagination import ByIdCursor
from tkpk.apis.params import RegionCodeField, StrictQueryMixin
from tkpk.roles import Permission


class RunOutput(serializers.ModelSerializer):
    region = serializers.CharField(source="region_id")

    class Meta:
        model = TargetingRun
        fields = ["id", "region", "reference_date", "state", "created_at", "finished_at", "steps"]


@extend_schema(tags=["penargetan"])
class RunListApi(StrictQueryMixin, ListAPIView):
    serializer_class = RunOutput
    pagination_class = ByIdCursor
    required_permission = Permission.VIEW_TARGETING

    def get_queryset(self) -> Any:
        return run_list(user=self.request.user)


class SummaryOutput(serializers.Serializer):
    """``unit``: what the program counts ("household": families, "person": persons);
    ``in_unit``: its eligible, receiving, exclusion and inclusion (decile 7+) figures in that
    unit. ``totals`` holds every figure: *_households/*_errors count families, *_persons
    persons, recipient_rows/not_in_registry/duplicates/deceased_or_moved list rows."""

    program = serializers.CharField(source="program.code")
    unit = serializers.CharField()
    in_unit = serializers.DictField(child=serializers.IntegerField())
    totals = serializers.DictField(child=serializers.IntegerField())
    quota = serializers.IntegerField(allow_null=True)


class RunDetailOutput(RunOutput):
    summary = serializers.SerializerMethodField()
    overlap = serializers.SerializerMethodField()
    coverage = serializers.SerializerMethodField()

    class Meta(RunOutput.Meta):
        fields = [*RunOutput.Meta.fields, "summary", "overlap", "coverage"]

    def get_summary(self, run: TargetingRun) -> list[dict[str, Any]]:
        summaries = run_summary(run=run, roots=self.context["roots"])
        return list(SummaryOutput(summaries, many=True).data)

    def get_overlap(self, run: TargetingRun) -> list[dict[str, Any]]:
        matrix = run_overlap(run=run, roots=self.context["roots"])
        return [
            {
                "program_a": row["program"].code,
                "program_b": cell["program"].code,
                "households": cell["households"],
            }
            for row in matrix["rows"]
            for cell in row["cells"]
        ]

    def get_coverage(self, run: TargetingRun) -> dict[str, Any]:
        return {k: v or 0 for k, v in run_coverage(run=run, roots=self.context["roots"]).items()}


@extend_schema(tags=["penargetan"])
class RunDetailApi(RetrieveAPIView):
    """A run's results in the caller's part of its region: per program, the overlap matrix
    and decile 1-4 combination coverage."""

    serializer_class = RunDetailOutput
    required_permission = Permission.VIEW_TARGETING

    def get_object(self) -> TargetingRun:
        return run_get_for_user(user=self.request.user, run_id=self.kwargs["pk"])

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        if "pk" in self.kwargs:
            context["roots"] = run_scope(user=self.request.user, run=self.get_object())
        return context


class VillageStatOutput(serializers.ModelSerializer):
    program = serializers.CharField(source="program.code")
    village = serializers.CharField(source="village_id")

    class Meta:
        model = RunVillageStat
        fields = ["id", "program", "village", *STAT_FIELDS]


@extend_schema(
    tags=["penargetan"],
    parameters=[OpenApiParameter("program", str), OpenApiParameter("wilayah", str)],
)
class RunVillageListApi(StrictQueryMixin, ListAPIView):
    """Per village and program: every count behind the dashboard."""

    serializer_class = VillageStatOutput
    pagination_class = ByIdCursor
    required_permission = Permission.VIEW_TARGETING

    class FilterInput(serializers.Serializer):
        program = serializers.CharField(required=False, max_length=30)
        wilayah = RegionCodeField()

        def validate_program(self, code: str) -> str:
            if not Program.objects.filter(code=code).exists():
                raise serializers.ValidationError(_("Program tidak dikenal."))
            return code

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # the schema generator has no run
            return RunVillageStat.objects.none()
        run = run_get_for_user(user=self.request.user, run_id=self.kwargs["pk"])
        roots = run_scope(user=self.request.user, run=run, region=self.filters.get("wilayah", ""))
        if not roots:
            raise Http404
        stats = run_village_stats(run=run, roots=roots)
        code = self.filters.get("program")
        return stats.filter(program__code=code) if code else stats

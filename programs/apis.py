"""Programs and targeting for other agencies' systems: the catalogue with its criteria, the
programs one NIK or KK qualifies for and receives, and targeting-run results."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from households import services as household_services
from households.models import Household
from households.selectors import household_get_for_user
from programs import results
from programs.criteria import criteria_describe
from programs.models import BenefitComponent, Program, RunVillageStat, TargetingRun
from programs.selectors import (
    household_programs,
    program_criteria,
    program_get_for_user,
    program_list,
)
from tkpk.apis.pagination import ByIdCursor
from tkpk.apis.params import RegionCodeField, StrictQueryMixin
from tkpk.roles import Permission
from tkpk.services.audit import request_ip


class ComponentOutput(serializers.ModelSerializer):
    class Meta:
        model = BenefitComponent
        fields = ["code", "label", "amount", "rule"]


class ProgramOutput(serializers.ModelSerializer):
    owner_region = serializers.CharField(source="owner_region_id", allow_null=True)
    national_program = serializers.CharField(source="national_program.code", default=None)
    components = ComponentOutput(many=True)
    criteria_text = serializers.SerializerMethodField()

    class Meta:
        model = Program
        fields = [
            "code",
            "name",
            "cluster",
            "strategy",
            "level",
            "funding_source",
            "donor",
            "implementing_agency",
            "owner_region",
            "target_unit",
            "benefit_amount",
            "benefit_unit",
            "benefit_frequency",
            "max_components",
            "max_components_per_person",
            "national_relation",
            "national_program",
            "active_from",
            "active_until",
            "criteria",
            "criteria_text",
            "components",
        ]

    def get_criteria_text(self, program: Program) -> list[str]:
        criteria = program_criteria(program)
        return criteria_describe(criteria) if criteria else []


@extend_schema(tags=["program"])
class ProgramListApi(StrictQueryMixin, ListAPIView):
    """The catalogue as the caller's region sees it, with criteria and benefit components."""

    serializer_class = ProgramOutput
    required_permission = Permission.VIEW_PROGRAMS
    pagination_class = None

    def get_queryset(self) -> Any:
        return program_list(user=self.request.user).prefetch_related("components")


@extend_schema(tags=["program"])
class ProgramDetailApi(RetrieveAPIView):
    serializer_class = ProgramOutput
    required_permission = Permission.VIEW_PROGRAMS

    def get_object(self) -> Program:
        return program_get_for_user(user=self.request.user, code=self.kwargs["code"])


class EligibilityInput(serializers.Serializer):
    nik = serializers.RegexField(r"^\d{16}$", required=False)
    kk = serializers.RegexField(r"^\d{16}$", required=False)

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if bool(data.get("nik")) == bool(data.get("kk")):
            raise serializers.ValidationError(_("Isi salah satu: nik atau kk (16 angka)."))
        return data


class ReceiptOutput(serializers.Serializer):
    period = serializers.CharField(source="period.name")
    status = serializers.CharField()
    amount = serializers.IntegerField(allow_null=True)


class EligibilityRowOutput(serializers.Serializer):
    program = serializers.CharField(source="program.code")
    name = serializers.CharField(source="program.name")
    qualifies = serializers.BooleanField()
    # Counted as a targeting run counts: the family's members on the day, or for a program
    # whose unit is the person those who qualify; Rupiah per year (PKH: one component per
    # person, at most four per family, as the program sets).
    persons = serializers.IntegerField()
    entitlement = serializers.IntegerField()
    receives = ReceiptOutput(source="receipts", many=True)


class EligibilityOutput(serializers.Serializer):
    household = serializers.IntegerField()
    programs = EligibilityRowOutput(many=True)


@extend_schema(tags=["program"], request=EligibilityInput, responses=EligibilityOutput)
class EligibilityLookupApi(APIView):
    """For one NIK or KK: the programs its family qualifies for today and receives. A NIK
    lookup is audited, found or not; outside the caller's region answers 404 like unknown."""

    required_permission = Permission.VIEW_PROGRAMS

    def post(self, request: Any) -> Response:
        data = EligibilityInput(data=request.data)
        data.is_valid(raise_exception=True)
        household = self._household(request, **data.validated_data)
        found = household_programs(household=household, day=date.today())
        return Response(EligibilityOutput({"household": household.pk, "programs": found}).data)

    def _household(self, request: Any, nik: str = "", kk: str = "") -> Household:
        if nik:
            person = household_services.person_lookup(
                user=request.user, nik=nik, ip=request_ip(request)
            )
            return person.household
        found = Household.objects.filter(kk=kk).values_list("pk", flat=True).first()
        if found is None:
            raise Http404
        return household_get_for_user(user=request.user, household_id=found)


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
        return results.run_list(user=self.request.user)


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
        summaries = results.run_summary(run=run, roots=self.context["roots"])
        return list(SummaryOutput(summaries, many=True).data)

    def get_overlap(self, run: TargetingRun) -> list[dict[str, Any]]:
        matrix = results.run_overlap(run=run, roots=self.context["roots"])
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
        return {
            k: v or 0 for k, v in results.run_coverage(run=run, roots=self.context["roots"]).items()
        }


@extend_schema(tags=["penargetan"])
class RunDetailApi(RetrieveAPIView):
    """A run's results in the caller's part of its region: per program, the overlap matrix
    and decile 1-4 combination coverage."""

    serializer_class = RunDetailOutput
    required_permission = Permission.VIEW_TARGETING

    def get_object(self) -> TargetingRun:
        return results.run_get_for_user(user=self.request.user, run_id=self.kwargs["pk"])

    def get_serializer_context(self) -> dict[str, Any]:
        context = dict(super().get_serializer_context())
        if "pk" in self.kwargs:
            context["roots"] = results.run_scope(user=self.request.user, run=self.get_object())
        return context


class VillageStatOutput(serializers.ModelSerializer):
    program = serializers.CharField(source="program.code")
    village = serializers.CharField(source="village_id")

    class Meta:
        model = RunVillageStat
        fields = ["id", "program", "village", *results.STAT_FIELDS]


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
        run = results.run_get_for_user(user=self.request.user, run_id=self.kwargs["pk"])
        roots = results.run_scope(
            user=self.request.user, run=run, region=self.filters.get("wilayah", "")
        )
        if not roots:
            raise Http404
        stats = results.run_village_stats(run=run, roots=roots)
        code = self.filters.get("program")
        return stats.filter(program__code=code) if code else stats

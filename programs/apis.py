"""Programs for other agencies' systems: the catalogue with its criteria and the programs one
NIK or KK qualifies for and receives (targeting-run results: ``programs.targeting.apis``)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from households import services as household_services
from households.models import Household
from households.selectors import household_get_for_user
from programs.criteria import criteria_describe
from programs.models import BenefitComponent, Program
from programs.selectors import (
    household_programs,
    program_criteria,
    program_get_for_user,
    program_list,
)
from tkpk.apis.params import StrictQueryMixin
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

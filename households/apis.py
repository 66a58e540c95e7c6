"""The registry for other agencies' systems: scoped reads, an audited NIK lookup, and batch
upload with the same validation and preview as the browser."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from households import services
from households.columns import PERSON_FIELDS
from households.forms import HouseholdFilterForm
from households.models import BatchRow, Household, Person, VerificationBatch
from households.selectors import (
    batch_get_for_user,
    batch_rows,
    household_get_for_user,
    household_list,
    household_list_ordering,
)
from tkpk.apis.pagination import ByIdCursor, ByPageIdCursor
from tkpk.apis.params import StrictQueryMixin
from tkpk.roles import Permission
from tkpk.services.audit import request_ip
from tkpk.tabular.problems import file_problem_texts
from tkpk.tabular.reasons import problem_output


def masked(nik: str) -> str:
    return nik[:4] + "*" * (len(nik) - 4) if nik else ""


class MemberOutput(serializers.ModelSerializer):
    nik = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["id", "nik", *PERSON_FIELDS, "status"]

    def get_nik(self, person: Person) -> str:
        return person.nik if self.context.get("reveal") else masked(person.nik)


class HouseholdOutput(serializers.ModelSerializer):
    kk = serializers.SerializerMethodField()
    village = serializers.CharField(source="village_id")
    village_name = serializers.CharField(source="village.name")

    class Meta:
        model = Household
        fields = [
            "id",
            "kk",
            "village",
            "village_name",
            "address",
            "rt",
            "rw",
            "welfare_decile",
            "decile_source",
            "decile_date",
            "extreme_poor",
            "status",
            "member_count",
            "children_0_6",
            "school_age_7_18",
            "elderly_60_plus",
            "disabled_members",
            "pregnant_members",
            "bps_criteria_met",
        ]

    def get_kk(self, household: Household) -> str:
        return household.kk if self.context.get("reveal") else masked(household.kk)


class HouseholdDetailOutput(HouseholdOutput):
    members = serializers.SerializerMethodField()

    class Meta(HouseholdOutput.Meta):
        fields = [
            *HouseholdOutput.Meta.fields,
            "roof",
            "wall",
            "floor",
            "floor_area_m2",
            "water_source",
            "sanitation",
            "lighting",
            "cooking_fuel",
            "tenure",
            "members",
        ]

    def get_members(self, household: Household) -> list[dict[str, Any]]:
        members = household.members.order_by("birth_date")
        return list(MemberOutput(members, many=True, context=self.context).data)


@extend_schema(
    tags=["registri"],
    parameters=[
        OpenApiParameter("q", str, description="NIK, No. KK atau awal nama"),
        OpenApiParameter("wilayah", str, description="kode wilayah (subpohon)"),
        OpenApiParameter("desil_min", int),
        OpenApiParameter("desil_max", int),
        OpenApiParameter("status", str),
        OpenApiParameter("rutilahu", bool),
    ],
)
class HouseholdListApi(StrictQueryMixin, ListAPIView):
    """Households in the caller's region; NIK and KK masked."""

    serializer_class = HouseholdOutput
    pagination_class = ByPageIdCursor
    required_permission = Permission.VIEW_REGISTRY
    filter_form = HouseholdFilterForm

    def get_queryset(self) -> Any:
        form = HouseholdFilterForm(self.request.query_params or None)
        if form.is_bound and not form.is_valid():
            raise serializers.ValidationError(
                {
                    "non_field_errors" if field == "__all__" else field: [str(e) for e in errors]
                    for field, errors in form.errors.items()
                }
            )
        filters = form.filters()
        households = household_list(user=self.request.user, filters=filters)
        (order,) = household_list_ordering(user=self.request.user, filters=filters)
        # ByPageIdCursor pages by the annotation: the same ids, read as the page should.
        return households if order == "id" else households.annotate(page_id=order)


@extend_schema(tags=["registri"])
class HouseholdDetailApi(RetrieveAPIView):
    serializer_class = HouseholdDetailOutput
    required_permission = Permission.VIEW_REGISTRY

    def get_object(self) -> Household:
        return household_get_for_user(user=self.request.user, household_id=self.kwargs["pk"])


class NikLookupInput(serializers.Serializer):
    nik = serializers.RegexField(r"^\d{16}$", error_messages={"invalid": _("NIK harus 16 angka.")})


class NikLookupOutput(serializers.Serializer):
    person = MemberOutput()
    household = HouseholdOutput()


@extend_schema(tags=["registri"], request=NikLookupInput, responses=NikLookupOutput)
class NikLookupApi(APIView):
    """Status of one person by NIK. Every lookup is audited, found or not; a NIK outside the
    caller's region answers 404 like an unknown one."""

    required_permission = Permission.VIEW_REGISTRY

    def post(self, request: Any) -> Response:
        data = NikLookupInput(data=request.data)
        data.is_valid(raise_exception=True)
        nik = data.validated_data["nik"]
        person = services.person_lookup(user=request.user, nik=nik, ip=request_ip(request))
        context = {"reveal": True}  # the caller already holds this NIK
        return Response(
            {
                "person": MemberOutput(person, context=context).data,
                "household": HouseholdOutput(person.household, context={}).data,
            }
        )


class BatchOutput(serializers.ModelSerializer):
    region = serializers.CharField(source="region_id")
    file_errors = serializers.SerializerMethodField()
    file_warnings = serializers.SerializerMethodField()

    class Meta:
        model = VerificationBatch
        fields = [
            "id",
            "region",
            "original_name",
            "state",
            "uploaded_at",
            "validated_at",
            "committed_at",
            "rows_total",
            "rows_new",
            "rows_changed",
            "rows_removed",
            "rows_unchanged",
            "rows_rejected",
            "rows_with_warnings",
            "file_errors",
            "file_warnings",
            "job",
        ]

    def get_file_errors(self, batch: VerificationBatch) -> list[str]:
        """Why the file could not be read, in the request's language."""
        return file_problem_texts(batch.file_errors)

    def get_file_warnings(self, batch: VerificationBatch) -> list[str]:
        return file_problem_texts(batch.file_warnings)


class BatchUploadInput(serializers.Serializer):
    file = serializers.FileField()


@extend_schema(
    tags=["batch"], request={"multipart/form-data": BatchUploadInput}, responses={202: BatchOutput}
)
class BatchUploadApi(APIView):
    """Upload a verification batch (CSV or XLSX); it is validated in the background. Poll the
    batch, then read its rows. Committing stays with a person holding the signed minutes."""

    parser_classes = [MultiPartParser]
    required_permission = Permission.UPLOAD_BATCH

    def post(self, request: Any) -> Response:
        data = BatchUploadInput(data=request.data)
        data.is_valid(raise_exception=True)
        upload = data.validated_data["file"]
        try:
            batch = services.batch_upload(user=request.user, upload=upload, filename=upload.name)
        except ValidationError as exc:
            raise serializers.ValidationError({"file": exc.messages}) from exc
        except PermissionDenied as exc:
            raise Http404 from exc
        return Response(BatchOutput(batch).data, status=status.HTTP_202_ACCEPTED)


@extend_schema(tags=["batch"])
class BatchDetailApi(RetrieveAPIView):
    serializer_class = BatchOutput
    required_permission = Permission.VIEW_REGISTRY

    def get_object(self) -> VerificationBatch:
        return batch_get_for_user(user=self.request.user, batch_id=self.kwargs["pk"])


class BatchRowOutput(serializers.ModelSerializer):
    nik = serializers.SerializerMethodField()
    problems = serializers.SerializerMethodField()
    warnings = serializers.SerializerMethodField()

    class Meta:
        model = BatchRow
        fields = [
            "row_number",
            "action",
            "nik",
            "name",
            "outcome",
            "changed_fields",
            "problems",
            "warnings",
        ]

    def get_nik(self, row: BatchRow) -> str:
        return row.nik if self.context.get("reveal") else masked(row.nik)

    def get_problems(self, row: BatchRow) -> list[dict[str, Any]]:
        """Column, code, parameters and the reason in the request's language."""
        return [problem_output(p) for p in [*row.errors, *row.conflicts]]

    def get_warnings(self, row: BatchRow) -> list[dict[str, Any]]:
        return [problem_output(w) for w in row.warnings]


@extend_schema(
    tags=["batch"], parameters=[OpenApiParameter("outcome", str, enum=BatchRow.Outcome.values)]
)
class BatchRowListApi(StrictQueryMixin, ListAPIView):
    """Rows of a batch with their outcome and, for rejected rows, each column and reason."""

    serializer_class = BatchRowOutput
    pagination_class = ByIdCursor
    required_permission = Permission.VIEW_REGISTRY

    class FilterInput(serializers.Serializer):
        outcome = serializers.ChoiceField(choices=BatchRow.Outcome.values, required=False)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return BatchRow.objects.none()
        batch = batch_get_for_user(user=self.request.user, batch_id=self.kwargs["pk"])
        return batch_rows(batch=batch, outcome=self.filters.get("outcome", ""))

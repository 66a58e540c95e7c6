"""Recipient lists for other agencies' systems: scoped, paginated reads with masked NIKs, and
submission of a decree list for validation (committing it stays with a person)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from households.apis import masked
from programs.models import Recipient, RecipientBatch, RecipientBatchRow
from programs.recipients.batches import (
    recipient_batch_file_messages,
    recipient_batch_upload,
)
from programs.recipients.selectors import (
    NOT_IN_REGISTRY,
    RecipientFilters,
    period_get,
    recipient_batch_get_any_program,
    recipient_batch_rows,
    recipient_list_for_user,
)
from programs.selectors import program_get_for_user
from tkpk.apis.pagination import ByIdCursor
from tkpk.apis.params import RegionCodeField, StrictQueryMixin
from tkpk.roles import Permission
from tkpk.tabular.reasons import problem_output


class RecipientOutput(serializers.ModelSerializer):
    nik = serializers.SerializerMethodField()
    kk = serializers.SerializerMethodField()
    program = serializers.CharField(source="program.code")
    period = serializers.CharField(source="period.name")
    period_id = serializers.IntegerField()
    village = serializers.CharField(source="region_id")
    in_registry = serializers.SerializerMethodField()

    class Meta:
        model = Recipient
        fields = [
            "id",
            "program",
            "period",
            "period_id",
            "nik",
            "kk",
            "name",
            "village",
            "amount",
            "status",
            "source",
            "in_registry",
            "household_id",
            "created_at",
            "updated_at",
        ]

    def get_nik(self, recipient: Recipient) -> str:
        return masked(recipient.nik)

    def get_kk(self, recipient: Recipient) -> str:
        return masked(recipient.kk)

    def get_in_registry(self, recipient: Recipient) -> bool:
        return recipient.household_id is not None


@extend_schema(
    tags=["penerima"],
    parameters=[
        OpenApiParameter("period", int, description="id periode"),
        OpenApiParameter("status", str, enum=Recipient.Status.values),
        OpenApiParameter("wilayah", str, description="kode wilayah (subpohon)"),
    ],
)
class RecipientListApi(StrictQueryMixin, ListAPIView):
    """Recipients of one program in the caller's region; NIK and KK masked."""

    serializer_class = RecipientOutput
    pagination_class = ByIdCursor
    required_permission = Permission.VIEW_PROGRAMS

    class FilterInput(serializers.Serializer):
        period = serializers.IntegerField(required=False, min_value=1)
        status = serializers.ChoiceField(choices=Recipient.Status.values, required=False)
        wilayah = RegionCodeField()

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return Recipient.objects.none()
        program = program_get_for_user(user=self.request.user, code=self.kwargs["code"])
        period = None
        if self.filters.get("period"):
            period = period_get(program=program, period_id=self.filters["period"])
        filters = RecipientFilters(
            period=period,
            status=self.filters.get("status", ""),
            region=self.filters.get("wilayah", ""),
        )
        return recipient_list_for_user(user=self.request.user, program=program, filters=filters)


class RecipientBatchOutput(serializers.ModelSerializer):
    region = serializers.CharField(source="region_id")
    program = serializers.CharField(source="period.program.code")
    period = serializers.CharField(source="period.name")
    file_errors = serializers.SerializerMethodField()
    file_warnings = serializers.SerializerMethodField()

    class Meta:
        model = RecipientBatch
        fields = [
            "id",
            "program",
            "period",
            "region",
            "original_name",
            "state",
            "uploaded_at",
            "committed_at",
            "rows_total",
            "rows_new",
            "rows_unchanged",
            "rows_not_in_registry",
            "rows_rejected",
            "file_errors",
            "file_warnings",
            "job",
        ]

    def get_file_errors(self, batch: RecipientBatch) -> list[str]:
        return recipient_batch_file_messages(batch=batch)[0]

    def get_file_warnings(self, batch: RecipientBatch) -> list[str]:
        return recipient_batch_file_messages(batch=batch)[1]


class RecipientBatchUploadInput(serializers.Serializer):
    file = serializers.FileField()
    period = serializers.IntegerField(help_text="id periode program")


@extend_schema(
    tags=["penerima"],
    request={"multipart/form-data": RecipientBatchUploadInput},
    responses={202: RecipientBatchOutput},
)
class RecipientBatchUploadApi(APIView):
    """Submit a recipient list (CSV or XLSX) for a program period; it is validated in the
    background. Poll the batch, then read its rows."""

    parser_classes = [MultiPartParser]
    required_permission = Permission.VIEW_PROGRAMS

    def post(self, request: Any, code: str) -> Response:
        program = program_get_for_user(user=request.user, code=code)
        data = RecipientBatchUploadInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            period = period_get(program=program, period_id=data.validated_data["period"])
        except Http404 as exc:
            raise serializers.ValidationError(
                {
                    "period": [
                        _("Program %(code)s tidak memiliki periode ini.") % {"code": program.code}
                    ]
                }
            ) from exc
        upload = data.validated_data["file"]
        try:
            batch = recipient_batch_upload(
                user=request.user, period=period, upload=upload, filename=upload.name
            )
        except ValidationError as exc:
            raise serializers.ValidationError({"file": exc.messages}) from exc
        except PermissionDenied as exc:
            raise exceptions.PermissionDenied() from exc
        return Response(RecipientBatchOutput(batch).data, status=status.HTTP_202_ACCEPTED)


@extend_schema(tags=["penerima"])
class RecipientBatchDetailApi(RetrieveAPIView):
    serializer_class = RecipientBatchOutput
    required_permission = Permission.VIEW_PROGRAMS

    def get_object(self) -> RecipientBatch:
        return recipient_batch_get_any_program(user=self.request.user, batch_id=self.kwargs["pk"])


class RecipientBatchRowOutput(serializers.ModelSerializer):
    nik = serializers.SerializerMethodField()
    kk = serializers.SerializerMethodField()
    in_registry = serializers.SerializerMethodField()
    problems = serializers.SerializerMethodField()

    class Meta:
        model = RecipientBatchRow
        fields = [
            "row_number",
            "nik",
            "kk",
            "name",
            "village_code",
            "amount",
            "outcome",
            "in_registry",
            "problems",
        ]

    def get_nik(self, row: RecipientBatchRow) -> str:
        return masked(row.nik)

    def get_kk(self, row: RecipientBatchRow) -> str:
        return masked(row.kk)

    def get_in_registry(self, row: RecipientBatchRow) -> bool:
        return row.household_id is not None

    def get_problems(self, row: RecipientBatchRow) -> list[dict[str, Any]]:
        # The value of an identifier column is masked like the identifier itself.
        return [
            {
                **problem_output(p),
                "value": masked(p.get("value", ""))
                if p.get("column") in ("nik", "no_kk")
                else p.get("value", ""),
            }
            for p in row.errors
        ]


ROW_FILTERS = [*RecipientBatchRow.Outcome.values, NOT_IN_REGISTRY]


@extend_schema(tags=["penerima"], parameters=[OpenApiParameter("outcome", str, enum=ROW_FILTERS)])
class RecipientBatchRowListApi(StrictQueryMixin, ListAPIView):
    """Rows of a recipient list with their outcome and, for rejected rows, the column, value
    and reason; ``outcome=unknown`` lists the rows not found in the registry."""

    serializer_class = RecipientBatchRowOutput
    pagination_class = ByIdCursor
    required_permission = Permission.VIEW_PROGRAMS

    class FilterInput(serializers.Serializer):
        outcome = serializers.ChoiceField(choices=ROW_FILTERS, required=False)

    def get_queryset(self) -> Any:
        if getattr(self, "swagger_fake_view", False):
            return RecipientBatchRow.objects.none()
        batch = recipient_batch_get_any_program(user=self.request.user, batch_id=self.kwargs["pk"])
        return recipient_batch_rows(batch=batch, outcome=self.filters.get("outcome", ""))

"""Realisation for agencies' own systems: read the reports the caller may follow, and push
a quarter's report idempotently (natural key: agency + sub-activity + year + quarter)."""

from __future__ import annotations

import base64
import binascii
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.response import Response

from monitoring.models import Report
from monitoring.models.plans import Funding
from monitoring.realisation import services
from monitoring.realisation.selectors import (
    report_get_for_user,
    report_list,
    reportable_sub_activities,
)
from tkpk.apis.pagination import ByIdCursor
from tkpk.apis.params import StrictQueryMixin
from tkpk.attachments import attachment_check
from tkpk.roles import Permission
from tkpk.services.audit import request_ip


class Conflict(exceptions.APIException):
    status_code = 409
    default_code = "accepted_report"


class SpendingInput(serializers.Serializer):
    source = serializers.ChoiceField(choices=Funding.choices)  # type: ignore[assignment]
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)


class BeneficiariesInput(serializers.Serializer):
    male = serializers.IntegerField(min_value=0, default=0)
    female = serializers.IntegerField(min_value=0, default=0)
    disabled = serializers.IntegerField(min_value=0, default=0)
    children = serializers.IntegerField(min_value=0, default=0)
    adults = serializers.IntegerField(min_value=0, default=0)
    elderly = serializers.IntegerField(min_value=0, default=0)


class EvidenceInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    content_base64 = serializers.CharField(allow_blank=True, trim_whitespace=False)


class ReportInput(serializers.Serializer):
    sub_activity = serializers.IntegerField(help_text="id sub kegiatan RAT (dari /api/plans/)")
    year = serializers.IntegerField()
    quarter = serializers.IntegerField(min_value=1, max_value=4)
    physical = serializers.DecimalField(max_digits=14, decimal_places=2)
    physical_note = serializers.CharField(required=False, allow_blank=True, default="")
    spending = SpendingInput(many=True, required=False, default=list)
    beneficiaries = BeneficiariesInput(required=False)
    named = serializers.ListField(
        child=serializers.CharField(max_length=16),
        required=False,
        default=list,
        max_length=100_000,
        help_text="NIK penerima atau No. KK keluarga penerima; bila diisi, jumlah penerima "
        "dihitung dari registri",
    )
    problems = serializers.CharField(required=False, allow_blank=True, default="")
    follow_up = serializers.CharField(required=False, allow_blank=True, default="")
    correction_reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="wajib untuk mengubah laporan yang sudah diterima sekretariat",
    )
    evidence = EvidenceInput(many=True, required=False, default=list)

    def validate_spending(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        sources = [r["source"] for r in rows]
        if len(sources) != len(set(sources)):
            raise serializers.ValidationError(_("Setiap sumber dana disebut sekali saja."))
        return rows


class SpendingOutput(serializers.Serializer):
    source = serializers.CharField()  # type: ignore[assignment]
    amount = serializers.DecimalField(max_digits=16, decimal_places=2)


class ReportOutput(serializers.Serializer):
    id = serializers.IntegerField()
    sub_activity = serializers.IntegerField(source="sub_activity_id")
    sub_activity_code = serializers.CharField(source="sub_activity.code")
    agency = serializers.CharField(source="agency.code")
    region = serializers.CharField(source="sub_activity.plan.region_id")
    year = serializers.IntegerField()
    quarter = serializers.IntegerField()
    physical = serializers.DecimalField(max_digits=14, decimal_places=2)
    physical_note = serializers.CharField()
    spending = SpendingOutput(many=True)
    beneficiaries = serializers.SerializerMethodField()
    beneficiary_source = serializers.CharField()
    problems = serializers.CharField()
    follow_up = serializers.CharField()
    status = serializers.CharField()
    return_reason = serializers.CharField()
    due_on = serializers.DateField()
    late = serializers.BooleanField(source="is_late")
    submitted_at = serializers.DateTimeField()

    def get_beneficiaries(self, report: Report) -> dict[str, int]:
        return {
            k: getattr(report, k)
            for k in ("male", "female", "disabled", "children", "adults", "elderly")
        }


def _evidence(items: list[dict[str, Any]]) -> list[Any]:
    files = []
    errors = []
    for index, item in enumerate(items):
        try:
            content = base64.b64decode("".join(item["content_base64"].split()), validate=True)
            files.append(attachment_check(name=item["name"], content=content))
        except (binascii.Error, ValueError):
            errors.append(_("Bukti %(index)s: base64 tidak valid.") % {"index": index})
        except ValidationError as exc:
            errors.extend(f"{index}: {m}" for m in exc.messages)
    if errors:
        raise serializers.ValidationError({"evidence": errors})
    return files


@extend_schema(
    tags=["pemantauan"],
    parameters=[
        OpenApiParameter("tahun", int, description="tahun laporan"),
        OpenApiParameter("triwulan", int, description="1-4"),
    ],
)
class RealisationListApi(StrictQueryMixin, ListAPIView):
    """GET: the reports the caller may follow (an agency's token: its own agency's).
    POST: push a quarter's report. The same report again answers 200 with ``outcome``
    ``unchanged`` and changes nothing; a first report answers 201 (``created``); a changed
    report waiting for or returned by the secretariat 200 (``updated``); a change to an
    accepted report is refused with 409 unless ``correction_reason`` is given
    (``corrected``, recorded with before and after)."""

    serializer_class = ReportOutput
    pagination_class = ByIdCursor

    class FilterInput(serializers.Serializer):
        tahun = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
        triwulan = serializers.IntegerField(required=False, min_value=1, max_value=4)

    @property
    def required_permission(self) -> str:
        if getattr(self.request, "method", "GET") == "POST":
            return Permission.REPORT_REALIZATION
        return Permission.VIEW_PROGRAMS

    def get_queryset(self) -> Any:
        rows = report_list(user=self.request.user).prefetch_related("spending")
        if "tahun" in self.filters:
            rows = rows.filter(year=self.filters["tahun"])
        if "triwulan" in self.filters:
            rows = rows.filter(quarter=self.filters["triwulan"])
        return rows

    @extend_schema(request=ReportInput, responses={200: ReportOutput, 201: ReportOutput})
    def post(self, request: Any) -> Response:
        data = ReportInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        sub = reportable_sub_activities(user=request.user).filter(pk=d["sub_activity"]).first()
        if sub is None or not services.user_may_report(user=request.user, sub_activity=sub):
            raise exceptions.NotFound()
        people = d.get("beneficiaries") or {}
        try:
            report, outcome = services.realisation_submit(
                user=request.user,
                sub_activity=sub,
                year=d["year"],
                quarter=d["quarter"],
                data=services.ReportInput(
                    physical=d["physical"],
                    physical_note=d["physical_note"],
                    spending={s["source"]: Decimal(s["amount"]) for s in d["spending"]},
                    beneficiaries=services.Beneficiaries(**people),
                    named=d["named"],
                    problems=d["problems"],
                    follow_up=d["follow_up"],
                    evidence=_evidence(d["evidence"]),
                ),
                correction_reason=d["correction_reason"],
                ip=request_ip(request),
            )
        except ValidationError as exc:
            fields = exc.message_dict
            if set(fields) == {"correction_reason"}:
                raise Conflict(fields["correction_reason"][0]) from exc
            raise serializers.ValidationError(fields) from exc
        body = dict(ReportOutput(report).data)
        body["outcome"] = outcome
        code = (
            status.HTTP_201_CREATED if outcome == services.Outcome.CREATED else status.HTTP_200_OK
        )
        return Response(body, status=code)


@extend_schema(tags=["pemantauan"])
class RealisationDetailApi(RetrieveAPIView):
    serializer_class = ReportOutput
    required_permission = Permission.VIEW_PROGRAMS

    def get_object(self) -> Report:
        return report_get_for_user(user=self.request.user, report_id=self.kwargs["pk"])

"""The LP2KD over the API: the reports and versions the caller may read, an approved
version's PDF and snapshot, and a regency's submission to the province's installation.

A regency that runs its own installation reads its approved version here
(``/api/lp2kd/versions/<id>/snapshot/`` and ``.../pdf/``) and sends both to the province's
installation with a token the province issued (``POST /api/lp2kd/<region>/<year>/submissions/``).
"""

from __future__ import annotations

import base64
import binascii
import json
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db.models import Prefetch
from django.http import FileResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from reports.lp2kd import selectors as sel
from reports.lp2kd import services as svc
from reports.lp2kd import submissions
from reports.lp2kd.deadlines import report_deadline
from reports.models import Lp2kd, Lp2kdVersion
from tkpk.apis.pagination import ByIdCursor
from tkpk.apis.params import StrictQueryMixin
from tkpk.roles import Permission
from tkpk.services.audit import request_ip

P = Permission
SNAPSHOT_MAX_BYTES = 20 * 1024 * 1024


class Conflict(exceptions.APIException):
    status_code = 409
    default_code = "conflict"


class Lp2kdVersionOutput(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.IntegerField()
    state = serializers.CharField()
    state_label = serializers.CharField(source="get_state_display")
    origin = serializers.CharField()
    generated_at = serializers.DateTimeField()
    submitted_at = serializers.DateTimeField()
    snapshot_sha256 = serializers.CharField()
    pdf_sha256 = serializers.CharField()
    pdf_pages = serializers.IntegerField()
    pdf_url = serializers.SerializerMethodField()
    snapshot_url = serializers.SerializerMethodField()

    def get_pdf_url(self, version: Lp2kdVersion) -> str | None:
        if not (version.is_frozen and version.pdf_sha256):
            return None
        return reverse("api-lp2kd-version-pdf", args=[version.pk])

    def get_snapshot_url(self, version: Lp2kdVersion) -> str | None:
        if not (version.is_frozen and version.snapshot_sha256):
            return None
        return reverse("api-lp2kd-version-snapshot", args=[version.pk])


class Lp2kdOutput(serializers.Serializer):
    id = serializers.IntegerField()
    region = serializers.CharField(source="region_id")
    region_name = serializers.CharField(source="region.name")
    year = serializers.IntegerField()
    deadline = serializers.SerializerMethodField()
    versions = Lp2kdVersionOutput(many=True)

    def get_deadline(self, report: Lp2kd) -> str:
        return report_deadline(level=report.region.level, year=report.year).isoformat()


@extend_schema(
    tags=["laporan"],
    parameters=[OpenApiParameter("tahun", int, description="tahun laporan")],
)
class Lp2kdListApi(StrictQueryMixin, ListAPIView):
    """The LP2KD reports of the caller's regions, each with its versions and their state
    (newest first). An approved version links to its PDF and snapshot."""

    serializer_class = Lp2kdOutput
    pagination_class = ByIdCursor

    class FilterInput(serializers.Serializer):
        tahun = serializers.IntegerField(required=False, min_value=2000, max_value=2100)

    def get_queryset(self) -> Any:
        # The figures stay out of the list: a snapshot is fetched per version.
        versions = Lp2kdVersion.objects.defer("snapshot", "narratives").order_by("-number")
        rows = sel.lp2kd_list(user=self.request.user, via_api=True).prefetch_related(
            Prefetch("versions", queryset=versions)
        )
        if "tahun" in self.filters:
            rows = rows.filter(year=self.filters["tahun"])
        return rows


def _approved_version(request: Any, version_id: int) -> Lp2kdVersion:
    """A version the caller may download (404 otherwise, as for a missing one); 409 while
    it is not approved yet: only an approved version's figures are final."""
    version = sel.version_get_for_user(user=request.user, version_id=version_id, via_api=True)
    if not any(
        sel.lp2kd_may(request.user, version.report, p)
        for p in (P.DOWNLOAD_REPORTS, P.PREPARE_REPORT, P.USE_API)
    ):
        raise exceptions.NotFound()
    if not version.is_frozen:
        raise Conflict(
            _("Versi %(n)s belum disetujui; PDF dan cuplikan angkanya belum final.")
            % {"n": version.number}
        )
    return version


class Lp2kdSnapshotOutput(serializers.Serializer):
    id = serializers.IntegerField()
    region = serializers.CharField(source="report.region_id")
    year = serializers.IntegerField(source="report.year")
    number = serializers.IntegerField()
    state = serializers.CharField()
    snapshot_sha256 = serializers.CharField()
    pdf_sha256 = serializers.CharField()
    snapshot = serializers.JSONField()


@extend_schema(tags=["laporan"], responses={200: Lp2kdSnapshotOutput})
class Lp2kdVersionSnapshotApi(APIView):
    """An approved version's snapshot (every figure, as JSON) with the SHA-256 recorded at
    approval: what a regency sends to its province with the PDF. Audited."""

    def get(self, request: Any, pk: int) -> Response:
        version = _approved_version(request, pk)
        svc.lp2kd_snapshot_download_record(
            user=request.user, version=version, ip=request_ip(request)
        )
        return Response(Lp2kdSnapshotOutput(version).data)


@extend_schema(
    tags=["laporan"],
    responses={(200, "application/pdf"): OpenApiResponse(OpenApiTypes.BINARY)},
)
class Lp2kdVersionPdfApi(APIView):
    """An approved version's PDF, byte for byte as approved (checked against its recorded
    hash before it is handed out). Audited."""

    def get(self, request: Any, pk: int) -> Any:
        version = _approved_version(request, pk)
        try:
            path = svc.lp2kd_file_open(
                user=request.user, version=version, kind="pdf", ip=request_ip(request)
            )
        except FileNotFoundError:
            raise Conflict(_("Dokumen versi ini belum dibuat.")) from None
        except svc.FileAltered:
            raise Conflict(
                _(
                    "Berkas yang tersimpan tidak cocok dengan sidik (hash) yang tercatat saat "
                    "persetujuan, sehingga tidak diserahkan. Hubungi tim teknis."
                )
            ) from None
        response = FileResponse(path.open("rb"), as_attachment=True, filename=path.name)
        response["Content-Type"] = "application/pdf"
        return response


class Lp2kdSubmissionInput(serializers.Serializer):
    snapshot = serializers.JSONField(
        help_text="cuplikan angka versi yang disetujui, apa adanya (objek JSON; pada "
        "multipart: berkas atau teks JSON)"
    )
    snapshot_sha256 = serializers.CharField(help_text="SHA-256 cuplikan yang tercatat")
    pdf = serializers.FileField(required=False, help_text="PDF yang disetujui (multipart)")
    pdf_base64 = serializers.CharField(
        required=False, trim_whitespace=False, help_text="PDF yang disetujui dalam base64 (JSON)"
    )
    pdf_sha256 = serializers.CharField(help_text="SHA-256 PDF yang disetujui")


class Lp2kdSubmissionOutput(serializers.Serializer):
    outcome = serializers.CharField()
    id = serializers.IntegerField()
    report = serializers.IntegerField(source="report_id")
    region = serializers.CharField(source="report.region_id")
    year = serializers.IntegerField(source="report.year")
    number = serializers.IntegerField()
    snapshot_sha256 = serializers.CharField()
    pdf_sha256 = serializers.CharField()
    received_at = serializers.DateTimeField(source="submitted_at")
    deadline = serializers.SerializerMethodField()
    on_time = serializers.SerializerMethodField()

    def get_deadline(self, version: Lp2kdVersion) -> str:
        report = version.report
        return report_deadline(level=report.region.level, year=report.year).isoformat()

    def get_on_time(self, version: Lp2kdVersion) -> bool:
        assert version.submitted_at is not None
        report = version.report
        deadline = report_deadline(level=report.region.level, year=report.year)
        return timezone.localtime(version.submitted_at).date() <= deadline


def _field_error(field: str, message: str) -> serializers.ValidationError:
    return serializers.ValidationError({field: [message]})


def _snapshot_read(value: Any) -> Any:
    if isinstance(value, UploadedFile):
        if value.size is not None and value.size > SNAPSHOT_MAX_BYTES:
            raise _field_error("snapshot", _("Berkas cuplikan terlalu besar."))
        value = value.read()
    if isinstance(value, bytes | str):
        try:
            return json.loads(value)
        except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
            raise _field_error("snapshot", _("Cuplikan bukan JSON yang sah.")) from None
    return value


def _pdf_read(request: Any) -> bytes:
    upload = request.data.get("pdf")
    if isinstance(upload, UploadedFile):
        if upload.size is not None and upload.size > submissions.PDF_MAX_BYTES:
            raise _field_error("pdf", _("Berkas PDF terlalu besar."))
        return upload.read()
    encoded = request.data.get("pdf_base64")
    if not isinstance(encoded, str) or not encoded.strip():
        raise _field_error("pdf", _("Kirim PDF yang disetujui: berkas 'pdf' atau 'pdf_base64'."))
    try:
        return base64.b64decode("".join(encoded.split()), validate=True)
    except (binascii.Error, ValueError):
        raise _field_error("pdf_base64", _("Base64 PDF tidak valid.")) from None


@extend_schema(
    tags=["laporan"],
    request={"application/json": Lp2kdSubmissionInput, "multipart/form-data": Lp2kdSubmissionInput},
    responses={201: Lp2kdSubmissionOutput, 200: Lp2kdSubmissionOutput},
)
class Lp2kdSubmissionApi(APIView):
    """A regency's approved LP2KD handed in to this (the province's) installation: the
    snapshot exactly as approved with its SHA-256, and the PDF with its SHA-256. 201
    ``created``; the same version again 200 ``unchanged`` (nothing written); the same
    version number with other content 409; a snapshot or PDF whose hash does not match 400
    naming the field; a regency outside the token's region 404, as a missing one."""

    required_permission = P.USE_API

    def post(self, request: Any, region: str, year: int) -> Response:
        # The region first: outside the caller's scope nothing else is looked at.
        target = submissions.submission_region_get(user=request.user, code=region)
        try:
            request.data  # noqa: B018 - parsed here: JSON nested too deep is no error page
        except RecursionError:
            raise exceptions.ParseError(
                _("Cuplikan bersarang terlalu dalam untuk dibaca.")
            ) from None
        if not isinstance(request.data, dict):  # a QueryDict is one too
            raise exceptions.ParseError(_("Isi permintaan harus berupa objek JSON atau formulir."))
        data = Lp2kdSubmissionInput(
            data={k: v for k, v in request.data.items() if k not in ("pdf", "snapshot")}
        )
        # ``snapshot`` is read below (a file, JSON text or an object), not by the serializer.
        data.fields["snapshot"].required = False
        data.is_valid(raise_exception=True)
        if "snapshot" not in request.data:
            raise _field_error("snapshot", _("Kirim cuplikan angka yang disetujui."))
        received = submissions.Submission(
            snapshot=_snapshot_read(request.data["snapshot"]),
            snapshot_sha256=data.validated_data["snapshot_sha256"],
            pdf=_pdf_read(request),
            pdf_sha256=data.validated_data["pdf_sha256"],
        )
        try:
            version, outcome = submissions.lp2kd_submission_receive(
                user=request.user, region=target, year=year, data=received, ip=request_ip(request)
            )
        except ValidationError as exc:
            raise serializers.ValidationError(exc.message_dict) from exc
        except submissions.SubmissionConflict as exc:
            raise Conflict(str(exc)) from exc
        version.outcome = outcome  # type: ignore[attr-defined]
        code = status.HTTP_201_CREATED if outcome == submissions.Outcome.CREATED else 200
        return Response(Lp2kdSubmissionOutput(version).data, status=code)

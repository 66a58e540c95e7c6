"""Complaints for other agencies' systems: push a complaint they received, follow it."""

from __future__ import annotations

import base64
import binascii
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle
from rest_framework.views import APIView

from complaints import services
from complaints.models import Category, Channel, Complaint
from complaints.selectors import (
    complaint_already_filed,
    complaint_get_for_user,
    complaint_list,
    complaint_public_timeline,
)
from tkpk.apis.params import StrictQueryMixin
from tkpk.roles import Permission
from tkpk.services.audit import request_ip


class ComplaintAddressThrottle(SimpleRateThrottle):
    """Per client address, whoever the token belongs to (``TKPK_COMPLAINTS_API_RATE``)."""

    scope = "complaints"

    def get_cache_key(self, request: Any, view: Any) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class AttachmentInput(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    # Blank is an empty file: refused by the attachment check with its name and reason.
    content_base64 = serializers.CharField(allow_blank=True, trim_whitespace=False)


class ComplaintInput(serializers.Serializer):
    category = serializers.ChoiceField(choices=Category.choices)
    village = serializers.CharField(max_length=13, help_text="kode desa/kelurahan Kemendagri")
    description = serializers.CharField(max_length=8000)
    program = serializers.CharField(
        max_length=20, required=False, allow_blank=True, help_text="kode program, mis. PKH"
    )
    nik = serializers.CharField(max_length=40, required=False, allow_blank=True)
    kk = serializers.CharField(max_length=40, required=False, allow_blank=True)
    reporter_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    reporter_contact = serializers.CharField(max_length=200, required=False, allow_blank=True)
    anonymous = serializers.BooleanField(required=False, default=False)
    lapor_reference = serializers.CharField(max_length=40, required=False, allow_blank=True)
    external_reference = serializers.CharField(
        max_length=60,
        required=False,
        allow_blank=True,
        help_text="nomor pengaduan di sistem Anda; mengirim ulang nomor yang sama tidak "
        "membuat pengaduan kedua",
    )
    attachments = AttachmentInput(many=True, required=False)


class ComplaintStep(serializers.Serializer):
    at = serializers.DateTimeField()
    status = serializers.CharField()
    agency = serializers.CharField()
    reply = serializers.CharField()


class ComplaintOutput(serializers.ModelSerializer):
    region = serializers.CharField(source="village_id")
    village_name = serializers.CharField(source="village.name")
    program = serializers.SerializerMethodField()
    agency = serializers.SerializerMethodField()
    timeline = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = [
            "id",
            "code",
            "category",
            "program",
            "region",
            "village_name",
            "channel",
            "status",
            "agency",
            "lapor_reference",
            "external_reference",
            "received_at",
            "due_at",
            "resolved_at",
            "timeline",
        ]

    def get_program(self, complaint: Complaint) -> str:
        return complaint.program.code if complaint.program else ""

    def get_agency(self, complaint: Complaint) -> str:
        return complaint.agency.name if complaint.agency else ""

    @extend_schema_field(ComplaintStep(many=True))
    def get_timeline(self, complaint: Complaint) -> list[dict[str, Any]]:
        if not self.context.get("timeline"):
            return []
        return list(ComplaintStep(complaint_public_timeline(complaint=complaint), many=True).data)


@extend_schema(tags=["pengaduan"], request=ComplaintInput, responses={201: ComplaintOutput})
class ComplaintListApi(StrictQueryMixin, ListAPIView):
    """GET: the complaints the caller pushed (or may see), newest first. POST: push a
    complaint received by the caller's agency (channel ``api``, or ``lapor`` with
    ``lapor_reference``); 201 with the tracking code, 200 when ``external_reference`` was
    already pushed. Attachments are base64 photos or PDFs, checked by content."""

    serializer_class = ComplaintOutput
    required_permission = Permission.SUBMIT_COMPLAINTS
    throttle_classes = [ComplaintAddressThrottle]

    def get_queryset(self) -> Any:
        return complaint_list(user=self.request.user)

    def post(self, request: Any) -> Response:
        data = ComplaintInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        files = []
        for index, item in enumerate(d.get("attachments", [])):
            # Encoders wrap base64 in lines of 76: whitespace is not part of the content.
            encoded = "".join(item["content_base64"].split())
            try:
                content = base64.b64decode(encoded, validate=True)
            except (binascii.Error, ValueError) as exc:
                raise serializers.ValidationError(
                    {
                        "attachments": [
                            _("Lampiran %(index)s: base64 tidak valid.") % {"index": index}
                        ]
                    }
                ) from exc
            files.append(services.UploadedFile(name=item["name"], content=content))
        lapor = d.get("lapor_reference", "").strip()
        existed = complaint_already_filed(
            user=request.user, external_reference=d.get("external_reference", "")
        )
        try:
            complaint = services.complaint_file(
                data=services.ComplaintInput(
                    category=d["category"],
                    village=d["village"],
                    description=d["description"],
                    program_code=d.get("program", ""),
                    nik=d.get("nik", ""),
                    kk=d.get("kk", ""),
                    reporter_name=d.get("reporter_name", ""),
                    reporter_contact=d.get("reporter_contact", ""),
                    anonymous=d.get("anonymous", False),
                    channel=Channel.LAPOR if lapor else Channel.API,
                    lapor_reference=lapor,
                    external_reference=d.get("external_reference", ""),
                ),
                user=request.user,
                files=files,
                ip=request_ip(request),
            )
        except ValidationError as exc:
            fields = {"program_code": "program"}
            raise serializers.ValidationError(
                {fields.get(k, k): v for k, v in exc.message_dict.items()}
            ) from exc
        return Response(
            ComplaintOutput(complaint, context={"timeline": True}).data,
            status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
        )


@extend_schema(tags=["pengaduan"], responses=ComplaintOutput)
class ComplaintDetailApi(APIView):
    """One complaint the caller may see, with its public timeline."""

    required_permission = Permission.SUBMIT_COMPLAINTS

    def get(self, request: Any, pk: int) -> Response:
        complaint = complaint_get_for_user(user=request.user, complaint_id=pk)
        return Response(ComplaintOutput(complaint, context={"timeline": True}).data)

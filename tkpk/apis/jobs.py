from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import RetrieveAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from tkpk.access import user_assignments
from tkpk.models import Job
from tkpk.selectors.jobs import job_get_for_user


class JobOutput(serializers.ModelSerializer):
    percent = serializers.IntegerField()
    error = serializers.CharField(source="error_for_user")

    class Meta:
        model = Job
        fields = [
            "id",
            "kind",
            "state",
            "done",
            "total",
            "percent",
            "message",
            "error",
            "created_at",
            "started_at",
            "finished_at",
        ]


@extend_schema(tags=["pekerjaan"])
class JobDetailApi(RetrieveAPIView):
    """Progress of a background job the caller started."""

    serializer_class = JobOutput

    def get_object(self) -> Job:
        return job_get_for_user(user=self.request.user, job_id=self.kwargs["job_id"])


class MeOutput(serializers.Serializer):
    username = serializers.CharField()
    roles = serializers.ListField(child=serializers.DictField())


@extend_schema(tags=["akun"], responses=MeOutput)
class MeApi(APIView):
    """Who the caller is: roles, regions and agencies that scope every answer."""

    def get(self, request: Any) -> Response:
        roles = [
            {
                "role": a.role,
                "region": a.region_id,
                "region_name": a.region.name,
                "agency": a.agency.name if a.agency else None,
            }
            for a in user_assignments(request.user)
        ]
        return Response(MeOutput({"username": request.user.get_username(), "roles": roles}).data)

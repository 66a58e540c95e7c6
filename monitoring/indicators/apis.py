"""Indicators for other agencies' systems: read the figures in scope, push figures."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.response import Response

from monitoring.indicators import services as svc
from monitoring.indicators.selectors import IndicatorFilters, indicator_value_list
from monitoring.models import Indicator, PeriodKind
from tkpk.access import user_permissions
from tkpk.apis.pagination import ByIdCursor
from tkpk.apis.params import StrictQueryMixin
from tkpk.roles import Permission
from tkpk.services.audit import request_ip


class IndicatorOutput(serializers.Serializer):
    id = serializers.IntegerField()
    region = serializers.CharField(source="region_code")
    indicator = serializers.CharField()
    year = serializers.IntegerField()
    period = serializers.CharField()
    value = serializers.DecimalField(  # type: ignore[assignment]
        max_digits=18, decimal_places=4, coerce_to_string=True
    )
    unit = serializers.CharField()
    source = serializers.CharField()  # type: ignore[assignment]
    method_version = serializers.CharField()
    updated_at = serializers.DateTimeField()


class IndicatorRowInput(serializers.Serializer):
    region = serializers.CharField(max_length=13, help_text="kode wilayah; 00 = Indonesia")
    indicator = serializers.ChoiceField(choices=Indicator.choices)
    year = serializers.IntegerField()
    period = serializers.ChoiceField(choices=PeriodKind.choices)
    value = serializers.CharField(max_length=40)  # type: ignore[assignment]
    source = serializers.CharField(max_length=200)  # type: ignore[assignment]
    method_version = serializers.CharField(max_length=100, required=False, allow_blank=True)


class IndicatorPushInput(serializers.Serializer):
    values = serializers.ListField(child=IndicatorRowInput(), allow_empty=False, max_length=5000)


class IndicatorPushOutput(serializers.Serializer):
    new = serializers.IntegerField()
    changed = serializers.IntegerField()
    unchanged = serializers.IntegerField()


@extend_schema(
    tags=["pemantauan"],
    parameters=[
        OpenApiParameter("wilayah", str, description="kode wilayah (persis); 00 = Indonesia"),
        OpenApiParameter("indikator", str, enum=Indicator.values),
        OpenApiParameter("periode", str, enum=PeriodKind.values),
        OpenApiParameter("tahun", int),
    ],
    request=IndicatorPushInput,
    responses={200: IndicatorOutput(many=True)},
)
class IndicatorListApi(StrictQueryMixin, ListAPIView):
    """GET: poverty indicators of the caller's regions, and of their province and the
    country for comparison. POST: push figures (all valid or none stored; sending the same
    figures again changes nothing): 200 with the counts new / changed / unchanged, 400 with
    each refused row's number, column and reason."""

    serializer_class = IndicatorOutput
    pagination_class = ByIdCursor
    required_permission = Permission.VIEW_MONITORING

    class FilterInput(serializers.Serializer):
        wilayah = serializers.RegexField(r"^(00|\d{2}(\.\d{2})?)$", required=False)
        indikator = serializers.ChoiceField(choices=Indicator.choices, required=False)
        periode = serializers.ChoiceField(choices=PeriodKind.choices, required=False)
        tahun = serializers.IntegerField(required=False, min_value=1990, max_value=2100)

    def get_queryset(self) -> Any:
        return indicator_value_list(
            user=self.request.user,
            filters=IndicatorFilters(
                region=self.filters.get("wilayah", ""),
                indicator=self.filters.get("indikator", ""),
                period=self.filters.get("periode", ""),
                year=self.filters.get("tahun"),
            ),
        )

    def post(self, request: Any) -> Response:
        if Permission.SUBMIT_INDICATORS not in user_permissions(request.user):
            raise exceptions.PermissionDenied
        data = IndicatorPushInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            counts = svc.indicator_values_store(
                user=request.user,
                values=[
                    svc.ValueInput(
                        region_code=v["region"],
                        indicator=v["indicator"],
                        year=v["year"],
                        period=v["period"],
                        value=v["value"],
                        source=v["source"],
                        method_version=v.get("method_version", ""),
                    )
                    for v in data.validated_data["values"]
                ],
                ip=request_ip(request),
                via="api",
            )
        except PermissionDenied as exc:
            raise exceptions.PermissionDenied from exc
        except svc.RowsRefused as exc:
            raise exceptions.ValidationError(
                {
                    "values": [
                        str(
                            _("Baris %(row)s, kolom %(column)s: %(message)s")
                            % {"row": p["row"], "column": p["column"], "message": p["message"]}
                        )
                        for p in exc.problems
                    ]
                }
            ) from exc
        body = IndicatorPushOutput({k: counts[k] for k in ("new", "changed", "unchanged")}).data
        return Response(body, status=status.HTTP_200_OK)

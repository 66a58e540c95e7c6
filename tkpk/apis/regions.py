from __future__ import annotations

from typing import Any

from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView

from tkpk.apis.params import REGION_CODE, StrictQueryMixin
from tkpk.models import Region
from tkpk.roles import Permission
from tkpk.selectors.regions import region_get_for_user, region_list


class RegionOutput(serializers.ModelSerializer):
    level_label = serializers.CharField(source="get_level_display")

    class Meta:
        model = Region
        fields = ["code", "name", "level", "level_label", "parent"]


class RegionFilter(filters.FilterSet):
    level = filters.TypedChoiceFilter(choices=Region.Level.choices, coerce=int)
    parent = filters.CharFilter(field_name="parent_id", validators=[REGION_CODE])

    class Meta:
        model = Region
        fields = ["level", "parent"]


@extend_schema(
    tags=["wilayah"],
    parameters=[OpenApiParameter("search", str, description="Potongan nama atau kode wilayah")],
)
class RegionListApi(StrictQueryMixin, ListAPIView):
    """Regions within the caller's scope, searchable by name or code."""

    serializer_class = RegionOutput
    filterset_class = RegionFilter
    required_permission = Permission.VIEW_REGION

    class FilterInput(serializers.Serializer):
        search = serializers.CharField(required=False, allow_blank=True, max_length=100)

    def get_queryset(self) -> Any:
        return region_list(user=self.request.user, search=self.filters.get("search", ""))


@extend_schema(tags=["wilayah"])
class RegionDetailApi(RetrieveAPIView):
    serializer_class = RegionOutput
    required_permission = Permission.VIEW_REGION
    lookup_url_kwarg = "code"

    def get_object(self) -> Region:
        return region_get_for_user(user=self.request.user, code=self.kwargs["code"])

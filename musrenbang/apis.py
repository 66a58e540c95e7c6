"""The Musrenbang for other agencies' systems: planning years (stages, ceilings), forums,
proposals with their lineage and scores, and results (ranking, the agency's review and
the fate in the budget). Read only, scoped to the caller's region, cursor-paginated."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.generics import ListAPIView, RetrieveAPIView
from rest_framework.permissions import BasePermission
from rest_framework.response import Response

from musrenbang.lineage import Lineage, proposal_lineage
from musrenbang.models import PlanningYear, Proposal
from musrenbang.selectors import proposal_score_breakdown
from musrenbang.selectors_api import (
    api_forum_list,
    api_planning_year_get,
    api_planning_year_list,
    api_proposal_get,
    api_proposal_list,
    musrenbang_read_allowed,
)
from tkpk.access import codes_scope_q, user_has_role
from tkpk.apis.pagination import ByIdCursor
from tkpk.apis.params import RegionCodeField, StrictQueryMixin

TAGS = ["musrenbang"]


class CanReadMusrenbang(BasePermission):
    """A role that manages, proposes in or follows the region's programmes."""

    def has_permission(self, request: Any, view: Any) -> bool:
        user = request.user
        return bool(
            user and user.is_authenticated and user_has_role(user) and musrenbang_read_allowed(user)
        )


# ---------------------------------------------------------------------------- planning years


class StageOutput(serializers.Serializer):
    kind = serializers.CharField()
    order = serializers.IntegerField()
    starts_on = serializers.DateField(allow_null=True)
    ends_on = serializers.DateField(allow_null=True)
    closed_at = serializers.DateTimeField(allow_null=True)


class CeilingOutput(serializers.Serializer):
    district = serializers.CharField(source="district_id")
    district_name = serializers.CharField(source="district.name")
    amount = serializers.IntegerField()
    agreed_total = serializers.IntegerField()
    filled_at = serializers.DateTimeField(allow_null=True)


class PlanningYearOutput(serializers.Serializer):
    id = serializers.IntegerField()
    region = serializers.CharField(source="region_id")
    region_name = serializers.CharField(source="region.name")
    year = serializers.IntegerField()
    stages = StageOutput(many=True)


class PlanningYearDetailOutput(PlanningYearOutput):
    ceilings = CeilingOutput(many=True)


@extend_schema(tags=TAGS)
class PlanningYearListApi(StrictQueryMixin, ListAPIView):
    """Planning years (the RKPD year planned) of the caller's regency, with their stages."""

    permission_classes = [CanReadMusrenbang]

    serializer_class = PlanningYearOutput
    pagination_class = ByIdCursor

    def get_queryset(self) -> Any:
        return api_planning_year_list(user=self.request.user).prefetch_related("stages")


@extend_schema(tags=TAGS)
class PlanningYearDetailApi(RetrieveAPIView):
    """One planning year with its stages and every district's indicative ceiling and the
    total agreed within it."""

    permission_classes = [CanReadMusrenbang]

    serializer_class = PlanningYearDetailOutput

    def get_object(self) -> PlanningYear:
        year = api_planning_year_get(user=self.request.user, planning_year_id=self.kwargs["pk"])
        return PlanningYear.objects.prefetch_related("stages", "ceilings__district").get(pk=year.pk)


# ---------------------------------------------------------------------------- forums


class ForumOutput(serializers.Serializer):
    id = serializers.IntegerField()
    planning_year = serializers.IntegerField(source="planning_year_id")
    stage = serializers.CharField(source="stage.kind")
    region = serializers.CharField(source="region_id")
    region_name = serializers.CharField(source="region.name")
    level = serializers.CharField()
    kind = serializers.CharField()
    agency = serializers.CharField(source="agency.code", default=None)
    name = serializers.CharField()
    held_on = serializers.DateField()
    place = serializers.CharField()
    attendee_count = serializers.IntegerField()
    minutes_signed = serializers.SerializerMethodField()

    def get_minutes_signed(self, forum: Any) -> bool:
        return forum.signed_minutes_at is not None


class YearFilter(serializers.Serializer):
    tahun = serializers.IntegerField(
        required=False, min_value=1, help_text="id tahun perencanaan (dari /api/musrenbang/years/)"
    )
    wilayah = RegionCodeField(help_text="kode desa, kecamatan atau kabupaten")


@extend_schema(tags=TAGS)
class ForumListApi(StrictQueryMixin, ListAPIView):
    """Forums (Musdes, thematic, kecamatan, Forum OPD, kabupaten) with their attendance count
    and whether the signed berita acara is in. Names of attendees are not given."""

    permission_classes = [CanReadMusrenbang]

    serializer_class = ForumOutput
    pagination_class = ByIdCursor
    FilterInput = YearFilter

    def get_queryset(self) -> Any:
        rows = api_forum_list(user=self.request.user)
        if "tahun" in self.filters:
            rows = rows.filter(planning_year_id=self.filters["tahun"])
        if self.filters.get("wilayah"):
            rows = rows.filter(codes_scope_q([self.filters["wilayah"]], field="region__code"))
        return rows


# ---------------------------------------------------------------------------- proposals


class LineageOutput(serializers.Serializer):
    years_running = serializers.IntegerField(help_text="tahun berturut-turut, tahun ini termasuk")
    funded_before = serializers.IntegerField(help_text="tahun sebelumnya yang didanai")


class ReviewOutput(serializers.Serializer):
    decision = serializers.CharField(source="review")
    reason = serializers.CharField(source="review_reason")
    program = serializers.CharField(source="renja_program")
    activity = serializers.CharField(source="renja_activity")
    sub_activity = serializers.CharField(source="renja_sub_activity")
    cost = serializers.IntegerField(source="reviewed_cost", allow_null=True)
    reviewed_at = serializers.DateTimeField(allow_null=True)


class FateOutput(serializers.Serializer):
    fate = serializers.CharField()
    amount = serializers.IntegerField(source="fate_amount", allow_null=True)
    reason = serializers.CharField(source="fate_reason")
    recorded_at = serializers.DateTimeField(source="fate_at", allow_null=True)


class ResultOutput(serializers.Serializer):
    """Where a proposal ended: its rank in the district, the forum's decision, the agency's
    review and the budget's answer."""

    id = serializers.IntegerField()
    planning_year = serializers.IntegerField(source="planning_year_id")
    title = serializers.CharField()
    village = serializers.CharField(source="village_id")
    district = serializers.CharField(source="village.parent_id")
    agency = serializers.CharField(source="agency.code", default=None)
    estimated_cost = serializers.IntegerField()
    score = serializers.DecimalField(max_digits=7, decimal_places=4, allow_null=True)
    district_rank = serializers.IntegerField(allow_null=True)
    status = serializers.CharField()
    status_reason = serializers.CharField()
    review = ReviewOutput(source="*")
    fate = FateOutput(source="*")
    lineage = serializers.SerializerMethodField()

    @extend_schema_field(LineageOutput)
    def get_lineage(self, proposal: Proposal) -> dict[str, int]:
        found: Lineage = self.context.get("lineage", {}).get(
            proposal.pk, Lineage(years_running=1, funded_before=0)
        )
        return {"years_running": found.years_running, "funded_before": found.funded_before}


class ProposalOutput(ResultOutput):
    stage = serializers.CharField(source="stage.kind")
    forum = serializers.IntegerField(source="forum_id", allow_null=True)
    rank_in_forum = serializers.IntegerField(allow_null=True)
    carried_up_from = serializers.IntegerField(
        source="parent_id", allow_null=True, help_text="usulan asal di tingkat bawah"
    )
    repeats = serializers.IntegerField(
        source="repeats_id", allow_null=True, help_text="usulan tahun sebelumnya yang diulang"
    )
    problem = serializers.CharField()
    village_name = serializers.CharField(source="village.name")
    rt = serializers.CharField()
    rw = serializers.CharField()
    is_physical = serializers.BooleanField()
    field_of_affairs = serializers.CharField()
    cluster = serializers.IntegerField(allow_null=True)
    strategy = serializers.CharField()
    volume = serializers.DecimalField(max_digits=12, decimal_places=2)
    unit = serializers.CharField()
    beneficiaries = serializers.IntegerField()
    beneficiary_kind = serializers.CharField()


class CriterionScoreOutput(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    weight = serializers.IntegerField()
    automatic = serializers.BooleanField()
    assessors = serializers.IntegerField(help_text="jumlah skor yang tercatat")
    mean = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)


class ProposalDetailOutput(ProposalOutput):
    scores = serializers.SerializerMethodField()

    @extend_schema_field(CriterionScoreOutput(many=True))
    def get_scores(self, proposal: Proposal) -> list[dict[str, Any]]:
        return [
            {
                "code": row.criterion.code,
                "name": row.criterion.name,
                "weight": row.criterion.weight,
                "automatic": bool(row.criterion.automatic),
                "assessors": len(row.values),
                "mean": row.mean,
            }
            for row in proposal_score_breakdown(proposal=proposal)
        ]


class ProposalFilter(YearFilter):
    status = serializers.ChoiceField(choices=Proposal.Status.choices, required=False)


class _WithLineage:
    """Lists give each page's proposals their lineage in one statement."""

    def list(self, request: Any, *args: Any, **kwargs: Any) -> Response:
        view: Any = self
        page = view.paginate_queryset(view.get_queryset())
        context = view.get_serializer_context()
        context["lineage"] = proposal_lineage(proposal_ids=[p.pk for p in page])
        serializer = view.get_serializer(page, many=True, context=context)
        return view.get_paginated_response(serializer.data)  # type: ignore[no-any-return]


def _proposal_filters(rows: Any, filters: dict[str, Any]) -> Any:
    if "tahun" in filters:
        rows = rows.filter(planning_year_id=filters["tahun"])
    if filters.get("wilayah"):
        rows = rows.filter(codes_scope_q([filters["wilayah"]], field="village__code"))
    if filters.get("status"):
        rows = rows.filter(status=filters["status"])
    return rows


@extend_schema(tags=TAGS)
class ProposalListApi(StrictQueryMixin, _WithLineage, ListAPIView):
    """Proposals (usulan) with their score, rank, lineage (years running) and outcome."""

    permission_classes = [CanReadMusrenbang]

    serializer_class = ProposalOutput
    pagination_class = ByIdCursor
    FilterInput = ProposalFilter

    def get_queryset(self) -> Any:
        return _proposal_filters(api_proposal_list(user=self.request.user), self.filters)


@extend_schema(tags=TAGS)
class ProposalDetailApi(RetrieveAPIView):
    """One proposal with each criterion's mean score besides the weighted score."""

    permission_classes = [CanReadMusrenbang]

    serializer_class = ProposalDetailOutput

    def get_object(self) -> Proposal:
        return api_proposal_get(user=self.request.user, proposal_id=self.kwargs["pk"])

    def get_serializer_context(self) -> dict[str, Any]:
        return {
            **super().get_serializer_context(),
            "lineage": proposal_lineage(proposal_ids=[self.kwargs["pk"]]),
        }


@extend_schema(tags=TAGS)
class ResultListApi(StrictQueryMixin, _WithLineage, ListAPIView):
    """Results: every proposal a district forum ranked or refused, with its rank, the
    forum's decision and reason, the agency's review and its fate in the budget."""

    permission_classes = [CanReadMusrenbang]

    serializer_class = ResultOutput
    pagination_class = ByIdCursor
    FilterInput = ProposalFilter

    def get_queryset(self) -> Any:
        rows = api_proposal_list(user=self.request.user).exclude(status=Proposal.Status.PROPOSED)
        return _proposal_filters(rows, self.filters)

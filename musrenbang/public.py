"""The public page of a village's Musrenbang: its proposals of one planning year and what
became of each (the forums, the agency, the budget). No login and no personal data: no
names of proposers, attendees or users, no problem texts, only what the forums and
agencies decided about each proposal."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from musrenbang.lineage import proposal_lineage
from musrenbang.models import PlanningYear, Proposal
from tkpk.models import Region


def public_village_get(*, code: str) -> Region:
    village = (
        Region.objects.select_related("parent__parent")
        .filter(code=code, level=Region.Level.VILLAGE)
        .first()
    )
    if village is None:
        raise Http404
    return village


def public_village_years(*, village: Region) -> QuerySet[PlanningYear]:
    """The planning years of the village's regency that hold a proposal of the village."""
    return PlanningYear.objects.filter(proposals__village=village).distinct().order_by("-year")


@dataclass(frozen=True)
class PublicProposal:
    title: str
    field: str
    physical: bool
    volume: Any
    unit: str
    cost: int
    outcome: str
    reason: str
    agency: str
    years_running: int


def _outcome(p: Proposal) -> tuple[str, str]:
    """The furthest step the proposal reached and the reason given there."""
    if p.fate == Proposal.Fate.FUNDED:
        return _("Didanai dalam anggaran"), ""
    if p.fate == Proposal.Fate.NOT_FUNDED:
        return _("Tidak didanai"), p.fate_reason
    if p.review == Proposal.Review.ACCEPTED:
        return _("Masuk Renja perangkat daerah, menunggu anggaran"), ""
    if p.review:
        return str(p.get_review_display()), p.review_reason
    if p.status == Proposal.Status.ACCEPTED:
        return _("Disepakati Musrenbang kecamatan"), ""
    if p.status == Proposal.Status.PROPOSED:
        return _("Diusulkan, belum diputuskan"), ""
    return str(p.get_status_display()), p.status_reason


def public_village_proposals(
    *, village: Region, planning_year: PlanningYear
) -> list[PublicProposal]:
    rows = list(
        Proposal.objects.filter(planning_year=planning_year, village=village)
        .select_related("agency")
        .order_by("rank_in_forum", "id")
    )
    lineage = proposal_lineage(proposal_ids=[p.pk for p in rows]) if rows else {}
    result = []
    for p in rows:
        outcome, reason = _outcome(p)
        found = lineage.get(p.pk)
        result.append(
            PublicProposal(
                title=p.title,
                field=str(p.get_field_of_affairs_display()),
                physical=p.is_physical,
                volume=p.volume,
                unit=p.unit,
                cost=p.fate_amount
                if p.fate == Proposal.Fate.FUNDED and p.fate_amount
                else p.estimated_cost,
                outcome=outcome,
                reason=reason,
                agency=p.agency.name if p.agency else "",
                years_running=found.years_running if found else 1,
            )
        )
    return result

"""The berita acara (minutes) of a forum, data first: ``forum_minutes`` builds a plain,
JSON-serialisable snapshot of everything the document shows (PLANNING.md section 3, the
Permendagri 86/2017 form); ``forum_minutes_pdf`` renders it through ``tkpk.pdf``. The same
snapshot always renders the same document."""

from __future__ import annotations

from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _

from musrenbang.models import Attendance, Forum, Proposal
from musrenbang.selectors import attendance_mix, district_ceiling
from musrenbang.services.ceilings import FILL_RULE
from tkpk.models import Region
from tkpk.pdf import pdf_render

DAYS = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
MONTHS = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def _title(forum: Forum) -> str:
    """The form's title: the regency's Musrenbang held in a district, a village's Musdes,
    or the forum's own name."""
    regency = forum.planning_year.region.name.upper()
    year = forum.planning_year.year
    if forum.kind == Forum.Kind.GENERAL and forum.level == Forum.Level.DISTRICT:
        return _(
            "BERITA ACARA HASIL KESEPAKATAN MUSRENBANG RKPD %(regency)s DI KECAMATAN "
            "%(district)s TAHUN %(year)s"
        ) % {"regency": regency, "district": forum.region.name.upper(), "year": year}
    return _("BERITA ACARA HASIL KESEPAKATAN %(forum)s RKPD %(regency)s TAHUN %(year)s") % {
        "forum": forum.name.upper(),
        "regency": regency,
        "year": year,
    }


def _forum_proposals(forum: Forum) -> list[Proposal]:
    """A district forum agrees on its district's ranking; any other forum on the proposals
    it raised, in its own order."""
    if forum.level == Forum.Level.DISTRICT:
        rows = Proposal.objects.filter(
            planning_year_id=forum.planning_year_id,
            village__code__startswith=forum.region_id + ".",
        ).order_by("district_rank", "id")
    else:
        rows = forum.proposals.order_by("rank_in_forum", "id")
    return list(rows.select_related("village", "agency"))


def _proposal_row(p: Proposal) -> dict[str, Any]:
    return {
        "id": p.pk,
        "title": p.title,
        "field": str(p.get_field_of_affairs_display()),
        "program": str(p.get_cluster_display()) if p.cluster else "",
        "target": f"{p.beneficiaries} {p.get_beneficiary_kind_display()}",
        "village": p.village.name,
        "village_code": p.village_id,
        "volume": f"{formats.number_format(p.volume, decimal_pos=2)} {p.unit}",
        "cost": p.estimated_cost,
        "agency": p.agency.name if p.agency else "",
        "physical": p.is_physical,
        "rank": p.district_rank or p.rank_in_forum,
        "status": p.status,
        "reason": p.status_reason,
    }


def forum_minutes(*, forum: Forum) -> dict[str, Any]:
    """Every figure and line of the forum's berita acara."""
    mix = attendance_mix(forum=forum)
    attendees = list(forum.attendees.order_by("id"))
    proposals = _forum_proposals(forum)
    district_level = forum.level == Forum.Level.DISTRICT
    agreed_status = {Proposal.Status.ACCEPTED} if district_level else None
    agreed = [
        _proposal_row(p)
        for p in proposals
        if (p.status in agreed_status if agreed_status else p.status != Proposal.Status.REJECTED)
    ]
    # Lampiran II groups the priorities by the agency responsible (table T-D.4).
    agreed.sort(key=lambda r: (r["agency"] or "~", r["rank"] or 0, r["id"]))
    for number, row in enumerate(agreed, start=1):
        row["number"] = number
    not_accommodated = [
        _proposal_row(p)
        for p in proposals
        if p.status in (Proposal.Status.RESERVE, Proposal.Status.REJECTED)
        and (district_level or p.status == Proposal.Status.REJECTED)
    ]
    ceiling = None
    if district_level:
        found = district_ceiling(
            planning_year=forum.planning_year, district=Region(code=forum.region_id)
        )
        if found is not None:
            ceiling = {"amount": found.amount, "agreed": found.agreed_total}
    region = forum.region
    regency = forum.planning_year.region
    held = forum.held_on
    return {
        "forum_id": forum.pk,
        "title": _title(forum),
        "forum_name": forum.name,
        "level": str(forum.get_level_display()),
        "kind": str(forum.get_kind_display()),
        "region": region.name,
        "regency": regency.name,
        "year": forum.planning_year.year,
        "number": forum.minutes_number,
        "day": DAYS[held.weekday()],
        "date": held.isoformat(),
        "date_text": f"{held.day} {MONTHS[held.month - 1]} {held.year}",
        "place": forum.place,
        "chair": forum.chair,
        "chair_nip": forum.chair_nip,
        "attendance": {
            "total": mix.total,
            "women": mix.women,
            "men": mix.total - mix.women,
            "disability": mix.disability,
            "poor": mix.poor,
            "warnings": list(mix.warnings),
        },
        "attendees": [
            {
                "number": i,
                "name": a.name,
                "institution": a.institution,
                "element": str(a.get_element_display()),
                "sex": a.sex,
            }
            for i, a in enumerate(attendees, start=1)
        ],
        "delegates": [
            {"number": i, "name": a.name, "institution": a.institution}
            for i, a in enumerate((a for a in attendees if a.is_delegate), start=1)
        ],
        "representatives": [
            {"number": i, "name": a.name, "element": str(a.get_element_display())}
            for i, a in enumerate(_representatives(attendees), start=1)
        ],
        "agreed": agreed,
        "agreed_total": sum(r["cost"] for r in agreed),
        "not_accommodated": not_accommodated,
        "physical_share": (
            round(100 * sum(r["physical"] for r in agreed) / len(agreed)) if agreed else 0
        ),
        "ceiling": ceiling,
        "fill_rule": str(FILL_RULE) if district_level else "",
    }


def _representatives(attendees: list[Attendance]) -> list[Attendance]:
    """Participants' representatives who sign: the delegates, else one per element."""
    delegates = [a for a in attendees if a.is_delegate]
    if delegates:
        return delegates
    seen: set[str] = set()
    chosen = []
    for a in attendees:
        if a.element not in seen:
            seen.add(a.element)
            chosen.append(a)
    return chosen[:6]


def forum_minutes_pdf(*, minutes: dict[str, Any]) -> bytes:
    return pdf_render(template_name="musrenbang/berita_acara.html", context={"m": minutes})

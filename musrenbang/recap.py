"""The regency recap of a planning year, data first: ``regency_recap`` builds a plain,
JSON-serialisable snapshot of every figure (by district, field of affairs, agency and
status, with the totals) and of the priority list in the T-D.4 layout (PLANNING.md
section 3); the page, the XLSX and the CSV render that snapshot.

Every figure comes from a grouped query (one per grouping); the T-D.4 list is the agreed
proposals themselves, read in one query. Everything is limited to the user's region.
"""

from __future__ import annotations

import csv
import io
from typing import Any

from django.db.models import BigIntegerField, Count, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import formats
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from musrenbang.lineage import proposal_years_running
from musrenbang.models import DistrictCeiling, FieldOfAffairs, PlanningYear, Proposal
from musrenbang.selectors import musrenbang_scope_q
from tkpk.exports import spreadsheet_safe
from tkpk.models import Region

S = Proposal.Status
FIGURES = (
    "proposals",
    "cost",
    "physical",
    "accepted",
    "accepted_cost",
    "reserve",
    "rejected",
    "renja",
    "funded",
    "funded_amount",
    "not_funded",
)


def _sum(field: str, condition: Q | None = None) -> Coalesce:
    return Coalesce(Sum(field, filter=condition), Value(0), output_field=BigIntegerField())


def _figures() -> dict[str, Any]:
    """The same figures for every grouping (and the totals)."""
    accepted = Q(status=S.ACCEPTED)
    funded = Q(fate=Proposal.Fate.FUNDED)
    return {
        "proposals": Count("id"),
        "cost": _sum("estimated_cost"),
        "physical": Count("id", filter=Q(is_physical=True)),
        "accepted": Count("id", filter=accepted),
        "accepted_cost": _sum("estimated_cost", accepted),
        "reserve": Count("id", filter=Q(status=S.RESERVE)),
        "rejected": Count("id", filter=Q(status=S.REJECTED)),
        "renja": Count("id", filter=Q(review=Proposal.Review.ACCEPTED)),
        "funded": Count("id", filter=funded),
        "funded_amount": _sum("fate_amount", funded),
        "not_funded": Count("id", filter=Q(fate=Proposal.Fate.NOT_FUNDED)),
    }


def recap_proposals(*, user: Any, planning_year: PlanningYear) -> QuerySet[Proposal]:
    return Proposal.objects.filter(
        musrenbang_scope_q(user, field="village__code"), planning_year=planning_year
    )


def _grouped(rows: QuerySet[Proposal], *keys: str) -> list[dict[str, Any]]:
    return list(rows.values(*keys).annotate(**_figures()).order_by(*keys))


def _plain(row: dict[str, Any]) -> dict[str, int]:
    return {k: int(row[k]) for k in FIGURES}


def _volume(p: Proposal) -> str:
    return f"{formats.number_format(p.volume, decimal_pos=2, use_l10n=True)} {p.unit}"


def _location(p: Proposal) -> str:
    district = p.village.parent
    return f"{p.village.name}, {district.name}" if district else p.village.name


def tabel_td4_rows(
    *, rows: QuerySet[Proposal], planning_year: PlanningYear
) -> list[dict[str, Any]]:
    """The agreed proposals in the T-D.4 layout: by responsible agency (unrouted last),
    then district and the district's rank. ``program`` is the agency's Renja program when
    it has reviewed the proposal, else the proposal's cluster."""
    agreed = list(
        rows.filter(status=S.ACCEPTED)
        .select_related("village__parent", "agency")
        .order_by("agency__name", "village__parent_id", "district_rank", "id")
    )
    unrouted = [p for p in agreed if p.agency_id is None]
    ordered = [p for p in agreed if p.agency_id is not None] + unrouted
    running = proposal_years_running(planning_year=planning_year) if ordered else {}
    result = []
    for number, p in enumerate(ordered, start=1):
        result.append(
            {
                "id": p.pk,
                "no_prioritas_daerah": number,
                "prioritas_daerah": str(p.get_field_of_affairs_display()),
                "sasaran_daerah": str(p.get_cluster_display()) if p.cluster else "",
                "program": p.renja_program or (str(p.get_cluster_display()) if p.cluster else ""),
                "kegiatan_prioritas": p.title,
                "sasaran_kegiatan": f"{p.beneficiaries} {p.get_beneficiary_kind_display()}",
                "lokasi": _location(p),
                "volume": _volume(p),
                "pagu": p.estimated_cost,
                "perangkat_daerah": p.agency.name if p.agency else "",
                # Beside the ten columns: what the page and the annex sheet also show.
                "village_code": p.village_id,
                "district_rank": p.district_rank,
                "review": str(p.get_review_display()) if p.review else "",
                "fate": str(p.get_fate_display()) if p.fate else "",
                "fate_amount": p.fate_amount,
                "years_running": running.get(p.pk, 1),
            }
        )
    return result


def regency_recap(*, user: Any, planning_year: PlanningYear) -> dict[str, Any]:
    """Every figure of the year's recap the user may see, as plain data."""
    rows = recap_proposals(user=user, planning_year=planning_year)
    totals = _plain(rows.aggregate(**_figures()))
    by_district = _grouped(rows, "village__parent_id")
    codes = [r["village__parent_id"] for r in by_district]
    names = dict(Region.objects.filter(code__in=codes).values_list("code", "name"))
    ceilings = {
        c["district_id"]: c
        for c in DistrictCeiling.objects.filter(
            planning_year=planning_year, district_id__in=codes
        ).values("district_id", "amount", "agreed_total")
    }
    fields = dict(FieldOfAffairs.choices)
    statuses = dict(S.choices)
    td4 = tabel_td4_rows(rows=rows, planning_year=planning_year)
    return {
        "planning_year_id": planning_year.pk,
        "year": planning_year.year,
        "regency": planning_year.region.name,
        "totals": totals,
        "ceiling_total": sum(int(c["amount"]) for c in ceilings.values()),
        "districts": [
            {
                "code": r["village__parent_id"],
                "name": names.get(r["village__parent_id"], r["village__parent_id"]),
                "ceiling": int(ceilings[r["village__parent_id"]]["amount"])
                if r["village__parent_id"] in ceilings
                else None,
                "agreed_total": int(ceilings[r["village__parent_id"]]["agreed_total"])
                if r["village__parent_id"] in ceilings
                else None,
                **_plain(r),
            }
            for r in by_district
        ],
        "fields": [
            {
                "code": r["field_of_affairs"],
                "name": str(fields.get(r["field_of_affairs"], r["field_of_affairs"])),
                **_plain(r),
            }
            for r in _grouped(rows, "field_of_affairs")
        ],
        "agencies": sorted(
            (
                {
                    "id": r["agency_id"],
                    "name": r["agency__name"] or _("(belum ditujukan ke perangkat daerah)"),
                    **_plain(r),
                }
                for r in _grouped(rows, "agency_id", "agency__name")
            ),
            key=lambda a: (a["id"] is None, a["name"]),
        ),
        "statuses": [
            {"code": r["status"], "name": str(statuses.get(r["status"], r["status"])), **_plain(r)}
            for r in _grouped(rows, "status")
        ],
        "td4": td4,
        "td4_total": sum(r["pagu"] for r in td4),
        "repeated": sum(1 for r in td4 if r["years_running"] > 1),
    }


TD4_COLUMNS = (
    ("no_prioritas_daerah", "No."),
    ("prioritas_daerah", "Prioritas Daerah"),
    ("sasaran_daerah", "Sasaran Daerah"),
    ("program", "Program"),
    ("kegiatan_prioritas", "Kegiatan Prioritas"),
    ("sasaran_kegiatan", "Sasaran Kegiatan"),
    ("lokasi", "Lokasi (Desa/Kel.)"),
    ("volume", "Volume"),
    ("pagu", "Pagu (Rp)"),
    ("perangkat_daerah", "Perangkat Daerah Penanggung Jawab"),
)


def _td4_line(row: dict[str, Any]) -> list[Any]:
    return [spreadsheet_safe(row[key]) for key, _label in TD4_COLUMNS]


def recap_csv(*, recap: dict[str, Any]) -> bytes:
    """Table T-D.4 alone, one header row and one line per agreed proposal, for entry into
    the national planning system (UTF-8 with BOM so Excel reads it)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([label for _key, label in TD4_COLUMNS])
    for row in recap["td4"]:
        writer.writerow(_td4_line(row))
    return out.getvalue().encode("utf-8-sig")


SUMMARY_HEADERS = (
    ("proposals", "Usulan"),
    ("cost", "Biaya usulan (Rp)"),
    ("physical", "Fisik"),
    ("accepted", "Disepakati"),
    ("accepted_cost", "Biaya disepakati (Rp)"),
    ("reserve", "Cadangan"),
    ("rejected", "Ditolak"),
    ("renja", "Masuk Renja"),
    ("funded", "Didanai"),
    ("funded_amount", "Anggaran (Rp)"),
    ("not_funded", "Tidak didanai"),
)


def recap_xlsx(*, recap: dict[str, Any]) -> bytes:
    """Sheet ``T-D.4`` in the table's ten columns with its total, then one sheet per
    grouping of the recap."""
    book = Workbook()
    sheet = book.active
    sheet.title = "T-D.4"
    sheet.append(
        [
            "Daftar Urutan Kegiatan Prioritas berdasar Perangkat Daerah — "
            f"RKPD {recap['year']} {recap['regency']}"
        ]
    )
    sheet.append([label for _key, label in TD4_COLUMNS])
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in recap["td4"]:
        sheet.append(_td4_line(row))
    sheet.append(["", "", "", "", "", "", "", "Jumlah", recap["td4_total"], ""])
    for title, rows, first in (
        ("Kecamatan", recap["districts"], ("name", "Kecamatan")),
        ("Bidang urusan", recap["fields"], ("name", "Bidang urusan")),
        ("Perangkat daerah", recap["agencies"], ("name", "Perangkat daerah")),
        ("Status", recap["statuses"], ("name", "Status")),
    ):
        extra = [("ceiling", "Pagu indikatif (Rp)")] if title == "Kecamatan" else []
        columns = [first, *extra, *SUMMARY_HEADERS]
        grouped = book.create_sheet(title)
        grouped.append([label for _key, label in columns])
        for cell in grouped[1]:
            cell.font = Font(bold=True)
        for row in rows:
            grouped.append([spreadsheet_safe(row[key]) for key, _label in columns])
        grouped.append(
            ["Jumlah", *(["" for _e in extra]), *(recap["totals"][k] for k, _l in SUMMARY_HEADERS)]
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

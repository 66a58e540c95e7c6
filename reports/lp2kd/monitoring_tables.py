"""The LP2KD's tables from the monitoring module: the indicator trend and extreme poverty
(chapter II), money planned and spent (III), output targets against realisation (IV), the
TKPK and its meetings (V). Each replaces the placeholder of the same key in
``reports.lp2kd.sections`` (registered when the app is ready). Only the region's own rows
count: its RAT of the year, accepted realisation reports, its decree and meetings."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from monitoring.coordination.selectors import overdue_q
from monitoring.models import (
    Allocation,
    FollowUp,
    Indicator,
    IndicatorValue,
    Meeting,
    PeriodKind,
    Plan,
    Report,
    Spending,
    Target,
    TkpkDecree,
)
from programs.models import Program
from reports.lp2kd.sections import (
    SectionInput,
    Table,
    col,
    empty,
    table,
    table_data_set,
)
from tkpk.access import codes_scope_q

TREND = [Indicator.POOR_COUNT, Indicator.P0, Indicator.P1, Indicator.P2, Indicator.POVERTY_LINE]
PERIOD_ORDER = {kind: i for i, kind in enumerate(PeriodKind.values)}


def _number(value: Decimal | None) -> float | None:
    """A figure as the snapshot stores it (JSON has no decimals)."""
    return None if value is None else float(value)


def _rupiah(value: Decimal | None) -> int:
    return int((value or Decimal(0)).quantize(Decimal(1)))


def _percent(part: Decimal, whole: Decimal) -> float | None:
    return round(float(part * 100 / whole), 1) if whole else None


def indicator_trend(inp: SectionInput) -> Table:
    values = IndicatorValue.objects.filter(
        region_code=inp.region, indicator__in=TREND, year__lte=inp.year
    ).values_list("year", "period", "indicator", "value")
    by_period: dict[tuple[int, str], dict[str, Decimal]] = defaultdict(dict)
    for year, period, indicator, value in values:
        by_period[(year, period)][indicator] = value
    if not by_period:
        return empty(
            _("Belum ada indikator kemiskinan wilayah ini sampai tahun %(year)s.")
            % {"year": inp.year}
        )
    periods = sorted(by_period, key=lambda k: (k[0], PERIOD_ORDER.get(k[1], 99)))
    labels = dict(PeriodKind.choices)
    return table(
        columns=[
            col(_("Tahun")),
            col(_("Periode"), num=False),
            col(_("Penduduk miskin (ribu jiwa)")),
            col(_("P0 (%)")),
            col(_("P1")),
            col(_("P2")),
            col(_("Garis kemiskinan (Rp/kapita/bulan)")),
        ],
        rows=[
            [
                year,
                str(labels.get(period, period)),
                *[_number(by_period[(year, period)].get(i)) for i in TREND],
            ]
            for year, period in periods
        ],
    )


def extreme_poverty(inp: SectionInput) -> Table:
    rows = list(
        IndicatorValue.objects.filter(
            region_code=inp.region, indicator=Indicator.EXTREME_POVERTY, year__lte=inp.year
        )
        .order_by("year", "period")
        .values_list("year", "period", "value", "method_version", "source")
    )
    if not rows:
        return empty(
            _("Belum ada angka kemiskinan ekstrem wilayah ini sampai tahun %(year)s.")
            % {"year": inp.year}
        )
    labels = dict(PeriodKind.choices)
    return table(
        columns=[
            col(_("Tahun")),
            col(_("Periode"), num=False),
            col(_("Kemiskinan ekstrem (%)")),
            col(_("Garis yang dipakai"), num=False),
            col(_("Sumber"), num=False),
        ],
        rows=[
            [year, str(labels.get(period, period)), _number(value), method, source]
            for year, period, value, method, source in rows
        ],
    )


def _rat_q(inp: SectionInput, prefix: str) -> Q:
    return codes_scope_q([inp.region], field=f"{prefix}plan__region__code") & Q(
        **{f"{prefix}plan__kind": Plan.Kind.RAT, f"{prefix}plan__first_year": inp.year}
    )


def budget_by_cluster_agency_source(inp: SectionInput) -> Table:
    sub = "sub_activity__"
    key = (f"{sub}activity__program__priority__cluster", f"{sub}agency__name", "source")
    planned = {
        tuple(r[k] for k in key): r["total"]
        for r in Allocation.objects.filter(_rat_q(inp, sub), year=inp.year)
        .values(*key)
        .annotate(total=Sum("amount"))
        .order_by()
    }
    spent_key = tuple("report__" + k if k != "source" else k for k in key)
    realised = {
        tuple(r[k] for k in spent_key): r["total"]
        for r in Spending.objects.filter(
            _rat_q(inp, "report__" + sub),
            report__status=Report.Status.ACCEPTED,
            report__year=inp.year,
        )
        .values(*spent_key)
        .annotate(total=Sum("amount"))
        .order_by()
    }
    keys = sorted(set(planned) | set(realised), key=lambda k: (k[0], k[1] or "", k[2]))
    if not keys:
        return empty(
            _("Tidak ada RAT %(year)s dengan pagu atau realisasi di wilayah ini.")
            % {"year": inp.year}
        )
    clusters, sources = dict(Program.Cluster.choices), dict(Program.Funding.choices)
    rows = []
    for cluster, agency, source in keys:
        plan, spent = (
            planned.get((cluster, agency, source)),
            realised.get((cluster, agency, source)),
        )
        rows.append(
            [
                str(clusters.get(cluster, cluster)),
                agency or "",
                str(sources.get(source, source)),
                _rupiah(plan),
                _rupiah(spent),
                _percent(spent or Decimal(0), plan or Decimal(0)),
            ]
        )
    total_plan = sum((p for p in planned.values()), Decimal(0))
    total_spent = sum((s for s in realised.values()), Decimal(0))
    return table(
        columns=[
            col(_("Klaster"), num=False),
            col(_("Perangkat daerah"), num=False),
            col(_("Sumber dana"), num=False),
            col(_("Pagu (Rp)")),
            col(_("Realisasi (Rp)")),
            col(_("Serapan (%)")),
        ],
        rows=rows,
        total=[
            _("Jumlah"),
            "",
            "",
            _rupiah(total_plan),
            _rupiah(total_spent),
            _percent(total_spent, total_plan),
        ],
        note=_("Realisasi: laporan triwulan yang diterima sekretariat."),
    )


def output_targets(inp: SectionInput) -> Table:
    targets = list(
        Target.objects.filter(_rat_q(inp, "sub_activity__"), year=inp.year)
        .order_by("sub_activity__code")
        .values_list(
            "sub_activity_id",
            "sub_activity__code",
            "sub_activity__name",
            "sub_activity__indicator",
            "sub_activity__unit",
            "sub_activity__agency__name",
            "value",
        )
    )
    if not targets:
        return empty(
            _("Tidak ada target keluaran RAT %(year)s di wilayah ini.") % {"year": inp.year}
        )
    physical = dict(
        Report.objects.filter(
            sub_activity_id__in=[t[0] for t in targets],
            status=Report.Status.ACCEPTED,
            year=inp.year,
        )
        .values("sub_activity_id")
        .annotate(total=Sum("physical"))
        .values_list("sub_activity_id", "total")
    )
    detail = [
        [
            f"{code} {name}",
            indicator,
            unit,
            agency or "",
            _number(target),
            _number(physical.get(sub_id) or Decimal(0)),
            _percent(physical.get(sub_id) or Decimal(0), target),
        ]
        for sub_id, code, name, indicator, unit, agency, target in targets
    ]
    note = _("Realisasi: laporan triwulan yang diterima sekretariat.")
    annex = table(
        columns=[
            col(_("Sub kegiatan"), num=False),
            col(_("Indikator"), num=False),
            col(_("Satuan"), num=False),
            col(_("Perangkat daerah"), num=False),
            col(_("Target")),
            col(_("Realisasi")),
            col(_("Capaian (%)")),
        ],
        rows=detail,
        note=note,
    )
    return table(
        columns=[
            col(_("Perangkat daerah"), num=False),
            col(_("Sub kegiatan")),
            col(_("Capaian 100% atau lebih")),
            col(_("Capaian 50–99%")),
            col(_("Capaian di bawah 50%")),
            col(_("Tanpa target")),
        ],
        rows=_achievement_by_agency(detail),
        note=note
        + " "
        + _(
            "Rincian %(n)s sub kegiatan (target, realisasi dan capaian masing-masing) ada di "
            "lampiran XLSX, lembar T4.1."
        )
        % {"n": len(detail)},
        annex=annex,
    )


def _achievement_by_agency(detail: list[list[Any]]) -> list[list[Any]]:
    """Per agency: its sub-activities counted by how far they reached their target (the
    rows of the annex, already read: a regency's RAT holds some thousands)."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0, 0])
    for _sub, _indicator, _unit, agency, _target, _done, share in detail:
        bucket = counts[agency]
        bucket[0] += 1
        if share is None:
            bucket[4] += 1
        elif share >= 100:
            bucket[1] += 1
        elif share >= 50:
            bucket[2] += 1
        else:
            bucket[3] += 1
    return [[agency, *counts[agency]] for agency in sorted(counts)]


def tkpk_composition(inp: SectionInput) -> Table:
    year_end = date(inp.year, 12, 31)
    decree = (
        TkpkDecree.objects.filter(region_id=inp.region, sk_date__lte=year_end)
        .order_by("-term_start", "-sk_date", "-id")
        .first()
    )
    if decree is None:
        return empty(_("Belum ada SK TKPK wilayah ini yang tercatat."))
    positions = dict(decree.members.model.Position.choices)
    members = decree.members.select_related("agency").order_by("id")
    return table(
        columns=[
            col(_("Kedudukan"), num=False),
            col(_("Nama"), num=False),
            col(_("Jabatan"), num=False),
            col(_("Lembaga/instansi"), num=False),
        ],
        rows=[
            [
                str(positions.get(m.position, m.position)),
                m.name,
                m.title,
                m.agency.name if m.agency else m.institution,
            ]
            for m in members
        ],
        note=_("SK %(number)s tanggal %(date)s, berlaku %(start)s sampai %(end)s.")
        % {
            "number": decree.sk_number,
            "date": decree.sk_date.isoformat(),
            "start": decree.term_start.isoformat(),
            "end": decree.term_end.isoformat(),
        },
    )


def meetings_and_follow_ups(inp: SectionInput) -> Table:
    meetings = list(
        Meeting.objects.filter(region_id=inp.region, held_on__year=inp.year)
        .annotate(
            actions=Count("follow_ups"),
            done=Count("follow_ups", filter=Q(follow_ups__status=FollowUp.Status.DONE)),
            overdue=Count("follow_ups", filter=overdue_q(inp.cutoff, prefix="follow_ups__")),
        )
        .order_by("held_on", "id")
    )
    if not meetings:
        return empty(
            _("Tidak ada rapat koordinasi TKPK yang tercatat pada tahun %(year)s.")
            % {"year": inp.year}
        )
    rows: list[list[Any]] = [
        [m.held_on.isoformat(), m.title, m.actions, m.done, m.overdue] for m in meetings
    ]
    return table(
        columns=[
            col(_("Tanggal"), num=False),
            col(_("Rapat"), num=False),
            col(_("Tindak lanjut")),
            col(_("Selesai")),
            col(_("Terlambat")),
        ],
        rows=rows,
        total=[_("Jumlah"), "", *[sum(r[i] for r in rows) for i in (2, 3, 4)]],
    )


def monitoring_tables_register() -> None:
    for key, compute in (
        ("T2.1", indicator_trend),
        ("T2.2", extreme_poverty),
        ("T3.1", budget_by_cluster_agency_source),
        ("T4.1", output_targets),
        ("T5.1", tkpk_composition),
        ("T5.2", meetings_and_follow_ups),
    ):
        table_data_set(key, compute)

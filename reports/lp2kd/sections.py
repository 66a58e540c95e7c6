"""The LP2KD's chapters and the tables generated into them, as data.

A table is registered once with the function that computes it for a region, a year and the
chosen targeting run. Each function is a few grouped statements over stored columns (a
household's decile and member count, a run's per-village results): the work does not grow
with the number of people beyond what the database aggregates, and no row is looped over
in Python, except the small per-year sets noted where they are read (complaints resolved in
a year, a year's disbursement stages).

A table whose data the product does not hold yet is registered without a function: the
report says which data is missing. Wiring it later is one call to ``table_register`` with
the same key and a function.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from complaints.models import OPEN_STATUSES, Category, Channel, Complaint
from complaints.selectors import median_days_to_resolve
from households.models import Household
from musrenbang.models import Proposal, Stage
from programs.models import (
    Disbursement,
    Group,
    GroupMember,
    Program,
    Repayment,
    RunHouseholdProgram,
    RunPersonProgram,
    RunVillageCoverage,
    RunVillageStat,
    TargetingRun,
)
from programs.targeting.selectors import UNIT_FIGURES
from tkpk.access import codes_scope_q
from tkpk.models import Region

DECILES = range(1, 11)


@dataclass(frozen=True)
class SectionInput:
    """What every table is computed for."""

    region: str  # a regency/city or a province code
    year: int
    run_id: int | None
    today: date

    @property
    def level(self) -> int:
        return {2: Region.Level.PROVINCE, 5: Region.Level.REGENCY}.get(
            len(self.region), Region.Level.DISTRICT
        )

    @property
    def child_length(self) -> int:
        """Codes one level down: regencies of a province, districts of a regency."""
        return {2: 5, 5: 8}.get(len(self.region), 13)

    @property
    def cutoff(self) -> date:
        """The last day the report covers: the year's end, or today while it runs."""
        return min(date(self.year, 12, 31), self.today)


Table = dict[str, Any]
Compute = Callable[[SectionInput], Table]


@dataclass(frozen=True)
class Chapter:
    key: str
    title: Promise
    # The editable default outline of its narrative (no official template was found).
    outline: Promise


@dataclass(frozen=True)
class TableSpec:
    key: str
    chapter: str
    title: Promise
    compute: Compute | None = None
    # For a table without a function: what is missing, in the reader's words.
    missing: Promise | str = ""
    landscape: bool = False
    # Region levels the table is made for (a village table is a regency's, not a province's).
    levels: frozenset[int] = frozenset({Region.Level.REGENCY, Region.Level.PROVINCE})


CHAPTERS: list[Chapter] = [
    Chapter(
        "I",
        gettext_lazy("Pendahuluan"),
        gettext_lazy(
            "1.1 Latar belakang\n\n1.2 Dasar hukum\n\n1.3 Maksud dan tujuan\n\n1.4 Sistematika"
        ),
    ),
    Chapter(
        "II",
        gettext_lazy("Kondisi Kemiskinan Daerah"),
        gettext_lazy(
            "Uraikan perkembangan kemiskinan daerah, kemiskinan ekstrem, sebaran rumah tangga "
            "miskin per kecamatan dan desa, serta indikator pendukung (TPT, Gini, IPM)."
        ),
    ),
    Chapter(
        "III",
        gettext_lazy("Kebijakan dan Anggaran"),
        gettext_lazy(
            "Uraikan kebijakan penanggulangan kemiskinan dan alokasi anggaran terhadap "
            "realisasinya menurut klaster, perangkat daerah dan sumber dana."
        ),
    ),
    Chapter(
        "IV",
        gettext_lazy("Pelaksanaan Program"),
        gettext_lazy(
            "Uraikan capaian program, ketepatan sasaran, kelompok usaha, penyaluran, hasil "
            "Musrenbang dan penanganan pengaduan."
        ),
    ),
    Chapter(
        "V",
        gettext_lazy("Kelembagaan dan Koordinasi TKPK"),
        gettext_lazy("Uraikan susunan TKPK, rapat koordinasi, keputusan dan tindak lanjutnya."),
    ),
    Chapter(
        "VI",
        gettext_lazy("Kesimpulan dan Rekomendasi"),
        gettext_lazy("6.1 Kesimpulan\n\n6.2 Rekomendasi"),
    ),
]
CHAPTER_KEYS = [c.key for c in CHAPTERS]

TABLES: dict[str, TableSpec] = {}


def table_register(spec: TableSpec) -> None:
    """Add a table, or replace the one of the same key (a placeholder getting its data)."""
    if spec.chapter not in CHAPTER_KEYS:
        raise ValueError(f"unknown chapter {spec.chapter!r}")
    TABLES[spec.key] = spec


def table_data_set(key: str, compute: Compute) -> None:
    """Give a registered placeholder its data: same title, chapter and place, now computed."""
    spec = TABLES[key]
    TABLES[key] = replace(spec, compute=compute, missing="")


def chapter_tables(chapter: str, *, level: int) -> list[TableSpec]:
    return [t for t in TABLES.values() if t.chapter == chapter and level in t.levels]


# Building tables ----------------------------------------------------------------------


def col(label: str, *, num: bool = True) -> dict[str, Any]:
    return {"label": label, "num": num}


def table(
    *,
    columns: list[dict[str, Any]],
    rows: list[list[Any]],
    total: list[Any] | None = None,
    note: str = "",
    missing: str = "",
    annex: Table | None = None,
) -> Table:
    """``annex``: the rows in full for the XLSX annex, where the PDF prints a summary."""
    made = {"columns": columns, "rows": rows, "total": total, "note": note, "missing": missing}
    if annex is not None:
        made["annex"] = annex
    return made


def grouped_rows(rows: Any) -> list[dict[str, Any]]:
    """A grouped query's rows as plain dicts, keyed by the annotations' names."""
    return list(rows)


def empty(reason: str) -> Table:
    return table(columns=[], rows=[], missing=reason)


def _totals(rows: list[list[Any]], *, skip: int, label: str) -> list[Any]:
    """A total row: the label, blanks for the other text columns, sums of the numbers."""
    width = len(rows[0])
    sums = [sum(row[i] or 0 for row in rows) for i in range(skip, width)]
    return [label, *[""] * (skip - 1), *sums]


def percent(part: int | None, whole: int | None) -> float | None:
    return round(100 * (part or 0) / whole, 1) if whole else None


def _names(codes: set[str]) -> dict[str, str]:
    return dict(Region.objects.filter(code__in=codes).values_list("code", "name"))


def _scope(inp: SectionInput, field: str = "village__code") -> Q:
    return codes_scope_q([inp.region], field=field)


def _year_bounds(year: int) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(date(year, 1, 1), time.min, tzinfo=tz),
        datetime.combine(date(year + 1, 1, 1), time.min, tzinfo=tz),
    )


# II: registry -------------------------------------------------------------------------


def _decile_counts() -> dict[str, Any]:
    return {
        "households": Count("id"),
        "people": Sum("member_count"),
        **{f"d{i}": Count("id", filter=Q(welfare_decile=i)) for i in DECILES},
        "unknown": Count("id", filter=Q(welfare_decile__isnull=True)),
        "extreme": Count("id", filter=Q(extreme_poor=True)),
    }


def _decile_columns(area: str) -> list[dict[str, Any]]:
    return [
        col(area, num=False),
        col(_("Kode"), num=False),
        col(_("Rumah tangga")),
        col(_("Jiwa")),
        *[col(_("D%(n)s") % {"n": i}) for i in DECILES],
        col(_("Tanpa desil")),
        col(_("Miskin ekstrem")),
    ]


def _decile_table(inp: SectionInput, *, length: int, area: str) -> Table:
    grouped = grouped_rows(
        Household.objects.filter(_scope(inp), status=Household.Status.ACTIVE)
        .annotate(area=Substr("village_id", 1, length))
        .values("area")
        .annotate(**_decile_counts())
        .order_by("area")
    )
    if not grouped:
        return empty(_("Belum ada rumah tangga aktif di registri wilayah ini."))
    names = _names({g["area"] for g in grouped})
    rows = [
        [
            names.get(g["area"], g["area"]),
            g["area"],
            g["households"],
            g["people"] or 0,
            *[g[f"d{i}"] for i in DECILES],
            g["unknown"],
            g["extreme"],
        ]
        for g in grouped
    ]
    return table(
        columns=_decile_columns(area),
        rows=rows,
        total=_totals(rows, skip=2, label=_("Jumlah")),
        note=_(
            "Rumah tangga aktif menurut desil kesejahteraan di registri pada saat laporan "
            "dibuat (D1 = 10% termiskin)."
        ),
    )


def households_by_decile_per_area(inp: SectionInput) -> Table:
    area = _("Kabupaten/Kota") if inp.level == Region.Level.PROVINCE else _("Kecamatan")
    return _decile_table(inp, length=inp.child_length, area=area)


def households_by_decile_per_village(inp: SectionInput) -> Table:
    return _decile_table(inp, length=13, area=_("Desa/Kelurahan"))


# IV: targeting ------------------------------------------------------------------------


def _run(inp: SectionInput) -> TargetingRun | None:
    if inp.run_id is None:
        return None
    return TargetingRun.objects.filter(pk=inp.run_id, state=TargetingRun.State.DONE).first()


def _no_run() -> Table:
    return empty(
        _(
            "Belum ada analisis penargetan yang selesai dan dipilih untuk laporan ini: pilih "
            "analisis pada halaman versi laporan."
        )
    )


def _unit_label(unit: str) -> str:
    return _("jiwa") if unit == Program.TargetUnit.PERSON else _("keluarga")


def _run_programs(run: TargetingRun) -> list[Program]:
    return list(Program.objects.filter(code__in=run.criteria_snapshot or {}).order_by("code"))


def recipients_by_decile(inp: SectionInput) -> Table:
    run = _run(inp)
    if run is None:
        return _no_run()
    person = Q(program__target_unit=Program.TargetUnit.PERSON)
    # Receiving families of a family program; enrolled persons of a person program.
    counts: dict[tuple[int, int | None], int] = {}
    for rows in (
        RunHouseholdProgram.objects.filter(_scope(inp), ~person, run=run, receives=True),
        RunPersonProgram.objects.filter(_scope(inp), run=run, enrolled=True),
    ):
        for row in rows.values("program_id", "welfare_decile").annotate(n=Count("id")).order_by():
            counts[(row["program_id"], row["welfare_decile"])] = row["n"]
    rows_out = []
    for program in _run_programs(run):
        by_decile = {d: n for (p, d), n in counts.items() if p == program.pk}
        rows_out.append(
            [
                program.code,
                _unit_label(program.target_unit),
                *[by_decile.get(d, 0) for d in DECILES],
                by_decile.get(None, 0),
                sum(by_decile.values()),
            ]
        )
    if not rows_out:
        return empty(_("Analisis penargetan yang dipilih tidak memuat program."))
    return table(
        columns=[
            col(_("Program"), num=False),
            col(_("Satuan"), num=False),
            *[col(_("D%(n)s") % {"n": i}) for i in DECILES],
            col(_("Tanpa desil")),
            col(_("Jumlah")),
        ],
        rows=rows_out,
        note=_(
            "Keluarga penerima program keluarga dan jiwa terdaftar program perorangan, menurut "
            "desil pada analisis penargetan tanggal %(date)s."
        )
        % {"date": date_format(run.reference_date, "j F Y")},
    )


def _stat_totals(inp: SectionInput, run: TargetingRun) -> dict[int, dict[str, Any]]:
    fields = {name for figures in UNIT_FIGURES.values() for name in figures.values()} | {
        "recipient_rows",
        "not_in_registry",
        "duplicates",
        "deceased_or_moved",
    }
    return {
        row["program_id"]: row
        for row in grouped_rows(
            RunVillageStat.objects.filter(_scope(inp), run=run)
            .values("program_id")
            .annotate(**{name: Sum(name) for name in sorted(fields)})
            .order_by()
        )
    }


def targeting_columns() -> list[dict[str, Any]]:
    """A program's targeting figures, in the regency's table and the province's roll-up."""
    return [
        col(_("Program"), num=False),
        col(_("Satuan"), num=False),
        col(_("Memenuhi syarat")),
        col(_("Menerima")),
        col(_("Kesalahan eksklusi")),
        col(_("Kesalahan inklusi")),
        col(_("Cakupan (%)")),
    ]


def targeting_errors(inp: SectionInput) -> Table:
    run = _run(inp)
    if run is None:
        return _no_run()
    stats = _stat_totals(inp, run)
    rows = []
    for program in _run_programs(run):
        unit = "person" if program.target_unit == Program.TargetUnit.PERSON else "household"
        row = stats.get(program.pk, {})
        f = {figure: row.get(name) or 0 for figure, name in UNIT_FIGURES[unit].items()}
        rows.append(
            [
                program.code,
                _unit_label(program.target_unit),
                f["eligible"],
                f["receiving"],
                f["exclusion"],
                f["inclusion"],
                percent(f["eligible"] - f["exclusion"], f["eligible"]),
            ]
        )
    if not rows:
        return empty(_("Analisis penargetan yang dipilih tidak memuat program."))
    return table(
        columns=targeting_columns(),
        rows=rows,
        note=_(
            "Eksklusi: memenuhi syarat tetapi tidak menerima. Inklusi: menerima pada desil 7 "
            "ke atas. Setiap program dihitung dalam satuannya sendiri."
        ),
    )


def combination_coverage(inp: SectionInput) -> Table:
    run = _run(inp)
    if run is None:
        return _no_run()
    grouped = grouped_rows(
        RunVillageCoverage.objects.filter(_scope(inp), run=run)
        .annotate(area=Substr("village_id", 1, inp.child_length))
        .values("area")
        .annotate(
            poor=Sum("poor_households"),
            qualifying=Sum("qualifying_households"),
            covered=Sum("fully_covered"),
            nothing=Sum("receiving_nothing"),
        )
        .order_by("area")
    )
    if not grouped:
        return empty(_("Analisis penargetan yang dipilih tidak memuat data cakupan wilayah ini."))
    names = _names({g["area"] for g in grouped})
    rows = [
        [
            names.get(g["area"], g["area"]),
            g["area"],
            g["poor"] or 0,
            g["qualifying"] or 0,
            g["covered"] or 0,
            g["nothing"] or 0,
            percent(g["covered"], g["qualifying"]),
        ]
        for g in grouped
    ]
    total = _totals([r[:-1] for r in rows], skip=2, label=_("Jumlah"))
    total.append(percent(total[4], total[3]))
    area = _("Kabupaten/Kota") if inp.level == Region.Level.PROVINCE else _("Kecamatan")
    return table(
        columns=[
            col(area, num=False),
            col(_("Kode"), num=False),
            col(_("Keluarga D1-4")),
            col(_("Memenuhi syarat")),
            col(_("Tercakup penuh")),
            col(_("Tidak menerima apa pun")),
            col(_("Cakupan (%)")),
        ],
        rows=rows,
        total=total,
        note=_("Keluarga desil 1-4: tercakup penuh bila menerima setiap program yang ia penuhi."),
    )


def recipient_list_problems(inp: SectionInput) -> Table:
    run = _run(inp)
    if run is None:
        return _no_run()
    stats = _stat_totals(inp, run)
    rows = [
        [
            program.code,
            (stats.get(program.pk) or {}).get("recipient_rows") or 0,
            (stats.get(program.pk) or {}).get("not_in_registry") or 0,
            (stats.get(program.pk) or {}).get("duplicates") or 0,
            (stats.get(program.pk) or {}).get("deceased_or_moved") or 0,
        ]
        for program in _run_programs(run)
    ]
    if not rows:
        return empty(_("Analisis penargetan yang dipilih tidak memuat program."))
    return table(
        columns=[
            col(_("Program"), num=False),
            col(_("Baris daftar penerima")),
            col(_("Tidak ada di registri")),
            col(_("Ganda")),
            col(_("Meninggal atau pindah")),
        ],
        rows=rows,
        total=_totals(rows, skip=1, label=_("Jumlah")),
    )


# IV: groups, disbursements, Musrenbang, complaints -------------------------------------


def business_groups(inp: SectionInput) -> Table:
    groups = Group.objects.filter(_scope(inp)).filter(
        Q(disbursed_on__isnull=True) | Q(disbursed_on__lte=date(inp.year, 12, 31))
    )
    per_program = {
        row["program__code"]: row
        for row in grouped_rows(
            groups.values("program__code")
            .annotate(groups=Count("id"), stimulus=Sum("stimulus_amount"), loan=Sum("loan_amount"))
            .order_by()
        )
    }
    if not per_program:
        return empty(_("Belum ada kelompok usaha (KUBE/KSM) tercatat di wilayah ini."))
    members = {
        row["group__program__code"]: row["n"]
        for row in grouped_rows(
            GroupMember.objects.filter(group__in=groups)
            .values("group__program__code")
            .annotate(n=Count("id"))
            .order_by()
        )
    }
    # Instalments due by the end of the year (or today), against what was paid on them.
    due = {
        row["group__program__code"]: row
        for row in grouped_rows(
            Repayment.objects.filter(group__in=groups, due_on__lte=inp.cutoff)
            .values("group__program__code")
            .annotate(due=Sum("amount_due"), paid=Sum("amount_paid"))
            .order_by()
        )
    }
    rows = []
    for code in sorted(per_program):
        row, owed = per_program[code], due.get(code) or {}

        arrears = (owed.get("due") or 0) - (owed.get("paid") or 0)
        rows.append(
            [
                code,
                row["groups"],
                members.get(code, 0),
                row["stimulus"] or 0,
                row["loan"] or 0,
                owed.get("due") or 0,
                owed.get("paid") or 0,
                max(arrears, 0),
            ]
        )
    return table(
        columns=[
            col(_("Program"), num=False),
            col(_("Kelompok")),
            col(_("Anggota")),
            col(_("Dana stimulan (Rp)")),
            col(_("Pinjaman bergulir (Rp)")),
            col(_("Angsuran jatuh tempo (Rp)")),
            col(_("Dibayar (Rp)")),
            col(_("Tunggakan (Rp)")),
        ],
        rows=rows,
        total=_totals(rows, skip=1, label=_("Jumlah")),
        note=_("Angsuran yang jatuh tempo sampai %(date)s.")
        % {"date": date_format(inp.cutoff, "j F Y")},
    )


def disbursement_delays(inp: SectionInput) -> Table:
    stages = Disbursement.objects.filter(
        _scope(inp, "region__code"), planned_on__year=inp.year
    ).select_related("period__program")
    late = Q(actual_on__gt=F("planned_on")) | Q(actual_on__isnull=True, planned_on__lt=inp.cutoff)
    per_program = {
        row["period__program__code"]: row
        for row in grouped_rows(
            stages.values("period__program__code")
            .annotate(
                stages=Count("id"),
                planned=Sum("planned_amount"),
                actual=Sum("actual_amount"),
                late=Count("id", filter=late),
                unpaid=Count("id", filter=Q(actual_on__isnull=True, planned_on__lt=inp.cutoff)),
            )
            .order_by()
        )
    }
    if not per_program:
        return empty(_("Belum ada jadwal penyaluran tahun ini di wilayah ini."))
    # A year's stages number in the dozens: their delays are read as dates.
    delays: dict[str, list[int]] = {}
    for code, planned, actual in stages.filter(actual_on__gt=F("planned_on")).values_list(
        "period__program__code", "planned_on", "actual_on"
    ):
        if actual is not None:
            delays.setdefault(code, []).append((actual - planned).days)
    rows = []
    for code in sorted(per_program):
        row = per_program[code]
        days = delays.get(code, [])
        rows.append(
            [
                code,
                row["stages"],
                row["planned"] or 0,
                row["actual"] or 0,
                row["late"],
                row["unpaid"],
                round(statistics.mean(days), 1) if days else None,
            ]
        )
    return table(
        columns=[
            col(_("Program"), num=False),
            col(_("Tahap")),
            col(_("Rencana (Rp)")),
            col(_("Realisasi (Rp)")),
            col(_("Terlambat")),
            col(_("Belum cair")),
            col(_("Rata-rata keterlambatan (hari)")),
        ],
        rows=rows,
    )


def musrenbang_results(inp: SectionInput) -> Table:
    proposals = Proposal.objects.filter(
        _scope(inp), planning_year__year=inp.year + 1
    ).select_related("stage")
    grouped = grouped_rows(
        proposals.values("stage__kind", "stage__order")
        .annotate(
            total=Count("id"),
            accepted=Count("id", filter=Q(status=Proposal.Status.ACCEPTED)),
            reserve=Count("id", filter=Q(status=Proposal.Status.RESERVE)),
            rejected=Count("id", filter=Q(status=Proposal.Status.REJECTED)),
            proposed=Count("id", filter=Q(status=Proposal.Status.PROPOSED)),
            cost=Sum("estimated_cost", filter=Q(status=Proposal.Status.ACCEPTED)),
        )
        .order_by("stage__order")
    )
    if not grouped:
        return empty(
            _("Belum ada usulan Musrenbang untuk RKPD %(year)s di wilayah ini.")
            % {"year": inp.year + 1}
        )
    kinds = dict(Stage.Kind.choices)
    rows = [
        [
            str(kinds.get(g["stage__kind"], g["stage__kind"])),
            g["total"],
            g["accepted"],
            g["reserve"],
            g["rejected"],
            g["proposed"],
            g["cost"] or 0,
        ]
        for g in grouped
    ]
    return table(
        columns=[
            col(_("Tahap"), num=False),
            col(_("Usulan")),
            col(_("Disepakati")),
            col(_("Cadangan")),
            col(_("Ditolak")),
            col(_("Belum diputuskan")),
            col(_("Biaya disepakati (Rp)")),
        ],
        rows=rows,
        note=_("Musrenbang tahun %(year)s untuk RKPD %(next)s.")
        % {"year": inp.year, "next": inp.year + 1},
    )


def _complaints(inp: SectionInput) -> Any:
    start, end = _year_bounds(inp.year)
    return Complaint.objects.filter(_scope(inp), received_at__gte=start, received_at__lt=end)


def complaints_summary(inp: SectionInput) -> Table:
    complaints = _complaints(inp)
    totals = complaints.aggregate(
        received=Count("id"),
        resolved=Count("id", filter=Q(resolved_at__isnull=False)),
        open=Count("id", filter=Q(status__in=OPEN_STATUSES)),
    )
    if not totals["received"]:
        return empty(_("Tidak ada pengaduan yang diterima pada tahun ini di wilayah ini."))
    return table(
        columns=[
            col(_("Diterima")),
            col(_("Selesai ditangani")),
            col(_("Masih terbuka")),
            col(_("Median hari sampai selesai")),
        ],
        rows=[
            [
                totals["received"],
                totals["resolved"],
                totals["open"],
                median_days_to_resolve(complaints),
            ]
        ],
    )


def _complaints_by(inp: SectionInput, field: str, labels: dict[str, Any], head: str) -> Table:
    complaints = _complaints(inp)
    grouped = grouped_rows(
        complaints.values(field)
        .annotate(received=Count("id"), resolved=Count("id", filter=Q(resolved_at__isnull=False)))
        .order_by("-received", field)
    )
    if not grouped:
        return empty(_("Tidak ada pengaduan yang diterima pada tahun ini di wilayah ini."))
    rows = [[str(labels.get(g[field], g[field])), g["received"], g["resolved"]] for g in grouped]
    return table(
        columns=[col(head, num=False), col(_("Diterima")), col(_("Selesai ditangani"))],
        rows=rows,
        total=_totals(rows, skip=1, label=_("Jumlah")),
    )


def complaints_by_category(inp: SectionInput) -> Table:
    return _complaints_by(inp, "category", dict(Category.choices), _("Kategori"))


def complaints_by_channel(inp: SectionInput) -> Table:
    return _complaints_by(inp, "channel", dict(Channel.choices), _("Kanal"))


# The registry ---------------------------------------------------------------------------

for spec in (
    TableSpec(
        "T2.1",
        "II",
        gettext_lazy("Perkembangan indikator kemiskinan"),
        missing=gettext_lazy(
            "indikator kemiskinan BPS per tahun dan periode (penduduk miskin, P0, P1, P2, garis "
            "kemiskinan) belum dicatat di modul pemantauan."
        ),
    ),
    TableSpec(
        "T2.2",
        "II",
        gettext_lazy("Kemiskinan ekstrem"),
        missing=gettext_lazy(
            "angka kemiskinan ekstrem resmi dan sasarannya belum dicatat di modul pemantauan "
            "(jumlah rumah tangga miskin ekstrem menurut registri ada pada tabel sebaran desil)."
        ),
    ),
    TableSpec(
        "T2.3",
        "II",
        gettext_lazy("Rumah tangga menurut desil per wilayah"),
        households_by_decile_per_area,
        landscape=True,
    ),
    TableSpec(
        "T2.4",
        "II",
        gettext_lazy("Rumah tangga menurut desil per desa/kelurahan"),
        households_by_decile_per_village,
        landscape=True,
        levels=frozenset({Region.Level.REGENCY}),
    ),
    TableSpec(
        "T3.1",
        "III",
        gettext_lazy(
            "Alokasi dan realisasi anggaran menurut klaster, perangkat daerah dan sumber dana"
        ),
        missing=gettext_lazy(
            "alokasi dan realisasi anggaran program penanggulangan kemiskinan belum dicatat di "
            "modul pemantauan."
        ),
        landscape=True,
    ),
    TableSpec(
        "T4.1",
        "IV",
        gettext_lazy("Target dan realisasi keluaran program"),
        missing=gettext_lazy(
            "target dan realisasi keluaran program belum dicatat di modul pemantauan."
        ),
        landscape=True,
    ),
    TableSpec(
        "T4.2",
        "IV",
        gettext_lazy("Penerima program menurut desil"),
        recipients_by_decile,
        landscape=True,
    ),
    TableSpec("T4.3", "IV", gettext_lazy("Ketepatan sasaran per program"), targeting_errors),
    TableSpec(
        "T4.4",
        "IV",
        gettext_lazy("Cakupan kombinasi program keluarga desil 1-4"),
        combination_coverage,
    ),
    TableSpec("T4.5", "IV", gettext_lazy("Masalah daftar penerima"), recipient_list_problems),
    TableSpec("T4.6", "IV", gettext_lazy("Kelompok usaha (KUBE/KSM)"), business_groups),
    TableSpec("T4.7", "IV", gettext_lazy("Penyaluran dan keterlambatan"), disbursement_delays),
    TableSpec("T4.8", "IV", gettext_lazy("Hasil Musrenbang"), musrenbang_results),
    TableSpec("T4.9", "IV", gettext_lazy("Pengaduan masyarakat"), complaints_summary),
    TableSpec("T4.10", "IV", gettext_lazy("Pengaduan menurut kategori"), complaints_by_category),
    TableSpec("T4.11", "IV", gettext_lazy("Pengaduan menurut kanal"), complaints_by_channel),
    TableSpec(
        "T5.1",
        "V",
        gettext_lazy("Susunan keanggotaan TKPK"),
        missing=gettext_lazy("susunan keanggotaan TKPK belum dicatat di modul pemantauan."),
    ),
    TableSpec(
        "T5.2",
        "V",
        gettext_lazy("Rapat koordinasi dan tindak lanjut"),
        missing=gettext_lazy(
            "rapat koordinasi TKPK, keputusannya dan tindak lanjutnya belum dicatat di modul "
            "pemantauan."
        ),
    ),
    TableSpec(
        "T5.3",
        "V",
        gettext_lazy("Penyampaian LP2KD kabupaten/kota"),
        # Given its data by ``reports.lp2kd.rollup`` (registered when the app is ready).
        missing=gettext_lazy("penyampaian LP2KD kabupaten/kota belum dapat dibaca."),
        landscape=True,
        levels=frozenset({Region.Level.PROVINCE}),
    ),
):
    table_register(spec)


def table_compute(spec: TableSpec, inp: SectionInput) -> Table:
    """The table's figures, or the block that says what is missing."""
    if spec.compute is None:
        return empty(_("Data belum tersedia di aplikasi: %(what)s") % {"what": spec.missing})
    return spec.compute(inp)

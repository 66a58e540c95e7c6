"""The provincial roll-up: each regency's or city's LP2KD of a year as the province received
it (on time, late, missing), and the province's tables that gather the figures of the
versions its regencies submitted, by regency.

Every figure comes from the frozen snapshot of the newest submitted version (made in this
installation or received over the API), never from the live registry: the province reports
what its regencies reported. A province has at most a few dozen regencies, so their
snapshots are read as JSON one by one; the regencies and their newest submission are
found in one grouped query.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import OuterRef, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from reports.lp2kd.deadlines import report_deadline
from reports.lp2kd.sections import (
    SectionInput,
    Table,
    TableSpec,
    col,
    empty,
    percent,
    table,
    table_data_set,
    table_register,
    targeting_columns,
)
from reports.models import Lp2kdVersion, VersionState
from tkpk.models import Region

PROVINCE_ONLY = frozenset({Region.Level.PROVINCE})


class Status:
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"
    NOT_DUE = "not_due"


def status_label(status: str) -> str:
    return {
        Status.ON_TIME: _("tepat waktu"),
        Status.LATE: _("terlambat"),
        Status.MISSING: _("belum dikirim"),
        Status.NOT_DUE: _("belum dikirim (belum jatuh tempo)"),
    }[status]


@dataclass(frozen=True)
class RegencySubmission:
    code: str
    name: str
    status: str
    # When the regency first submitted the year's report (what counts for the deadline).
    first_sent: datetime | None
    # The newest submitted version: its figures are the ones the province reads.
    version: Lp2kdVersion | None

    @property
    def status_label(self) -> str:
        return status_label(self.status)


def regency_submissions_of(
    *, province: str, year: int, today: date, with_snapshots: bool = False
) -> list[RegencySubmission]:
    """Every regency and city of the province with its submission of the year. A version
    counts once it is submitted (sent through the chain here, or received over the API)."""
    sent = Lp2kdVersion.objects.filter(
        report__region_id=OuterRef("code"),
        report__year=year,
        state=VersionState.SUBMITTED,
        submitted_at__isnull=False,
    )
    regencies = list(
        Region.objects.filter(parent_id=province, level=Region.Level.REGENCY)
        .annotate(
            newest_id=Subquery(sent.order_by("-number").values("pk")[:1]),
            first_sent=Subquery(sent.order_by("submitted_at").values("submitted_at")[:1]),
        )
        .order_by("code")
        .values("code", "name", "newest_id", "first_sent")
    )
    versions = Lp2kdVersion.objects.select_related("report")
    if not with_snapshots:
        versions = versions.defer("snapshot")
    by_id = versions.in_bulk([r["newest_id"] for r in regencies if r["newest_id"]])
    deadline = report_deadline(level=Region.Level.REGENCY, year=year)
    result = []
    for r in regencies:
        first_sent = r["first_sent"]
        if first_sent is None:
            status = Status.MISSING if today > deadline else Status.NOT_DUE
        elif timezone.localtime(first_sent).date() <= deadline:
            status = Status.ON_TIME
        else:
            status = Status.LATE
        result.append(
            RegencySubmission(
                code=r["code"],
                name=r["name"],
                status=status,
                first_sent=first_sent,
                version=by_id.get(r["newest_id"]),
            )
        )
    return result


# Reading a submitted snapshot ---------------------------------------------------------


def _num(value: Any) -> int | float | None:
    """A figure as stored, or nothing: a snapshot received over the API is checked for its
    shape, not for every cell."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    return value


def _cell(row: Any, index: int) -> Any:
    return row[index] if isinstance(row, list) and -len(row) <= index < len(row) else None


def snapshot_table(snapshot: dict[str, Any] | None, key: str) -> dict[str, Any] | None:
    """A table of a stored snapshot by its key, when it holds figures."""
    for chapter in (snapshot or {}).get("chapters") or []:
        for t in chapter.get("tables") or []:
            if isinstance(t, dict) and t.get("key") == key:
                return None if t.get("missing") else t
    return None


def _sum(values: list[Any]) -> int | float | None:
    numbers = [v for v in values if v is not None]
    return sum(numbers) if numbers else None


def _sent(inp: SectionInput) -> tuple[list[RegencySubmission], int]:
    all_ = regency_submissions_of(
        province=inp.region, year=inp.year, today=inp.today, with_snapshots=True
    )
    return [s for s in all_ if s.version is not None], len(all_)


def _none_sent(inp: SectionInput) -> Table:
    return empty(
        _("Belum ada LP2KD %(year)s kabupaten/kota yang dikirim ke provinsi.") % {"year": inp.year}
    )


def _note(sent: int, total: int) -> str:
    return _(
        "Angka dari LP2KD terakhir yang dikirim tiap kabupaten/kota (cuplikan yang disetujui), "
        "bukan dari registri saat ini. %(sent)s dari %(total)s kabupaten/kota sudah mengirim."
    ) % {"sent": sent, "total": total}


def _head() -> list[dict[str, Any]]:
    return [col(_("Kabupaten/Kota"), num=False), col(_("Kode"), num=False)]


# The tables ---------------------------------------------------------------------------


def regency_submissions(inp: SectionInput) -> Table:
    """T5.3: each regency's submission, with the registry figures of the version it sent."""
    submissions = regency_submissions_of(
        province=inp.region, year=inp.year, today=inp.today, with_snapshots=True
    )
    if not submissions:
        return empty(_("Tidak ada kabupaten/kota di bawah wilayah ini."))
    deadline = report_deadline(level=Region.Level.REGENCY, year=inp.year)
    rows: list[list[Any]] = []
    for s in submissions:
        if s.version is None or s.first_sent is None:
            rows.append([s.name, s.code, s.status_label, "", None, None, None, None])
            continue
        decile = (snapshot_table(s.version.snapshot, "T2.3") or {}).get("total")
        rows.append(
            [
                s.name,
                s.code,
                s.status_label,
                date_format(timezone.localtime(s.first_sent).date(), "j F Y"),
                s.version.number,
                _num(_cell(decile, 2)),
                _sum([_num(_cell(decile, i)) for i in range(4, 8)]) if decile else None,
                _num(_cell(decile, -1)),
            ]
        )
    return table(
        columns=[
            *_head(),
            col(_("Penyampaian"), num=False),
            col(_("Tanggal kirim"), num=False),
            col(_("Versi")),
            col(_("Rumah tangga")),
            col(_("Rumah tangga D1-4")),
            col(_("Miskin ekstrem")),
        ],
        rows=rows,
        note=_("Batas penyampaian kabupaten/kota: %(date)s. Angka dari LP2KD yang dikirim.")
        % {"date": date_format(deadline, "j F Y")},
    )


def poverty_by_regency(inp: SectionInput) -> Table:
    """T2.5: the year's last poverty figures (T2.1) and the registry's poor households
    (T2.3) of each regency, as it reported them."""
    sent, total = _sent(inp)
    if not sent:
        return _none_sent(inp)
    rows: list[list[Any]] = []
    for s in sent:
        assert s.version is not None
        snapshot = s.version.snapshot
        trend = snapshot_table(snapshot, "T2.1") or {}
        of_year = [r for r in trend.get("rows") or [] if _cell(r, 0) == inp.year]
        last = of_year[-1] if of_year else None
        decile = (snapshot_table(snapshot, "T2.3") or {}).get("total")
        rows.append(
            [
                s.name,
                s.code,
                str(_cell(last, 1) or ""),
                _num(_cell(last, 2)),
                _num(_cell(last, 3)),
                _num(_cell(decile, 2)),
                _sum([_num(_cell(decile, i)) for i in range(4, 8)]) if decile else None,
                _num(_cell(decile, -1)),
            ]
        )
    poor = _sum([r[3] for r in rows])
    return table(
        columns=[
            *_head(),
            col(_("Periode"), num=False),
            col(_("Penduduk miskin (ribu jiwa)")),
            col(_("P0 (%)")),
            col(_("Rumah tangga")),
            col(_("Rumah tangga D1-4")),
            col(_("Rumah tangga miskin ekstrem")),
        ],
        rows=rows,
        total=[
            _("Jumlah"),
            "",
            "",
            round(poor, 2) if poor is not None else None,
            None,
            *[_sum([r[i] for r in rows]) for i in (5, 6, 7)],
        ],
        note=_note(len(sent), total)
        + " "
        + _("P0 tidak dijumlahkan; periode terakhir tahun %(year)s.") % {"year": inp.year},
    )


def budget_by_regency(inp: SectionInput) -> Table:
    """T3.2: money planned and realised (the total of T3.1) per regency."""
    sent, total = _sent(inp)
    if not sent:
        return _none_sent(inp)
    rows: list[list[Any]] = []
    for s in sent:
        assert s.version is not None
        budget = (snapshot_table(s.version.snapshot, "T3.1") or {}).get("total")
        planned, spent = _num(_cell(budget, 3)), _num(_cell(budget, 4))
        rows.append([s.name, s.code, planned, spent, _share(spent, planned)])
    planned_all = _sum([r[2] for r in rows])
    spent_all = _sum([r[3] for r in rows])
    return table(
        columns=[
            *_head(),
            col(_("Pagu (Rp)")),
            col(_("Realisasi (Rp)")),
            col(_("Serapan (%)")),
        ],
        rows=rows,
        total=[_("Jumlah"), "", planned_all, spent_all, _share(spent_all, planned_all)],
        note=_note(len(sent), total),
    )


def _share(part: int | float | None, whole: int | float | None) -> float | None:
    if part is None or not whole:
        return None
    return percent(int(part), int(whole))


def targeting_by_regency(inp: SectionInput) -> Table:
    """T4.12: each regency's targeting per program (T4.3), each program in its own unit."""
    sent, total = _sent(inp)
    if not sent:
        return _none_sent(inp)
    rows: list[list[Any]] = []
    for s in sent:
        assert s.version is not None
        for r in (snapshot_table(s.version.snapshot, "T4.3") or {}).get("rows") or []:
            rows.append(
                [
                    s.name,
                    s.code,
                    str(_cell(r, 0) or ""),
                    str(_cell(r, 1) or ""),
                    *[_num(_cell(r, i)) for i in range(2, 7)],
                ]
            )
    if not rows:
        return empty(_("LP2KD kabupaten/kota yang dikirim tidak memuat ketepatan sasaran program."))
    return table(
        columns=[
            *_head(),
            *targeting_columns(),
        ],
        rows=rows,
        note=_note(len(sent), total)
        + " "
        + _("Setiap program dalam satuannya sendiri; tidak dijumlahkan antarprogram."),
    )


def complaints_by_regency(inp: SectionInput) -> Table:
    """T4.13: complaints received, resolved and open (T4.9) per regency."""
    sent, total = _sent(inp)
    if not sent:
        return _none_sent(inp)
    rows: list[list[Any]] = []
    for s in sent:
        assert s.version is not None
        summary = (snapshot_table(s.version.snapshot, "T4.9") or {}).get("rows") or [[]]
        first = summary[0] if summary else []
        rows.append([s.name, s.code, *[_num(_cell(first, i)) for i in range(4)]])
    return table(
        columns=[
            *_head(),
            col(_("Diterima")),
            col(_("Selesai ditangani")),
            col(_("Masih terbuka")),
            col(_("Median hari sampai selesai")),
        ],
        rows=rows,
        total=[_("Jumlah"), "", *[_sum([r[i] for r in rows]) for i in (2, 3, 4)], None],
        note=_note(len(sent), total) + " " + _("Median tidak dijumlahkan."),
    )


ROLLUP_KEYS = ("T2.5", "T3.2", "T4.12", "T4.13")


def province_rollup_tables(*, province: str, year: int, today: date) -> list[dict[str, Any]]:
    """The roll-up tables as the province's next document will hold them, for its page."""
    from reports.lp2kd.sections import TABLES, table_compute

    inp = SectionInput(region=province, year=year, run_id=None, today=today)
    return [
        {"key": key, "title": str(TABLES[key].title), **table_compute(TABLES[key], inp)}
        for key in ROLLUP_KEYS
    ]


def rollup_tables_register() -> None:
    table_data_set("T5.3", regency_submissions)
    for spec in (
        TableSpec(
            "T2.5",
            "II",
            gettext_lazy("Kemiskinan per kabupaten/kota menurut LP2KD yang dikirim"),
            poverty_by_regency,
            landscape=True,
            levels=PROVINCE_ONLY,
        ),
        TableSpec(
            "T3.2",
            "III",
            gettext_lazy("Pagu dan realisasi anggaran per kabupaten/kota"),
            budget_by_regency,
            levels=PROVINCE_ONLY,
        ),
        TableSpec(
            "T4.12",
            "IV",
            gettext_lazy("Ketepatan sasaran per kabupaten/kota dan program"),
            targeting_by_regency,
            landscape=True,
            levels=PROVINCE_ONLY,
        ),
        TableSpec(
            "T4.13",
            "IV",
            gettext_lazy("Pengaduan per kabupaten/kota"),
            complaints_by_regency,
            levels=PROVINCE_ONLY,
        ),
    ):
        table_register(spec)

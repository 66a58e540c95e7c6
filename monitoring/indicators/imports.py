"""Indicator files (CSV or XLSX, one figure per row) as an import of ``tkpk.tabular``, and
the row checks every way in shares: the upload, the typed-in form and the API push all run
``indicator_rows_check`` on a frame of text cells.

Which region codes a user may write (decided once, documented in the README):

- the user's own subtree (where they hold MANAGE_MONITORING or SUBMIT_INDICATORS), at the
  levels BPS publishes for (provinces and regencies/cities): added and changed freely;
- the province above it and the country (``00``): *comparison* rows. They may be added
  when missing and re-sent unchanged, never changed: a province's figure belongs to the
  province's TKPK, and a second regency sending a different number is a mistake to show,
  not to store. The country's rows change only through the administrator (admin site);
- any other code (another regency, a code that does not exist) reads "not found", the same
  words for both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

import pandas as pd
from django.utils.translation import gettext_noop

from monitoring.indicators.catalogue import (
    SPECS,
    extreme_line_default,
    periods_published,
    region_level,
)
from monitoring.models import Indicator, IndicatorValue, PeriodKind
from monitoring.models.indicators import NATIONAL
from tkpk.access import region_lineage, user_region_codes
from tkpk.models import AuditAction, Region
from tkpk.roles import Permission
from tkpk.tabular.problems import file_problem
from tkpk.tabular.reasons import row_messages_add
from tkpk.tabular.spec import TableImport

# Why a row is refused (stored as codes, translated when shown: ``tkpk.tabular.reasons``).
ROW_MESSAGES = {
    "indicator_region_required": gettext_noop("Kode wilayah wajib diisi."),
    "indicator_region_unknown": gettext_noop("Kode wilayah tidak ditemukan."),
    "indicator_region_level": gettext_noop(
        "BPS tidak menerbitkan indikator ini untuk kecamatan atau desa/kelurahan."
    ),
    "indicator_unknown": gettext_noop("Indikator tidak dikenal."),
    "indicator_year_format": gettext_noop("Tahun ditulis empat angka, misalnya 2024."),
    "indicator_year_range": gettext_noop("Tahun di luar 1990–2100."),
    "indicator_period_unknown": gettext_noop(
        "Periode tidak dikenal (Maret, September, Februari, Agustus, Tahunan)."
    ),
    "indicator_period_unpublished": gettext_noop(
        "BPS tidak menerbitkan indikator ini untuk periode ini di tingkat wilayah ini."
    ),
    "indicator_value_not_number": gettext_noop("Nilai bukan angka."),
    "indicator_value_negative": gettext_noop("Nilai tidak boleh negatif."),
    "indicator_value_over": gettext_noop("Nilai lebih dari %(max)s."),
    "indicator_value_too_big": gettext_noop("Nilai terlalu besar."),
    "indicator_source_required": gettext_noop(
        "Sumber wajib diisi (misalnya BPS, Susenas Maret 2024)."
    ),
    "indicator_source_too_long": gettext_noop("Sumber terlalu panjang."),
    "indicator_method_too_long": gettext_noop("Versi metode terlalu panjang."),
    "indicator_extreme_line_required": gettext_noop(
        "Sebutkan garis kemiskinan ekstrem yang dipakai (misalnya US$2,15 PPP 2017)."
    ),
    "indicator_listed_twice": gettext_noop(
        "Baris ganda: wilayah, indikator, tahun dan periode yang sama ada di baris %(first)s."
    ),
    "indicator_comparison_differs": gettext_noop(
        "Nilai pembanding wilayah ini sudah tercatat (%(stored)s) dan berbeda; hanya TKPK "
        "wilayah itu yang dapat mengubahnya."
    ),
}
row_messages_add(ROW_MESSAGES)

COLUMNS = ["kode_wilayah", "indikator", "tahun", "periode", "nilai", "sumber", "versi_metode"]
REQUIRED = ["kode_wilayah", "indikator", "tahun", "periode", "nilai", "sumber"]
ALIASES = {
    "wilayah": "kode_wilayah",
    "kode": "kode_wilayah",
    "indicator": "indikator",
    "year": "tahun",
    "period": "periode",
    "value": "nilai",
    "source": "sumber",
    "metode": "versi_metode",
    "method_version": "versi_metode",
}
INDICATOR_NAMES = {
    **{v: v for v in Indicator.values},
    "jumlah_penduduk_miskin": Indicator.POOR_COUNT,
    "penduduk_miskin": Indicator.POOR_COUNT,
    "persentase_penduduk_miskin": Indicator.P0,
    "kedalaman_kemiskinan": Indicator.P1,
    "keparahan_kemiskinan": Indicator.P2,
    "garis_kemiskinan": Indicator.POVERTY_LINE,
    "gk": Indicator.POVERTY_LINE,
    "kemiskinan_ekstrem": Indicator.EXTREME_POVERTY,
    "miskin_ekstrem": Indicator.EXTREME_POVERTY,
    "tpt": Indicator.UNEMPLOYMENT,
    "pengangguran_terbuka": Indicator.UNEMPLOYMENT,
    "rasio_gini": Indicator.GINI,
    "ipm": Indicator.HDI,
}
PERIOD_NAMES = {
    **{v: v for v in PeriodKind.values},
    "maret": PeriodKind.MARCH,
    "februari": PeriodKind.FEBRUARY,
    "agustus": PeriodKind.AUGUST,
    "tahunan": PeriodKind.ANNUAL,
    "tahun": PeriodKind.ANNUAL,
}
SOURCE_MAX = 200
METHOD_MAX = 100
VALUE_SHOWN = 100


def _required_missing(headers: list[str]) -> dict[str, Any] | None:
    missing = [c for c in REQUIRED if c not in headers]
    if not missing:
        return None
    return file_problem("indicator_columns_missing", columns=", ".join(missing))


def _cells_tidied(chunk: pd.DataFrame) -> pd.DataFrame:
    for column in COLUMNS:
        if column not in chunk:
            chunk[column] = ""
    chunk = chunk[["row_number", *COLUMNS]].copy()
    chunk[COLUMNS] = chunk[COLUMNS].apply(lambda s: s.astype(str).str.strip())
    return chunk


INDICATOR_FILE = TableImport(
    folder="indicators",
    max_bytes=20 * 1024 * 1024,
    too_large=gettext_noop("Berkas lebih dari %(mb)s MB; pecah menjadi beberapa berkas."),
    default_name="indikator.csv",
    validate_job="indicator_batch_validate",
    commit_job="indicator_batch_commit",
    commit_permission=Permission.MANAGE_MONITORING,
    commit_audit=AuditAction.INDICATORS_COMMITTED,
    not_ready=gettext_noop("Unggahan ini belum siap disahkan (status: %s)."),
    columns=frozenset(COLUMNS),
    required=_required_missing,
    aliases=ALIASES,
    ignored=frozenset({"no", "nomor", "nama_wilayah", "satuan"}),
    text_columns=("sumber", "versi_metode"),
    prepared=_cells_tidied,
    messages={
        "indicator_columns_missing": gettext_noop(
            "Berkas indikator tidak memiliki kolom %(columns)s. Kolom yang diperlukan: "
            "kode_wilayah, indikator, tahun, periode, nilai, sumber (versi_metode bila ada)."
        ),
    },
)


# ---------------------------------------------------------------------------- who writes where


@dataclass(frozen=True)
class WriterScope:
    """The region codes a user writes as their own, and those above kept for comparison."""

    own_roots: tuple[str, ...]
    comparison: frozenset[str] = field(default_factory=frozenset)

    def is_own(self, code: str) -> bool:
        return any(code == r or code.startswith(r + ".") for r in self.own_roots)

    def reaches(self, code: str) -> bool:
        return self.is_own(code) or code in self.comparison


def writer_scope(*, user: Any) -> WriterScope:
    roots = {
        c
        for p in (Permission.MANAGE_MONITORING, Permission.SUBMIT_INDICATORS)
        for c in user_region_codes(user, permission=p)
    }
    above = {code for root in roots for code in region_lineage(root) if code != root}
    return WriterScope(own_roots=tuple(sorted(roots)), comparison=frozenset(above | {NATIONAL}))


# ---------------------------------------------------------------------------- values


_PLAIN_DECIMAL = re.compile(r"-?\d+([.,]\d+)?")
_GROUPED_RUPIAH = re.compile(r"\d{1,3}(\.\d{3})+(,\d+)?|\d+(,\d+)?")


def value_parse(text: str, *, rupiah: bool) -> Decimal | None:
    """A figure as written in Indonesia: "9,85" or "9.85"; a rupiah figure "512.345" or
    "Rp 512.345". None when it is not a number."""
    cleaned = text.replace("\u00a0", "").replace(" ", "")
    if rupiah:
        cleaned = re.sub(r"(?i)^rp\.?", "", cleaned)
        if _GROUPED_RUPIAH.fullmatch(cleaned):
            cleaned = cleaned.replace(".", "").replace(",", ".")
        elif not _PLAIN_DECIMAL.fullmatch(cleaned):
            return None
    elif not _PLAIN_DECIMAL.fullmatch(cleaned):
        return None
    try:
        value = Decimal(cleaned.replace(",", "."))
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def indicator_rows_check(frame: pd.DataFrame, *, scope: WriterScope) -> pd.DataFrame:
    """The rows of ``frame`` (text cells under ``COLUMNS`` and a ``row_number``) checked,
    each with its outcome against the stored values: new, changed, unchanged or rejected with
    its reasons (row, column, value and why, in the active language). Rows repeating an
    earlier row's region, indicator, year and period are refused. Queries: the regions named
    and the stored values they match, one each."""
    frame = _cells_tidied(frame)
    codes = frame["kode_wilayah"]
    indicator = frame["indikator"].str.lower().str.replace(" ", "_").map(INDICATOR_NAMES)
    period = frame["periode"].str.lower().map(PERIOD_NAMES)
    year = pd.to_numeric(frame["tahun"].where(frame["tahun"].str.fullmatch(r"\d{4}"), None))
    known = set(Region.objects.filter(code__in=set(codes)).values_list("code", flat=True)) | {
        NATIONAL
    }
    problems: dict[Any, list[dict[str, Any]]] = {i: [] for i in frame.index}

    def add(mask: pd.Series, column: str, code: str, params: pd.Series | None = None) -> None:
        """``params``, where the reason names figures, holds a dict per flagged row."""
        for i in mask[mask.fillna(False).astype(bool)].index:
            problem = {"column": column, "value": str(frame.at[i, column])[:VALUE_SHOWN]}
            problem["code"] = code
            if params is not None:
                problem["params"] = params[i]
            problems[i].append(problem)

    reachable = codes.map(lambda c: c in known and scope.reaches(c))
    add(codes.eq(""), "kode_wilayah", "indicator_region_required")
    add(codes.ne("") & ~reachable, "kode_wilayah", "indicator_region_unknown")
    level_ok = codes.map(lambda c: region_level(c) in (0, 2, 5))
    add(reachable & ~level_ok, "kode_wilayah", "indicator_region_level")
    add(indicator.isna(), "indikator", "indicator_unknown")
    add(year.isna(), "tahun", "indicator_year_format")
    add(year.notna() & ((year < 1990) | (year > 2100)), "tahun", "indicator_year_range")
    add(period.isna(), "periode", "indicator_period_unknown")
    published = pd.Series(
        [
            bool(ind and per and per in periods_published(ind, code))
            for ind, per, code in zip(indicator.fillna(""), period.fillna(""), codes, strict=True)
        ],
        index=frame.index,
    )
    add(
        indicator.notna() & period.notna() & reachable & level_ok & ~published,
        "periode",
        "indicator_period_unpublished",
    )
    values = pd.Series(
        [
            value_parse(text, rupiah=bool(ind and SPECS[ind].rupiah))
            for text, ind in zip(frame["nilai"], indicator.fillna(""), strict=True)
        ],
        index=frame.index,
        dtype=object,
    )
    add(values.isna(), "nilai", "indicator_value_not_number")
    negative = values.map(lambda v: v is not None and v < 0)
    add(negative, "nilai", "indicator_value_negative")
    upper = indicator.map(lambda i: SPECS[i].upper if isinstance(i, str) else None)
    over = pd.Series(
        [v is not None and u is not None and v > u for v, u in zip(values, upper, strict=True)],
        index=frame.index,
    )
    add(over, "nilai", "indicator_value_over", upper.map(lambda u: {"max": str(u)}))
    too_big = values.map(lambda v: v is not None and abs(v) >= Decimal("1e14"))
    add(too_big, "nilai", "indicator_value_too_big")
    add(frame["sumber"].eq(""), "sumber", "indicator_source_required")
    add(frame["sumber"].str.len() > SOURCE_MAX, "sumber", "indicator_source_too_long")
    add(frame["versi_metode"].str.len() > METHOD_MAX, "versi_metode", "indicator_method_too_long")
    method = frame["versi_metode"].copy()
    extreme = indicator.eq(Indicator.EXTREME_POVERTY) & year.notna()
    defaults = year.map(lambda y: extreme_line_default(int(y)) if pd.notna(y) else "")
    method = method.where(~(extreme & method.eq("")), defaults)
    add(extreme & method.eq(""), "versi_metode", "indicator_extreme_line_required")
    key = codes + "|" + indicator.fillna("?") + "|" + frame["tahun"] + "|" + period.fillna("?")
    clean = pd.Series([not problems[i] for i in frame.index], index=frame.index)
    first = frame.loc[clean].groupby(key[clean])["row_number"].transform("min")
    repeated = clean & first.reindex(frame.index).lt(frame["row_number"]).fillna(False)
    add(
        repeated,
        "kode_wilayah",
        "indicator_listed_twice",
        pd.Series({i: {"first": int(first[i])} for i in repeated[repeated].index}, dtype=object),
    )
    checked = pd.DataFrame(
        {
            "row_number": frame["row_number"].astype(int),
            "region_code": codes.str.slice(0, 13),
            "indicator": indicator.fillna(""),
            "year": year,
            "period": period.fillna(""),
            "value": values,
            "source": frame["sumber"].str.slice(0, SOURCE_MAX),
            "method_version": method.str.slice(0, METHOD_MAX),
            "errors": pd.Series(
                [problems[i] for i in frame.index], index=frame.index, dtype=object
            ),
            "raw": frame[COLUMNS].to_dict("records"),
        },
        index=frame.index,
    )
    return _classified(checked, scope=scope)


def _classified(checked: pd.DataFrame, *, scope: WriterScope) -> pd.DataFrame:
    """Outcome per row against the stored values (one query for the keys of the frame)."""
    ok = checked["errors"].map(len).eq(0)
    stored: dict[tuple[str, str, int, str], IndicatorValue] = {}
    if ok.any():
        rows = checked.loc[ok]
        for v in IndicatorValue.objects.filter(
            region_code__in=set(rows["region_code"]),
            indicator__in=set(rows["indicator"]),
            year__in={int(y) for y in rows["year"]},
        ):
            stored[(v.region_code, v.indicator, v.year, v.period)] = v
    outcomes: list[str] = []
    previous: list[Decimal | None] = []
    for i, row in checked.iterrows():
        if row["errors"]:
            outcomes.append("rejected")
            previous.append(None)
            continue
        found = stored.get((row["region_code"], row["indicator"], int(row["year"]), row["period"]))
        if found is None:
            outcomes.append("new")
            previous.append(None)
        elif (found.value, found.source, found.method_version) == (
            row["value"],
            row["source"],
            row["method_version"],
        ):
            outcomes.append("unchanged")
            previous.append(found.value)
        elif not scope.is_own(row["region_code"]):
            checked.at[i, "errors"] = [
                {
                    "column": "nilai",
                    "value": str(row["value"]),
                    "code": "indicator_comparison_differs",
                    "params": {"stored": str(found.value.normalize())},
                }
            ]
            outcomes.append("rejected")
            previous.append(found.value)
        else:
            outcomes.append("changed")
            previous.append(found.value)
    checked["outcome"] = outcomes
    checked["previous_value"] = previous
    return checked

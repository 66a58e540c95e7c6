"""NIK and KK rules, our own (published validators reject current province codes).

Every rule is written once, vectorised over a pandas Series so that a batch of a million
rows is checked without a Python loop; ``nik_check`` applies the same code to one value.

NIK: 16 digits = 6 digits of the issuing district (province, regency, district), birth date
DDMMYY with 40 added to the day for women, and a 4-digit serial that is never 0000.

Digits are 0-9. A batch writes other decimal digits (full-width '３', Arabic-Indic '٣') as
0-9 before these rules (``households.normalise``); a caller that stores what it checked
(recipient lists, enrolment) gets a reason naming them instead.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

import households.messages  # noqa: F401  (registers the registry's reason codes)
from tkpk.tabular.reasons import key_text, message_key

# 0-9 spelled out: pandas hands \d to Python's re on non-ASCII data, where it also matches
# '３' or '٣' (which Arrow then cannot read as a number).
SIXTEEN_DIGITS = r"[0-9]{16}"
# What Excel writes for a long number: 3.50501E+15.
SCIENTIFIC = r"[eE]\+?[0-9]|\.[0-9]*[eE]"


@dataclass(frozen=True)
class IdentifierCheck:
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def region_prefix(number: str) -> str:
    """'3505011201900001' -> '35.05.01' (the district that issued it)."""
    return f"{number[0:2]}.{number[2:4]}.{number[4:6]}"


def nik_errors(niks: pd.Series) -> pd.Series:
    """One problem key (``households.messages``) per NIK, empty where the NIK is well formed."""
    niks = niks.fillna("").astype(str)
    errors = pd.Series("", index=niks.index, dtype=object)
    shape_ok = niks.str.fullmatch(SIXTEEN_DIGITS).astype(bool)
    blank = niks.eq("")
    errors[blank] = message_key("nik_required")
    scientific = ~shape_ok & niks.str.contains(SCIENTIFIC, regex=True).astype(bool)
    errors[scientific] = message_key("nik_excel_number")
    other_digits = ~shape_ok & ~scientific & _other_digits(niks)
    errors[other_digits] = message_key("nik_other_digits")
    wrong_shape = ~shape_ok & ~blank & ~scientific & ~other_digits
    errors[wrong_shape] = niks[wrong_shape].str.len().map(lambda n: message_key("nik_length", n=n))
    parts = _nik_parts(niks, shape_ok)
    bad_day = shape_ok & ~(parts.day.between(1, 31) | parts.day.between(41, 71))
    errors[bad_day] = message_key("nik_day")
    bad_date = shape_ok & ~bad_day & parts.birth_date.isna()
    errors[bad_date] = message_key("nik_date")
    bad_serial = shape_ok & parts.serial.eq(0)
    errors[bad_serial & errors.eq("")] = message_key("nik_serial")
    return errors


def nik_warnings(
    niks: pd.Series,
    *,
    sexes: pd.Series,
    birth_dates: pd.Series,
    known_districts: set[str],
    well_formed: pd.Series | None = None,
) -> list[pd.Series]:
    """Disagreements worth flagging without rejecting, one Series of problem keys per kind:
    unknown issuing region (old codes are legitimate), sex and birth date differing from the
    stated ones. ``well_formed`` spares checking again NIKs the caller already checked.

    ``sexes``, ``birth_dates`` and ``well_formed`` describe the rows of ``niks``: they must
    carry its index (batch rows are numbered from 2, and later chunks further on). They are
    then combined by position, never aligned by label."""
    niks = niks.fillna("").astype(str)
    _same_rows(niks, sexes=sexes, birth_dates=birth_dates, well_formed=well_formed)
    if well_formed is None:
        well_formed = nik_errors(niks).eq("")
    ok = well_formed.to_numpy(dtype=bool, na_value=False)
    parts = _nik_parts(niks, pd.Series(ok, index=niks.index))
    districts = pd.Series(sorted(known_districts), dtype=object)
    known_numbers = pd.to_numeric(districts.str.replace(".", "", regex=False), errors="coerce")
    unknown = ok & ~parts.district.isin(known_numbers.dropna().astype("int64")).to_numpy()
    region = pd.Series("", index=niks.index, dtype=object)
    if unknown.any():
        prefix = (
            niks[unknown].str[0:2] + "." + niks[unknown].str[2:4] + "." + niks[unknown].str[4:6]
        )
        region[unknown] = prefix.map(lambda code: message_key("nik_region_unknown", code=code))
    day = parts.day.to_numpy(dtype=float)
    stated_sex = sexes.to_numpy(dtype=object, na_value="")
    nik_sex = np.where(day > 40, "P", "L")
    sex_mismatch = ok & np.isin(stated_sex, ["L", "P"]) & (nik_sex != stated_sex)
    sex = _where(sex_mismatch, message_key("nik_sex_differs"), index=niks.index)
    stated_day, stated_month, stated_year = _date_fields(birth_dates)
    date_mismatch = (
        ok
        & ~np.isnan(stated_day)
        & (
            (stated_day != np.where(day > 40, day - 40, day))
            | (stated_month != parts.month.to_numpy(dtype=float))
            | (stated_year % 100 != parts.year2.to_numpy(dtype=float))
        )
    )
    birth = _where(date_mismatch, message_key("nik_birth_date_differs"), index=niks.index)
    return [region, sex, birth]


def kk_errors(kks: pd.Series) -> pd.Series:
    kks = kks.fillna("").astype(str)
    errors = pd.Series("", index=kks.index, dtype=object)
    shape_ok = kks.str.fullmatch(SIXTEEN_DIGITS).astype(bool)
    blank = kks.eq("")
    errors[blank] = message_key("kk_required")
    scientific = ~shape_ok & kks.str.contains(SCIENTIFIC, regex=True).astype(bool)
    errors[scientific] = message_key("kk_excel_number")
    other_digits = ~shape_ok & ~scientific & _other_digits(kks)
    errors[other_digits] = message_key("kk_other_digits")
    errors[~shape_ok & ~blank & ~scientific & ~other_digits] = message_key("kk_length")
    province = kks.str.slice(0, 2)
    errors[shape_ok & ((province < "11") | (province > "96"))] = message_key("kk_region")
    return errors


def nik_check(
    nik: str,
    *,
    sex: str | None = None,
    birth_date: date | None = None,
    known_districts: set[str] | None = None,
) -> IdentifierCheck:
    """The same rules for one NIK (forms, API look-ups)."""
    niks = pd.Series([nik])
    error = nik_errors(niks).iloc[0]
    if error:
        return IdentifierCheck(errors=[key_text(error)])
    warnings = nik_warnings(
        niks,
        sexes=pd.Series([sex]),
        birth_dates=pd.Series([birth_date]),
        known_districts=known_districts if known_districts is not None else {region_prefix(nik)},
    )
    return IdentifierCheck(warnings=[key_text(w.iloc[0]) for w in warnings if w.iloc[0]])


def kk_check(kk: str) -> IdentifierCheck:
    error = kk_errors(pd.Series([kk])).iloc[0]
    return IdentifierCheck(errors=[key_text(error)] if error else [])


@dataclass(frozen=True)
class _NikParts:
    """The numbers inside well-formed NIKs (NaN elsewhere), indexed like the NIKs."""

    district: pd.Series
    day: pd.Series  # as written: 41-71 for women
    month: pd.Series
    year2: pd.Series
    serial: pd.Series
    birth_date: pd.Series


def _nik_parts(niks: pd.Series, well_formed: pd.Series) -> _NikParts:
    """One numeric conversion per NIK, then arithmetic: DDMMYY and the serial read as
    digits of a 16-digit number (which fits in int64)."""
    ok = well_formed.to_numpy(dtype=bool, na_value=False)
    digits = pc.if_else(pa.array(ok), pa.array(niks).cast(pa.string()), pa.scalar("0"))
    # Integer arithmetic on the whole number, floats (NaN where not well formed) only for
    # the small parts: NIKs of provinces 91-96 are above 2**53, where a float skips digits.
    number = digits.cast(pa.int64()).to_numpy()

    def part(values: np.ndarray) -> pd.Series:
        return pd.Series(np.where(ok, values, np.nan), index=niks.index)

    day = part(number // 10**8 % 100)
    month = part(number // 10**6 % 100)
    year2 = part(number // 10**4 % 100)
    real_day = day.where(day <= 40, day - 40)
    this_year = date.today().year % 100
    year = year2.where(year2 > this_year, year2 + 2000)
    year = year.where(year2 <= this_year, year2 + 1900)
    parts = pd.DataFrame({"year": year, "month": month, "day": real_day})
    return _NikParts(
        district=part(number // 10**10),
        day=day,
        month=month,
        year2=year2,
        serial=part(number % 10**4),
        birth_date=pd.to_datetime(parts, errors="coerce"),
    )


def _date_fields(values: pd.Series) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Day, month and year of each date as floats (NaN where there is none), by position."""
    if isinstance(values.dtype, pd.ArrowDtype) and pa.types.is_temporal(
        values.dtype.pyarrow_dtype
    ):  # Arrow dates: computed by Arrow, not cell by cell
        array = pa.array(values)
        day, month, year = (
            part(array).to_numpy(zero_copy_only=False).astype(float)
            for part in (pc.day, pc.month, pc.year)
        )
        return day, month, year
    stamps = pd.to_datetime(values, errors="coerce")
    day, month, year = (
        part.to_numpy(dtype=float, na_value=np.nan)
        for part in (stamps.dt.day, stamps.dt.month, stamps.dt.year)
    )
    return day, month, year


_SIXTEEN_DIGITS = re.compile(r"[0-9]{16}")


def _other_digits(texts: pd.Series) -> pd.Series:
    """Whether a text holds a decimal digit other than 0-9. Only non-ASCII texts (rare) are
    looked at, in Python: no engine's regex agrees with Python on what a digit is."""
    found = pd.Series(False, index=texts.index)
    non_ascii = ~texts.str.isascii().astype(bool)
    if non_ascii.any():
        found[non_ascii] = texts[non_ascii].map(
            lambda text: any(ch.isdecimal() and not ch.isascii() for ch in text)
        )
    return found


def _same_rows(niks: pd.Series, **others: pd.Series | None) -> None:
    """Columns about the same rows must say so by their index: combining columns of
    different rows (by label or by position) is the silent mistake this refuses."""
    for name, other in others.items():
        if other is not None and not other.index.equals(niks.index):
            raise ValueError(f"{name} must have the index of niks (the same rows)")


def _where(mask: np.ndarray, key: str, *, index: pd.Index) -> pd.Series:
    keys = np.full(len(index), "", dtype=object)
    keys[mask] = key
    return pd.Series(keys, index=index, dtype=object)


def identifier_digits(text: str) -> str:
    """A NIK or KK typed in one field (a form, an API call): trimmed, and digits of other
    scripts (full-width, Arabic-Indic) read as 0-9, as the batch import reads them. A
    superscript or a fraction is not a decimal digit and stays, to be refused."""
    return "".join(
        str(unicodedata.decimal(ch)) if ch.isdecimal() and not ch.isascii() else ch
        for ch in text.strip()
    )


def is_identifier(text: str) -> bool:
    """Sixteen ASCII digits ("²" passes ``str.isdigit()``, and is not one)."""
    return bool(_SIXTEEN_DIGITS.fullmatch(text))

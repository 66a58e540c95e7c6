"""NIK and KK rules, our own (published validators reject current province codes).

Every rule is written once, vectorised over a pandas Series so that a batch of a million
rows is checked without a Python loop; ``nik_check`` applies the same code to one value.

NIK: 16 digits = 6 digits of the issuing district (province, regency, district), birth date
DDMMYY with 40 added to the day for women, and a 4-digit serial that is never 0000.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa

from households.messages import key_text, message_key

SIXTEEN_DIGITS = r"\d{16}"


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
    errors[niks.eq("")] = message_key("nik_required")
    scientific = niks.str.contains(r"[eE]\+?\d|\.\d*[eE]", regex=True).astype(bool)
    errors[~shape_ok & scientific] = message_key("nik_excel_number")
    wrong_shape = ~shape_ok & niks.ne("") & ~scientific
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
    stated ones. ``well_formed`` spares checking again NIKs the caller already checked."""
    niks = niks.fillna("").astype(str)
    if well_formed is None:
        well_formed = nik_errors(niks).eq("")
    well_formed = well_formed.astype(bool)
    parts = _nik_parts(niks, well_formed)
    districts = pd.Series(sorted(known_districts), dtype=object)
    known_numbers = pd.to_numeric(districts.str.replace(".", "", regex=False), errors="coerce")
    unknown = well_formed & ~parts.district.isin(known_numbers.dropna().astype("int64"))
    region = pd.Series("", index=niks.index, dtype=object)
    prefix = niks[unknown].str[0:2] + "." + niks[unknown].str[2:4] + "." + niks[unknown].str[4:6]
    region[unknown] = prefix.map(lambda code: message_key("nik_region_unknown", code=code))
    nik_sex = pd.Series(np.where(parts.day > 40, "P", "L"), index=niks.index, dtype=object)
    sex_mismatch = well_formed & sexes.isin(["L", "P"]) & nik_sex.ne(sexes.fillna(""))
    sex = _where(sex_mismatch, message_key("nik_sex_differs"))
    stated = _datetimes(birth_dates)
    nik_birth = parts.birth_date
    date_mismatch = (
        well_formed
        & stated.notna()
        & nik_birth.notna()
        & (
            stated.dt.day.ne(nik_birth.dt.day)
            | stated.dt.month.ne(nik_birth.dt.month)
            | (stated.dt.year % 100).ne(nik_birth.dt.year % 100)
        )
    )
    birth = _where(date_mismatch, message_key("nik_birth_date_differs"))
    return [region, sex, birth]


def kk_errors(kks: pd.Series) -> pd.Series:
    kks = kks.fillna("").astype(str)
    errors = pd.Series("", index=kks.index, dtype=object)
    errors[kks.eq("")] = message_key("kk_required")
    scientific = kks.str.contains(r"[eE]\+?\d|\.\d*[eE]", regex=True)
    shape_ok = kks.str.fullmatch(SIXTEEN_DIGITS)
    errors[~shape_ok & scientific] = message_key("kk_excel_number")
    errors[~shape_ok & kks.ne("") & ~scientific] = message_key("kk_length")
    bad_region = shape_ok & (kks.str[0:2].astype(str) < "11")
    errors[bad_region] = message_key("kk_region")
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
    """The numbers inside well-formed NIKs (NaN elsewhere)."""

    district: pd.Series
    day: pd.Series
    serial: pd.Series
    birth_date: pd.Series


def _nik_parts(niks: pd.Series, well_formed: pd.Series) -> _NikParts:
    """One numeric conversion per NIK, then arithmetic: DDMMYY and the serial read as
    digits of a 16-digit number (which fits in int64)."""
    # Integers, not floats: NIKs of provinces 91-96 are above 2**53, where floats skip digits.
    digits = pa.array(niks.where(well_formed, "0").astype("string[pyarrow]"))
    number = pd.Series(digits.cast(pa.int64()).to_numpy(), index=niks.index)
    number = number.where(well_formed.to_numpy(), np.nan)
    day = (number // 10**8) % 100
    month = (number // 10**6) % 100
    year2 = (number // 10**4) % 100
    real_day = day.where(day <= 40, day - 40)
    this_year = date.today().year % 100
    year = year2.where(year2 > this_year, year2 + 2000)
    year = year.where(year2 <= this_year, year2 + 1900)
    parts = pd.DataFrame({"year": year, "month": month, "day": real_day})
    return _NikParts(
        district=number // 10**10,
        day=day,
        serial=number % 10**4,
        birth_date=pd.to_datetime(parts, errors="coerce"),
    )


def _datetimes(values: pd.Series) -> pd.Series:
    if isinstance(values.dtype, pd.ArrowDtype):  # Arrow dates: cast, not cell by cell
        return pd.Series(pa.array(values).cast(pa.timestamp("s")).to_pandas(), index=values.index)
    return pd.to_datetime(values, errors="coerce")


def _where(mask: pd.Series, key: str) -> pd.Series:
    result = pd.Series("", index=mask.index, dtype=object)
    result[mask.fillna(False).astype(bool)] = key
    return result

"""Vectorised cell checks both Musrenbang imports share: a chunk's problems gathered per
column, yes/no cells, choices written as code or label, whole numbers."""

from __future__ import annotations

import json
from collections.abc import Mapping

import pandas as pd

from households.normalise import FORMULA_START

VALUE_SHOWN = 100  # characters of a refused cell kept with its reason
YES = frozenset({"ya", "y", "1", "true", "benar", "iya"})
NO = frozenset({"tidak", "t", "0", "false", "salah", "bukan"})


class Problems:
    """A chunk's cell problems: (column, value, message) per row index, in the order found."""

    def __init__(self, chunk: pd.DataFrame) -> None:
        self.chunk = chunk
        self.found: list[pd.DataFrame] = []

    def add(self, mask: pd.Series, column: str, message: str) -> None:
        mask = mask.fillna(False).astype(bool)
        if mask.any():
            self.found.append(
                pd.DataFrame(
                    {
                        "column": column,
                        "value": self.chunk.loc[mask, column].str.slice(0, VALUE_SHOWN),
                        "message": message,
                    }
                )
            )

    def required(self, column: str, message: str) -> pd.Series:
        blank = self.chunk[column].eq("")
        self.add(blank, column, message)
        return blank

    def as_json(self) -> pd.Series:
        """Each row's problems as a JSON array ('[]' for a row without any); only rows with
        problems get their JSON built."""
        result = pd.Series("[]", index=self.chunk.index, dtype=object)
        if self.found:
            every = pd.concat(self.found)
            result.loc[every.index.unique()] = every.groupby(level=0, sort=False).apply(
                lambda g: json.dumps(g.to_dict("records"), ensure_ascii=False)
            )
        return result


def cells_tidied(chunk: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    """Every column present and stripped, whitespace inside collapsed."""
    chunk = chunk.copy()
    for column in columns:
        if column not in chunk:
            chunk[column] = ""
    chunk = chunk[["row_number", *columns]]
    chunk[columns] = chunk[columns].apply(
        lambda s: s.fillna("").astype(str).str.replace(r"\s+", " ", regex=True).str.strip()
    )
    return chunk


def yes_no(cells: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(value as '1'/'0', mask of non-blank cells that are neither)."""
    folded = cells.str.lower()
    value = pd.Series("", index=cells.index, dtype=object)
    value[folded.isin(YES)] = "1"
    value[folded.isin(NO)] = "0"
    return value, value.eq("") & cells.ne("")


def choice(cells: pd.Series, choices: Mapping[str, str]) -> tuple[pd.Series, pd.Series]:
    """(the code, mask of cells that name no choice): a cell may hold the code or the label,
    in any case. ``choices`` maps code -> label."""
    lookup = {code.lower(): code for code in choices}
    lookup.update({str(label).lower(): code for code, label in choices.items()})
    value = cells.str.lower().map(lookup)
    bad = value.isna() & cells.ne("")
    return value.fillna(""), bad


def formula_start(cells: pd.Series) -> pd.Series:
    return cells.str.startswith(FORMULA_START)


def whole_number(cells: pd.Series, *, digits: int) -> tuple[pd.Series, pd.Series]:
    """(the digits, mask of non-blank cells that are not a whole number of at most
    ``digits`` digits)."""
    ok = cells.str.fullmatch(rf"\d{{1,{digits}}}").fillna(False).astype(bool)
    return cells.where(ok, ""), cells.ne("") & ~ok

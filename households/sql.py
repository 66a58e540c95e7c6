"""Table names and SQL fragments shared by reconcile, commit and facts."""

from __future__ import annotations

from households.columns import BY_HEADER, HOUSEHOLD_FIELDS, PERSON_FIELDS
from households.models import BatchRow, Household, HouseholdChange, Person
from tkpk.models import Region

ROW = BatchRow._meta.db_table
PERSON = Person._meta.db_table
HOUSEHOLD = Household._meta.db_table
CHANGE = HouseholdChange._meta.db_table
REGION = Region._meta.db_table

HEADER_OF = {col.field: col.header for col in BY_HEADER.values()}
BOOLEAN_HOUSEHOLD_FIELDS = [f for f in HOUSEHOLD_FIELDS if BY_HEADER[HEADER_OF[f]].kind == "bool"]
BOOLEAN_PERSON_FIELDS = ["chronic_illness", "pregnant"]
# Columns of the registry that may be blank ('' rather than NULL) when not known.
BLANKABLE_HOUSEHOLD_FIELDS = [
    "address",
    "rt",
    "rw",
    "decile_source",
    "extreme_poor_source",
    "roof",
    "wall",
    "floor",
    "water_source",
    "sanitation",
    "lighting",
    "cooking_fuel",
    "tenure",
]
BLANKABLE_PERSON_FIELDS = ["marital_status", "education", "school_attendance", "occupation"]


def differs(new: str, old: str) -> str:
    """True when the batch gives a value for the field and it differs from the registry."""
    return f"({new} IS NOT NULL AND {new} IS DISTINCT FROM {old})"


def changed_list(pairs: list[tuple[str, str, str]]) -> str:
    """'nama,alamat,' — the headers of the fields that differ, concatenated in SQL."""
    return " || ".join(
        f"(CASE WHEN {differs(new, old)} THEN '{header},' ELSE '' END)"
        for header, new, old in pairs
    )


def household_pairs(row: str, household: str) -> list[tuple[str, str, str]]:
    return [(HEADER_OF[f], f"{row}.{f}", f"{household}.{f}") for f in HOUSEHOLD_FIELDS]


def person_pairs(row: str, person: str) -> list[tuple[str, str, str]]:
    return [(HEADER_OF[f], f"{row}.{f}", f"{person}.{f}") for f in PERSON_FIELDS]


def bool_max(column: str) -> str:
    """The non-null boolean of a group (the rows agree, or reconcile rejected them)."""
    return (
        f"(CASE MAX(CASE WHEN {column} THEN 2 WHEN NOT {column} THEN 1 END) "
        f"WHEN 2 THEN TRUE WHEN 1 THEN FALSE END)"
    )


def household_aggregates(row: str) -> list[tuple[str, str]]:
    """(field, aggregate over the rows of one KK) for every household field."""
    return [
        (f, bool_max(f"{row}.{f}") if f in BOOLEAN_HOUSEHOLD_FIELDS else f"MAX({row}.{f})")
        for f in HOUSEHOLD_FIELDS
    ]

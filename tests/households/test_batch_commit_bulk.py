"""The fast paths of a large commit give the same registry as the ordinary ones."""

from __future__ import annotations

import pytest
from django.db import connection

from households.facts import household_facts_refresh
from households.models import Household
from tests.households.batchfiles import csv_bytes, family, member

FACTS = [
    "member_count",
    "children_0_6",
    "school_age_7_18",
    "elderly_60_plus",
    "disabled_members",
    "pregnant_members",
    "bps_criteria_met",
]


def _facts() -> list[tuple]:
    return list(Household.objects.order_by("kk").values_list("kk", *FACTS))


def _batch() -> bytes:
    rows = [
        *family(kk="3505010101200001"),
        *family(kk="3505010101200002", disabilitas="berat", lantai="keramik"),
        *family(kk="3505010101200003", luas_lantai="12"),
    ]
    rows.append(
        member(
            no_kk="3505010101200003",
            nik="3505014101500003",
            nama="Mbah Sarinah",
            hubungan_keluarga="orang_tua",
            jenis_kelamin="P",
            tanggal_lahir="1950-01-01",
            hamil="tidak",
            luas_lantai="12",
        )
    )
    return csv_bytes(rows)


def test_facts_of_new_households_are_those_a_recount_gives(upload, commit):
    batch = upload(_batch())
    assert (batch.rows_new, batch.rows_rejected) == (10, 0), list(
        batch.rows.filter(outcome="rejected").values("row_number", "errors", "conflicts")
    )
    commit(batch)
    counted_on_insert = _facts()
    assert counted_on_insert[2][1:3] == (4, 0)  # four members, none under seven
    household_facts_refresh()
    assert _facts() == counted_on_insert


def _index_definitions() -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT indrelid::regclass::text, pg_get_indexdef(indexrelid) FROM pg_index
               WHERE indrelid::regclass::text LIKE 'households_%%' ORDER BY 1, 2"""
        )
        indexes = cursor.fetchall()
        cursor.execute(
            """SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
               FROM pg_constraint WHERE conrelid::regclass::text LIKE 'households_%%'
               ORDER BY 1, 2"""
        )
        return indexes + cursor.fetchall()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="index rebuild is PostgreSQL's")
def test_a_batch_that_rebuilds_the_indexes_leaves_them_as_they_were(upload, commit, monkeypatch):
    before = _index_definitions()
    monkeypatch.setattr("tkpk.bulk.REBUILD_MIN_ROWS", 1)
    commit(upload(_batch()))
    assert _index_definitions() == before
    assert Household.objects.count() == 3
    ordinary = _facts()
    household_facts_refresh()
    assert _facts() == ordinary

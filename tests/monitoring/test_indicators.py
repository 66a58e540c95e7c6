"""Poverty indicators: a file's preview says what it would do row by row, commits all or
nothing, re-uploading it changes nothing; bad rows name row, column and reason; a region
outside the uploader's reach reads exactly like one that does not exist; the province's and
the country's figures are comparison rows, added but never changed from below."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from monitoring.indicators.imports import value_parse
from monitoring.indicators.services import (
    IndicatorBatchError,
    RowsRefused,
    ValueInput,
    indicator_batch_commit,
    indicator_values_store,
)
from monitoring.models import IndicatorBatchRow, IndicatorValue
from tests.monitoring.conftest import HEADER, upload_indicators
from tests.personas import BLITAR
from tkpk.models import AuditEntry
from tkpk.tabular.reasons import problem_text

GOOD = (
    HEADER
    + '35.05,p0,2023,maret,"9,85",BPS Susenas Maret 2023,\n'
    + "35.05,p0,2024,march,9.31,BPS Susenas Maret 2024,\n"
    + '35.05,garis_kemiskinan,2024,maret,"Rp 512.345",BPS,\n'
    + '35.05,kemiskinan_ekstrem,2023,maret,"0,92",BPS,\n'
    + '35.05,kemiskinan_ekstrem,2025,maret,"0,71",BPS,\n'
    + '35,p0,2024,september,"9,56",BPS Jawa Timur,\n'
    + '00,p0,2024,september,"8,57",BPS Nasional,\n'
)


def stored() -> dict[tuple[str, str, int, str], tuple[Decimal, str]]:
    return {
        (v.region_code, v.indicator, v.year, v.period): (v.value, v.method_version)
        for v in IndicatorValue.objects.all()
    }


def test_a_file_previews_commits_and_reuploads_as_unchanged(people):
    # given a secretariat's file of seven figures
    batch = upload_indicators(people.blitar_secretariat, GOOD)
    # then the preview counts seven new rows and nothing is stored yet
    assert (batch.state, batch.rows_total, batch.rows_new, batch.rows_rejected) == (
        "validated",
        7,
        7,
        0,
    )
    assert IndicatorValue.objects.count() == 0
    # when it is committed
    indicator_batch_commit(batch_id=batch.pk, user=people.blitar_secretariat)
    values = stored()
    assert values[(BLITAR, "p0", 2023, "march")][0] == Decimal("9.85")
    assert values[(BLITAR, "poverty_line", 2024, "march")][0] == Decimal("512345")
    # the extreme-poverty line used is stored with the figure, by year
    assert values[(BLITAR, "extreme_poverty", 2023, "march")][1] == "US$1,90 PPP 2011"
    assert values[(BLITAR, "extreme_poverty", 2025, "march")][1] == "US$2,15 PPP 2017"
    assert values[("00", "p0", 2024, "september")][0] == Decimal("8.57")
    assert AuditEntry.objects.filter(action="indicators_committed").count() == 1
    # and the same file again changes nothing
    again = upload_indicators(people.blitar_secretariat, GOOD)
    assert (again.rows_new, again.rows_changed, again.rows_unchanged) == (0, 0, 7)
    before = list(IndicatorValue.objects.order_by("id").values())
    indicator_batch_commit(batch_id=again.pk, user=people.blitar_secretariat)
    assert list(IndicatorValue.objects.order_by("id").values()) == before


def test_a_changed_figure_shows_before_and_after(people):
    first = upload_indicators(people.blitar_secretariat, GOOD)
    indicator_batch_commit(batch_id=first.pk, user=people.blitar_secretariat)
    changed = upload_indicators(
        people.blitar_secretariat, HEADER + '35.05,p0,2024,maret,"9,12",BPS revisi,\n'
    )
    row = IndicatorBatchRow.objects.get(batch=changed)
    assert (row.outcome, row.previous_value, row.value) == (
        "changed",
        Decimal("9.31"),
        Decimal("9.12"),
    )
    indicator_batch_commit(batch_id=changed.pk, user=people.blitar_secretariat)
    assert stored()[(BLITAR, "p0", 2024, "march")][0] == Decimal("9.12")


BAD_ROWS = [
    ("35.09,p0,2024,maret,9,BPS,", "kode_wilayah", "Kode wilayah tidak ditemukan."),
    ("35.99,p0,2024,maret,9,BPS,", "kode_wilayah", "Kode wilayah tidak ditemukan."),
    ("35.05.01,p0,2024,maret,9,BPS,", "kode_wilayah", "kecamatan"),
    ("35.05,p9,2024,maret,9,BPS,", "indikator", "Indikator tidak dikenal."),
    ("35.05,p0,24,maret,9,BPS,", "tahun", "empat angka"),
    ("35.05,p0,2024,september,9,BPS,", "periode", "tidak menerbitkan"),
    ("35.05,tpt,2024,februari,5,BPS,", "periode", "tidak menerbitkan"),
    ("35.05,p0,2024,bulan,9,BPS,", "periode", "Periode tidak dikenal"),
    ("35.05,p0,2024,maret,101,BPS,", "nilai", "lebih dari 100"),
    ('35.05,gini,2024,tahunan,"1,2",BPS,', "nilai", "lebih dari 1"),
    ("35.05,p0,2024,maret,-1,BPS,", "nilai", "negatif"),
    ("35.05,p0,2024,maret,sembilan,BPS,", "nilai", "bukan angka"),
    ("35.05,p0,2024,maret,9,,", "sumber", "Sumber wajib diisi"),
    ("35.05,kemiskinan_ekstrem,2024,maret,1,BPS,", "versi_metode", "garis kemiskinan ekstrem"),
]


@pytest.mark.parametrize(("line", "column", "reason"), BAD_ROWS)
def test_a_bad_row_is_refused_naming_its_column_and_reason(people, line, column, reason):
    batch = upload_indicators(people.blitar_secretariat, HEADER + line + "\n")
    row = IndicatorBatchRow.objects.get(batch=batch)
    assert row.outcome == "rejected"
    assert [p["column"] for p in row.errors] == [column], row.errors
    assert reason in problem_text(row.errors[0])
    assert row.row_number == 2  # as the spreadsheet numbers it, under the header


def test_another_regency_reads_exactly_like_a_region_that_does_not_exist(people, login):
    batch = upload_indicators(
        people.blitar_secretariat,
        HEADER + "35.09,p0,2024,maret,9,BPS,\n35.99,p0,2024,maret,9,BPS,\n",
    )
    jember, missing = IndicatorBatchRow.objects.filter(batch=batch).order_by("row_number")
    assert jember.errors[0]["code"] == missing.errors[0]["code"] == "indicator_region_unknown"
    page = login(people.blitar_secretariat).get(
        reverse("monitoring:indicator-batch-detail", args=[batch.pk])
    )
    body = page.content.decode()
    assert "Baris 2, kolom kode_wilayah" in body and "Baris 3, kolom kode_wilayah" in body
    assert "Jember" not in body


def test_a_refused_row_reads_in_the_readers_language(people, login):
    batch = upload_indicators(people.blitar_secretariat, HEADER + "35.05,p0,2024,maret,101,BPS,\n")
    url = reverse("monitoring:indicator-batch-detail", args=[batch.pk])
    client = login(people.blitar_secretariat)
    assert "Nilai lebih dari 100." in client.get(url).content.decode()
    client.post(reverse("set_language"), {"language": "en"})
    english = client.get(url).content.decode()
    assert "The value is more than 100." in english and "Nilai lebih dari" not in english


def test_a_repeated_row_is_refused_and_a_file_with_refusals_commits_only_its_good_rows(people):
    batch = upload_indicators(
        people.blitar_secretariat,
        HEADER + "35.05,p0,2024,maret,9,BPS,\n35.05,p0,2024,maret,8,BPS,\n35.05,p0,2024,x,8,BPS,\n",
    )
    rows = list(IndicatorBatchRow.objects.filter(batch=batch).order_by("row_number"))
    assert [r.outcome for r in rows] == ["new", "rejected", "rejected"]
    assert "baris 2" in problem_text(rows[1].errors[0])
    indicator_batch_commit(batch_id=batch.pk, user=people.blitar_secretariat)
    assert stored() == {(BLITAR, "p0", 2024, "march"): (Decimal("9"), "")}


def test_a_file_without_the_needed_columns_is_refused_whole(people):
    batch = upload_indicators(people.blitar_secretariat, "kode_wilayah,nilai\n35.05,9\n")
    assert batch.state == "unreadable"
    assert batch.file_errors[0]["code"] == "indicator_columns_missing"


def test_comparison_rows_are_added_but_never_changed_from_below(people):
    # given the province's figure stored by Blitar
    indicator_values_store(
        user=people.blitar_secretariat,
        values=[ValueInput("35", "p0", 2024, "september", "9,56", "BPS Jawa Timur")],
    )
    # then Jember may send the same figure (unchanged) ...
    counts = indicator_values_store(
        user=people.jember_secretariat,
        values=[ValueInput("35", "p0", 2024, "september", "9,56", "BPS Jawa Timur")],
    )
    assert counts["unchanged"] == 1
    # ... but not a different one: nothing changes, the reason is given
    with pytest.raises(RowsRefused) as refused:
        indicator_values_store(
            user=people.jember_secretariat,
            values=[ValueInput("35", "p0", 2024, "september", "9,99", "BPS Jawa Timur")],
        )
    assert "hanya TKPK wilayah itu" in refused.value.problems[0]["message"]
    assert stored()[("35", "p0", 2024, "september")][0] == Decimal("9.56")


def test_typed_figures_are_all_stored_or_none(people):
    with pytest.raises(RowsRefused) as refused:
        indicator_values_store(
            user=people.blitar_secretariat,
            values=[
                ValueInput(BLITAR, "p0", 2024, "march", "9,1", "BPS"),
                ValueInput(BLITAR, "p1", 2024, "march", "abc", "BPS"),
            ],
        )
    assert refused.value.problems == [
        {
            "row": 2,
            "column": "nilai",
            "value": "abc",
            "code": "indicator_value_not_number",
            "message": "Nilai bukan angka.",
        }
    ]
    assert IndicatorValue.objects.count() == 0


def test_the_database_refuses_a_second_row_for_the_same_region_indicator_and_period(people):
    indicator_values_store(
        user=people.blitar_secretariat,
        values=[ValueInput(BLITAR, "p0", 2024, "march", "9,1", "BPS")],
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValue.objects.create(
            region_code=BLITAR,
            indicator="p0",
            year=2024,
            period="march",
            value=Decimal("9.2"),
            unit="%",
            source="lain",
        )


def test_the_commit_rechecks_the_committers_reach(people):
    batch = upload_indicators(people.blitar_secretariat, HEADER + "35.05,p0,2024,maret,9,BPS,\n")
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        indicator_batch_commit(batch_id=batch.pk, user=people.jember_secretariat)
    assert IndicatorValue.objects.count() == 0
    indicator_batch_commit(batch_id=batch.pk, user=people.blitar_secretariat)
    with pytest.raises(IndicatorBatchError):  # committed already
        indicator_batch_commit(batch_id=batch.pk, user=people.blitar_secretariat)


def test_values_are_read_the_indonesian_way():
    assert value_parse("9,85", rupiah=False) == Decimal("9.85")
    assert value_parse("0.381", rupiah=False) == Decimal("0.381")
    assert value_parse("Rp 512.345", rupiah=True) == Decimal("512345")
    assert value_parse("512345,50", rupiah=True) == Decimal("512345.50")
    assert value_parse("1.2.3", rupiah=False) is None
    assert value_parse("NaN", rupiah=False) is None


def test_the_typed_in_form_stores_a_figure_and_refuses_another_regency(people, login):
    client = login(people.blitar_secretariat)
    url = reverse("monitoring:indicator-create")
    form = {
        "region": BLITAR,
        "indicator": "hdi",
        "year": 2024,
        "period": "annual",
        "value": "72,45",
        "source": "BPS IPM 2024",
    }
    assert client.post(url, form).status_code == 302
    assert stored()[(BLITAR, "hdi", 2024, "annual")][0] == Decimal("72.45")
    jember = client.post(url, {**form, "region": "35.09"})
    missing = client.post(url, {**form, "region": "35.98"})
    assert jember.status_code == missing.status_code == 400
    assert "Kode wilayah tidak ditemukan." in jember.content.decode()
    assert "Kode wilayah tidak ditemukan." in missing.content.decode()
    assert AuditEntry.objects.filter(action="indicator_changed").count() == 1


def test_the_trend_page_compares_the_region_with_its_province_and_the_country(people, login):
    batch = upload_indicators(people.blitar_secretariat, GOOD)
    indicator_batch_commit(batch_id=batch.pk, user=people.blitar_secretariat)
    body = login(people.blitar_leader).get(reverse("monitoring:indicator-list")).content.decode()
    p0 = body.split('data-indicator="p0"')[1].split("</section>")[0]
    assert "<svg" in p0 and "Kabupaten Blitar" in p0 and "Jawa Timur" in p0
    assert "Indonesia" in p0
    assert "9,85" in body  # Indonesian decimals
    assert "Mar 2023" in p0 and "Sep 2024" in p0


def test_an_upload_page_refuses_a_leader(people, login):
    response = login(people.blitar_leader).post(reverse("monitoring:indicator-batch-list"), {})
    assert response.status_code == 403


def test_the_poor_count_trend_shows_the_regency_alone(people, login):
    """A country's 25 million poor beside a regency's hundred thousand would flatten the
    regency to zero on a shared axis."""
    counts = (
        HEADER
        + '35.05,penduduk_miskin,2024,maret,"98,40",BPS Susenas,\n'
        + '35.05,penduduk_miskin,2025,maret,"95,10",BPS Susenas,\n'
        + '00,penduduk_miskin,2024,maret,"25220,00",BPS Nasional,\n'
    )
    batch = upload_indicators(people.blitar_secretariat, counts)
    indicator_batch_commit(batch_id=batch.pk, user=people.blitar_secretariat)
    body = login(people.blitar_leader).get(reverse("monitoring:indicator-list")).content.decode()
    chart = body.split('data-indicator="poor_count"')[1].split("</section>")[0]
    assert "Kabupaten Blitar" in chart and "Indonesia" not in chart
    assert "25.220" not in chart

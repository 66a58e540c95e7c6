"""The LP2KD's charts come from the snapshot's tables: the same frozen figures draw the same
chart, a table without figures draws none, and the generated PDF carries them."""

from __future__ import annotations

import re

from reports.lp2kd.charts import table_chart

TREND = {
    "key": "T2.1",
    "missing": "",
    "rows": [
        [2023, "Maret", 98.4, 9.85, 1.4, 0.3, 480000],
        [2024, "Maret", 95.1, 9.31, 1.3, 0.3, 512345],
        [2025, "Maret", 91.0, None, None, None, None],
    ],
}
BUDGET = {
    "key": "T3.1",
    "missing": "",
    "rows": [
        ["Klaster 1", "Dinas Sosial", "APBD", 1000, 250, 25.0],
        ["Klaster 1", "Dinas Sosial", "APBN", 1000, 750, 75.0],
        ["Klaster 2", "Dinas Koperasi", "APBD", 400, 0, 0.0],
    ],
}


def test_the_trend_draws_each_period_with_a_poverty_rate():
    svg = str(table_chart(TREND))
    assert svg.count("<circle") == 2  # 2025 has no P0 yet
    assert "Maret 2023" in svg and "9,85" in svg


def test_absorption_is_money_spent_over_money_planned_per_cluster():
    svg = str(table_chart(BUDGET))
    assert "Klaster 1: 50,0" in svg and ">Klaster 2<" in svg


def test_a_table_without_figures_or_a_chart_draws_nothing():
    assert table_chart({**TREND, "rows": [], "missing": "Belum ada indikator."}) is None
    assert table_chart({**TREND, "rows": TREND["rows"][:1]}) is None
    assert table_chart({"key": "T4.2", "rows": [[1]], "missing": ""}) is None
    assert table_chart(BUDGET) == table_chart(dict(BUDGET))  # same figures, same drawing
    assert re.search(r"<svg[^>]*>", str(table_chart(BUDGET)))

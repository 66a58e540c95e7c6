from __future__ import annotations

import datetime

from django.template import Context, Template
from django.utils import translation


def render(source: str, **context) -> str:
    return Template("{% load tkpk_format %}" + source).render(Context(context))


def test_rupiah_and_numbers_use_indonesian_grouping():
    with translation.override("id"):
        assert render("{{ v|rupiah }}", v=1234567) == "Rp\u00a01.234.567"
        assert render("{{ v|angka }}", v=1200000) == "1.200.000"
        assert render("{{ v|angka:1 }}", v=68.8) == "68,8"


def test_dates_read_in_indonesian():
    with translation.override("id"):
        assert render('{{ d|date:"j F Y" }}', d=datetime.date(2026, 1, 31)) == "31 Januari 2026"


def test_english_switches_the_separators():
    with translation.override("en"):
        assert render("{{ v|angka }}", v=1200000) == "1,200,000"

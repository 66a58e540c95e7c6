"""The comparison page asks which two runs to compare when it is not told, offering the
user's own finished runs; a run that does not exist or is not the user's is not found."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse

from programs.models import TargetingRun
from tests.personas import BLITAR, JEMBER

URL = "/program/penargetan/bandingkan/"


@pytest.fixture
def runs(people):
    def run(region: str, day: int, state: str = "done") -> TargetingRun:
        return TargetingRun.objects.create(
            region_id=region,
            reference_date=date(2026, day, 1),
            created_by=people.blitar_secretariat,
            state=state,
        )

    return {
        "blitar_may": run(BLITAR, 5),
        "blitar_june": run(BLITAR, 6),
        "blitar_running": run(BLITAR, 7, state="running"),
        "jember": run(JEMBER, 6),
    }


def _offered(body: str, field: str) -> set[int]:
    select = body.split(f'name="{field}"')[1].split("</select>")[0]
    return {int(v) for v in re.findall(r'<option value="(\d+)"', select)}


def test_without_runs_named_the_page_asks_which_two_to_compare(runs, people, login):
    assert reverse("programs:run-compare") == URL
    response = login(people.blitar_secretariat).get(URL)

    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="compare-form"' in body
    finished = {runs["blitar_may"].pk, runs["blitar_june"].pk}
    assert _offered(body, "a") == _offered(body, "b") == finished
    assert "Kabupaten Jember" not in body

    jember = login(people.jember_secretariat).get(URL).content.decode()
    assert "Perbandingan butuh dua analisis" in jember  # Jember has only one finished run


def test_the_form_leads_to_the_comparison(runs, people, login):
    client = login(people.blitar_leader)
    a, b = runs["blitar_may"].pk, runs["blitar_june"].pk
    response = client.get(URL, {"a": a, "b": b})
    assert response.status_code == 200
    assert f"Analisis #{a} dibanding #{b}" in response.content.decode()

    half = client.get(URL, {"a": a, "b": ""})
    assert half.status_code == 200
    assert "compare-form" in half.content.decode()
    assert "Bidang ini harus diisi." in half.content.decode()


def test_unknown_or_foreign_runs_are_not_found(runs, people, login):
    client = login(people.blitar_secretariat)
    a = runs["blitar_may"].pk
    assert client.get(URL, {"a": a, "b": runs["jember"].pk}).status_code == 404
    assert client.get(URL, {"a": a, "b": 999_999}).status_code == 404
    assert client.get(URL, {"a": runs["jember"].pk, "b": a}).status_code == 404

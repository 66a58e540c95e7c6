from __future__ import annotations

import shutil

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.personas import JATEN
from tkpk.models import Region
from tkpk.services.regions import DEFAULT_SOURCE, regions_load


@pytest.mark.django_db
def test_the_whole_kemendagri_hierarchy_is_loaded():
    counts = {level: Region.objects.filter(level=level).count() for level in Region.Level.values}
    assert counts == {1: 38, 2: 514, 3: 7285, 4: 83762}
    jaten = Region.objects.get(code=JATEN)
    assert jaten.name == "Jaten"
    assert jaten.parent.name == "Wonodadi"
    assert jaten.parent.parent.name == "Kabupaten Blitar"
    assert str(jaten.village_kind) == "Desa"


@pytest.mark.django_db
def test_a_second_load_changes_nothing_and_says_so(capsys):
    call_command("load_regions")
    assert "Tidak ada perubahan: 91599 wilayah sudah sesuai" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_renamed_region_is_updated_and_nothing_else(tmp_path):
    source = tmp_path / "wilayah"
    shutil.copytree(DEFAULT_SOURCE, source)
    villages = source / "villages.csv"
    villages.write_text(
        villages.read_text(encoding="utf-8").replace(
            "35.05.01.2001,Jaten,", "35.05.01.2001,Jaten Baru,"
        ),
        encoding="utf-8",
    )
    result = regions_load(source_dir=source)
    assert (result.created, result.updated) == (0, 1)
    assert Region.objects.get(code=JATEN).name == "Jaten Baru"


def test_regions_search_by_name_and_code_stays_in_scope(people, login):
    client = login(people.blitar_secretariat)
    by_name = client.get(reverse("regions:list"), {"q": "Jaten"})
    assert "35.05.01.2001" in by_name.content.decode()
    # Jaten also names villages outside Blitar; none of them may show.
    assert all(
        code.startswith("35.05.")
        for code in Region.objects.filter(name="Jaten").values_list("code", flat=True)
        if code in by_name.content.decode()
    )
    by_code = client.get(reverse("regions:list"), {"q": "35.05.01"})
    assert "Wonodadi" in by_code.content.decode()
    outside = client.get(reverse("regions:list"), {"q": "35.09"})
    assert "Jember" not in outside.content.decode()
    assert "0 wilayah ditemukan" in outside.content.decode()


def test_a_village_operator_sees_only_their_village(people, login):
    client = login(people.jaten_village_operator)
    assert client.get(reverse("regions:detail", args=[JATEN])).status_code == 200
    assert client.get(reverse("regions:detail", args=["35.05.01"])).status_code == 404
    page = client.get(reverse("regions:list"), {"q": "a", "tingkat": 4}).content.decode()
    assert "Jaten" in page and "1 wilayah ditemukan" in page


def test_region_detail_lists_children_with_their_counts(people, login):
    page = login(people.blitar_secretariat).get(reverse("regions:detail", args=["35.05"]))
    body = page.content.decode()
    assert "Wonodadi" in body and "Selopuro" in body
    assert len(page.context["children"]) == 22


def test_unknown_region_code_is_404_in_ui_and_api(people, login, api):
    assert login(people.blitar_secretariat).get("/wilayah/35.05.77/").status_code == 404
    response = api(people.bpjs_blitar_key).get("/api/regions/35.05.77/")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_api_lists_regions_filtered_by_level_and_parent(people, api):
    client = api(people.bpjs_blitar_key)
    response = client.get("/api/regions/", {"level": 3, "parent": "35.05"})
    body = response.json()
    assert body["count"] == 22
    assert body["results"][0] == {
        "code": "35.05.01",
        "name": "Wonodadi",
        "level": 3,
        "level_label": "Kecamatan",
        "parent": "35.05",
    }

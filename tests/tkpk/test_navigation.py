"""The module bar: few top-level entries, related pages in one menu, only what the role may
open (the browser test measures that it fits; this one says what is in it)."""

from __future__ import annotations

from django.urls import reverse

MONITORING = (
    "Pemantauan",
    [
        "Dasbor pimpinan",
        "Susunan TKPK",
        "Rapat koordinasi",
        "Indikator kemiskinan",
        "RPKD dan RAT",
        "Laporan realisasi",
        "Evaluasi",
        "Sumber dana",
        "Kunjungan lapangan",
    ],
)


def bar(client, url="/") -> list:
    """(label, [menu labels]) per top-level entry, and the active labels."""
    modules = client.get(url).context["nav_modules"]
    entries = [(str(m["label"]), [str(i["label"]) for i in m.get("menu", [])]) for m in modules]
    active = [str(leaf["label"]) for m in modules for leaf in m.get("menu", [m]) if leaf["active"]]
    return entries, active


def test_the_secretariat_sees_programs_and_the_registry_as_menus(people, login):
    entries, active = bar(login(people.blitar_secretariat))
    assert entries == [
        ("Beranda", []),
        ("Wilayah", []),
        ("Registri", ["Rumah tangga", "Batch verifikasi"]),
        ("Program", ["Katalog program", "Penargetan", "Kelompok usaha", "Penyaluran"]),
        ("Pengaduan", []),
        ("Musrenbang", ["Tahun perencanaan", "Usulan"]),
        MONITORING,
        ("Laporan", ["LP2KD", "Profil kemiskinan desa"]),
    ]
    assert active == ["Beranda"]


def test_a_menu_with_one_page_for_the_role_is_a_plain_link(people, login):
    leader, _ = bar(login(people.blitar_leader))
    assert leader == [
        ("Beranda", []),
        ("Wilayah", []),
        ("Program", ["Katalog program", "Penargetan", "Kelompok usaha", "Penyaluran"]),
        ("Statistik pengaduan", []),
        MONITORING,
        ("LP2KD", []),
    ]
    officer, _ = bar(login(people.blitar_agency_officer))
    assert ("Program", ["Katalog program", "Kelompok usaha", "Penyaluran"]) in officer
    village, _ = bar(login(people.jaten_village_operator))
    assert ("Registri", ["Rumah tangga", "Batch verifikasi", "Koreksi registri"]) in village
    assert not any(label == "Program" for label, _ in village)
    assert ("Musrenbang", ["Tahun perencanaan", "Usulan"]) in village
    assert MONITORING in officer
    assert not any(label == "Pemantauan" for label, _ in village)
    auditor, _ = bar(login(people.blitar_auditor))
    assert auditor == [("Beranda", []), ("Wilayah", []), ("Log audit", [])]


def test_the_open_page_and_its_menu_are_marked(people, login):
    client = login(people.blitar_secretariat)
    modules = client.get(reverse("programs:run-list")).context["nav_modules"]
    program = next(m for m in modules if str(m["label"]) == "Program")
    assert program["active"]
    assert [str(i["label"]) for i in program["menu"] if i["active"]] == ["Penargetan"]
    assert not any(m["active"] for m in modules if m is not program)
    body = client.get(reverse("programs:run-list")).content.decode()
    assert '<details class="modules__group is-active">' in body
    assert 'href="/program/penargetan/" aria-current="page"' in body


def test_background_jobs_are_in_the_user_menu(people, login):
    body = login(people.blitar_auditor).get("/").content.decode()
    menu = body.split('class="usermenu__panel"')[1].split("</details>")[0]
    assert f'href="{reverse("jobs:list")}"' in menu

"""Issue 13's "done when", clicked through in the browser: the secretariat records the TKPK's
composition and a rakor, builds a RAT from the RPKD with priority villages suggested by the
registry; an agency officer reports a quarter and the secretariat accepts it; the evaluation
and funding-source views and the leader's dashboard show the figures, each checked against a
computation made here from what the test typed. Last, the agency owning the rakor's follow-up
marks it done and the dashboard stops counting it overdue."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from households.models import Household
from monitoring.models import Plan, Report
from monitoring.models.plans import Cluster
from monitoring.plans.services import (
    AllocationInput,
    SubActivityInput,
    activity_add,
    plan_create,
    plan_program_add,
    priority_add,
    sub_activity_save,
)
from tests.browser.test_shell import log_in, open_module
from tests.personas import BLITAR, JATEN, JEMBER, OTHER_BLITAR_VILLAGE, PADOMASAN, cast, person
from tkpk.models import Agency, Region
from tkpk.roles import Role

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# The RAT's year: last year, so that its first quarter has ended whenever the test runs (a
# report for a quarter not yet ended is refused); the RPKD starts the year before.
YEAR = timezone.localdate().year - 1
RPKD_FIRST = YEAR - 1
QUARTER = 1

HEALTH_SUB = "1.02.02.2.01.0001"  # typed in the browser, owned by Dinas Kesehatan
SOCIAL_SUB = "1.06.04.2.01.0001"  # made through the services, owned by Dinas Sosial

# The RAT year's indicative budget, per sub-activity and funding source (Rp).
PLANNED = {
    HEALTH_SUB: {"apbd_regency": 100_000_000, "apbn": 50_000_000},
    SOCIAL_SUB: {"apbdes": 30_000_000, "non_government": 10_000_000},
}
HEALTH_TARGET = 100
CLUSTER_OF = {HEALTH_SUB: Cluster.FAMILY, SOCIAL_SUB: Cluster.COMMUNITY}
# What the officer reports for the quarter (Rp), and the physical output.
SPENT = {"apbd_regency": 40_000_000, "apbn": 10_000_000}
PHYSICAL = 25

_serial = iter(range(1, 10**6))


def rp(amount: int) -> str:
    """How the pages print rupiah in Indonesian."""
    return "Rp\u00a0" + f"{amount:,}".replace(",", ".")


def pct(part: int, whole: int) -> str:
    """A share with one decimal, the Indonesian way (26,3)."""
    value = (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)
    return str(value).replace(".", ",")


def households(village: str, *, deciles: list[int | None], extreme: int = 0) -> None:
    """Registry households straight into the table (the import is tested elsewhere); the
    first ``extreme`` of them extreme poor."""
    now = timezone.now()
    for i, decile in enumerate(deciles):
        n = next(_serial)
        Household.objects.create(
            kk=f"{village.replace('.', '')[:6]}{n:010d}",
            village_id=village,
            welfare_decile=decile,
            extreme_poor=i < extreme,
            created_at=now,
            updated_at=now,
        )


def rpkd_without_health_sub_activity(user, health: Agency, social: Agency):
    """An RPKD with its priorities, programs and activities; Dinas Sosial's sub-activity
    through the services (Dinas Kesehatan's is typed in the browser)."""
    rpkd = plan_create(user=user, region_code=BLITAR, first_year=RPKD_FIRST, title="RPKD uji")
    health_priority = priority_add(
        user=user,
        plan=rpkd,
        number=1,
        name="Mengurangi beban pengeluaran keluarga miskin",
        strategy="reduce_expenditure",
        cluster=CLUSTER_OF[HEALTH_SUB],
    )
    social_priority = priority_add(
        user=user,
        plan=rpkd,
        number=2,
        name="Pemberdayaan kelompok usaha",
        strategy="raise_income",
        cluster=CLUSTER_OF[SOCIAL_SUB],
    )
    health_activity = activity_add(
        user=user,
        program=plan_program_add(
            user=user, priority=health_priority, code="1.02.02", name="Upaya kesehatan"
        ),
        code="1.02.02.2.01",
        name="Layanan kesehatan keluarga miskin",
    )
    social_activity = activity_add(
        user=user,
        program=plan_program_add(
            user=user, priority=social_priority, code="1.06.04", name="Pemberdayaan sosial"
        ),
        code="1.06.04.2.01",
        name="Usaha ekonomi produktif",
    )
    sub_activity_save(
        user=user,
        activity=social_activity,
        data=SubActivityInput(
            code=SOCIAL_SUB,
            name="Bantuan modal KUBE",
            indicator="Kelompok usaha dibina",
            unit="kelompok",
            agency_id=social.pk,
            targets={YEAR: Decimal(10)},
            allocations=[
                AllocationInput(YEAR, source, Decimal(amount), donor="Baznas")
                if source == "non_government"
                else AllocationInput(YEAR, source, Decimal(amount))
                for source, amount in PLANNED[SOCIAL_SUB].items()
            ],
        ),
    )
    return rpkd, health_activity


def test_secretariat_plans_officer_reports_and_leader_sees_the_figures(
    browser, page, live_server, regions
):
    people = cast()
    health = Agency.objects.create(
        code="dinkes", name="Dinas Kesehatan Blitar", kind=Agency.Kind.OPD, region_id=BLITAR
    )
    social = Agency.objects.create(
        code="dinsos", name="Dinas Sosial Blitar", kind=Agency.Kind.OPD, region_id=BLITAR
    )
    person("opd.dinkes", Role.AGENCY_OFFICER, BLITAR, agency=health)
    person("opd.dinsos", Role.AGENCY_OFFICER, BLITAR, agency=social)
    rpkd, health_activity = rpkd_without_health_sub_activity(
        people.blitar_secretariat, health, social
    )
    # The registry: deciles 1-4 rank the villages, then extreme poverty; decile 5+ and
    # another regency's households are never suggested.
    households(JATEN, deciles=[1, 2, 4, 7])
    households(OTHER_BLITAR_VILLAGE, deciles=[3, 9], extreme=2)
    households("35.05.03.2001", deciles=[8, None])
    households(PADOMASAN, deciles=[1, 1, 1, 1, 1])
    suggested = {}
    for h in Household.objects.filter(village__code__startswith=BLITAR + "."):
        poor, extreme = suggested.get(h.village_id, (0, 0))
        suggested[h.village_id] = (
            poor + (h.welfare_decile is not None and h.welfare_decile <= 4),
            extreme + h.extreme_poor,
        )
    ranking = sorted(
        (code for code, (poor, extreme) in suggested.items() if poor or extreme),
        key=lambda code: (-suggested[code][0], -suggested[code][1], code),
    )
    assert ranking == [JATEN, OTHER_BLITAR_VILLAGE]
    assert not any(code.startswith(JEMBER) for code in ranking)

    # The secretariat records the TKPK's decree and its composition.
    log_in(page, live_server, "sekretariat.blitar")
    open_module(page, "Pemantauan", "Susunan TKPK")
    page.get_by_role("link", name="Catat SK baru").click()
    form = page.locator("form.form")
    form.locator("[name=sk_number]").fill("188/45/KPTS/409.012/2025")
    form.locator("[name=sk_date]").fill(f"{RPKD_FIRST}-01-06")
    form.locator("[name=term_start]").fill(f"{RPKD_FIRST}-01-01")
    form.locator("[name=term_end]").fill(f"{RPKD_FIRST + 4}-12-31")
    form.get_by_role("button", name="Simpan").click()
    expect(page.locator(".facts")).to_contain_text("188/45/KPTS/409.012/2025")
    for position, name, title, element, agency in (
        ("chair", "Drs. Santoso", "Wakil Bupati", "government", None),
        ("secretary", "Ir. Wahyuni", "Kepala Bappeda", "government", None),
        ("member", "dr. Hartono", "Kepala Dinas Kesehatan", "government", health),
    ):
        member = page.locator("form[action$='/anggota/']")
        member.locator("[name=position]").select_option(position)
        member.locator("[name=name]").fill(name)
        member.locator("[name=title]").fill(title)
        member.locator("[name=element]").select_option(element)
        if agency is not None:
            member.locator("[name=agency]").select_option(str(agency.pk))
        member.get_by_role("button", name="Tambah").click()
        expect(page.get_by_test_id("composition")).to_contain_text(name)
    composition = page.get_by_test_id("composition")
    expect(composition.locator("tr", has_text="dr. Hartono")).to_contain_text(
        "Dinas Kesehatan Blitar"
    )
    expect(composition.locator("tr", has_text="Drs. Santoso")).to_contain_text("Ketua")

    # ... and a rakor with an attendee, its decisions and a follow-up.
    open_module(page, "Pemantauan", "Rapat koordinasi")
    page.get_by_role("link", name="Catat rakor").click()
    form = page.locator("form.form")
    form.locator("[name=title]").fill("Rakor TKPK triwulan I")
    form.locator("[name=held_on]").fill(f"{YEAR}-02-10")
    form.locator("[name=place]").fill("Ruang rapat Bappeda")
    form.locator("[name=chair]").fill("Drs. Santoso")
    form.locator("[name=agenda]").fill("Penetapan lokasi prioritas")
    form.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", name="Rakor TKPK triwulan I")).to_be_visible()
    attendee = page.locator("form[action$='/hadir/']")
    attendee.locator("[name=name]").fill("Siti Aminah")
    attendee.locator("[name=sex]").select_option("P")
    attendee.locator("[name=agency]").select_option(str(social.pk))
    attendee.get_by_role("button", name="Tambah peserta").click()
    expect(page.get_by_text("1 hadir, 1 perempuan.")).to_be_visible()
    page.get_by_text("Ubah keputusan").click()
    decisions = page.locator("form[action$='/keputusan/']")
    decisions.locator("[name=decisions]").fill("Desa Jaten menjadi lokasi prioritas.")
    decisions.get_by_role("button", name="Simpan keputusan").click()
    expect(
        page.get_by_role("paragraph").filter(has_text="Desa Jaten menjadi lokasi prioritas.")
    ).to_be_visible()
    follow_up = page.locator("form[action$='/tindak-lanjut/']")
    follow_up.locator("[name=action]").fill("Verifikasi rumah tangga desil 1 di Jaten")
    follow_up.locator("[name=owner]").select_option(str(social.pk))
    follow_up.locator("[name=due_on]").fill(f"{YEAR}-03-31")
    follow_up.locator("[name=status]").select_option("in_progress")
    follow_up.get_by_role("button", name="Tambah tindak lanjut").click()
    row = page.get_by_test_id("follow-ups").locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Verifikasi rumah tangga desil 1 di Jaten")
    expect(row).to_contain_text("Dinas Sosial Blitar")
    # Due last March and not done: overdue whatever today is.
    expect(row.get_by_test_id("overdue")).to_be_visible()

    # The secretariat types Dinas Kesehatan's sub-activity into the RPKD ...
    open_module(page, "Pemantauan", "RPKD dan RAT")
    page.get_by_role("link", name=str(rpkd)).click()
    page.locator(f"a[href$='/kegiatan/{health_activity.pk}/sub/baru/']").click()
    form = page.locator("form.form")
    form.locator("[name=code]").fill(HEALTH_SUB)
    form.locator("[name=name]").fill("Pemeriksaan kesehatan keluarga miskin")
    form.locator("[name=indicator]").fill("Warga miskin diperiksa")
    form.locator("[name=unit]").fill("orang")
    form.locator("[name=agency]").select_option(str(health.pk))
    form.locator(f"[name=target_{YEAR}]").fill(str(HEALTH_TARGET))
    for source, amount in PLANNED[HEALTH_SUB].items():
        form.locator(f"[name=budget_{YEAR}_{source}]").fill(f"{amount:,}".replace(",", "."))
    form.get_by_role("button", name="Simpan sub kegiatan").click()
    expect(page.get_by_role("cell", name=HEALTH_SUB, exact=False)).to_be_visible()

    # ... builds the RAT from it ...
    rat_form = page.locator("form[action$='/rat/']")
    # A year outside the RPKD's five is refused at the field, in Indonesian.
    rat_form.locator("[name=year]").fill(str(RPKD_FIRST + 5))
    rat_form.get_by_role("button", name="Buat RAT").click()
    expect(rat_form.locator(".error")).to_have_text(
        f"Tahun {RPKD_FIRST + 5} di luar masa RPKD {RPKD_FIRST}-{RPKD_FIRST + 4}."
    )
    rat_form.locator("[name=year]").fill(str(YEAR))
    rat_form.get_by_role("button", name="Buat RAT").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(f"RAT {YEAR}")
    rat = Plan.objects.get(kind=Plan.Kind.RAT, region_id=BLITAR, first_year=YEAR)
    rat_health = rat.sub_activities.get(code=HEALTH_SUB)

    # ... and picks the registry's first suggested village as a priority location.
    page.get_by_role("link", name="Usulan lokasi prioritas dari registri").click()
    rows = page.locator("table tbody tr")
    expect(rows).to_have_count(len(ranking))
    for rank, code in enumerate(ranking):
        poor, extreme = suggested[code]
        cells = rows.nth(rank).locator("td")
        expect(cells.nth(1)).to_have_text(str(rank + 1))
        expect(cells.nth(2)).to_contain_text(code)
        expect(cells.nth(4)).to_have_text(str(poor))
        expect(cells.nth(5)).to_have_text(str(extreme))
    page.locator("[name=sub_activity]").select_option(str(rat_health.pk))
    rows.nth(0).locator("input[name=codes]").check()
    page.get_by_role("button", name="Tambahkan sebagai lokasi prioritas").click()
    jaten = Region.objects.get(code=ranking[0]).name
    expect(page.locator("tr", has_text=HEALTH_SUB)).to_contain_text(jaten)

    # Dinas Kesehatan's officer reports the first quarter for its own sub-activity.
    officer = browser.new_context(locale="id-ID").new_page()
    log_in(officer, live_server, "opd.dinkes")
    open_module(officer, "Pemantauan", "Laporan realisasi")
    reportable = officer.locator("li", has_text=HEALTH_SUB)
    expect(reportable).to_have_count(1)
    expect(officer.locator("li", has_text=SOCIAL_SUB)).to_have_count(0)
    reportable.get_by_role("link", name="Laporkan").click()
    form = officer.locator("form.form")
    form.locator("[name=quarter]").select_option(str(QUARTER))
    form.locator("[name=physical]").fill(str(PHYSICAL))
    # A negative amount is refused at its field and nothing is sent.
    form.locator("[name=spent_apbn]").fill("-5.000")
    form.get_by_role("button", name="Kirim laporan").click()
    expect(form.locator("label", has=officer.locator("[name=spent_apbn]"))).to_contain_text(
        "Jumlah rupiah tidak boleh negatif."
    )
    assert not Report.objects.exists()
    for source, amount in SPENT.items():
        form.locator(f"[name=spent_{source}]").fill(f"{amount:,}".replace(",", ".") + ",00")
    for field, count in (
        ("male", 12),
        ("female", 13),
        ("disabled", 1),
        ("children", 5),
        ("adults", 15),
        ("elderly", 5),
    ):
        form.locator(f"[name={field}]").fill(str(count))
    form.locator("[name=problems]").fill("Jadwal posyandu bentrok dengan panen.")
    form.get_by_role("button", name="Kirim laporan").click()
    expect(officer.locator("h1")).to_contain_text(f"T{QUARTER} {YEAR}")
    expect(officer.locator("span.state").first).to_have_text("Dikirim")
    report = Report.objects.get()

    # The secretariat accepts it.
    open_module(page, "Pemantauan", "Laporan realisasi")
    page.locator(f"a[href$='/realisasi/{report.pk}/']").first.click()
    page.get_by_label("Terima").check()
    page.get_by_role("button", name="Simpan keputusan").click()
    expect(page.locator("span.state").first).to_have_text("Diterima")

    # The evaluation view, by agency: the year's budget against what was accepted.
    planned_by_agency = {
        health.name: sum(PLANNED[HEALTH_SUB].values()),
        social.name: sum(PLANNED[SOCIAL_SUB].values()),
    }
    realised_by_agency = {health.name: sum(SPENT.values()), social.name: 0}
    open_module(page, "Pemantauan", "Evaluasi")
    expect(page.locator("#main")).to_contain_text(
        f"RAT {YEAR}, laporan yang diterima sampai triwulan 4."
    )
    for name, planned in planned_by_agency.items():
        cells = page.locator("table tbody tr", has_text=name).locator("td")
        realised = realised_by_agency[name]
        expect(cells.nth(1)).to_have_text(rp(planned))
        expect(cells.nth(2)).to_have_text(rp(realised))
        expect(cells.nth(3)).to_contain_text(pct(realised, planned) + "%")
    # Under half of the budget spent by the end of the year: both flagged.
    expect(page.locator("tr[data-flag=gap]")).to_have_count(2)

    # ... by indicator: the target against the physical output.
    page.locator("[name=per]").select_option("indicator")
    page.get_by_role("button", name="Tampilkan").click()
    cells = page.locator("table tbody tr", has_text=HEALTH_SUB).locator("td")
    expect(cells.nth(1)).to_contain_text(f"{HEALTH_TARGET},00 orang")
    expect(cells.nth(2)).to_have_text(f"{PHYSICAL},00")
    expect(cells.nth(3)).to_have_text(pct(PHYSICAL, HEALTH_TARGET))

    # The funding-source view: each cluster's sources, planned against realised.
    open_module(page, "Pemantauan", "Sumber dana")
    sources = ["apbn", "apbd_province", "apbd_regency", "apbdes", "non_government"]
    header = page.locator("thead tr").first.locator("th")
    expect(header.nth(1)).to_have_text("APBN")
    for code, label in Cluster.choices:
        subs = [s for s in PLANNED if CLUSTER_OF[s] == code]
        cells = page.locator("tbody tr", has_text=str(label)).locator("td")
        for i, source in enumerate(sources):
            planned = sum(PLANNED[s].get(source, 0) for s in subs)
            realised = sum(SPENT.get(source, 0) for s in subs if s == HEALTH_SUB)
            expect(cells.nth(1 + 2 * i)).to_have_text(rp(planned))
            expect(cells.nth(2 + 2 * i)).to_have_text(rp(realised))
    total_planned = sum(sum(p.values()) for p in PLANNED.values())
    total_realised = sum(SPENT.values())
    totals = page.locator("tfoot th")
    expect(totals.nth(len(sources) * 2 + 1)).to_have_text(rp(total_planned))
    expect(totals.nth(len(sources) * 2 + 2)).to_have_text(rp(total_realised))

    # The leader's dashboard: the same money, per agency and source, and the overdue
    # follow-up.
    leader = browser.new_context(locale="id-ID").new_page()
    log_in(leader, live_server, "bupati.blitar")
    open_module(leader, "Pemantauan", "Dasbor pimpinan")
    budget = leader.get_by_test_id("budget-realisation")
    expect(budget.locator("h2")).to_contain_text(str(YEAR))
    expect(budget.locator("p").first).to_contain_text(
        f"Terealisasi {rp(total_realised)} dari pagu {rp(total_planned)} "
        f"({pct(total_realised, total_planned)}%)"
    )
    for sub, sources_planned in PLANNED.items():
        agency = health if sub == HEALTH_SUB else social
        for source, planned in sources_planned.items():
            realised = SPENT.get(source, 0) if sub == HEALTH_SUB else 0
            row = budget.locator("tbody tr", has_text=agency.name).filter(
                has=leader.locator("td", has_text=_source_label(source))
            )
            cells = row.locator("td")
            expect(cells.nth(2)).to_have_text(f"{planned:,}".replace(",", "."))
            expect(cells.nth(3)).to_have_text(f"{realised:,}".replace(",", "."))
    expect(leader.get_by_test_id("overdue-follow-ups").locator("strong")).to_have_text("1")
    expect(leader.get_by_test_id("follow-ups")).to_contain_text(
        "Verifikasi rumah tangga desil 1 di Jaten"
    )
    deciles = leader.get_by_test_id("deciles")
    for district in {code[:8] for code in suggested}:
        in_district = [
            h for h in Household.objects.filter(village__code__startswith=district + ".")
        ]
        poor = sum(1 for h in in_district if h.welfare_decile and h.welfare_decile <= 4)
        cells = deciles.locator(f"tr[data-area='{district}'] td")
        expect(cells.nth(1)).to_have_text(str(poor))
        expect(cells.nth(3)).to_have_text(str(len(in_district)))

    # Dinas Sosial's officer marks the follow-up its agency owns as done; the leader's
    # dashboard no longer counts it overdue.
    social_officer = browser.new_context(locale="id-ID").new_page()
    log_in(social_officer, live_server, "opd.dinsos")
    open_module(social_officer, "Pemantauan", "Rapat koordinasi")
    social_officer.get_by_role("link", name="Rakor TKPK triwulan I").click()
    social_officer.get_by_role("link", name="Verifikasi rumah tangga desil 1 di Jaten").click()
    status = social_officer.locator("form[action$='/status/']")
    status.locator("[name=status]").select_option("done")
    status.locator("[name=note]").fill("40 KK sudah diverifikasi.")
    status.get_by_role("button", name="Simpan status").click()
    expect(social_officer.get_by_test_id("follow-up-status")).to_have_text("Selesai")
    leader.reload()
    expect(leader.get_by_test_id("overdue-follow-ups").locator("strong")).to_have_text("0")
    social_officer.context.close()
    officer.context.close()
    leader.context.close()


def _source_label(source: str) -> str:
    from monitoring.models.plans import Funding

    return str(Funding(source).label)

"""Quarterly realisation: who may report, refusals, review, corrections, deadlines, evidence,
beneficiaries counted from the registry, and the pages."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from monitoring.models import Correction, Evidence, Report, Spending
from monitoring.realisation.selectors import realisation_overdue
from monitoring.realisation.services import (
    Beneficiaries,
    Outcome,
    realisation_review,
    realisation_submit,
    report_due_on,
    reporting_setting_set,
)
from tests.monitoring.planworld import AFTER_2026, plan_world, report_input
from tests.musrenbang.conftest import household
from tests.personas import JATEN, PADOMASAN
from tests.programs.groupdata import jpeg
from tests.snapshots import table_state
from tkpk.attachments import attachment_check
from tkpk.models import AuditEntry

HEALTH = "1.02.02.2.01.0001"
SOCIAL = "1.06.04.2.01.0001"
TABLES = (
    "monitoring.Report",
    "monitoring.Spending",
    "monitoring.Correction",
    "monitoring.Evidence",
)


@pytest.fixture
def pw(people):
    return plan_world(people)


def submit(pw, user, code=HEALTH, quarter=1, today=AFTER_2026, reason="", side="blitar", **kw):
    sub = getattr(pw, side).subs[code]
    return realisation_submit(
        user=user,
        sub_activity=sub,
        year=2026,
        quarter=quarter,
        data=report_input(**kw),
        correction_reason=reason,
        today=today,
    )


def test_an_officer_reports_a_quarter_and_the_secretariat_accepts_it(pw):
    report, outcome = submit(pw, pw.health_officer)
    assert outcome == Outcome.CREATED
    assert report.status == Report.Status.SUBMITTED
    assert report.agency == pw.blitar.health
    assert list(report.spending.values_list("source", "amount")) == [
        ("apbd_regency", Decimal("20000000.00"))
    ]
    realisation_review(user=pw.people.blitar_secretariat, report=report, accept=True)
    report.refresh_from_db()
    assert report.status == Report.Status.ACCEPTED
    assert AuditEntry.objects.filter(action="realisation_reviewed", object_id=report.pk).exists()


def test_an_officer_cannot_report_for_another_agency_nor_another_region(pw):
    before = table_state(*TABLES)
    for user, code, side in (
        (pw.social_officer, HEALTH, "blitar"),  # Dinas Sosial on Dinas Kesehatan's activity
        (pw.jember_health_officer, HEALTH, "blitar"),  # Jember's officer on Blitar's
        (pw.people.blitar_secretariat, HEALTH, "blitar"),  # the secretariat does not report
        (pw.health_officer, HEALTH, "jember"),  # Blitar's officer on Jember's
    ):
        with pytest.raises(ValidationError) as error:
            submit(pw, user, code=code, side=side)
        assert error.value.message_dict == {"sub_activity": ["Sub kegiatan tidak ditemukan."]}
    assert table_state(*TABLES) == before


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"physical": Decimal("120")}, "physical_note", "melebihi 100% target"),
        ({"spending": {"apbd_regency": Decimal("-1")}}, "spending", "tidak boleh negatif"),
        ({"spending": {"apbdes": Decimal("5")}}, "spending", "tidak tercantum pada pagu"),
        (
            {"beneficiaries": Beneficiaries(male=3, female=3, children=1)},
            "beneficiaries",
            "harus sama",
        ),
        ({"physical": Decimal("-1")}, "physical", "tidak boleh negatif"),
        # Over a 32-bit column: refused, never a database error.
        (
            {"beneficiaries": Beneficiaries(male=2_147_483_648, adults=2_147_483_648, disabled=0)},
            "beneficiaries",
            "terlalu besar",
        ),
    ],
)
def test_bad_reports_are_refused_with_a_reason_and_nothing_is_written(
    pw, overrides, field, message
):
    before = table_state(*TABLES)
    with pytest.raises(ValidationError) as error:
        submit(pw, pw.health_officer, **overrides)
    assert message in " ".join(error.value.message_dict[field])
    assert table_state(*TABLES) == before


def test_over_100_percent_is_accepted_with_a_note(pw):
    report, _ = submit(pw, pw.health_officer, physical=Decimal("120"), physical_note="Tambahan")
    assert report.physical == Decimal("120")


def test_a_quarter_not_yet_ended_is_refused(pw):
    with pytest.raises(ValidationError) as error:
        submit(pw, pw.health_officer, quarter=2, today=date(2026, 6, 30))
    assert error.value.message_dict["quarter"] == [
        "Triwulan 2 2026 belum berakhir (berakhir 2026-06-30)."
    ]


def test_the_same_report_twice_changes_nothing_and_says_so(pw):
    first, _ = submit(pw, pw.health_officer)
    audits = AuditEntry.objects.count()
    before = table_state(*TABLES)
    again, outcome = submit(pw, pw.health_officer)
    assert outcome == Outcome.UNCHANGED and again.pk == first.pk
    assert table_state(*TABLES) == before
    assert AuditEntry.objects.count() == audits


def test_an_accepted_report_changes_only_through_a_recorded_correction(pw):
    report, _ = submit(pw, pw.health_officer)
    realisation_review(user=pw.people.blitar_secretariat, report=report, accept=True)
    before = table_state(*TABLES)
    with pytest.raises(ValidationError) as error:
        submit(pw, pw.health_officer, physical=Decimal("25"))
    assert "correction_reason" in error.value.message_dict
    assert table_state(*TABLES) == before
    # with a reason
    corrected, outcome = submit(
        pw, pw.health_officer, physical=Decimal("25"), reason="Salah ketik jumlah"
    )
    assert outcome == Outcome.CORRECTED
    assert corrected.status == Report.Status.ACCEPTED and corrected.physical == Decimal("25")
    correction = Correction.objects.get(report=report)
    assert correction.made_by == pw.health_officer
    assert correction.reason == "Salah ketik jumlah"
    assert correction.before["physical"] == "20.00"
    assert correction.after["physical"] == "25.00"


def test_a_returned_report_carries_its_reason_and_can_be_sent_again(pw):
    report, _ = submit(pw, pw.health_officer)
    with pytest.raises(ValidationError):
        realisation_review(user=pw.people.blitar_secretariat, report=report, accept=False)
    realisation_review(
        user=pw.people.blitar_secretariat, report=report, accept=False, reason="Bukti kurang"
    )
    report.refresh_from_db()
    assert (report.status, report.return_reason) == (Report.Status.RETURNED, "Bukti kurang")
    again, outcome = submit(pw, pw.health_officer, problems="Bukti ditambah")
    assert outcome == Outcome.UPDATED
    assert (again.status, again.return_reason) == (Report.Status.SUBMITTED, "")


def test_jember_cannot_review_a_blitar_report(pw):
    report, _ = submit(pw, pw.health_officer)
    with pytest.raises(ValidationError):
        realisation_review(user=pw.people.jember_secretariat, report=report, accept=True)
    report.refresh_from_db()
    assert report.status == Report.Status.SUBMITTED


def test_deadlines_flag_late_and_missing_reports(pw):
    # Q1 2026 is due 10 April by default; Blitar gives 5 days only.
    assert report_due_on(region_code="35.05", year=2026, quarter=1) == date(2026, 4, 10)
    reporting_setting_set(user=pw.people.blitar_secretariat, region_code="35.05", days=5)
    assert report_due_on(region_code="35.05", year=2026, quarter=1) == date(2026, 4, 5)
    on_time, _ = submit(pw, pw.health_officer, today=date(2026, 4, 3))
    assert not on_time.is_late
    flags = realisation_overdue(user=pw.people.blitar_secretariat, today=date(2026, 4, 20))
    missing = {(o.sub_activity.code, o.quarter) for o in flags if o.missing}
    assert missing == {("1.02.02.2.01.0002", 1), (SOCIAL, 1)}
    # the officer sees only their own agency's
    own = realisation_overdue(user=pw.health_officer, today=date(2026, 4, 20))
    assert {(o.sub_activity.code, o.quarter) for o in own} == {("1.02.02.2.01.0002", 1)}
    # a late report is flagged as late
    late, _ = submit(
        pw,
        pw.social_officer,
        code=SOCIAL,
        physical=Decimal("2"),
        spending={"apbdes": Decimal("1")},
        today=date(2026, 5, 2),
    )
    assert late.is_late
    flags = realisation_overdue(user=pw.people.blitar_secretariat, today=date(2026, 5, 3))
    assert [o.sub_activity.code for o in flags if o.report == late] == [SOCIAL]


def test_beneficiaries_named_are_counted_from_the_registry(pw):
    family = household(
        JATEN,
        decile=1,
        members=[
            {"sex": "P", "birth_date": date(1960, 1, 1), "disability": "berat"},
            {"sex": "L", "birth_date": date(2015, 5, 1)},
            {"sex": "P", "birth_date": date(1990, 3, 1)},
        ],
    )
    person = household(JATEN, decile=2, members=[{"sex": "L"}]).members.get()
    outsider = household(PADOMASAN, decile=1).members.get()
    report, _ = submit(pw, pw.health_officer, named=[family.kk, person.nik])
    assert report.beneficiary_source == Report.BeneficiarySource.REGISTRY
    assert (report.male, report.female, report.disabled) == (2, 2, 1)
    assert (report.children, report.adults, report.elderly) == (1, 2, 1)
    with pytest.raises(ValidationError) as error:
        submit(pw, pw.health_officer, quarter=2, named=[outsider.nik])
    assert outsider.nik in error.value.message_dict["beneficiaries"][0]


def test_evidence_is_checked_by_content_and_kept_once(pw):
    photo = attachment_check(name="foto.jpg", content=jpeg("red"))
    with pytest.raises(ValidationError):
        attachment_check(name="bukti.jpg", content=b"MZ\x90\x00 not an image")
    report, _ = submit(pw, pw.health_officer, evidence=[photo])
    assert Evidence.objects.filter(report=report).count() == 1
    submit(pw, pw.health_officer, evidence=[photo], problems="lagi")
    assert Evidence.objects.filter(report=report).count() == 1


def test_the_officer_reports_through_the_page_and_the_secretariat_accepts(pw, login):
    sub = pw.blitar.subs[HEALTH]
    officer = login(pw.health_officer)
    page = officer.get(reverse("realisation:create", args=[sub.pk]))
    assert page.status_code == 200
    assert "Realisasi keuangan APBN (Rp)" in page.content.decode()
    response = officer.post(
        reverse("realisation:create", args=[sub.pk]),
        {
            "quarter": 1,
            "physical": "12,5",
            "spent_apbd_regency": "1.500.000,00",
            "spent_apbn": "",
            "male": 1,
            "female": 1,
            "disabled": 0,
            "children": 0,
            "adults": 2,
            "elderly": 0,
            "evidence": io.BytesIO(jpeg("blue")),
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    report = Report.objects.get(sub_activity=sub, quarter=1)
    assert report.physical == Decimal("12.5")
    assert Spending.objects.get(report=report).amount == Decimal("1500000.00")
    secretariat = login(pw.people.blitar_secretariat)
    accepted = secretariat.post(
        reverse("realisation:review", args=[report.pk]), {"decision": "accept"}
    )
    assert accepted.status_code == 302
    report.refresh_from_db()
    assert report.status == Report.Status.ACCEPTED


def test_a_bad_amount_on_the_page_names_the_field(pw, login):
    sub = pw.blitar.subs[HEALTH]
    response = login(pw.health_officer).post(
        reverse("realisation:create", args=[sub.pk]),
        {"quarter": 1, "physical": "1", "spent_apbn": "-5", "male": 0, "female": 0},
    )
    assert response.status_code == 400
    assert "Jumlah rupiah tidak boleh negatif." in response.content.decode()
    assert not Report.objects.exists()


def test_a_count_too_large_on_the_page_names_the_field(pw, login):
    sub = pw.blitar.subs[HEALTH]
    response = login(pw.health_officer).post(
        reverse("realisation:create", args=[sub.pk]),
        {"quarter": 1, "physical": "1", "male": 2_147_483_648, "adults": 2_147_483_648},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert '<label class="has-error">Penerima laki-laki' in body
    assert "300000000" in body.replace(".", "")
    assert not Report.objects.exists()


def test_the_officers_home_page_shows_missing_reports(pw, login):
    body = login(pw.health_officer).get(reverse("home")).content.decode()
    assert "Laporan realisasi terlambat atau belum masuk" in body
    assert "1.02.02.2.01.0002" in body
    assert SOCIAL not in body  # another agency's


def test_a_jember_user_gets_404_for_a_blitar_report(pw, login):
    report, _ = submit(pw, pw.health_officer)
    client = login(pw.people.jember_secretariat)
    for name in ("realisation:detail", "realisation:edit"):
        assert client.get(reverse(name, args=[report.pk])).status_code in (403, 404)
    assert client.get(reverse("realisation:detail", args=[report.pk])).status_code == 404
    assert (
        client.post(
            reverse("realisation:review", args=[report.pk]), {"decision": "accept"}
        ).status_code
        == 404
    )


def test_the_secretariat_sets_the_deadline_on_a_page(pw, login):
    client = login(pw.people.blitar_secretariat)
    page = client.get(reverse("realisation:deadline"))
    assert page.status_code == 200 and "Kabupaten Blitar" in page.content.decode()
    response = client.post(reverse("realisation:deadline"), {"region": "35.05", "deadline_days": 5})
    assert response.status_code == 302
    assert report_due_on(region_code="35.05", year=2026, quarter=2) == date(2026, 7, 5)
    refused = client.post(reverse("realisation:deadline"), {"region": "35.09", "deadline_days": 5})
    assert refused.status_code == 400
    assert report_due_on(region_code="35.09", year=2026, quarter=2) == date(2026, 7, 10)
    officer = login(pw.health_officer)
    assert officer.get(reverse("realisation:deadline")).status_code == 403

from __future__ import annotations

import io
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from programs.groups import photos
from programs.groups.photos import visit_photos_check
from programs.groups.schedule import months_after, repayment_schedule
from programs.groups.selectors import (
    GroupFilters,
    group_flags,
    group_list,
    group_repayment_summary,
    group_repayments,
)
from programs.groups.services import (
    GroupInput,
    _schedule_write,
    group_create,
    group_members_add,
    group_payment_record,
    group_update,
    group_visit_record,
)
from programs.models import Group, GroupMember, GroupVisit, GroupVisitPhoto, Repayment
from tests.personas import BLITAR, JATEN, OTHER_BLITAR_VILLAGE, PADOMASAN, person
from tests.programs.groupdata import jpeg, kube, resident
from tkpk.models import AuditEntry
from tkpk.roles import Role


def make_group(user, *, members=(), loan=0, disbursed_on=None, name="KUBE Makmur", village=JATEN):
    return group_create(
        user=user,
        data=GroupInput(
            program=kube(),
            village_code=village,
            name=name,
            business="Ternak kambing",
            stimulus_amount=20_000_000,
            loan_amount=loan,
            disbursed_on=disbursed_on,
        ),
        niks=[p.nik for p in members],
    )


def listed(group: Group, user, **filters) -> Group:
    return group_list(user=user, filters=GroupFilters(**filters)).get(pk=group.pk)


# ----------------------------------------------------------------------- schedule


def test_schedule_ten_instalments_after_two_months_grace_sum_to_the_loan():
    schedule = repayment_schedule(loan_amount=10_000_003, disbursed_on=date(2025, 1, 31))

    assert [i.number for i in schedule] == list(range(1, 11))
    assert sum(i.amount for i in schedule) == 10_000_003
    assert {i.amount for i in schedule[:-1]} == {1_000_000}
    assert schedule[-1].amount == 1_000_003  # the remainder goes on the last one
    # No instalment in the two grace months; month ends are kept in short months.
    assert schedule[0].due_on == date(2025, 4, 30)
    assert schedule[1].due_on == date(2025, 5, 31)
    assert schedule[-1].due_on == date(2026, 1, 31)


def test_schedule_follows_the_groups_own_terms():
    schedule = repayment_schedule(
        loan_amount=1_000, disbursed_on=date(2024, 11, 15), grace_months=0, instalments=3
    )
    assert [(i.due_on, i.amount) for i in schedule] == [
        (date(2024, 12, 15), 333),
        (date(2025, 1, 15), 333),
        (date(2025, 2, 15), 334),
    ]


def test_saving_a_loan_group_in_the_browser_stores_members_and_schedule(people, login):
    a, b = resident(JATEN, name="Sutrisno"), resident(OTHER_BLITAR_VILLAGE, name="Wagiman")
    client = login(people.blitar_social_operator)

    response = client.post(
        reverse("groups:create"),
        {
            "program": kube().pk,
            "village": JATEN,
            "name": "KUBE Sido Makmur",
            "business": "Ternak kambing",
            "stimulus_amount": "0",
            "loan_amount": "15000000",
            "disbursed_on": "2025-02-10",
            "grace_months": "2",
            "instalments": "10",
            "niks": f"{a.nik}\n{b.nik}\n",
        },
    )

    group = Group.objects.get(name="KUBE Sido Makmur")
    assert response.status_code == 302
    assert response["Location"] == reverse("groups:detail", args=[group.pk])
    dues = list(group.repayments.order_by("number").values_list("due_on", "amount_due"))
    assert len(dues) == 10 and dues[0] == (date(2025, 5, 10), 1_500_000)
    page = client.get(response["Location"]).content.decode()
    assert "Sutrisno" in page and "Wagiman" in page
    assert a.nik not in page and a.nik[:4] + "*" * 12 in page  # NIKs masked on the page
    assert "10 Mei 2025" in page or "10 May 2025" in page


def test_changing_loan_terms_redraws_schedule_until_a_payment_is_recorded(people):
    user = people.blitar_social_operator
    group = make_group(user, loan=1_000_000, disbursed_on=date(2025, 1, 10))
    data = GroupInput(
        program=kube(),
        village_code=JATEN,
        name=group.name,
        business=group.business,
        loan_amount=2_000_000,
        disbursed_on=date(2025, 1, 10),
        instalments=4,
    )
    group_update(user=user, group=group, data=data)
    assert list(group.repayments.values_list("amount_due", flat=True)) == [500_000] * 4

    group_payment_record(user=user, group=group, paid_on=date(2025, 5, 1), amount=500_000)
    with pytest.raises(ValidationError, match="pembayaran"):
        group_update(
            user=user, group=group, data=data.__class__(**{**data.__dict__, "instalments": 8})
        )
    assert group.repayments.count() == 4


# ----------------------------------------------------------------------- members


def test_members_must_exist_live_in_the_regency_and_be_in_no_other_group_of_the_program(people):
    province = person("sekretariat.jatim", Role.SECRETARIAT, "35")
    ok = resident(JATEN)
    dead = resident(JATEN, status="deceased")
    jember = resident(PADOMASAN)
    elsewhere = make_group(province, members=[resident(JATEN)], name="KUBE Lain")
    taken = elsewhere.members.get().person
    group = make_group(province)
    lines = [ok.nik, "3505019999999999", dead.nik, jember.nik, taken.nik, ok.nik, "12345"]

    with pytest.raises(ValidationError) as caught:
        group_members_add(user=province, group=group, niks=lines)

    messages = caught.value.message_dict["niks"]
    assert messages == [
        "Baris 2 (NIK 3505************): tidak ada di registri wilayah Anda.",
        f"Baris 3 (NIK {dead.nik[:4]}************): tercatat meninggal di registri.",
        f"Baris 4 (NIK {jember.nik[:4]}************): tinggal di luar kabupaten/kota kelompok ini.",
        f"Baris 5 (NIK {taken.nik[:4]}************): sudah anggota kelompok 'KUBE Lain' pada "
        "program yang sama.",
        f"Baris 6 (NIK {ok.nik[:4]}************): NIK tertulis dua kali.",
        "Baris 7 (NIK 1234*): NIK harus 16 angka.",
    ]
    assert not group.members.exists()  # one bad line adds nobody
    lookups = AuditEntry.objects.filter(action="nik_lookup", detail__group=group.pk)
    assert lookups.count() == len(lines)


def test_a_person_outside_the_users_region_reads_as_unknown(people):
    jember_person = resident(PADOMASAN)
    group = make_group(people.blitar_social_operator)
    with pytest.raises(ValidationError, match="tidak ada di registri wilayah Anda"):
        group_members_add(user=people.blitar_social_operator, group=group, niks=[jember_person.nik])


def test_the_database_refuses_one_person_in_two_groups_of_a_program(people):
    from django.db import IntegrityError

    member = resident(JATEN)
    first = make_group(people.blitar_social_operator, members=[member])
    second = make_group(people.blitar_social_operator, name="KUBE Kedua")
    with pytest.raises(IntegrityError), transaction.atomic():
        GroupMember.objects.create(group=second, program=second.program, person=member)
    assert first.members.count() == 1


def test_adding_members_on_the_page_shows_each_refused_line(people, login):
    group = make_group(people.blitar_social_operator)
    response = login(people.blitar_social_operator).post(
        reverse("groups:members-add", args=[group.pk]), {"niks": "3505019999999999"}
    )
    assert response.status_code == 400
    assert "Baris 1 (NIK 3505************): tidak ada di registri wilayah Anda." in (
        response.content.decode()
    )


# ----------------------------------------------------------------------- repayments


def test_arrears_show_amount_and_days_late_and_flag_the_group(people, login):
    user = people.blitar_social_operator
    today = timezone.localdate()
    disbursed = months_after(today, -4) - timedelta(days=3)
    group = make_group(user, loan=10_000_000, disbursed_on=disbursed)
    on_time = make_group(user, name="KUBE Tertib", loan=10_000_000, disbursed_on=disbursed)
    second_due = months_after(disbursed, 4)
    # Two instalments are due (months 3 and 4); the group paid one and a half.
    group_payment_record(user=user, group=group, paid_on=today, amount=1_500_000)
    group_payment_record(user=user, group=on_time, paid_on=today, amount=2_000_000)

    row = listed(group, user)
    assert row.arrears_amount == 500_000
    assert group_repayment_summary(group=row).days_late == (today - second_due).days
    flagged = group_list(user=user, filters=GroupFilters(flag="tunggakan"))
    assert list(flagged.values_list("name", flat=True)) == ["KUBE Makmur"]

    page = login(user).get(reverse("groups:list") + "?tanda=tunggakan").content.decode()
    assert "KUBE Makmur" in page and "KUBE Tertib" not in page
    assert f"{(today - second_due).days} hari" in page


def test_payments_cover_the_oldest_instalments_and_record_when_each_was_settled(people):
    user = people.blitar_social_operator
    group = make_group(user, loan=3_000, disbursed_on=date(2025, 1, 1))
    Group.objects.filter(pk=group.pk).update(instalments=3)
    Repayment.objects.filter(group=group).delete()
    _schedule_write(Group.objects.get(pk=group.pk))  # 1,000 due 1 Apr, 1 May, 1 Jun

    group_payment_record(
        user=user, group=group, paid_on=date(2025, 4, 1), amount=600, today=date(2025, 7, 1)
    )
    group_payment_record(
        user=user, group=group, paid_on=date(2025, 5, 20), amount=1_900, today=date(2025, 7, 1)
    )

    rows = group_repayments(group=group, today=date(2025, 7, 1))
    assert [(r.repayment.amount_paid, r.repayment.paid_on) for r in rows] == [
        (1_000, date(2025, 5, 20)),
        (1_000, date(2025, 5, 20)),
        (500, None),
    ]
    assert [r.days_late for r in rows] == [49, 19, 30]
    assert [r.overdue for r in rows] == [False, False, True]


def test_a_payment_above_what_is_owed_is_refused_and_nothing_is_recorded(people, login):
    user = people.blitar_social_operator
    group = make_group(user, loan=1_000_000, disbursed_on=date(2025, 1, 1))
    response = login(user).post(
        reverse("groups:payment", args=[group.pk]),
        {"paid_on": "2025-06-01", "amount": "1200000"},
    )
    assert response.status_code == 400
    assert "Pembayaran Rp1.200.000 melebihi sisa pinjaman Rp1.000.000." in response.content.decode()
    assert not group.payments.exists()
    assert not group.repayments.filter(amount_paid__gt=0).exists()


# ----------------------------------------------------------------------- visits


def visit(user, group, *, days_ago=10, running=True, photos=()):
    return group_visit_record(
        user=user,
        group=group,
        visited_on=timezone.localdate() - timedelta(days=days_ago),
        notes="Kambing 12 ekor, kandang bersih.",
        business_running=running,
        photos=visit_photos_check(photos),
    )


def test_visits_without_evidence_are_flagged(people, login):
    user = people.blitar_social_operator
    old = timezone.localdate() - timedelta(days=400)
    healthy = make_group(user, name="A sehat", disbursed_on=old)
    make_group(user, name="B tidak pernah", disbursed_on=old)
    stale = make_group(user, name="C lama", disbursed_on=old)
    bare = make_group(user, name="D tanpa foto", disbursed_on=old)
    closed = make_group(user, name="E tutup", disbursed_on=old)
    copied = make_group(user, name="F foto ulang", disbursed_on=old)
    make_group(user, name="G baru", disbursed_on=timezone.localdate() - timedelta(days=30))
    visit(user, healthy, photos=[("kambing.jpg", io.BytesIO(jpeg("green")))])
    visit(user, stale, days_ago=200, photos=[("a.jpg", io.BytesIO(jpeg("blue")))])
    visit(user, bare)
    visit(user, closed, running=False, photos=[("b.jpg", io.BytesIO(jpeg("red")))])
    # The goats that "died one by one": the same picture handed in again.
    visit(user, copied, photos=[("kambing.jpg", io.BytesIO(jpeg("green")))])

    codes = {g.name: [f.code for f in group_flags(g)] for g in group_list(user=user)}
    assert codes == {
        "A sehat": ["reused_photo"],
        "B tidak pernah": ["no_visit"],
        "C lama": ["no_visit"],
        "D tanpa foto": ["no_photo"],
        "E tutup": ["not_running"],
        "F foto ulang": ["reused_photo"],
        "G baru": [],
    }
    flagged = group_list(user=user, filters=GroupFilters(flag="tanpa_bukti"))
    assert sorted(flagged.values_list("name", flat=True)) == [
        "A sehat",
        "B tidak pernah",
        "C lama",
        "D tanpa foto",
        "E tutup",
        "F foto ulang",
    ]
    page = login(user).get(reverse("groups:list")).content.decode()
    assert "Belum pernah dikunjungi" in page and "Usaha dilaporkan tidak berjalan" in page
    assert "Kunjungan terakhir tanpa foto" in page


def test_an_exe_renamed_jpg_is_refused_and_no_visit_is_stored(people, login, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    group = make_group(people.blitar_social_operator)
    stored = settings.PRIVATE_MEDIA_ROOT / "groups"
    files_before = set(stored.rglob("*"))
    exe = SimpleUploadedFile("kambing.jpg", b"MZ\x90\x00\x03" + b"\x00" * 200, "image/jpeg")
    fine = SimpleUploadedFile("kandang.jpg", jpeg(), "image/jpeg")
    response = login(people.blitar_social_operator).post(
        reverse("groups:visit", args=[group.pk]),
        {
            "visited_on": timezone.localdate().isoformat(),
            "business_running": "ya",
            "notes": "Kambing ada.",
            "photos": [exe, fine],
        },
    )
    assert response.status_code == 400
    assert "Berkas &#x27;kambing.jpg&#x27; bukan foto JPG, PNG atau WebP" in (
        response.content.decode()
    )
    assert not GroupVisit.objects.exists() and not GroupVisitPhoto.objects.exists()
    assert set(stored.rglob("*")) == files_before


def test_a_jpeg_header_with_garbage_and_an_oversized_photo_are_refused(monkeypatch):
    monkeypatch.setattr(photos, "PHOTO_MAX_BYTES", 1_000)
    with pytest.raises(ValidationError) as caught:
        visit_photos_check(
            [
                ("palsu.jpg", io.BytesIO(b"\xff\xd8\xff\xe0" + b"x" * 100)),
                ("besar.png", io.BytesIO(b"\x89PNG\r\n\x1a\n" + b"0" * 2_000)),
            ]
        )
    assert caught.value.message_dict["photos"] == [
        "Berkas 'palsu.jpg' bukan foto JPG, PNG atau WebP (isi berkas yang diperiksa, bukan "
        "namanya).",
        "Foto 'besar.png' lebih dari 0 MB.",
    ]


def test_photos_are_stored_privately_and_served_only_in_scope(people, login, settings):
    group = make_group(people.blitar_social_operator)
    v = visit(people.blitar_social_operator, group, photos=[("k.jpg", io.BytesIO(jpeg()))])
    photo = v.photos.get()
    assert (settings.PRIVATE_MEDIA_ROOT / photo.file_path).read_bytes() == jpeg()
    url = reverse("groups:photo", args=[photo.pk])

    mine = login(people.blitar_leader).get(url)
    assert mine.status_code == 200 and mine["Content-Type"] == "image/jpeg"
    assert mine["X-Content-Type-Options"] == "nosniff"
    assert b"".join(mine.streaming_content) == jpeg()
    assert login(people.jember_secretariat).get(url).status_code == 404


# ----------------------------------------------------------------------- scope and pages


def test_a_group_outside_the_region_answers_404_like_a_missing_one(people, login, api):
    group = make_group(people.blitar_social_operator, members=[resident(JATEN)])
    jember = login(people.jember_secretariat)
    assert jember.get(reverse("groups:detail", args=[group.pk])).status_code == 404
    assert jember.get(reverse("groups:detail", args=[987654])).status_code == 404
    assert jember.post(reverse("groups:payment", args=[group.pk])).status_code == 404
    assert "KUBE Makmur" not in jember.get(reverse("groups:list")).content.decode()
    client = api()
    client.force_authenticate(people.jember_secretariat)
    assert client.get(reverse("api-group-detail", args=[group.pk])).status_code == 404
    assert client.get(reverse("api-group-list")).json()["count"] == 0


def test_a_group_can_only_be_created_in_a_village_the_user_manages(people):
    with pytest.raises(ValidationError) as caught:
        make_group(people.blitar_social_operator, village=PADOMASAN)
    assert caught.value.message_dict["village"] == [
        f"Desa/kelurahan {PADOMASAN} tidak ada di wilayah kerja Anda."
    ]
    with pytest.raises(ValidationError, match="tanggal pencairan"):
        make_group(people.blitar_social_operator, loan=5_000_000)
    assert not Group.objects.exists()


def test_leaders_read_groups_but_cannot_change_them(people, login):
    group = make_group(people.blitar_social_operator)
    leader = login(people.blitar_leader)
    page = leader.get(reverse("groups:detail", args=[group.pk]))
    assert page.status_code == 200 and "Catat kunjungan" not in page.content.decode()
    assert leader.get(reverse("groups:visit", args=[group.pk])).status_code == 403


def test_api_group_detail_has_the_repayment_summary(people, api):
    user = people.blitar_social_operator
    today = timezone.localdate()
    group = make_group(
        user, loan=10_000_000, disbursed_on=months_after(today, -4) - timedelta(days=1)
    )
    group_payment_record(user=user, group=group, paid_on=today, amount=400_000)

    body = api(people.bpjs_blitar_key).get(reverse("api-group-detail", args=[group.pk])).json()

    assert body["repayments"]["paid"] == 400_000
    # Two instalments of 1,000,000 are due; 400,000 of the first is paid.
    assert body["repayments"]["arrears_amount"] == 1_600_000
    assert body["repayments"]["outstanding"] == 9_600_000
    assert len(body["schedule"]) == 10 and body["schedule"][0]["overdue"] is True
    assert "arrears" in body["flags"]


def test_group_list_page_query_count_does_not_grow_with_groups(people, login):
    user = people.blitar_social_operator
    client = login(user)
    make_group(user, members=[resident(JATEN)], name="Satu")
    client.get(reverse("groups:list"))
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("groups:list"))
    for i in range(5):
        make_group(
            user,
            members=[resident(JATEN)],
            name=f"Kelompok {i}",
            loan=1_000_000,
            disbursed_on=date(2025, 1, 1),
        )
    with CaptureQueriesContext(connection) as six:
        client.get(reverse("groups:list"))
    # session, user, roles, the page count, the page of groups (every figure a subquery),
    # the arrears and no-evidence counts: the same number for one group and for six.
    assert len(six) == len(one)


def test_scope_person_fixture_is_in_blitar():
    assert JATEN.startswith(BLITAR)

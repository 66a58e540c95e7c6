"""The TKPK's decree and composition, rakor and follow-ups: what the secretariat records,
what the leader reads, what is refused, and overdue follow-ups flagged where people look."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from monitoring.coordination.selectors import follow_up_overdue_count
from monitoring.coordination.services import (
    FollowUpInput,
    MemberInput,
    follow_up_status_set,
    follow_up_update,
    member_add,
    member_update,
)
from monitoring.models import FollowUp, TkpkMember
from tests.monitoring.conftest import make_decree, make_follow_up, make_meeting
from tests.personas import BLITAR, JEMBER, person
from tkpk.models import AuditEntry
from tkpk.roles import Role


def test_the_secretariat_records_a_decree_and_its_composition_through_the_pages(
    people, agencies, login
):
    client = login(people.blitar_secretariat)
    response = client.post(
        reverse("monitoring:decree-create"),
        {
            "region": BLITAR,
            "sk_number": "188/45/KPTS/409.012/2026",
            "sk_date": "2026-01-10",
            "term_start": "2026-01-01",
            "term_end": "2030-12-31",
        },
    )
    assert response.status_code == 302
    decree_url = response["Location"]
    add = decree_url + "anggota/"
    seats = [
        ("responsible", "Rini Syarifah", "Bupati Blitar", ""),
        ("chair", "Beky Herdihansah", "Wakil Bupati", ""),
        ("secretary", "Kepala Bappeda", "Kepala Bappeda", agencies["blitar"]["bappeda"].pk),
        ("vice_secretary", "Kepala Dinsos", "Kepala Dinas Sosial", agencies["blitar"]["dinsos"].pk),
    ]
    for position, name, title, agency in seats:
        form = {"position": position, "name": name, "title": title, "element": "government"}
        assert client.post(add, {**form, "agency": agency}).status_code == 302
    # a second chair is refused with the reason, nothing added
    second = client.post(
        add, {"position": "chair", "name": "Orang Lain", "title": "X", "element": "government"}
    )
    assert second.status_code == 400
    assert "sudah terisi" in second.content.decode()
    # a pokja seat names its pokja
    pokja = client.post(
        add, {"position": "pokja_chair", "name": "A", "title": "B", "element": "community"}
    )
    assert pokja.status_code == 400 and "pokja" in pokja.content.decode()
    # the leader reads the composition
    body = login(people.blitar_leader).get(decree_url).content.decode()
    for _position, name, title, _agency in seats:
        assert name in body and title in body
    assert "Dinas Sosial" in body
    assert TkpkMember.objects.count() == 4
    assert AuditEntry.objects.filter(action="tkpk_decree_changed").count() == 5


def test_a_member_from_another_regions_agency_reads_as_not_found(people, agencies):
    decree = make_decree(people.blitar_secretariat, BLITAR)
    with pytest.raises(ValidationError) as refused:
        member_add(
            user=people.blitar_secretariat,
            decree=decree,
            data=MemberInput(
                position="member",
                name="X",
                title="Kepala",
                agency_id=agencies["jember"]["dinsos"].pk,
            ),
        )
    assert refused.value.message_dict["agency_id"] == [
        "Perangkat daerah tidak ditemukan di wilayah ini."
    ]
    assert not decree.members.exists()


@pytest.mark.parametrize("agency", ["jember", "99999999999999999999"])
def test_an_attendee_or_follow_up_of_an_unknown_agency_reads_as_not_found(
    people, agencies, login, agency
):
    """Another region's agency, or a number past the database's integer range (it used to
    reach the query and fail as a server error): the field says "not found"."""
    meeting = make_meeting(people.blitar_secretariat, BLITAR, title="Rakor")
    agency_id = agencies["jember"]["dinsos"].pk if agency == "jember" else agency
    client = login(people.blitar_secretariat)
    attendee = client.post(
        reverse("monitoring:attendee-add", args=[meeting.pk]),
        {"name": "X", "sex": "L", "agency": agency_id},
    )
    follow_up = client.post(
        reverse("monitoring:follow-up-add", args=[meeting.pk]),
        {"action": "Y", "owner": agency_id, "due_on": "2026-04-01", "status": "open"},
    )
    for response in (attendee, follow_up):
        assert response.status_code == 400
        assert "Perangkat daerah tidak ditemukan di wilayah ini." in response.content.decode()
    assert not meeting.attendees.exists() and not meeting.follow_ups.exists()


def test_a_decree_for_another_regency_reads_as_not_found(people, login):
    client = login(people.blitar_secretariat)
    form = {
        "sk_number": "1",
        "sk_date": "2026-01-10",
        "term_start": "2026-01-01",
        "term_end": "2030-12-31",
    }
    jember = client.post(reverse("monitoring:decree-create"), {**form, "region": JEMBER})
    assert jember.status_code == 400
    assert "Jember" not in jember.content.decode()


def test_a_term_ending_before_it_starts_is_refused(people, login):
    response = login(people.blitar_secretariat).post(
        reverse("monitoring:decree-create"),
        {
            "region": BLITAR,
            "sk_number": "1",
            "sk_date": "2026-01-10",
            "term_start": "2026-01-01",
            "term_end": "2025-12-31",
        },
    )
    assert response.status_code == 400
    assert "berakhir sebelum dimulai" in response.content.decode()


def test_overdue_follow_ups_are_flagged_on_the_meeting_the_list_and_in_the_count(
    people, agencies, login
):
    today = timezone.localdate()
    user = people.blitar_secretariat
    meeting = make_meeting(
        user, BLITAR, title="Rakor TKPK semester I", held_on=today - timedelta(days=60)
    )
    dinsos, dinkes = agencies["blitar"]["dinsos"], agencies["blitar"]["dinkes"]
    make_follow_up(user, meeting, dinsos, due_on=today - timedelta(days=5), action="TERLAMBAT-1")
    make_follow_up(
        user,
        meeting,
        dinkes,
        due_on=today - timedelta(days=1),
        action="TERLAMBAT-2",
        status="in_progress",
    )
    make_follow_up(
        user, meeting, dinsos, due_on=today - timedelta(days=9), action="SELESAI", status="done"
    )
    make_follow_up(
        user, meeting, dinsos, due_on=today + timedelta(days=9), action="BELUM-JATUH-TEMPO"
    )
    # a Jember meeting's overdue follow-up never counts for Blitar
    jember_meeting = make_meeting(
        people.jember_secretariat, JEMBER, title="Rakor Jember", held_on=today - timedelta(days=60)
    )
    make_follow_up(
        people.jember_secretariat,
        jember_meeting,
        agencies["jember"]["dinsos"],
        due_on=today - timedelta(days=3),
    )

    expected = FollowUp.objects.filter(meeting__region_id=BLITAR, due_on__lt=today).exclude(
        status="done"
    )
    assert (
        follow_up_overdue_count(user=people.blitar_leader, region_code=BLITAR)
        == expected.count()
        == 2
    )

    leader = login(people.blitar_leader)
    page = leader.get(reverse("monitoring:meeting-detail", args=[meeting.pk])).content.decode()
    assert "2 tindak lanjut melewati batas waktu" in page
    assert page.count('data-testid="overdue"') == 2
    listing = leader.get(reverse("monitoring:follow-up-list") + "?terlambat=on").content.decode()
    assert "TERLAMBAT-1" in listing and "TERLAMBAT-2" in listing
    assert "SELESAI" not in listing and "BELUM-JATUH-TEMPO" not in listing
    assert "Rakor Jember" not in listing
    meetings = leader.get(reverse("monitoring:meeting-list")).content.decode()
    assert "Rakor TKPK semester I" in meetings and "Rakor Jember" not in meetings


def test_editing_a_follow_up_checks_the_meeting_and_the_new_owner(people, agencies):
    user = people.blitar_secretariat
    meeting = make_meeting(user, BLITAR, title="Rakor")
    follow_up = make_follow_up(user, meeting, agencies["blitar"]["dinsos"], due_on=date(2026, 4, 1))
    # another region's agency as owner: refused, nothing changed
    with pytest.raises(ValidationError):
        follow_up_update(
            user=user,
            follow_up=follow_up,
            data=FollowUpInput(
                action="X", owner_id=agencies["jember"]["dinsos"].pk, due_on=date(2026, 4, 1)
            ),
        )
    # a Jember user on Blitar's follow-up: "not found", nothing changed
    with pytest.raises(ValidationError) as refused:
        follow_up_update(
            user=people.jember_secretariat,
            follow_up=follow_up,
            data=FollowUpInput(
                action="X", owner_id=agencies["jember"]["dinsos"].pk, due_on=date(2026, 4, 1)
            ),
        )
    assert refused.value.messages == ["Tindak lanjut tidak ditemukan."]
    follow_up.refresh_from_db()
    assert (follow_up.action, follow_up.owner_id) == (
        "Verifikasi data",
        agencies["blitar"]["dinsos"].pk,
    )
    # done: dated; reopened: the date cleared
    done = follow_up_update(
        user=user,
        follow_up=follow_up,
        data=FollowUpInput(
            action="Verifikasi data",
            owner_id=agencies["blitar"]["dinkes"].pk,
            due_on=date(2026, 4, 1),
            status="done",
        ),
        today=date(2026, 4, 3),
    )
    assert (done.status, done.done_on, done.owner_id) == (
        "done",
        date(2026, 4, 3),
        agencies["blitar"]["dinkes"].pk,
    )
    reopened = follow_up_update(
        user=user,
        follow_up=follow_up,
        data=FollowUpInput(
            action="Verifikasi data",
            owner_id=agencies["blitar"]["dinkes"].pk,
            due_on=date(2026, 4, 1),
        ),
    )
    assert reopened.done_on is None
    entry = AuditEntry.objects.filter(action="follow_up_changed").order_by("id").last()
    assert entry.detail["changed"]["status"] == ["done", "open"]


def test_a_jember_user_gets_404_on_blitar_pages(people, agencies, login):
    meeting = make_meeting(people.blitar_secretariat, BLITAR, title="Rakor")
    follow_up = make_follow_up(
        people.blitar_secretariat, meeting, agencies["blitar"]["dinsos"], due_on=date(2026, 4, 1)
    )
    decree = make_decree(people.blitar_secretariat, BLITAR)
    client = login(people.jember_secretariat)
    for url in (
        reverse("monitoring:meeting-detail", args=[meeting.pk]),
        reverse("monitoring:follow-up-edit", args=[follow_up.pk]),
        reverse("monitoring:decree-detail", args=[decree.pk]),
    ):
        assert client.get(url).status_code == 404
    assert (
        client.post(reverse("monitoring:follow-up-add", args=[meeting.pk]), {}).status_code == 404
    )
    assert FollowUp.objects.count() == 1


def test_the_leader_reads_but_does_not_write(people, agencies, login):
    meeting = make_meeting(people.blitar_secretariat, BLITAR, title="Rakor")
    client = login(people.blitar_leader)
    page = client.get(reverse("monitoring:meeting-detail", args=[meeting.pk])).content.decode()
    assert "Tambah tindak lanjut" not in page
    response = client.post(
        reverse("monitoring:follow-up-add", args=[meeting.pk]),
        {
            "action": "X",
            "owner": agencies["blitar"]["dinsos"].pk,
            "due_on": "2026-05-01",
            "status": "open",
        },
    )
    assert response.status_code == 403
    assert not FollowUp.objects.exists()


def test_an_auditor_sees_no_monitoring(people, login):
    response = login(people.blitar_auditor).get(reverse("monitoring:meeting-list"))
    assert response.status_code == 403


# ---------------------------------------------------------------------------- editing a member


def _seat(user, decree, agency, *, position="member", name="Budi Santoso"):
    return member_add(
        user=user,
        decree=decree,
        data=MemberInput(position=position, name=name, title="Kepala", agency_id=agency.pk),
    )


def test_the_secretariat_edits_a_members_name_position_and_agency(people, agencies, login):
    decree = make_decree(people.blitar_secretariat, BLITAR)
    member = _seat(people.blitar_secretariat, decree, agencies["blitar"]["dinsos"])
    assert member.institution == agencies["blitar"]["dinsos"].name
    client = login(people.blitar_secretariat)
    url = reverse("monitoring:member-edit", args=[member.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Budi Santoso" in page.content.decode()
    assert url in client.get(reverse("monitoring:decree-detail", args=[decree.pk])).content.decode()

    response = client.post(
        url,
        {
            "position": "vice_chair",
            "name": "Budi Santoso, S.E.",
            "title": "Sekretaris Daerah",
            "element": "government",
            "agency": agencies["blitar"]["bappeda"].pk,
            "institution": "",
            "group": "",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.position, member.name, member.title, member.agency_id) == (
        "vice_chair",
        "Budi Santoso, S.E.",
        "Sekretaris Daerah",
        agencies["blitar"]["bappeda"].pk,
    )
    # The institution that only repeated the old agency's name now names the new one.
    assert member.institution == agencies["blitar"]["bappeda"].name
    entry = AuditEntry.objects.filter(action="tkpk_decree_changed").latest("id")
    assert entry.detail["before"]["name"] == "Budi Santoso"
    assert entry.detail["after"]["position"] == "vice_chair"


def test_editing_a_member_into_a_taken_seat_or_another_regions_agency_is_refused(people, agencies):
    decree = make_decree(people.blitar_secretariat, BLITAR)
    _seat(people.blitar_secretariat, decree, agencies["blitar"]["bappeda"], position="chair")
    member = _seat(people.blitar_secretariat, decree, agencies["blitar"]["dinsos"])
    with pytest.raises(ValidationError) as refused:
        member_update(
            user=people.blitar_secretariat,
            member=member,
            data=MemberInput(
                position="chair",
                name="Budi",
                title="Kepala",
                agency_id=agencies["jember"]["dinsos"].pk,
            ),
        )
    assert "Kedudukan Ketua sudah terisi dalam SK ini." in refused.value.message_dict["position"]
    assert refused.value.message_dict["agency_id"] == [
        "Perangkat daerah tidak ditemukan di wilayah ini."
    ]
    member.refresh_from_db()
    assert (member.position, member.agency_id) == ("member", agencies["blitar"]["dinsos"].pk)
    # The one-person seat a member already holds may be saved again.
    chair = decree.members.get(position="chair")
    update = MemberInput(position="chair", name="Baru", title="Bupati", agency_id=None)
    assert member_update(user=people.blitar_secretariat, member=chair, data=update).name == "Baru"


def test_another_regions_member_reads_as_not_found(people, agencies, login):
    decree = make_decree(people.jember_secretariat, JEMBER)
    member = _seat(people.jember_secretariat, decree, agencies["jember"]["dinsos"])
    client = login(people.blitar_secretariat)
    url = reverse("monitoring:member-edit", args=[member.pk])
    assert client.get(url).status_code == 404
    post = client.post(url, {"position": "member", "name": "X", "title": "Y"})
    assert post.status_code == 404
    assert client.get(reverse("monitoring:member-edit", args=[10**6])).status_code == 404
    with pytest.raises(ValidationError):
        member_update(
            user=people.blitar_secretariat,
            member=member,
            data=MemberInput(position="member", name="X", title="Y"),
        )
    member.refresh_from_db()
    assert member.name == "Budi Santoso"
    # The leader reads the composition but does not edit it.
    blitar = make_decree(people.blitar_secretariat, BLITAR, sk="SK-2")
    own = _seat(people.blitar_secretariat, blitar, agencies["blitar"]["dinsos"])
    leader = login(people.blitar_leader)
    assert leader.get(reverse("monitoring:member-edit", args=[own.pk])).status_code == 403


# ---------------------------------------------------------------------------- the owner agency


def test_the_owner_agencys_officer_updates_the_status_of_its_follow_up(people, agencies, login):
    dinsos = agencies["blitar"]["dinsos"]
    officer = person("opd.dinsos.tl", Role.AGENCY_OFFICER, BLITAR, agency=dinsos)
    meeting = make_meeting(people.blitar_secretariat, BLITAR, title="Rakor")
    follow_up = make_follow_up(
        people.blitar_secretariat, meeting, dinsos, due_on=date(2026, 4, 1), action="Verifikasi"
    )
    client = login(officer)
    page = client.get(reverse("monitoring:follow-up-edit", args=[follow_up.pk]))
    status_url = reverse("monitoring:follow-up-status", args=[follow_up.pk])
    assert status_url in page.content.decode()
    # The full edit stays the secretariat's.
    edit = client.post(
        reverse("monitoring:follow-up-edit", args=[follow_up.pk]),
        {"action": "X", "owner": dinsos.pk, "due_on": "2027-01-01", "status": "done"},
    )
    assert edit.status_code == 403

    response = client.post(status_url, {"status": "done", "note": "Sudah diverifikasi 40 KK."})
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.status == "done" and follow_up.done_on is not None
    assert (follow_up.note, follow_up.action) == ("Sudah diverifikasi 40 KK.", "Verifikasi")
    assert follow_up.due_on == date(2026, 4, 1)
    entry = AuditEntry.objects.filter(action="follow_up_changed").latest("id")
    assert entry.detail["changed"]["status"] == ["open", "done"]

    bad = client.post(status_url, {"status": "selesai-kah", "note": ""})
    assert bad.status_code == 400
    assert "selesai-kah" in bad.content.decode()  # Django names the refused choice
    follow_up.refresh_from_db()
    assert follow_up.status == "done"


def test_another_agencys_or_regions_follow_up_reads_as_not_found(people, agencies, login):
    meeting = make_meeting(people.blitar_secretariat, BLITAR, title="Rakor")
    follow_up = make_follow_up(
        people.blitar_secretariat, meeting, agencies["blitar"]["dinsos"], due_on=date(2026, 4, 1)
    )
    health = person(
        "opd.dinkes.tl", Role.AGENCY_OFFICER, BLITAR, agency=agencies["blitar"]["dinkes"]
    )
    jember = person(
        "opd.dinsos.jember.tl", Role.AGENCY_OFFICER, JEMBER, agency=agencies["jember"]["dinsos"]
    )
    status_url = reverse("monitoring:follow-up-status", args=[follow_up.pk])
    page = login(health).get(reverse("monitoring:follow-up-edit", args=[follow_up.pk]))
    assert page.status_code == 200 and status_url not in page.content.decode()
    for officer in (health, jember):
        client = login(officer)
        assert client.post(status_url, {"status": "done"}).status_code == 404
        missing = reverse("monitoring:follow-up-status", args=[10**6])
        assert client.post(missing, {"status": "done"}).status_code == 404
        with pytest.raises(ValidationError):
            follow_up_status_set(user=officer, follow_up=follow_up, status="done", note="")
    follow_up.refresh_from_db()
    assert follow_up.status == "open"

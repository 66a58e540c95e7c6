"""The back office: triage, routing, handling, closing; who may do which step; replies;
the household link and the registry correction."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from complaints.models import Complaint, ComplaintEvent, Status
from complaints.services import complaint_transition
from households.models import CorrectionDraft, Household
from households.services import batch_commit, batch_minutes_attach, batch_upload, batch_validate
from tests.complaints.conftest import JPEG, valid_post
from tests.households.batchfiles import csv_bytes, family
from tests.households.conftest import PDF
from tkpk.models import AuditEntry


def _post(client, complaint, to, *, follow=False, **data):
    return client.post(
        reverse("complaints:transition", args=[complaint.pk]),
        {"to_status": to, **data},
        follow=follow,
    )


def test_every_transition_is_recorded_from_receipt_to_closing(people, office, filed, login):
    # given a complaint filed from the public form
    complaint = filed(program_code="PKH")
    secretariat = login(people.blitar_secretariat)
    officer = login(office.dinsos_officer)

    # when the secretariat verifies and routes it, the agency takes it up and resolves it,
    # and the secretariat closes it
    assert _post(secretariat, complaint, "verified", note="Sudah dicek ke desa").status_code == 302
    detail = secretariat.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    assert f'value="{office.dinsos_blitar.pk}" selected' in detail  # suggested by program PKH
    _post(secretariat, complaint, "forwarded", agency=office.dinsos_blitar.pk)
    _post(officer, complaint, "in_progress", reply="Petugas akan berkunjung minggu ini.")
    _post(officer, complaint, "resolved", reply="Keluarga sudah diusulkan masuk PKH.")
    _post(secretariat, complaint, "closed")

    # then each step is on the timeline with who and when
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED and complaint.agency == office.dinsos_blitar
    assert complaint.resolved_at is not None
    steps = list(
        ComplaintEvent.objects.filter(complaint=complaint).values_list(
            "from_status", "to_status", "actor__username"
        )
    )
    assert steps == [
        ("", "received", None),
        ("received", "verified", "sekretariat.blitar"),
        ("verified", "forwarded", "sekretariat.blitar"),
        ("forwarded", "in_progress", "petugas.dinsos"),
        ("in_progress", "resolved", "petugas.dinsos"),
        ("resolved", "closed", "sekretariat.blitar"),
    ]
    page = secretariat.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    assert "Sudah dicek ke desa" in page and "petugas.dinsos" in page
    public = login(people.outsider).get(reverse("complaints:status", args=[complaint.code]))
    body = public.content.decode()
    assert "Diteruskan ke instansi" in body and "Dinas Sosial Blitar" in body
    assert "Keluarga sudah diusulkan masuk PKH." in body
    assert "Sudah dicek ke desa" not in body  # internal notes stay internal
    assert "petugas.dinsos" not in body and "sekretariat.blitar" not in body


def test_rejection_needs_a_reason_for_the_complainant(people, filed):
    complaint = filed()
    with pytest.raises(ValidationError) as exc:
        complaint_transition(
            complaint=complaint, user=people.blitar_secretariat, to_status="rejected"
        )
    assert "Tulis jawaban untuk pelapor" in " ".join(exc.value.messages)
    complaint_transition(
        complaint=complaint,
        user=people.blitar_secretariat,
        to_status="rejected",
        reply="Bukan wewenang pemerintah kabupaten.",
    )
    complaint_transition(complaint=complaint, user=people.blitar_secretariat, to_status="closed")
    complaint.refresh_from_db()
    assert complaint.status == Status.CLOSED


@pytest.mark.parametrize(
    ("start", "to"),
    [
        ("received", "forwarded"),  # routing comes after verification
        ("received", "resolved"),
        ("verified", "closed"),
        ("closed", "received"),
        ("resolved", "in_progress"),
    ],
)
def test_steps_outside_the_flow_are_refused(people, office, filed, start, to):
    complaint = filed()
    Complaint.objects.filter(pk=complaint.pk).update(status=start, agency=office.dinsos_blitar)
    complaint.refresh_from_db()
    with pytest.raises(ValidationError) as exc:
        complaint_transition(
            complaint=complaint,
            user=people.blitar_secretariat,
            to_status=to,
            agency=office.dinsos_blitar,
            reply="x" * 20,
        )
    assert "tidak dapat diubah menjadi" in exc.value.messages[0]
    complaint.refresh_from_db()
    assert complaint.status == start
    assert ComplaintEvent.objects.filter(complaint=complaint).count() == 1


def test_forwarding_needs_an_agency_serving_the_village(people, office, filed):
    complaint = filed()
    complaint_transition(complaint=complaint, user=people.blitar_secretariat, to_status="verified")
    with pytest.raises(ValidationError):
        complaint_transition(
            complaint=complaint, user=people.blitar_secretariat, to_status="forwarded"
        )
    with pytest.raises(ValidationError) as exc:
        complaint_transition(
            complaint=complaint,
            user=people.blitar_secretariat,
            to_status="forwarded",
            agency=office.dinsos_jember,
        )
    assert "tidak melayani wilayah" in exc.value.messages[0]


def test_only_the_agency_it_was_routed_to_handles_it(people, office, filed, login):
    complaint = filed()
    complaint_transition(complaint=complaint, user=people.blitar_secretariat, to_status="verified")
    complaint_transition(
        complaint=complaint,
        user=people.blitar_secretariat,
        to_status="forwarded",
        agency=office.dinsos_blitar,
    )
    # Another Blitar agency's officer does not even see it.
    other = login(office.dinkes_officer)
    assert other.get(reverse("complaints:detail", args=[complaint.pk])).status_code == 404
    assert _post(other, complaint, "in_progress").status_code == 404
    assert complaint.code not in other.get(reverse("complaints:list")).content.decode()
    # The routed agency sees it in its list; it cannot close, only the secretariat can.
    officer = login(office.dinsos_officer)
    assert complaint.code in officer.get(reverse("complaints:list")).content.decode()
    _post(officer, complaint, "in_progress")
    _post(officer, complaint, "resolved", reply="Sudah dibayarkan.")
    with pytest.raises(PermissionDenied):
        complaint_transition(complaint=complaint, user=office.dinsos_officer, to_status="closed")
    complaint.refresh_from_db()
    assert complaint.status == Status.RESOLVED


def test_an_officer_cannot_triage(people, office, filed):
    complaint = filed()
    Complaint.objects.filter(pk=complaint.pk).update(agency=office.dinsos_blitar)
    complaint.refresh_from_db()
    with pytest.raises(PermissionDenied):
        complaint_transition(complaint=complaint, user=office.dinsos_officer, to_status="verified")


def test_rerouting_moves_the_complaint_to_the_other_agency(people, office, filed, login):
    complaint = filed()
    for step, agency in (("verified", None), ("forwarded", office.dinsos_blitar)):
        complaint_transition(
            complaint=complaint, user=people.blitar_secretariat, to_status=step, agency=agency
        )
    complaint_transition(
        complaint=complaint,
        user=people.blitar_secretariat,
        to_status="forwarded",
        agency=office.dinkes_blitar,
    )
    assert (
        login(office.dinsos_officer)
        .get(reverse("complaints:detail", args=[complaint.pk]))
        .status_code
        == 404
    )
    assert (
        login(office.dinkes_officer)
        .get(reverse("complaints:detail", args=[complaint.pk]))
        .status_code
        == 200
    )


def test_a_reply_without_status_change_reaches_the_public_page(people, filed, login, client):
    complaint = filed()
    response = _post(
        login(people.blitar_secretariat),
        complaint,
        "received",
        reply="Mohon kirim foto KK ke kantor desa.",
    )
    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == Status.RECEIVED
    body = client.get(reverse("complaints:status", args=[complaint.code])).content.decode()
    assert "Mohon kirim foto KK ke kantor desa." in body


def test_markup_in_a_reply_is_refused(people, filed, login):
    complaint = filed()
    client = login(people.blitar_secretariat)
    response = _post(
        client, complaint, "verified", reply="<img src=x onerror=alert(1)>", follow=True
    )
    assert "tidak boleh memuat kode HTML" in response.content.decode()
    complaint.refresh_from_db()
    assert complaint.status == Status.RECEIVED


def test_text_from_the_public_is_escaped_in_the_back_office(people, filed, login):
    complaint = filed(reporter_name='Bu "Ani" & anak', description="Bantuan 3 > 2 & < 5 bulan")
    body = (
        login(people.blitar_secretariat)
        .get(reverse("complaints:detail", args=[complaint.pk]))
        .content.decode()
    )
    assert "Bu &quot;Ani&quot; &amp; anak" in body
    assert "3 &gt; 2 &amp; &lt; 5" in body


def test_overdue_complaints_are_highlighted(people, filed, login):
    from datetime import timedelta

    from django.utils import timezone

    late = filed()
    Complaint.objects.filter(pk=late.pk).update(due_at=timezone.now() - timedelta(days=1))
    on_time = filed()
    client = login(people.blitar_secretariat)
    body = client.get(reverse("complaints:list") + "?overdue=on").content.decode()
    assert late.code in body and on_time.code not in body
    assert 'class="overdue"' in body and "lewat batas" in body


def test_niks_are_masked_in_the_list_and_revealed_only_with_audit(people, filed, login):
    complaint = filed(nik="3505011203850001")
    client = login(people.blitar_secretariat)
    listing = client.get(reverse("complaints:list")).content.decode()
    assert "3505011203850001" not in listing and "3505************" in listing
    detail = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    assert "3505011203850001" not in detail
    revealed = client.post(reverse("complaints:nik", args=[complaint.pk]))
    assert "3505011203850001" in revealed.content.decode()
    assert AuditEntry.objects.filter(action="nik_viewed", object_id=str(complaint.pk)).exists()


def test_operators_record_complaints_from_other_channels(people, login):
    client = login(people.jaten_village_operator)
    form = client.get(reverse("complaints:create")).content.decode()
    assert "SP4N-LAPOR!" in form and 'name="village" value="35.05.01.2001"' in form
    missing_ref = client.post(
        reverse("complaints:create"), {**valid_post(), "channel": "lapor", "lapor_reference": ""}
    )
    assert missing_ref.status_code == 400
    assert "nomor pengaduan SP4N-LAPOR!" in missing_ref.content.decode()
    response = client.post(
        reverse("complaints:create"),
        {**valid_post(), "channel": "lapor", "lapor_reference": "LAPOR-2026-1234"},
    )
    complaint = Complaint.objects.get()
    assert response["Location"] == reverse("complaints:detail", args=[complaint.pk])
    assert complaint.channel == "lapor" and complaint.lapor_reference == "LAPOR-2026-1234"
    assert complaint.created_by == people.jaten_village_operator
    # The operator sees what they recorded; a village operator records for their own
    # village whatever the request names.
    assert complaint.code in client.get(reverse("complaints:list")).content.decode()
    client.post(
        reverse("complaints:create"),
        {**valid_post(village="35.05.02.2001"), "channel": "phone"},
    )
    assert set(Complaint.objects.values_list("village_id", flat=True)) == {"35.05.01.2001"}


def test_social_operator_records_a_walk_in_for_a_village_of_the_regency(people, login):
    client = login(people.blitar_social_operator)
    response = client.post(
        reverse("complaints:create"),
        {**valid_post(village="35.05.02.2001"), "channel": "walk_in", "wilayah": ["35.05.02"]},
    )
    assert response.status_code == 302
    assert Complaint.objects.get().channel == "walk_in"
    jember = client.post(
        reverse("complaints:create"), {**valid_post(village="35.09.01.2001"), "channel": "sms"}
    )
    assert jember.status_code == 400 and "di luar wilayah Anda" in jember.content.decode()


def test_attachment_is_served_only_to_those_who_see_the_complaint(people, regions, login, client):
    client.post(
        reverse("complaints:form"),
        {**valid_post(), "lampiran": [_upload("foto.jpg", JPEG)]},
    )
    attachment = Complaint.objects.get().attachments.get()
    url = reverse("complaints:attachment", args=[attachment.pk])
    response = login(people.blitar_secretariat).get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == JPEG
    assert response["Content-Type"] == "image/jpeg"
    assert login(people.jember_secretariat).get(url).status_code == 404
    assert client.get(url).status_code == 302  # the public: log in first


def _upload(name, content):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content)


def _registered_household() -> Household:
    from tests.personas import JATEN

    user = __import__("tkpk.models", fromlist=["User"]).User.objects.get(username="dinsos.blitar")
    kk = "3505010101200077"
    batch = batch_upload(
        user=user,
        upload=io.BytesIO(csv_bytes(family(kk=kk, village=JATEN))),
        filename="b.csv",
        queue_validation=False,
    )
    batch_validate(batch=batch)
    batch_minutes_attach(batch=batch, user=user, upload=io.BytesIO(PDF), filename="ba.pdf")
    batch_commit(batch_id=batch.pk, user=user)
    return Household.objects.get(kk=kk)


def test_linking_a_household_is_an_audited_registry_search(people, filed, login):
    household = _registered_household()
    nik = household.members.first().nik
    complaint = filed(category="wrong_data", nik=nik)
    client = login(people.blitar_secretariat)
    client.post(reverse("complaints:household", args=[complaint.pk]), {"nomor": ""})
    complaint.refresh_from_db()
    assert complaint.household == household
    assert AuditEntry.objects.filter(action="nik_lookup", detail__found=True).exists()
    detail = client.get(reverse("complaints:detail", args=[complaint.pk])).content.decode()
    assert reverse("households:detail", args=[household.pk]) in detail


def test_linking_an_unknown_number_says_so(people, filed, login):
    complaint = filed(nik="3505011203859999")
    response = login(people.blitar_secretariat).post(
        reverse("complaints:household", args=[complaint.pk]), {"nomor": ""}, follow=True
    )
    assert "tidak ada di registri wilayah Anda" in response.content.decode()
    assert AuditEntry.objects.filter(action="nik_lookup", detail__found=False).exists()


def test_poor_but_not_registered_opens_a_draft_correction_in_one_click(people, filed, login):
    complaint = filed(nik="3505011203850001", kk="3505010101200001", reporter_name="Siti")
    secretariat = login(people.blitar_secretariat)
    url = reverse("complaints:correction", args=[complaint.pk])
    secretariat.post(url)
    secretariat.post(url)  # a second click changes nothing
    draft = CorrectionDraft.objects.get()
    assert draft.village_id == "35.05.01.2001" and draft.kind == "baru"
    assert draft.source == f"Pengaduan {complaint.code}"
    complaint.refresh_from_db()
    assert complaint.correction == draft
    assert AuditEntry.objects.filter(action="correction_drafted").count() == 1

    # The village operator finds it and downloads a prefilled batch row.
    operator = login(people.jaten_village_operator)
    listing = operator.get(reverse("households:correction-list")).content.decode()
    assert complaint.code in listing and "3505011203850001" not in listing
    csv_text = operator.get(reverse("households:correction-csv", args=[draft.pk])).content.decode(
        "utf-8-sig"
    )
    header, row = csv_text.splitlines()[:2]
    cells = dict(zip(header.split(","), row.split(","), strict=True))
    assert cells["aksi"] == "baru" and cells["nik"] == "3505011203850001"
    assert cells["no_kk"] == "3505010101200001" and cells["kode_desa"] == "35.05.01.2001"
    assert AuditEntry.objects.filter(action="correction_downloaded").exists()
    # Jember does not see it.
    assert (
        login(people.jember_social_operator)
        .get(reverse("households:correction-csv", args=[draft.pk]))
        .status_code
        == 404
    )
    operator.post(reverse("households:correction-close", args=[draft.pk]), {"status": "done"})
    draft.refresh_from_db()
    assert draft.state == "done" and draft.closed_by == people.jaten_village_operator


def test_wrong_data_with_a_linked_household_prefills_every_member(people, filed, login):
    household = _registered_household()
    complaint = filed(category="wrong_data", kk=household.kk)
    secretariat = login(people.blitar_secretariat)
    secretariat.post(reverse("complaints:household", args=[complaint.pk]), {"nomor": ""})
    secretariat.post(reverse("complaints:correction", args=[complaint.pk]))
    draft = CorrectionDraft.objects.get()
    assert draft.kind == "perbaikan" and draft.household == household
    content = login(people.blitar_social_operator).get(
        reverse("households:correction-csv", args=[draft.pk])
    )
    lines = content.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 1 + household.members.count()
    assert all(line.startswith("perbaikan,") for line in lines[1:])


def test_other_categories_cannot_open_a_correction(people, filed, login):
    complaint = filed(category="amount_cut")
    response = login(people.blitar_secretariat).post(
        reverse("complaints:correction", args=[complaint.pk]), follow=True
    )
    assert "hanya untuk pengaduan miskin tidak terdaftar" in response.content.decode()
    assert not CorrectionDraft.objects.exists()


def test_the_list_costs_the_same_for_five_complaints_as_for_one(people, office, filed, login):
    client = login(people.blitar_secretariat)
    filed()
    client.get(reverse("complaints:list"))  # warm the session
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("complaints:list"))
    for village in ("35.05.01.2001", "35.05.02.2001", "35.05.01.2002", "35.05.02.2002"):
        filed(village=village)
    with CaptureQueriesContext(connection) as five:
        response = client.get(reverse("complaints:list"))
    assert response.content.decode().count('href="/pengaduan/kelola/') >= 5
    # session, user, role assignments, count, one page of complaints joined with village,
    # district, agency and program: no query per row.
    assert len(five) == len(one) <= 6, [q["sql"] for q in five.captured_queries]

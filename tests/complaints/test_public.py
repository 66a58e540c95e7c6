"""The public form at /pengaduan/, the tracking page and every bad input the issue names."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from complaints.models import Attachment, Complaint, ComplaintEvent
from tests.complaints.conftest import EXE, JPEG, PDF, valid_post


def _files_under(root):
    folder = root / "complaints"
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def test_form_offers_categories_programs_and_real_regions(client, regions):
    response = client.get(reverse("complaints:form"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Miskin tetapi tidak terdaftar" in body
    assert "PKH" in body and "KUBE" in body
    assert "JAWA TIMUR" in body.upper()  # provinces: the first level of the picker
    assert 'name="website"' in body and 'class="hp"' in body


def test_poster_link_preselects_the_village(client, regions):
    response = client.get(reverse("complaints:form") + "?desa=35.05.01.2001")
    body = response.content.decode()
    assert 'value="35.05.01.2001" selected' in body
    assert 'value="35.05.01" selected' in body


def test_region_picker_lists_the_villages_of_a_district(client, regions):
    response = client.get(reverse("complaints:regions") + "?wilayah=35.05&wilayah=35.05.01")
    body = response.content.decode()
    assert "Jaten" in body and 'name="village"' in body


def test_public_region_setting_limits_the_picker(client, regions, settings):
    settings.COMPLAINTS_REGION = "35.05"
    body = client.get(reverse("complaints:form")).content.decode()
    assert "Wonodadi" in body  # districts of Blitar come first
    response = client.post(reverse("complaints:form"), valid_post(village="35.09.01.2001"))
    assert response.status_code == 400
    assert "tidak dikenal" in response.content.decode()
    assert not Complaint.objects.exists()


def test_filing_returns_a_tracking_code_and_a_public_timeline(client, regions, settings):
    response = client.post(
        reverse("complaints:form"),
        {**valid_post(nik="3505011203850001"), "lampiran": [SimpleUploadedFile("foto.jpg", JPEG)]},
        follow=True,
    )
    complaint = Complaint.objects.get()
    body = response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("complaints:status", args=[complaint.code])
    assert complaint.code in body and "Simpan kode pelacakan" in body
    assert "Diterima" in body and "Jaten" in body
    # No personal data on the public page.
    for private in ("Siti", "0812", "3505011203850001", "Sumarno"):
        assert private not in body
    assert complaint.channel == "web" and complaint.program.code == "PKH"
    assert ComplaintEvent.objects.filter(complaint=complaint, to_status="received").count() == 1
    stored = Attachment.objects.get(complaint=complaint)
    path = settings.PRIVATE_MEDIA_ROOT / stored.path
    assert path.read_bytes() == JPEG and stored.content_type == "image/jpeg"


def test_tracking_code_is_found_however_it_is_typed(client, filed):
    complaint = filed()
    sloppy = complaint.code.lower().replace("-", " ")
    response = client.get(reverse("complaints:track") + "?kode=" + sloppy, follow=True)
    assert response.status_code == 200
    assert complaint.code in response.content.decode()


def test_unknown_code_is_a_404_that_says_so(client, regions):
    response = client.get(reverse("complaints:status", args=["ADU-ZZZZ-ZZZZ"]))
    assert response.status_code == 404
    body = response.content.decode()
    assert "Kode pelacakan tidak ditemukan" in body and "ADU-ZZZZ-ZZZZ" in body


def test_unknown_code_is_escaped_on_the_404_page(client, regions):
    response = client.get("/pengaduan/status/%3Cscript%3Ealert(1)%3C%2Fscript%3E/")
    assert response.status_code == 404
    assert "<script>alert(1)" not in response.content.decode().lower()


def test_exe_renamed_jpg_is_refused_and_nothing_is_stored(client, regions, settings):
    before = _files_under(settings.PRIVATE_MEDIA_ROOT)
    response = client.post(
        reverse("complaints:form"),
        {**valid_post(), "lampiran": [SimpleUploadedFile("foto.jpg", EXE, "image/jpeg")]},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "foto.jpg bukan foto" in body
    assert not Complaint.objects.exists() and not Attachment.objects.exists()
    assert _files_under(settings.PRIVATE_MEDIA_ROOT) == before


def test_oversized_attachment_is_refused(client, regions):
    big = PDF + b"0" * (5 * 1024 * 1024)
    response = client.post(
        reverse("complaints:form"),
        {**valid_post(), "lampiran": [SimpleUploadedFile("bukti.pdf", big)]},
    )
    assert response.status_code == 400
    assert "bukti.pdf lebih dari 5 MB" in response.content.decode()
    assert not Complaint.objects.exists()


def test_one_bad_file_among_good_ones_stores_nothing(client, regions, settings):
    before = _files_under(settings.PRIVATE_MEDIA_ROOT)
    response = client.post(
        reverse("complaints:form"),
        {
            **valid_post(),
            "lampiran": [
                SimpleUploadedFile("a.pdf", PDF),
                SimpleUploadedFile("b.jpg", EXE),
            ],
        },
    )
    assert response.status_code == 400
    assert not Complaint.objects.exists()
    assert _files_under(settings.PRIVATE_MEDIA_ROOT) == before


def test_script_or_html_in_a_field_is_refused(client, regions):
    for field in ("description", "reporter_name", "reporter_contact"):
        response = client.post(
            reverse("complaints:form"),
            valid_post(**{field: 'Tolong <script>alert("x")</script> bantu kami'}),
        )
        assert response.status_code == 400, field
        body = response.content.decode()
        assert "tidak boleh memuat kode HTML" in body
        assert '<script>alert("x")' not in body  # the typed text comes back escaped
    assert not Complaint.objects.exists()


def test_a_plain_less_than_sign_is_fine(client, regions):
    response = client.post(
        reverse("complaints:form"),
        valid_post(description="Penghasilan < 600 ribu sebulan, tidak dapat PKH."),
    )
    assert response.status_code == 302


def test_nik_of_the_wrong_length_is_refused(client, regions):
    response = client.post(reverse("complaints:form"), valid_post(nik="350501120385000"))
    assert response.status_code == 400
    assert "NIK harus 16 angka (tertulis 15 karakter)" in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_nik_in_full_width_digits_is_read_as_0_to_9(client, regions):
    full_width = "".join(chr(0xFF10 + int(d)) for d in "3505011203850001")
    response = client.post(reverse("complaints:form"), valid_post(nik=full_width))
    assert response.status_code == 302
    assert Complaint.objects.get().nik == "3505011203850001"


def test_superscripts_are_not_digits_of_a_nik(client, regions):
    response = client.post(reverse("complaints:form"), valid_post(nik="²" * 16))
    assert response.status_code == 400
    assert "NIK harus 16 angka" in response.content.decode()
    assert not Complaint.objects.exists()


def test_unknown_village_is_refused(client, regions):
    response = client.post(reverse("complaints:form"), valid_post(village="35.05.01.9999"))
    assert response.status_code == 400
    assert "Desa/kelurahan 35.05.01.9999 tidak dikenal" in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_district_is_not_a_village(client, regions):
    response = client.post(reverse("complaints:form"), valid_post(village="35.05.01"))
    assert response.status_code == 400
    assert not Complaint.objects.exists()


def test_anonymous_complaint_keeps_no_name(client, regions):
    refused = client.post(reverse("complaints:form"), valid_post(anonymous="on"))
    assert refused.status_code == 400
    assert "anonim tidak memuat nama" in refused.content.decode()
    accepted = client.post(
        reverse("complaints:form"),
        valid_post(anonymous="on", reporter_name="", reporter_contact=""),
    )
    assert accepted.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.anonymous and complaint.reporter_name == ""


def test_honeypot_filled_stores_nothing(client, regions):
    response = client.post(reverse("complaints:form"), valid_post(website="http://spam.example"))
    assert response.status_code == 400
    assert "tidak dapat diterima" in response.content.decode()
    assert not Complaint.objects.exists()


def test_a_flood_from_one_address_is_stopped(client, regions, settings):
    settings.COMPLAINTS_SUBMIT_RATE = "3/hour"
    for _ in range(3):
        assert client.post(reverse("complaints:form"), valid_post()).status_code == 302
    response = client.post(reverse("complaints:form"), valid_post())
    assert response.status_code == 429
    assert "Terlalu banyak pengaduan dari alamat jaringan ini" in response.content.decode()
    assert Complaint.objects.count() == 3
    # Another address is not affected.
    other = client.post(reverse("complaints:form"), valid_post(), REMOTE_ADDR="10.1.2.3")
    assert other.status_code == 302


def test_refreshing_the_picker_without_javascript_does_not_file(client, regions):
    response = client.post(
        reverse("complaints:form"),
        {**valid_post(village=""), "wilayah": ["35", "35.05"], "_wilayah": "1"},
    )
    assert response.status_code == 200
    assert "Wonodadi" in response.content.decode()
    assert not Complaint.objects.exists()


def test_status_lookups_are_rate_limited(client, regions, settings):
    settings.COMPLAINTS_LOOKUP_RATE = "2/minute"
    url = reverse("complaints:status", args=["ADU-ZZZZ-ZZZZ"])
    assert client.get(url).status_code == 404
    assert client.get(url).status_code == 404
    assert client.get(url).status_code == 429


def test_the_login_page_points_the_public_to_the_form(client, regions):
    body = client.get(reverse("login")).content.decode()
    assert reverse("complaints:form") in body


def test_regional_programs_are_offered_only_in_their_region(client, regions, settings):
    from programs.models import Program

    Program.objects.create(
        code="SEMBAKO-JEMBER",
        name="Sembako Daerah Jember",
        cluster=1,
        strategy="reduce_expenditure",
        level="regency",
        funding_source="apbd_regency",
        target_unit="household",
        owner_region_id="35.09",
        active_from="2026-01-01",
    )
    assert "SEMBAKO-JEMBER" not in client.get(reverse("complaints:form")).content.decode()
    settings.COMPLAINTS_REGION = "35.09"
    assert "SEMBAKO-JEMBER" in client.get(reverse("complaints:form")).content.decode()
    settings.COMPLAINTS_REGION = "35.05"
    response = client.post(reverse("complaints:form"), valid_post(program_code="SEMBAKO-JEMBER"))
    assert response.status_code == 400
    assert response.context["form"].errors["program_code"]
    assert not Complaint.objects.exists()

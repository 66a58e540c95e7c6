"""Recipient lists from upload to the recipient list: the happy path and every bad input."""

from __future__ import annotations

import io

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from programs.models import ProgramQuota, Recipient, RecipientBatchRow
from programs.recipients.batches import (
    recipient_batch_commit,
    recipient_batch_commit_request,
)
from programs.recipients.periods import QuotaExceeded
from tests.personas import JATEN, PADOMASAN
from tests.programs.recipientfiles import list_bytes
from tkpk.models import AuditEntry
from tkpk.tabular.problems import file_problem_texts
from tkpk.tabular.reasons import problem_text

SUTRISNO = "3505011203850001"  # head of KK 3505010101200001 in Jaten
SITI = "3505015708880001"  # his wife
UNKNOWN = "3505011203859999"


def rejected(batch) -> dict[int, list[dict[str, str]]]:
    return {
        r.row_number: [
            {"column": p["column"], "value": p.get("value", ""), "message": problem_text(p)}
            for p in r.errors
        ]
        for r in RecipientBatchRow.objects.filter(batch=batch, outcome="rejected")
    }


def test_a_list_is_previewed_then_committed_and_listed(families, upload_list, people):
    batch = upload_list(
        list_bytes(
            [
                {"nik": SUTRISNO, "nama": "Sutrisno", "kode_desa": JATEN, "nominal": "3.000.000"},
                {"nik": UNKNOWN, "nama": "Tidak Dikenal", "kode_desa": JATEN},
                {"no_kk": "3505010101200002", "nama": "Keluarga dua"},
            ]
        )
    )
    assert batch.state == "validated", batch.file_errors
    assert (batch.rows_new, batch.rows_unchanged, batch.rows_rejected) == (3, 0, 0)
    assert batch.rows_not_in_registry == 1
    assert not Recipient.objects.exists()

    recipient_batch_commit(batch_id=batch.pk, user=people.blitar_social_operator)
    sutrisno = Recipient.objects.get(nik=SUTRISNO)
    assert sutrisno.person.nik == SUTRISNO
    assert sutrisno.household == families["jaten"]
    assert sutrisno.region_id == JATEN
    assert sutrisno.amount == 3_000_000
    assert sutrisno.kk == "3505010101200001"  # filled from the registry
    family = Recipient.objects.get(kk="3505010101200002")
    assert family.household == families["jaten2"] and family.nik == ""
    entry = AuditEntry.objects.get(action="recipients_committed")
    assert entry.detail["added"] == 3 and entry.detail["not_in_registry"] == 1


def test_recipients_not_in_the_registry_are_kept_and_reported(families, upload_list, people):
    batch = upload_list(list_bytes([{"nik": UNKNOWN, "nama": "Tidak Dikenal"}]))
    assert (batch.rows_new, batch.rows_not_in_registry) == (1, 1)
    recipient_batch_commit(batch_id=batch.pk, user=people.blitar_social_operator)
    unknown = Recipient.objects.get(nik=UNKNOWN)
    # No village in the list: the region the list was uploaded for scopes it.
    assert unknown.person is None and unknown.household is None
    assert unknown.region_id == "35.05"


def test_uploading_the_same_list_again_adds_nothing(families, upload_list, people):
    content = list_bytes([{"nik": SUTRISNO}, {"nik": SITI}, {"nik": UNKNOWN}])
    recipient_batch_commit(batch_id=upload_list(content).pk, user=people.blitar_social_operator)
    again = upload_list(content)
    assert (again.rows_new, again.rows_unchanged, again.rows_rejected) == (0, 3, 0)
    recipient_batch_commit(batch_id=again.pk, user=people.blitar_social_operator)
    assert Recipient.objects.count() == 3


def test_committing_the_same_batch_twice_is_refused_and_adds_nothing(families, upload_list, people):
    from programs.recipients.batches import RecipientBatchError

    batch = upload_list(list_bytes([{"nik": SUTRISNO}]))
    recipient_batch_commit(batch_id=batch.pk, user=people.blitar_social_operator)
    with pytest.raises(RecipientBatchError, match="belum siap disahkan"):
        recipient_batch_commit(batch_id=batch.pk, user=people.blitar_social_operator)
    assert Recipient.objects.count() == 1


def test_bad_niks_are_rejected_with_row_column_value_and_reason(families, upload_list):
    batch = upload_list(
        list_bytes(
            [
                {"nik": SUTRISNO},
                {"nik": "35050112038500"},
                {"nik": "3505011203850000"},
                {"nik": "3.50501E+15"},
                {"nama": "Tanpa nomor"},
                {"nik": SITI, "nominal": "tiga juta"},
            ]
        )
    )
    assert (batch.rows_new, batch.rows_rejected) == (1, 5)
    problems = rejected(batch)
    assert problems[3] == [
        {
            "column": "nik",
            "value": "35050112038500",
            "message": "NIK harus 16 angka (tertulis 14 karakter)",
        }
    ]
    assert "0000" in problems[4][0]["message"]
    assert "angka Excel" in problems[5][0]["message"]
    assert problems[6][0]["message"] == "Isi NIK atau No. KK penerima"
    assert problems[7] == [
        {
            "column": "nominal",
            "value": "tiga juta",
            "message": "Nominal harus bilangan bulat rupiah",
        }
    ]


def test_niks_in_other_digits_are_rejected_on_their_row(families, upload_list):
    """Recipients are matched and stored by the NIK as written: one in full-width or
    Arabic-Indic digits is refused with its reason, and the rest of the list goes on."""
    full_width = SUTRISNO.translate(str.maketrans("0123456789", "０１２３４５６７８９"))
    arabic = "3505010101200002".translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    with translation.override("id"):  # reasons are stored as text, in Indonesian
        batch = upload_list(list_bytes([{"nik": full_width}, {"no_kk": arabic}, {"nik": SITI}]))
    assert batch.state == "validated", batch.file_errors
    assert (batch.rows_new, batch.rows_rejected) == (1, 2)
    problems = rejected(batch)
    assert problems[2][0]["column"] == "nik"
    assert problems[2][0]["message"].startswith("NIK ditulis dengan angka selain 0–9")
    assert problems[3][0]["column"] == "no_kk"
    assert problems[3][0]["message"].startswith("No. KK ditulis dengan angka selain 0–9")


def test_a_nik_stored_as_an_excel_number_is_rejected(families, upload_list):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["NIK", "Nama Penerima"])
    sheet.append([3505011203850001, "Sutrisno"])
    sheet.append([SITI, "Siti"])
    out = io.BytesIO()
    workbook.save(out)
    batch = upload_list(out.getvalue(), name="sk.xlsx")
    assert (batch.rows_new, batch.rows_rejected) == (1, 1)
    assert "kehilangan digit" in rejected(batch)[2][0]["message"]


def test_a_row_repeated_in_the_file_is_rejected_naming_the_first(families, upload_list, people):
    batch = upload_list(
        list_bytes(
            [
                {"nik": SUTRISNO, "nama": "Sutrisno"},
                {"nik": SITI},
                {"nik": SUTRISNO, "nama": "Sutrisno lagi"},
                {"no_kk": "3505010101200002"},
                {"no_kk": "3505010101200002"},
            ]
        )
    )
    assert (batch.rows_new, batch.rows_rejected) == (3, 2)
    problems = rejected(batch)
    assert problems[4][0]["column"] == "nik"
    assert problems[4][0]["message"] == "Baris ganda: penerima yang sama sudah ada di baris 2"
    assert problems[6][0]["column"] == "no_kk"
    assert "baris 5" in problems[6][0]["message"]
    recipient_batch_commit(batch_id=batch.pk, user=people.blitar_social_operator)
    assert Recipient.objects.get(nik=SUTRISNO).name == "Sutrisno"


def test_unknown_villages_and_villages_outside_the_list_region_are_rejected(families, upload_list):
    batch = upload_list(
        list_bytes(
            [
                {"nik": UNKNOWN, "kode_desa": "35.05.01.2999"},
                {"nik": SITI, "kode_desa": PADOMASAN},
                {"nik": SUTRISNO, "kode_desa": JATEN},
            ]
        )
    )
    assert (batch.rows_new, batch.rows_rejected) == (1, 2)
    problems = rejected(batch)
    assert problems[2][0]["message"] == "Kode desa/kelurahan tidak dikenal"
    assert problems[3][0] == {
        "column": "kode_desa",
        "value": PADOMASAN,
        "message": "Desa/kelurahan di luar wilayah daftar ini (35.05)",
    }


def test_a_nik_registered_outside_the_list_region_is_not_matched(families, upload_list, people):
    """A Blitar list learns nothing about Jember's registry: the NIK is 'not in the
    registry' there, as if it did not exist."""
    jember_nik = families["padomasan"].members.order_by("id").first().nik
    batch = upload_list(list_bytes([{"nik": jember_nik, "kode_desa": JATEN}]))
    assert (batch.rows_new, batch.rows_not_in_registry) == (1, 1)
    recipient_batch_commit(batch_id=batch.pk, user=people.blitar_social_operator)
    recipient = Recipient.objects.get(nik=jember_nik)
    assert recipient.person is None and recipient.region_id == JATEN


def test_a_list_without_identifier_columns_is_unreadable(families, upload_list):
    batch = upload_list(b"nama,kode_desa\nSutrisno,35.05.01.2001\n")
    assert batch.state == "unreadable"
    assert "kolom nik atau no_kk" in file_problem_texts(batch.file_errors)[0]
    assert not RecipientBatchRow.objects.filter(batch=batch).exists()


def test_tolerant_headers_and_semicolons(families, upload_list):
    content = "No. KK;NIK Penerima;Nama Lengkap;Kode Wilayah;Jumlah Bantuan;Keterangan\n"
    content += f"3505010101200001;{SUTRISNO};Sutrisno;{JATEN};Rp 600.000;x\n"
    batch = upload_list(content.encode())
    assert batch.rows_new == 1, batch.file_errors
    # a validated batch keeps warnings there
    assert "keterangan" in file_problem_texts(batch.file_errors)[0]
    assert RecipientBatchRow.objects.get(batch=batch).amount == 600_000


def test_a_commit_over_a_quota_is_refused_and_writes_nothing(
    families, upload_list, people, pkh_period
):
    ProgramQuota.objects.create(period=pkh_period, region_id=JATEN, quota=1)
    batch = upload_list(
        list_bytes(
            [{"nik": SUTRISNO}, {"nik": SITI}, {"nik": UNKNOWN, "kode_desa": "35.05.02.2001"}]
        )
    )
    with pytest.raises(QuotaExceeded) as refused:
        recipient_batch_commit_request(batch=batch, user=people.blitar_social_operator, ip=None)
    message = refused.value.messages[0]
    assert "Jaten" in message and "35.05.01.2001" in message
    assert "adalah 1 penerima aktif" in message and "menjadi 2" in message
    with pytest.raises(QuotaExceeded):
        recipient_batch_commit(batch_id=batch.pk, user=people.blitar_social_operator)
    assert not Recipient.objects.exists()
    batch.refresh_from_db()
    assert batch.state == "validated"


def test_a_quota_counts_the_whole_subtree_and_what_is_already_listed(
    families, upload_list, people, pkh_period
):
    ProgramQuota.objects.create(period=pkh_period, region_id="35.05", quota=2)
    first = upload_list(list_bytes([{"nik": SUTRISNO}, {"nik": SITI}]))
    recipient_batch_commit(batch_id=first.pk, user=people.blitar_social_operator)
    second = upload_list(list_bytes([{"nik": UNKNOWN, "kode_desa": "35.05.02.2001"}]))
    with pytest.raises(QuotaExceeded, match="menjadi 3"):
        recipient_batch_commit(batch_id=second.pk, user=people.blitar_social_operator)
    assert Recipient.objects.count() == 2


def test_the_commit_job_reports_the_quota_message(
    families, upload_list, people, pkh_period, django_capture_on_commit_callbacks
):
    from tkpk.models import Job
    from tkpk.services.jobs import job_run

    batch = upload_list(list_bytes([{"nik": SUTRISNO}, {"nik": SITI}]))
    with django_capture_on_commit_callbacks(execute=False):
        job = recipient_batch_commit_request(
            batch=batch, user=people.blitar_social_operator, ip=None
        )
    # The quota changes between the request and the job.
    ProgramQuota.objects.create(period=pkh_period, region_id=JATEN, quota=1)
    job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    assert "Kuota Jaten" in job.error and "menjadi 2" in job.error
    assert not Recipient.objects.exists()


def test_only_managers_of_the_region_commit(families, upload_list, people):
    from django.core.exceptions import PermissionDenied

    batch = upload_list(list_bytes([{"nik": SUTRISNO}]))
    for user in (people.jember_social_operator, people.blitar_leader):
        with pytest.raises(PermissionDenied):
            recipient_batch_commit(batch_id=batch.pk, user=user)
    assert not Recipient.objects.exists()


def test_validation_error_types_are_validation_errors():
    assert issubclass(QuotaExceeded, ValidationError)


def test_the_command_line_validates_and_commits_with_the_same_services(
    families, pkh_period, people, tmp_path
):
    from django.core.management import CommandError, call_command

    path = tmp_path / "sk.csv"
    path.write_bytes(list_bytes([{"nik": SUTRISNO}, {"nik": "12"}]))
    out = io.StringIO()
    call_command(
        "import_recipients",
        str(path),
        program="PKH",
        period="2026",
        username=people.blitar_social_operator.username,
        commit=True,
        stdout=out,
    )
    assert "1 baru" in out.getvalue() and "1 ditolak" in out.getvalue()
    assert Recipient.objects.get().nik == SUTRISNO
    ProgramQuota.objects.create(period=pkh_period, region_id="35.05", quota=1)
    path.write_bytes(list_bytes([{"nik": SITI}]))
    with pytest.raises(CommandError, match="Kuota Kabupaten Blitar"):
        call_command(
            "import_recipients",
            str(path),
            program="PKH",
            period="2026",
            username=people.blitar_social_operator.username,
            commit=True,
            stdout=out,
        )
    assert Recipient.objects.count() == 1


def test_reasons_are_stored_as_codes_and_read_in_the_readers_language(families, upload_list):
    batch = upload_list(
        list_bytes(
            [
                {"nik": SUTRISNO, "nama": "Sutrisno"},
                {"nik": "350501", "nama": "Pendek"},
                {"nik": SUTRISNO, "nama": "Sutrisno lagi"},
            ]
        )
    )
    stored = {
        r.row_number: r.errors
        for r in RecipientBatchRow.objects.filter(batch=batch, outcome="rejected")
    }
    assert stored[3] == [
        {"column": "nik", "value": "350501", "code": "nik_length", "params": {"n": 6}}
    ]
    assert stored[4][0]["code"] == "recipient_listed_twice"
    assert stored[4][0]["params"] == {"first": 2}
    with translation.override("en"):
        assert problem_text(stored[4][0]) == "Duplicate row: the same recipient is already on row 2"
    assert problem_text(stored[4][0]) == "Baris ganda: penerima yang sama sudah ada di baris 2"


def test_the_rejected_rows_download_as_a_file_that_uploads_again_once_fixed(
    families, upload_list, people, login
):
    import csv

    long_name = "Sutrisno " + "x" * 120
    batch = upload_list(
        list_bytes(
            [
                {"nik": SUTRISNO, "nama": "Sutrisno", "kode_desa": JATEN},
                {"nik": SITI, "nama": long_name, "kode_desa": JATEN, "nominal": "1,5 juta"},
            ]
        )
    )
    page = login(people.blitar_social_operator).get(f"/program/PKH/penerima/daftar/{batch.pk}/")
    assert b"Unduh baris yang ditolak" in page.content
    response = login(people.blitar_social_operator).get(
        f"/program/PKH/penerima/daftar/{batch.pk}/ditolak.csv"
    )
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["baris", "nik", "no_kk", "nama", "kode_desa", "nominal", "alasan_penolakan"]
    assert len(rows) == 2
    number, nik, _kk, name, village, amount, reasons = rows[1]
    assert (number, nik, village, amount) == ("3", SITI, JATEN, "1,5 juta")
    assert name == long_name[:100]
    assert "nama: Nama terlalu panjang" in reasons and "nominal: Nominal harus" in reasons

    # The operator fixes the two cells and uploads the file as it is.
    fixed = io.StringIO()
    writer = csv.writer(fixed)
    writer.writerow(rows[0])
    writer.writerow([number, nik, _kk, "Siti", village, "1.500.000", reasons])
    again = upload_list(fixed.getvalue().encode(), name="ditolak.csv")
    assert again.state == "validated", again.file_errors
    assert (again.rows_new, again.rows_rejected) == (1, 0)
    # The leader reads lists but does not fix them: no link, and the file answers 403.
    leader = login(people.blitar_leader)
    assert (
        b"Unduh baris yang ditolak"
        not in leader.get(f"/program/PKH/penerima/daftar/{batch.pk}/").content
    )
    assert leader.get(f"/program/PKH/penerima/daftar/{batch.pk}/ditolak.csv").status_code == 403


def test_reasons_stored_as_text_before_codes_become_codes(families, upload_list):
    import importlib

    from django.apps import apps as django_apps

    batch = upload_list(list_bytes([{"nik": SUTRISNO, "nama": "Sutrisno"}]))
    written_before = [
        {"column": "nik", "value": "350501", "message": "NIK harus 16 angka (tertulis 6 karakter)"},
        {
            "column": "nama",
            "value": "=x",
            "message": "The name starts with =, + or @ (a spreadsheet formula); "
            "write it without that sign",
        },
        {
            "column": "nik",
            "value": SUTRISNO,
            "message": "Baris ganda: penerima yang sama sudah ada di baris 7",
        },
        {"column": "nik", "value": "1", "message": "a text that is not ours"},
    ]
    row = RecipientBatchRow.objects.create(
        batch=batch, row_number=99, outcome="rejected", errors=written_before
    )
    migration = importlib.import_module("programs.migrations.0009_recipient_reasons_as_codes")
    migration.reasons_to_codes(django_apps, None)

    row.refresh_from_db()
    assert [p.get("code") for p in row.errors] == [
        "nik_length",
        "recipient_name_formula",
        "recipient_listed_twice",
        None,
    ]
    assert row.errors[0] == {
        "column": "nik",
        "value": "350501",
        "code": "nik_length",
        "params": {"n": 6},
    }
    assert row.errors[2]["params"] == {"first": 7}
    assert problem_text(row.errors[3]) == "a text that is not ours"
    with translation.override("en"):
        assert (
            problem_text(row.errors[2]) == "Duplicate row: the same recipient is already on row 7"
        )


def test_a_blank_line_in_the_file_keeps_the_row_numbers_a_spreadsheet_shows(families, upload_list):
    content = (
        "nik,nama,kode_desa\r\n"
        f"{SUTRISNO},Sutrisno,{JATEN}\r\n"
        "\r\n"
        "\r\n"
        f"350501,Pendek,{JATEN}\r\n"
        f'{SITI},"Siti\r\nbaris dua",{JATEN}\r\n'
        "\r\n"
        f"3505,Lagi,{JATEN}\r\n"
    ).encode()
    batch = upload_list(content)
    assert batch.state == "validated", batch.file_errors
    # Line 5 of the file is its fifth row in a spreadsheet; a value broken over two lines
    # stays one row, as a spreadsheet shows it.
    assert sorted(rejected(batch)) == [5, 8]
    assert (batch.rows_total, batch.rows_rejected) == (4, 2)

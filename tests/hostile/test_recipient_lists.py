"""Every hostile file through program recipient lists (programs/recipients/): the service,
the upload page and the API. The list reader shares the registry's file reading; its own
cell checks name row, column and reason. No recipient is stored or changed."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from programs.models import Program, ProgramPeriod, RecipientBatch, RecipientBatchRow
from programs.recipients.batches import recipient_batch_upload, recipient_batch_validate
from tests.hostile import corpus
from tests.hostile.conftest import (
    assert_no_leak,
    in_both_languages,
    recipient_counts,
    shown,
)
from tests.hostile.expected import CHANNEL_FILES, FILES, READ, ROWS, UNREADABLE
from tests.programs.recipientfiles import list_bytes
from tkpk.services.jobs import job_run
from tkpk.tabular.reasons import problem_text

# The corpus holds registry batches; as recipient lists they carry nik, no_kk, nama and
# kode_desa among unknown columns. Where the list reader differs from the registry's:
LIST_UNREADABLE = {**UNREADABLE, "no-known-columns": "recipient_identifier_missing"}
LIST_READ = {
    **{case: 3 for case in READ},
    # the whole row of a 1 MB name is refused for its name
    "line-of-1mb": 3,
}
SUTRISNO = "3505011203850001"


@pytest.fixture
def period(catalogue) -> ProgramPeriod:
    return ProgramPeriod.objects.create(
        program=Program.objects.get(code="PKH"),
        name="2026",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )


@pytest.fixture
def upload_list(people, period):
    def _upload(content: bytes, name: str = "sk.csv") -> RecipientBatch:
        batch = recipient_batch_upload(
            user=people.blitar_social_operator,
            period=period,
            upload=io.BytesIO(content),
            filename=name,
            queue_validation=False,
        )
        recipient_batch_validate(batch=batch)
        return RecipientBatch.objects.get(pk=batch.pk)

    return _upload


@pytest.fixture
def listed(period):
    return recipient_counts()


def rejected(batch) -> dict[int, list[dict]]:
    return {
        r.row_number: [
            {"column": p["column"], "value": p.get("value", ""), "message": problem_text(p)}
            for p in r.errors
        ]
        for r in RecipientBatchRow.objects.filter(batch=batch, outcome="rejected")
    }


@pytest.mark.parametrize("hostile", FILES, ids=[f.id for f in FILES])
def test_the_service_reads_or_refuses_with_a_reason(upload_list, listed, hostile):
    batch = upload_list(hostile.content, hostile.name)
    if hostile.id in LIST_UNREADABLE:
        assert batch.state == "unreadable", (batch.state, batch.file_errors)
        [problem] = batch.file_errors
        assert problem["code"] == LIST_UNREADABLE[hostile.id]
        if hostile.id in ROWS:
            assert problem["params"]["row"] == ROWS[hostile.id]
        in_both_languages(problem)
        assert not RecipientBatchRow.objects.filter(batch=batch).exists()
    else:
        assert batch.state == "validated", batch.file_errors
        assert batch.rows_total == LIST_READ[hostile.id]
        for problem in batch.file_errors:  # a validated list keeps its warnings there
            in_both_languages(problem)
    assert recipient_counts() == listed


def test_a_name_of_a_megabyte_is_refused_and_kept_short(upload_list):
    batch = upload_list(corpus.long_line())
    [reason] = [p for p in rejected(batch)[2] if p["column"] == "nama"]
    assert reason["message"].startswith("Nama terlalu panjang") and len(reason["value"]) == 100


# ------------------------------------------------------------------ hostile cells

ROWS_REFUSED = {
    "formula-equals": ("nama", "rumus spreadsheet"),
    "formula-plus": ("nama", "rumus spreadsheet"),
    "formula-at": ("nama", "rumus spreadsheet"),
    "control-character": ("nama", "karakter kontrol atau tersembunyi"),
    "c1-control": ("nama", "karakter kontrol atau tersembunyi"),
    "bidi-override": ("nama", "karakter kontrol atau tersembunyi"),
}


@pytest.mark.parametrize("case", list(ROWS_REFUSED))
def test_a_hostile_name_rejects_its_row_naming_column_and_reason(upload_list, listed, case):
    batch = upload_list(list_bytes([{"nik": SUTRISNO, "nama": corpus.NAMES[case]}]))
    column, words = ROWS_REFUSED[case]
    assert batch.rows_rejected == 1
    assert any(p["column"] == column and words in p["message"] for p in rejected(batch)[2])
    assert recipient_counts() == listed


@pytest.mark.parametrize(
    ("cells", "column", "words"),
    [
        ({"nik": SUTRISNO * 3}, "nik", "NIK harus 16 angka"),
        ({"no_kk": "3505010101200001" * 3}, "no_kk", "No. KK harus 16 angka"),
        ({"nik": SUTRISNO, "nominal": "9" * 30}, "nominal", "Nominal terlalu besar"),
        ({"nik": SUTRISNO, "nominal": "Rp -5"}, "nominal", "bilangan bulat"),
        ({"nik": SUTRISNO, "nominal": "1e9"}, "nominal", "bilangan bulat"),
        ({"nik": SUTRISNO, "kode_desa": "35.05.01.2001" * 9}, "kode_desa", "tidak dikenal"),
    ],
    ids=["nik-48", "kk-48", "amount-30-digits", "amount-negative", "amount-exponent", "village"],
)
def test_an_oversized_or_malformed_cell_rejects_its_row(upload_list, listed, cells, column, words):
    batch = upload_list(list_bytes([cells]))
    assert batch.state == "validated" and batch.rows_rejected == 1
    [reasons] = rejected(batch).values()
    assert any(p["column"] == column and words in p["message"] for p in reasons), reasons
    assert all(len(p["value"]) <= 100 for p in reasons)
    assert recipient_counts() == listed


def test_a_nik_in_other_scripts_digits_is_rejected_naming_them(upload_list, listed):
    batch = upload_list(list_bytes([{"nik": corpus.NON_ASCII_DIGITS_NIK}]))
    assert batch.rows_rejected == 1
    [reason] = rejected(batch)[2]
    assert reason["column"] == "nik" and reason["message"]
    assert recipient_counts() == listed


@pytest.mark.parametrize("case", list(corpus.FILENAMES))
def test_any_file_name_is_kept_only_as_a_harmless_shown_name(upload_list, case):
    batch = upload_list(list_bytes([{"nik": SUTRISNO}]), corpus.FILENAMES[case])
    assert batch.state == "validated"
    assert 0 < len(batch.original_name) <= 200
    assert not any(c in batch.original_name for c in "/\\\n\x07" + corpus.RLO)


# ------------------------------------------------------------------ the page and the API


@pytest.mark.parametrize("hostile", CHANNEL_FILES, ids=[f.id for f in CHANNEL_FILES])
def test_the_upload_page_and_the_api_give_the_reason_in_the_readers_language(
    people, login, api, period, listed, django_capture_on_commit_callbacks, hostile
):
    client = login(people.blitar_social_operator)
    upload = SimpleUploadedFile(hostile.name, hostile.content)
    with django_capture_on_commit_callbacks():
        response = client.post(
            reverse("recipients:batch-upload", args=["PKH"]), {"period": period.pk, "file": upload}
        )
    if not hostile.content:  # the form refuses an empty file before anything is stored
        assert "Berkas kosong." in response.content.decode()
        assert not RecipientBatch.objects.exists()
        return
    assert response.status_code == 302, response.content.decode()[:500]
    batch = RecipientBatch.objects.get()
    job_run(job_id=batch.job_id)
    body = client.get(response["Location"]).content.decode()
    assert_no_leak(body)
    batch.refresh_from_db()
    if hostile.id in LIST_UNREADABLE:
        [problem] = batch.file_errors
        indonesian, english = in_both_languages(problem)
        assert shown(indonesian) in body
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        body = client.get(response["Location"]).content.decode()
        assert shown(english) in body
        assert_no_leak(body)
        answer = api(people.bpjs_blitar_key).get(
            reverse("api-recipient-batch-detail", args=[batch.pk]), HTTP_ACCEPT_LANGUAGE="en"
        )
        assert answer.json()["file_errors"] == [english]
    else:
        assert batch.state == "validated"
    assert recipient_counts() == listed


@pytest.mark.parametrize("hostile", corpus.DISGUISED, ids=[f.id for f in corpus.DISGUISED])
def test_the_api_takes_a_disguised_file_and_answers_why_it_is_refused(
    people, api, period, django_capture_on_commit_callbacks, hostile
):
    client = api(people.bpjs_blitar_key)
    with django_capture_on_commit_callbacks():
        response = client.post(
            reverse("api-recipient-batch-upload", args=["PKH"]),
            {"period": period.pk, "file": SimpleUploadedFile(hostile.name, hostile.content)},
            format="multipart",
        )
    if not hostile.content:
        assert response.status_code == 400 and response.json()["error"]["fields"]["file"]
        return
    assert response.status_code == 202
    job_run(job_id=RecipientBatch.objects.get().job_id)
    detail = client.get(reverse("api-recipient-batch-detail", args=[response.json()["id"]]))
    assert detail.json()["state"] == "unreadable" and detail.json()["file_errors"]
    assert_no_leak(str(detail.json()))

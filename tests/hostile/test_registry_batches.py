"""Every hostile file through the registry's verification batches: the service, the upload
page and POST /api/batches/. Each ends as a reason the operator can act on, at file level or
naming row and column, in Indonesian and English; the registry is unchanged; nothing shows an
exception."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from households.models import BatchRow
from tests.hostile import corpus
from tests.hostile.conftest import assert_no_leak, in_both_languages, registry_counts, shown
from tests.hostile.expected import CHANNEL_FILES, FILES, READ, ROWS, UNREADABLE
from tests.households.batchfiles import family
from tkpk.models import Job
from tkpk.services.jobs import job_run


def test_the_corpus_is_covered():
    assert {f.id for f in FILES} == set(UNREADABLE) | set(READ)


def reasons(batch) -> set[tuple[int, str, str]]:
    return {
        (row.row_number, p["column"], p["code"])
        for row in BatchRow.objects.filter(batch=batch, outcome="rejected")
        for p in [*row.errors, *row.conflicts]
    }


@pytest.fixture
def registered(upload_batch, people):
    """Nothing in the registry yet; counts to compare with."""
    return registry_counts()


@pytest.mark.parametrize("hostile", FILES, ids=[f.id for f in FILES])
def test_the_service_reads_or_refuses_with_a_reason(upload_batch, registered, hostile):
    batch = upload_batch(hostile.content, hostile.name)
    if hostile.id in UNREADABLE:
        assert batch.state == "unreadable", (batch.state, batch.file_errors)
        [problem] = batch.file_errors
        assert problem["code"] == UNREADABLE[hostile.id]
        if hostile.id in ROWS:
            assert problem["params"]["row"] == ROWS[hostile.id]
        in_both_languages(problem)
        assert not BatchRow.objects.filter(batch=batch).exists()
    else:
        new, rejected, found = READ[hostile.id]
        assert batch.state == "validated", batch.file_errors
        assert (batch.rows_new, batch.rows_rejected) == (new, rejected), reasons(batch)
        assert found <= reasons(batch)
        for problem in batch.file_warnings:
            in_both_languages(problem)
    assert registry_counts() == registered


def test_serial_dates_are_read_as_dates(upload_batch):
    batch = upload_batch(corpus.xlsx_serial_dates(), "data.xlsx")
    born = dict(BatchRow.objects.filter(batch=batch).values_list("row_number", "birth_date"))
    assert born[2] == dt.date(1985, 3, 12) and born[3] == dt.date(1988, 8, 17)


def test_ten_thousand_columns_warn_with_a_short_list(upload_batch):
    batch = upload_batch(corpus.many_columns(), "data.csv")
    [warning] = batch.file_warnings
    indonesian, english = in_both_languages(warning)
    assert "kolom_0" in indonesian and "9988 kolom lain" in indonesian
    assert "9988 other columns" in english
    assert len(indonesian) < 400


# ------------------------------------------------------------------ names and identifiers

FILE_LEVEL_NAMES = {"bidi-override": "U+202E"}
ROW_LEVEL_NAMES = {
    "formula-equals": "formula",
    "formula-plus": "formula",
    "formula-at": "formula",
    "control-character": "control_characters",
}


@pytest.mark.parametrize("case", list(FILE_LEVEL_NAMES))
def test_a_name_with_hidden_characters_refuses_the_file_naming_row_and_column(
    upload_batch, registered, case
):
    batch = upload_batch(corpus.batch_csv(corpus.with_name(corpus.NAMES[case])), "data.csv")
    [problem] = batch.file_errors
    assert problem == {
        "code": "hidden_character",
        "params": {"row": 2, "column": "nama", "character": FILE_LEVEL_NAMES[case]},
    }
    indonesian, english = in_both_languages(problem)
    assert "Baris 2, kolom nama" in indonesian and "Row 2, column nama" in english
    assert registry_counts() == registered


@pytest.mark.parametrize("case", list(ROW_LEVEL_NAMES))
def test_a_name_starting_a_formula_or_with_a_control_character_rejects_its_row(
    upload_batch, registered, case
):
    batch = upload_batch(corpus.batch_csv(corpus.with_name(corpus.NAMES[case])), "data.csv")
    assert (2, "nama", ROW_LEVEL_NAMES[case]) in reasons(batch)
    assert batch.rows_new == 0
    assert registry_counts() == registered


def test_a_c1_control_character_is_left_to_the_cell_checks(upload_batch):
    # households.normalise decides about control characters; U+0085 (a line separator)
    # is kept as written there, and the file is read.
    batch = upload_batch(corpus.batch_csv(corpus.with_name(corpus.NAMES["c1-control"])), "data.csv")
    assert batch.state == "validated" and batch.rows_total == 3


def test_a_name_starting_with_a_minus_is_text_and_leaves_exports_safe(upload_batch):
    # "-" is how forms say "none": the registry keeps it; exports neutralise it
    # (tkpk.exports.spreadsheet_safe).
    batch = upload_batch(
        corpus.batch_csv(corpus.with_name(corpus.NAMES["formula-minus"])), "data.csv"
    )
    assert batch.rows_new == 3


def test_a_name_in_another_script_is_a_name(upload_batch):
    # A name needs a letter of any script (households.normalise); it keeps a search key.
    batch = upload_batch(
        corpus.batch_csv(corpus.with_name(corpus.NAMES["no-latin-letters"])), "data.csv"
    )
    head = BatchRow.objects.get(batch=batch, row_number=2)
    assert head.outcome == "new" and head.name == corpus.NAMES["no-latin-letters"]
    assert head.name_search


def test_a_nik_in_other_scripts_digits_is_read_as_0_to_9(upload_batch, registered):
    rows = family()
    rows[0]["nik"] = corpus.NON_ASCII_DIGITS_NIK
    batch = upload_batch(corpus.batch_csv(rows), "data.csv")
    assert BatchRow.objects.get(batch=batch, row_number=2).nik == "3505011203850001"
    assert registry_counts() == registered


@pytest.mark.parametrize("case", list(corpus.FILENAMES))
def test_any_file_name_is_kept_only_as_a_harmless_shown_name(upload_batch, case):
    batch = upload_batch(corpus.batch_csv(), corpus.FILENAMES[case])
    assert batch.state == "validated" and batch.rows_new == 3
    name = batch.original_name
    assert 0 < len(name) <= 200
    assert not any(c in name for c in "/\\\n\x07" + corpus.RLO)
    assert name.endswith(".csv") or case == "control-and-bidi"


# ------------------------------------------------------------------ the page and the API


def _run_queued_job() -> None:
    job = Job.objects.filter(kind="batch_validate", state="queued").latest("id")
    job_run(job_id=job.pk)


@pytest.mark.parametrize("hostile", CHANNEL_FILES, ids=[f.id for f in CHANNEL_FILES])
def test_the_upload_page_shows_the_reason_in_the_readers_language(
    people, login, django_capture_on_commit_callbacks, registered, hostile
):
    client = login(people.blitar_social_operator)
    upload = SimpleUploadedFile(hostile.name, hostile.content)
    with django_capture_on_commit_callbacks():
        response = client.post(reverse("households:batch-upload"), {"file": upload})
    if not hostile.content:  # refused by the form before anything is stored
        assert response.status_code == 200
        assert "Berkas kosong." in response.content.decode()
        return
    assert response.status_code == 302
    _run_queued_job()
    page = client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert_no_leak(body)
    if hostile.id in UNREADABLE:
        [problem] = page.context["batch"].file_errors
        indonesian, english = in_both_languages(problem)
        assert shown(indonesian) in body
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        body = client.get(response["Location"]).content.decode()
        assert shown(english) in body and shown(indonesian) not in body
        assert_no_leak(body)
    else:
        assert page.context["batch"].state == "validated"
    assert registry_counts() == registered


@pytest.mark.parametrize("hostile", CHANNEL_FILES, ids=[f.id for f in CHANNEL_FILES])
def test_the_api_answers_the_reason_in_the_language_asked_for(
    people, api, django_capture_on_commit_callbacks, registered, hostile
):
    client = api(people.bpjs_blitar_key)
    upload = SimpleUploadedFile(hostile.name, hostile.content)
    with django_capture_on_commit_callbacks():
        response = client.post(reverse("api-batch-upload"), {"file": upload}, format="multipart")
    if not hostile.content:
        assert response.status_code == 400
        assert response.json()["error"]["fields"]["file"]
        return
    assert response.status_code == 202, response.content
    _run_queued_job()
    url = reverse("api-batch-detail", args=[response.json()["id"]])
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").json()
    indonesian = client.get(url).json()
    assert_no_leak(str(english)), assert_no_leak(str(indonesian))
    if hostile.id in UNREADABLE:
        assert english["state"] == "unreadable"
        assert english["file_errors"] != indonesian["file_errors"]
        assert english["file_errors"] and indonesian["file_errors"]
    else:
        assert english["state"] == "validated"
        rows = client.get(reverse("api-batch-rows", args=[english["id"]]), {"outcome": "rejected"})
        assert rows.status_code == 200
        for row in rows.json()["results"]:
            assert all(p["message"] for p in row["problems"])
    assert registry_counts() == registered


def test_the_batch_page_of_a_failed_validation_shows_a_reference_not_the_exception(
    people, login, django_capture_on_commit_callbacks, monkeypatch
):
    def crash(*args, **kwargs):
        raise RuntimeError("disk /srv/tkpk full")

    monkeypatch.setattr("households.services.stage_publish", crash)
    client = login(people.blitar_social_operator)
    upload = SimpleUploadedFile("batch.csv", corpus.batch_csv())
    with django_capture_on_commit_callbacks():
        response = client.post(reverse("households:batch-upload"), {"file": upload})
    _run_queued_job()
    body = client.get(response["Location"]).content.decode()
    job = Job.objects.get(kind="batch_validate")
    assert job.state == "failed" and "disk /srv/tkpk full" in job.error_detail
    assert "kesalahan yang tidak terduga" in body and f"#{job.pk}" in body
    assert "disk /srv/tkpk full" not in body and "RuntimeError" not in body


def test_the_batch_page_of_a_failed_commit_shows_a_reference_not_the_exception(
    upload_batch, people, login, django_capture_on_commit_callbacks, monkeypatch, registered
):
    from households.services import batch_commit_request, batch_minutes_attach
    from tests.households.conftest import PDF

    batch = upload_batch(corpus.batch_csv(), "batch.csv")
    operator = people.blitar_social_operator
    batch_minutes_attach(batch=batch, user=operator, upload=io.BytesIO(PDF), filename="ba.pdf")
    batch.refresh_from_db()

    def crash(**kwargs):
        raise RuntimeError("deadlock detected at /srv/tkpk/households/commit.py")

    monkeypatch.setattr("households.commit.household_facts_refresh", crash)
    with django_capture_on_commit_callbacks():
        job = batch_commit_request(batch=batch, user=operator, ip=None)
    job_run(job_id=job.pk)
    client = login(operator)
    body = client.get(reverse("households:batch-detail", args=[batch.pk])).content.decode()
    assert "Pengesahan gagal" in body and f"#{job.pk}" in body
    assert "deadlock" not in body and "RuntimeError" not in body
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("households:batch-detail", args=[batch.pk])).content.decode()
    assert "failed because of an unexpected error" in body and f"#{job.pk}" in body
    assert registry_counts() == registered

"""Reasons are stored as codes and shown in the reader's language: pages, the rejected-rows
file and the API."""

from __future__ import annotations

from django.urls import reverse

from households.messages import problem_from_text
from households.models import BatchRow
from tests.households.batchfiles import csv_bytes, family


def _batch_with_a_duplicate_nik(upload):
    rows = family()
    rows[2]["nik"] = rows[1]["nik"]
    rows[0]["nama"] = "A" * 120
    return upload(csv_bytes(rows))


def test_reasons_are_stored_as_codes_with_parameters(upload):
    batch = _batch_with_a_duplicate_nik(upload)
    head = BatchRow.objects.get(batch=batch, row_number=2)
    assert {"column": "nama", "code": "too_long", "params": {"max": 100}} in head.errors
    wife = BatchRow.objects.get(batch=batch, row_number=3)
    assert {"column": "nik", "code": "nik_twice_in_batch"} in wife.conflicts


def test_an_english_reader_sees_english_reasons_on_the_page_and_in_the_file(upload, login, people):
    batch = _batch_with_a_duplicate_nik(upload)
    client = login(people.blitar_social_operator)
    page = client.get(reverse("households:batch-detail", args=[batch.pk])).content.decode()
    assert "NIK muncul lebih dari sekali dalam batch ini" in page

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("households:batch-detail", args=[batch.pk])).content.decode()
    assert "NIK appears more than once in this batch" in page
    assert "too long (at most 100 characters)" in page
    assert "NIK muncul lebih dari sekali" not in page
    rejected = client.get(reverse("households:batch-rejected", args=[batch.pk]))
    text = rejected.content.decode("utf-8-sig")
    assert "nik: NIK appears more than once in this batch" in text
    assert "nama: too long (at most 100 characters)" in text


def test_the_api_answers_in_the_language_asked_for(upload, people, api):
    batch = _batch_with_a_duplicate_nik(upload)
    url = reverse("api-batch-rows", args=[batch.pk])
    client = api(people.bpjs_blitar_key)
    indonesian = client.get(url, {"outcome": "rejected"}).json()["results"]
    english = client.get(
        url, {"outcome": "rejected"}, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9"
    ).json()["results"]
    wife_id = next(r for r in indonesian if r["row_number"] == 3)["problems"]
    wife_en = next(r for r in english if r["row_number"] == 3)["problems"]
    assert {
        "column": "nik",
        "code": "nik_twice_in_batch",
        "params": {},
        "message": "NIK muncul lebih dari sekali dalam batch ini",
    } in wife_id
    assert "NIK appears more than once in this batch" in [p["message"] for p in wife_en]


def test_reasons_stored_as_indonesian_text_become_codes():
    assert problem_from_text(
        {"column": "nama", "message": "terlalu panjang (paling banyak 100 karakter)"}
    ) == {"column": "nama", "code": "too_long", "params": {"max": 100}}
    assert problem_from_text(
        {"column": "nik", "message": "NIK harus 16 angka (tertulis 15 karakter)"}
    ) == {"column": "nik", "code": "nik_length", "params": {"n": 15}}
    assert problem_from_text(
        {"column": "nik", "message": "NIK muncul lebih dari sekali dalam batch ini"}
    ) == {"column": "nik", "code": "nik_twice_in_batch"}
    unknown = {"column": "nik", "message": "sesuatu yang lain"}
    assert problem_from_text(unknown) == unknown


def test_the_migration_turns_stored_texts_into_codes(upload):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("households.migrations.0002_batch_reasons_as_codes")
    batch = _batch_with_a_duplicate_nik(upload)
    BatchRow.objects.filter(batch=batch, row_number=3).update(
        conflicts=[{"column": "nik", "message": "NIK muncul lebih dari sekali dalam batch ini"}],
        warnings=[
            {
                "column": "nik",
                "message": "NIK menunjukkan jenis kelamin lain dari yang tertulis; "
                "NIK menunjukkan tanggal lahir lain dari yang tertulis",
            }
        ],
    )
    migration.reasons_to_codes(apps, None)
    row = BatchRow.objects.get(batch=batch, row_number=3)
    assert row.conflicts == [{"column": "nik", "code": "nik_twice_in_batch"}]
    assert row.warnings == [
        {"column": "nik", "code": "nik_sex_differs"},
        {"column": "nik", "code": "nik_birth_date_differs"},
    ]
    head = BatchRow.objects.get(batch=batch, row_number=2)
    assert {"column": "nama", "code": "too_long", "params": {"max": 100}} in head.errors

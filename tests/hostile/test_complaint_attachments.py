"""Every hostile attachment through complaints: the service, the public form at /pengaduan/
and POST /api/complaints/ (base64). Each is refused naming the file and the reason, in the
sender's language, and nothing is stored: no complaint, no event, no attachment, no file."""

from __future__ import annotations

import base64

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from complaints.models import Attachment, Complaint, ComplaintEvent
from complaints.services import ComplaintInput, UploadedFile, complaint_file
from tests.complaints.conftest import valid_post
from tests.hostile import corpus
from tests.hostile.conftest import assert_no_leak, shown

# id -> words of the Indonesian reason (the English one is checked to differ)
REFUSED = {
    "php-as-jpg": "bukan foto",
    "html-as-jpg": "bukan foto",
    "svg-with-script-as-png": "bukan foto",
    "jpeg-magic-then-php": "kode halaman web atau skrip",
    "png-magic-then-html": "kode halaman web atau skrip",
    "real-jpeg-then-script": "kode halaman web atau skrip",
    "png-claiming-400-megapixels": "megapiksel",
    "png-claiming-81-megapixels": "megapiksel",
    "oversize-jpeg": "lebih dari 5 MB",
    "pdf-with-javascript": "/JavaScript",
    "pdf-with-escaped-javascript": "/JavaScript",
    "pdf-with-javascript-in-object-stream": "/JavaScript",
    "exe-as-pdf": "bukan foto",
    "csv-as-jpg": "bukan foto",
    "xlsx-as-pdf": "bukan foto",
    "zip-as-jpg": "bukan foto",
    "random-bytes": "bukan foto",
    "empty": "kosong",
    "bom-only": "bukan foto",
}
ACCEPTED = {
    "png-named-csv": "image/png",
    "jpeg": "image/jpeg",
    "pdf": "application/pdf",
    "webp-named-jpg": "image/webp",
    "truncated-png": "image/png",
}


def test_the_corpus_is_covered():
    assert {f.id for f in corpus.ATTACHMENTS} == set(REFUSED)
    assert {f.id for f in corpus.GOOD_ATTACHMENTS} == set(ACCEPTED)


def stored(settings) -> tuple:
    folder = settings.PRIVATE_MEDIA_ROOT / "complaints"
    files = sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []
    return (
        Complaint.objects.count(),
        ComplaintEvent.objects.count(),
        Attachment.objects.count(),
        len(files),
    )


def _file(files: list[UploadedFile]) -> Complaint:
    return complaint_file(
        data=ComplaintInput(
            category="not_registered",
            village="35.05.01.2001",
            description="Keluarga Pak Sumarno miskin tetapi tidak pernah terdata.",
        ),
        files=files,
    )


def _refusal(files: list[UploadedFile], language: str) -> list[str]:
    with translation.override(language), pytest.raises(ValidationError) as refused:
        _file(files)
    return refused.value.message_dict["attachments"]


@pytest.mark.parametrize("hostile", corpus.ATTACHMENTS, ids=[f.id for f in corpus.ATTACHMENTS])
def test_the_service_refuses_naming_file_and_reason_and_stores_nothing(regions, settings, hostile):
    before = stored(settings)
    files = [UploadedFile(name=hostile.name, content=hostile.content)]
    [indonesian] = _refusal(files, "id")
    [english] = _refusal(files, "en")
    assert hostile.name in indonesian and REFUSED[hostile.id] in indonesian
    assert hostile.name in english and english != indonesian
    assert_no_leak(indonesian), assert_no_leak(english)
    assert stored(settings) == before


@pytest.mark.parametrize(
    "good", corpus.GOOD_ATTACHMENTS, ids=[f.id for f in corpus.GOOD_ATTACHMENTS]
)
def test_a_real_photo_or_pdf_is_taken_by_its_content_whatever_its_name(regions, good):
    complaint = _file([UploadedFile(name=good.name, content=good.content)])
    attachment = complaint.attachments.get()
    assert attachment.content_type == ACCEPTED[good.id]
    assert attachment.path.endswith(attachment.content_type.split("/")[1].replace("jpeg", "jpg"))


def test_one_bad_attachment_among_good_ones_stores_nothing(regions, settings):
    before = stored(settings)
    files = [
        UploadedFile(name="foto.jpg", content=corpus.jpeg()),
        UploadedFile(name="bukti.pdf", content=corpus.pdf_with_javascript()),
    ]
    [reason] = _refusal(files, "id")
    assert "bukti.pdf" in reason
    assert stored(settings) == before


@pytest.mark.parametrize("case", list(corpus.FILENAMES))
def test_any_file_name_is_stored_harmless_and_downloads(regions, people, login, settings, case):
    from tests.personas import BLITAR

    complaint = _file([UploadedFile(name=corpus.FILENAMES[case], content=corpus.jpeg())])
    attachment = complaint.attachments.get()
    assert 0 < len(attachment.original_name) <= 200
    assert not any(c in attachment.original_name for c in "/\\\n\x07" + corpus.RLO)
    assert complaint.village_id.startswith(BLITAR)
    response = login(people.blitar_secretariat).get(
        reverse("complaints:attachment", args=[attachment.pk])
    )
    assert response.status_code == 200
    assert "\n" not in response["Content-Disposition"]


# ------------------------------------------------------------------ the form and the API


@pytest.mark.parametrize("hostile", corpus.ATTACHMENTS, ids=[f.id for f in corpus.ATTACHMENTS])
def test_the_public_form_shows_the_reason_in_the_readers_language(
    client, regions, settings, hostile
):
    before = stored(settings)
    pages = {}
    for language in ("id", "en"):  # pages speak English once the switch chose it
        client.post(reverse("set_language"), {"language": language, "next": "/"})
        upload = SimpleUploadedFile(hostile.name, hostile.content)
        response = client.post(reverse("complaints:form"), {**valid_post(), "lampiran": [upload]})
        body = response.content.decode()
        assert response.status_code in (200, 400), response.status_code
        assert_no_leak(body)
        pages[language] = body
    [indonesian] = _refusal([UploadedFile(hostile.name, hostile.content)], "id")
    [english] = _refusal([UploadedFile(hostile.name, hostile.content)], "en")
    assert shown(indonesian) in pages["id"] and shown(english) in pages["en"]
    assert stored(settings) == before


@pytest.mark.parametrize("hostile", corpus.ATTACHMENTS, ids=[f.id for f in corpus.ATTACHMENTS])
def test_the_api_answers_400_with_the_reason_in_the_language_asked_for(
    people, api, settings, hostile
):
    before = stored(settings)
    client = api(people.bpjs_blitar_key)
    body = {
        "category": "not_registered",
        "village": "35.05.01.2001",
        "description": "Keluarga Pak Sumarno miskin tetapi tidak pernah terdata.",
        "attachments": [
            {"name": hostile.name, "content_base64": base64.b64encode(hostile.content).decode()}
        ],
    }
    answers = {
        language: client.post(
            reverse("api-complaint-list"), body, format="json", HTTP_ACCEPT_LANGUAGE=language
        )
        for language in ("id", "en")
    }
    for answer in answers.values():
        assert_no_leak(answer.content.decode())
    indonesian, english = answers["id"].json()["error"], answers["en"].json()["error"]
    if hostile.id == "oversize-jpeg":  # its base64 is past Django's limit for a request body
        assert answers["id"].status_code == answers["en"].status_code == 413
        assert indonesian["code"] == "request_too_large"
        assert "lebih dari 2.5 MB" in indonesian["message"]
        assert "larger than 2.5 MB" in english["message"]
    else:
        assert answers["id"].status_code == answers["en"].status_code == 400
        [reason] = indonesian["fields"]["attachments"]
        [reason_en] = english["fields"]["attachments"]
        assert reason != reason_en and hostile.name in reason
    assert stored(settings) == before


@pytest.mark.parametrize(
    "content",
    ["not base64!", "data:image/png;base64,AAAA", "QUJDQQ", "ü"],
    ids=["junk", "data-url", "bad-padding", "non-ascii"],
)
def test_the_api_refuses_text_that_is_not_base64_in_the_language_asked_for(
    people, api, settings, content
):
    before = stored(settings)
    client = api(people.bpjs_blitar_key)
    body = {
        "category": "not_registered",
        "village": "35.05.01.2001",
        "description": "Keluarga Pak Sumarno miskin tetapi tidak pernah terdata.",
        "attachments": [{"name": "foto.jpg", "content_base64": content}],
    }
    english = client.post(
        reverse("api-complaint-list"), body, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )
    assert english.status_code == 400
    assert "invalid base64" in english.json()["error"]["fields"]["attachments"][0]
    assert stored(settings) == before


def test_the_api_takes_base64_wrapped_in_lines(people, api):
    encoded = base64.encodebytes(corpus.jpeg()).decode()  # 76 characters a line
    assert "\n" in encoded
    response = api(people.bpjs_blitar_key).post(
        reverse("api-complaint-list"),
        {
            "category": "not_registered",
            "village": "35.05.01.2001",
            "description": "Keluarga Pak Sumarno miskin tetapi tidak pernah terdata.",
            "attachments": [{"name": "foto.jpg", "content_base64": encoded}],
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert Attachment.objects.get().content_type == "image/jpeg"

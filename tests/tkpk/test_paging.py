"""A cursor or page number from the query string is only a claim: tampered values answer 400
(API) or the first page (pages), never 500."""

from __future__ import annotations

import base64
import io

import pytest
from django.urls import reverse

from tests.households.batchfiles import csv_bytes, family
from tests.households.conftest import PDF
from tkpk.paging import id_from_text


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


TAMPERED = {
    "not-base64": "!!!***",
    "non-ascii": "héllo",
    "base64-of-junk": base64.b64encode(b"\xff\xfe\x00garbage").decode(),
    "base64-not-a-query": b64("garbage"),
    "unknown-key": b64("x=1"),
    "key-twice": b64("p=1&p=2"),
    "position-not-a-number": b64("p=abc"),
    "position-blank": b64("p="),
    "position-decimal": b64("p=1.5"),
    "position-negative": b64("p=-1"),
    "position-superscript-digit": b64("p=²"),
    "position-huge": b64("p=" + "9" * 40),
    "offset-not-a-number": b64("o=x&p=1"),
    "offset-negative": b64("o=-5&p=1"),
    "reverse-not-a-flag": b64("r=yes&p=1"),
    "missing-padding": b64("p=12").rstrip("="),
}


@pytest.fixture
def client(api, people):
    client = api()
    client.force_authenticate(people.blitar_secretariat)
    return client


@pytest.fixture
def households(people):
    """Two families (six people) in the registry, through the batch pipeline."""
    from households.services import (
        batch_commit,
        batch_minutes_attach,
        batch_upload,
        batch_validate,
    )

    user = people.blitar_social_operator
    rows = [*family(kk="3505010101200001"), *family(kk="3505010101200002")]
    batch = batch_upload(
        user=user, upload=io.BytesIO(csv_bytes(rows)), filename="f.csv", queue_validation=False
    )
    batch_validate(batch=batch)
    batch_minutes_attach(batch=batch, user=user, upload=io.BytesIO(PDF), filename="ba.pdf")
    batch_commit(batch_id=batch.pk, user=user)


@pytest.mark.parametrize("value", TAMPERED.values(), ids=TAMPERED.keys())
def test_a_tampered_cursor_answers_400_in_the_error_format(client, households, value):
    response = client.get(reverse("api-household-list"), {"cursor": value})
    assert response.status_code == 400, response.content
    error = response.json()["error"]
    assert error["status"] == 400 and error["code"] == "invalid_cursor"
    assert "Kursor halaman tidak valid" in error["fields"]["cursor"][0]
    assert error["message"]


def test_the_cursor_error_speaks_the_language_of_the_request(client, households):
    response = client.get(
        reverse("api-household-list"),
        {"cursor": TAMPERED["position-not-a-number"]},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 400
    assert "cursor is not valid" in response.json()["error"]["fields"]["cursor"][0]


def test_the_cursors_the_api_hands_out_still_page_through_everything(client, households):
    # given pages of two households
    url = reverse("api-household-list")
    first = client.get(url, {"page_size": 1}).json()
    seen = [r["id"] for r in first["results"]]
    next_url = first["next"]
    while next_url:
        page = client.get(next_url).json()
        seen += [r["id"] for r in page["results"]]
        previous, next_url = page["previous"], page["next"]
    # then every household came once, and the previous link works too
    assert len(seen) == 2 == len(set(seen))
    assert client.get(previous).json()["results"][0]["id"] == seen[0]


def test_a_cursor_past_the_end_is_an_empty_page(client, households):
    response = client.get(reverse("api-household-list"), {"cursor": b64("p=999999999999")})
    assert response.status_code == 200
    assert response.json()["results"] == [] and response.json()["next"] is None


@pytest.mark.parametrize(
    ("name", "args"),
    [("api-household-list", []), ("api-run-list", []), ("api-recipient-list", ["PKH"])],
)
def test_every_cursor_paged_api_refuses_a_tampered_cursor(client, catalogue, name, args):
    response = client.get(reverse(name, args=args), {"cursor": TAMPERED["position-not-a-number"]})
    assert response.status_code == 400 and response.json()["error"]["code"] == "invalid_cursor"


@pytest.mark.parametrize("size", ["²", "٣", "0", "-1", "abc", "9" * 40])
def test_a_malformed_page_size_answers_400_naming_it(client, households, size):
    response = client.get(reverse("api-household-list"), {"page_size": size})
    assert response.status_code == 400, response.content
    assert "page_size" in response.json()["error"]["fields"]


@pytest.mark.parametrize("page", ["abc", "²", "0", "-1", "9" * 40, "1.5"])
def test_page_numbers_out_of_range_or_malformed_answer_404_in_the_error_format(client, page):
    response = client.get(reverse("api-region-list"), {"page": page})
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


@pytest.mark.parametrize("after", ["²", "٣", "abc", "-1", "9" * 40, "1e5", ""])
def test_keyset_pages_read_a_malformed_position_as_the_first_page(login, people, households, after):
    client = login(people.blitar_social_operator)
    response = client.get(reverse("households:list"), {"setelah": after})
    assert response.status_code == 200
    assert len(response.context["page"].items) == 2


@pytest.mark.parametrize(
    ("page", "query"),
    [
        ("run-households", {"program": "PKH", "setelah": "²"}),
        ("run-recipients", {"program": "PKH", "setelah": "²"}),
        ("recipients", {"setelah": "²"}),
        ("run-compare", {"a": "²", "b": "1"}),
        ("regions", {"tingkat": "²", "q": "Jaten"}),
    ],
)
def test_other_pages_with_numbers_in_the_query_never_fail(login, people, catalogue, page, query):
    from datetime import date

    from programs.models import TargetingRun

    run = TargetingRun.objects.create(
        region_id="35.05", reference_date=date(2026, 6, 1), created_by=people.blitar_secretariat
    )
    url = {
        "run-households": reverse("programs:run-households", args=[run.pk]),
        "run-recipients": reverse("programs:run-recipients", args=[run.pk]),
        "recipients": reverse("recipients:list", args=["PKH"]),
        "run-compare": reverse("programs:run-compare"),
        "regions": reverse("regions:list"),
    }[page]
    response = login(people.blitar_secretariat).get(url, query)
    assert response.status_code == 200  # the comparison asks which runs to compare


def test_id_from_text_reads_only_plain_ascii_numbers_that_fit_a_bigint():
    assert id_from_text("0") == 0 and id_from_text("123") == 123
    assert id_from_text("9" * 18) == int("9" * 18)
    for text in (None, "", "²", "٣", "1.5", "-1", " 1", "1e5", "9" * 19):
        assert id_from_text(text) is None, text

"""The recipient list's row page pages by row number (keyset), at a fixed number of queries."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from programs.recipients import views
from tests.personas import JATEN
from tests.programs.recipientfiles import list_bytes


def _row_numbers(body: str) -> list[int]:
    table = body.split('data-testid="batch-rows"')[1].split("</table>")[0]
    cells = table.split('<td class="num" data-label="Baris">')[1:]
    return [int(cell.split("<", 1)[0]) for cell in cells]


def _listed(count: int) -> bytes:
    return list_bytes(
        [
            {"nik": f"35050112038{n:05d}", "nama": f"Orang {n}", "kode_desa": JATEN}
            for n in range(count)
        ]
    )


def test_recipient_rows_page_by_row_number_at_a_fixed_query_count(
    upload_list, people, login, monkeypatch
):
    monkeypatch.setattr(views, "ROWS_PER_PAGE", 3)
    client = login(people.blitar_social_operator)
    small, large = upload_list(_listed(1)), upload_list(_listed(10))
    url = reverse("recipients:batch-detail", args=["PKH", large.pk])
    client.get(url)  # the session is read once

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("recipients:batch-detail", args=["PKH", small.pk]), {"hasil": ""})
    with CaptureQueriesContext(connection) as many:
        first = client.get(url, {"hasil": ""})

    # session, user, role assignments, the program, the batch, one page of rows (no COUNT:
    # the batch carries its counts), the quota check of a validated list.
    assert len(many) == len(one) <= 7, [q["sql"][:120] for q in many.captured_queries]
    seen = _row_numbers(first.content.decode())
    assert seen == [2, 3, 4]
    after = first.context["page"].next_after
    while after:
        page = client.get(url, {"hasil": "", "setelah": after})
        seen += _row_numbers(page.content.decode())
        after = page.context["page"].next_after
    assert seen == list(range(2, 12))

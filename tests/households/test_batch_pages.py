"""The batch's row page pages by row number (keyset), at a fixed number of queries."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from households import views
from tests.households.batchfiles import csv_bytes, family


def _row_numbers(body: str) -> list[int]:
    table = body.split('<table class="table">')[1].split("</table>")[0]
    cells = table.split('<td class="num" data-label="Baris">')[1:]
    return [int(cell.split("<", 1)[0]) for cell in cells]


def test_batch_rows_page_by_row_number_at_a_fixed_query_count(upload, people, login, monkeypatch):
    monkeypatch.setattr(views, "ROWS_PER_PAGE", 4)
    client = login(people.blitar_social_operator)
    small = upload(csv_bytes(family(kk="3505010101200001")))
    rows = []
    for number in range(1, 5):
        rows += family(kk=f"35050101012000{number:02d}")
    large = upload(csv_bytes(rows))
    assert large.rows_total > 8
    client.get(reverse("households:batch-detail", args=[small.pk]))  # the session is read once

    with CaptureQueriesContext(connection) as one:
        client.get(reverse("households:batch-detail", args=[small.pk]), {"hasil": ""})
    with CaptureQueriesContext(connection) as many:
        first = client.get(reverse("households:batch-detail", args=[large.pk]), {"hasil": ""})

    # session, user, role assignments, the batch, one page of rows (no COUNT: the batch
    # carries its counts; new rows name no registry person or household to compare with).
    assert len(many) == len(one) <= 5, [q["sql"] for q in many.captured_queries]
    numbers = _row_numbers(first.content.decode())
    assert numbers == [2, 3, 4, 5]
    seen = list(numbers)
    after = first.context["page"].next_after
    while after:
        page = client.get(
            reverse("households:batch-detail", args=[large.pk]), {"hasil": "", "setelah": after}
        )
        seen += _row_numbers(page.content.decode())
        after = page.context["page"].next_after
    assert seen == list(range(2, large.rows_total + 2))

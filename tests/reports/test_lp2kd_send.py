"""The regency's side: its installation sends an approved version to the province's
installation over HTTP (here the live test server plays the province), once; what the
province refuses comes back with its reason."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from reports.lp2kd.sending import lp2kd_send_to_province
from reports.models import Lp2kdVersion
from tests.personas import BLITAR
from tests.reports.test_lp2kd_province import PDF, submitted_here, token_for
from tkpk.models import AuditEntry

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def approved(people):
    version = submitted_here(
        people.blitar_secretariat, BLITAR, at=datetime(2027, 1, 20, 3, 0, tzinfo=UTC)
    )
    version.state, version.submitted_at = "approved", None
    version.save()
    return Lp2kdVersion.objects.select_related("report__region").get(pk=version.pk)


def test_an_approved_version_is_sent_once_and_a_refusal_comes_back_with_its_reason(
    approved, live_server, monkeypatch, settings
):
    api_url = live_server.url + "/api/"
    key = token_for(BLITAR, "sistem.blitar.di.provinsi")

    # The command wants the province's token from the environment, never the command line.
    monkeypatch.delenv("TKPK_PROVINCE_API_TOKEN", raising=False)
    with pytest.raises(CommandError, match="TKPK_PROVINCE_API_TOKEN"):
        call_command("lp2kd_send_to_province", version_id=approved.pk, url=api_url)
    # Here the province's installation shares this database, so it holds Blitar's own
    # report too and refuses it over the API: its reason comes back whole.
    monkeypatch.setenv("TKPK_PROVINCE_API_TOKEN", key)
    with pytest.raises(CommandError, match=r"HTTP 409.*disusun di aplikasi ini"):
        call_command("lp2kd_send_to_province", version_id=approved.pk, url=api_url)
    # A wrong token is refused by the province.
    with pytest.raises(ValidationError, match="HTTP 401"):
        lp2kd_send_to_province(version=approved, api_url=api_url, token="salah")

    # As in two installations: the regency's report lives only on its side.
    approved.report.delete()
    first = lp2kd_send_to_province(version=approved, api_url=api_url, token=key)
    assert (first.status, first.body["outcome"]) == (201, "created")
    again = lp2kd_send_to_province(version=approved, api_url=api_url, token=key)
    assert (again.status, again.body["outcome"]) == (200, "unchanged")
    kept = Lp2kdVersion.objects.get(report__region_id=BLITAR)
    assert kept.origin == "received" and kept.snapshot_sha256 == approved.snapshot_sha256
    assert (settings.PRIVATE_MEDIA_ROOT / kept.pdf_path).read_bytes() == PDF
    assert AuditEntry.objects.filter(detail__outcome="created").count() == 1

    # A stored PDF altered after approval is not sent at all.
    (settings.PRIVATE_MEDIA_ROOT / approved.pdf_path).write_bytes(PDF + b"%")
    with pytest.raises(ValidationError, match="tidak cocok"):
        lp2kd_send_to_province(version=approved, api_url=api_url, token=key)

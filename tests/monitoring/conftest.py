from __future__ import annotations

import io
from datetime import date

import pytest

from monitoring.coordination.services import (
    DecreeInput,
    FollowUpInput,
    MeetingInput,
    decree_create,
    follow_up_add,
    meeting_create,
)
from monitoring.indicators.services import indicator_batch_upload, indicator_batch_validate
from monitoring.models import IndicatorBatch
from tests.personas import BLITAR, JEMBER
from tkpk.models import Region
from tkpk.services.demo import agencies_ensure_standard

HEADER = "kode_wilayah,indikator,tahun,periode,nilai,sumber,versi_metode\n"


@pytest.fixture
def agencies(people):
    return {
        "blitar": agencies_ensure_standard(region=Region.objects.get(code=BLITAR)),
        "jember": agencies_ensure_standard(region=Region.objects.get(code=JEMBER)),
    }


def make_meeting(user, region: str, *, title: str, held_on: date = date(2026, 3, 10)):
    return meeting_create(
        user=user,
        data=MeetingInput(
            region_code=region,
            title=title,
            held_on=held_on,
            place="Ruang rapat Bappeda",
            agenda="Evaluasi semester I",
        ),
        today=date(2026, 6, 1),
    )


def make_follow_up(
    user, meeting, owner, *, due_on: date, action: str = "Verifikasi data", status="open"
):
    return follow_up_add(
        user=user,
        meeting=meeting,
        data=FollowUpInput(action=action, owner_id=owner.pk, due_on=due_on, status=status),
    )


def make_decree(user, region: str, sk: str = "188/123/KPTS/2026"):
    return decree_create(
        user=user,
        data=DecreeInput(
            region_code=region,
            sk_number=sk,
            sk_date=date(2026, 1, 5),
            term_start=date(2026, 1, 1),
            term_end=date(2030, 12, 31),
        ),
    )


def upload_indicators(user, text: str, name: str = "indikator.csv") -> IndicatorBatch:
    batch = indicator_batch_upload(
        user=user, upload=io.BytesIO(text.encode()), filename=name, queue_validation=False
    )
    indicator_batch_validate(batch=batch)
    return IndicatorBatch.objects.get(pk=batch.pk)

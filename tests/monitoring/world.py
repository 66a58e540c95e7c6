"""Monitoring objects of the scope matrix's world: one of each in Blitar and in Jember."""

from __future__ import annotations

from datetime import date
from typing import Any

from monitoring.coordination.services import MemberInput, member_add
from monitoring.indicators.services import ValueInput, indicator_values_store
from tests.monitoring.conftest import make_decree, make_follow_up, make_meeting, upload_indicators
from tests.personas import BLITAR, JEMBER, Cast
from tkpk.models import Region
from tkpk.services.demo import agencies_ensure_standard


def monitoring_world(people: Cast) -> dict[str, Any]:
    objects: dict[str, Any] = {}
    for side, user, regency in (
        ("blitar", people.blitar_secretariat, BLITAR),
        ("jember", people.jember_secretariat, JEMBER),
    ):
        agencies = agencies_ensure_standard(region=Region.objects.get(code=regency))
        decree = make_decree(user, regency, sk=f"SK-{side.upper()}")
        objects[f"{side}_decree"] = decree
        objects[f"{side}_tkpk_member"] = member_add(
            user=user,
            decree=decree,
            data=MemberInput(
                position="member",
                name=f"ANGGOTA-{side.upper()}",
                title="Kepala Dinas Sosial",
                agency_id=agencies["dinsos"].pk,
            ),
        )
        meeting = make_meeting(user, regency, title=f"RAKOR-{side.upper()}")
        objects[f"{side}_meeting"] = meeting
        objects[f"{side}_follow_up"] = make_follow_up(
            user, meeting, agencies["dinsos"], due_on=date(2026, 4, 1), action=f"TL-{side.upper()}"
        )
        # Owned by Dinas Kesehatan, the agency of the shared agency-officer persona.
        objects[f"{side}_owned_follow_up"] = make_follow_up(
            user,
            meeting,
            agencies["dinkes"],
            due_on=date(2026, 4, 1),
            action=f"TL-DINKES-{side.upper()}",
        )
        indicator_values_store(
            user=user,
            values=[ValueInput(regency, "p0", 2024, "march", "9,5", f"BPS-{side.upper()}")],
        )
        objects[f"{side}_indicator_batch"] = upload_indicators(
            user,
            "kode_wilayah,indikator,tahun,periode,nilai,sumber\n"
            f"{regency},p0,2023,march,9.9,UNGGAH-{side.upper()}\n",
            name=f"indikator-{side}.csv",
        )
    return objects

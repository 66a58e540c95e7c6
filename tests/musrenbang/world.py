"""Musrenbang objects of the scope matrix's world: one of each in Blitar and in Jember."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

from musrenbang.services import (
    ForumInput,
    forum_create,
    planning_year_create,
    proposal_create,
    proposal_reject,
)
from musrenbang.services.batches import (
    attendance_batch_upload,
    attendance_batch_validate,
    proposal_batch_upload,
    proposal_batch_validate,
)
from musrenbang.services.minutes import forum_minutes_sign
from tests.musrenbang.conftest import proposal_input
from tests.personas import BLITAR, JATEN, JEMBER, PADOMASAN, Cast
from tkpk.models import Agency


def _agency(people: Cast, regency: str) -> Agency:
    """The agency a proposal is routed to: in Blitar the shared agency officer's (the plan
    world names it), elsewhere the regency's first agency, made when there is none."""
    if regency == BLITAR:
        assignment = people.blitar_agency_officer.role_assignments.get()
        if assignment.agency is None:
            assignment.agency = Agency.objects.create(
                code="dinkes", name="Dinas Kesehatan", kind="opd", region_id=BLITAR
            )
            assignment.save(update_fields=["agency"])
            people.blitar_agency_officer.__dict__.pop("_tkpk_assignments", None)
        return assignment.agency
    found = Agency.objects.filter(region_id=regency).order_by("id").first()
    return found or Agency.objects.create(
        code="dinkes", name="Dinas Kesehatan", kind="opd", region_id=regency
    )


def musrenbang_world(people: Cast) -> dict[str, Any]:
    objects: dict[str, Any] = {}
    for side, user, regency, village in (
        ("blitar", people.blitar_secretariat, BLITAR, JATEN),
        ("jember", people.jember_secretariat, JEMBER, PADOMASAN),
    ):
        year = planning_year_create(user=user, region_code=regency, year=2027)
        forum = forum_create(
            user=user,
            planning_year=year,
            data=ForumInput(
                region_code=village,
                name=f"MUSDES-{side.upper()}",
                held_on=date(2026, 1, 20),
                place="Balai desa",
            ),
        )
        proposal = proposal_create(
            user=user,
            planning_year=year,
            data=proposal_input(
                village_code=village,
                title=f"USULAN-{side.upper()}",
                agency_id=_agency(people, regency).pk,
            ),
        )
        # A proposal the district forum refused: the API's results list it.
        proposal_reject(
            user=user,
            proposal=proposal_create(
                user=user,
                planning_year=year,
                data=proposal_input(village_code=village, title=f"HASIL-{side.upper()}"),
            ),
            reason="Sudah didanai dari Dana Desa",
        )
        objects[f"{side}_year"] = year
        objects[f"{side}_stage"] = year.stages.get(kind="musdes")
        objects[f"{side}_forum"] = forum
        objects[f"{side}_proposal"] = proposal
        proposals = proposal_batch_upload(
            user=user,
            planning_year=year,
            upload=io.BytesIO(
                b"kode_desa,judul,masalah,fisik,bidang_urusan,volume,satuan,biaya,"
                b"penerima_manfaat,jenis_penerima\n"
                + f"{village},Usulan unggahan,M,tidak,social,1,paket,1.000.000,1,person\n".encode()
                + f"{village},,M,tidak,social,1,paket,1.000.000,1,person\n".encode()
            ),
            filename=f"usulan-{side}.csv",
            queue_validation=False,
        )
        proposal_batch_validate(batch=proposals)
        attendance = attendance_batch_upload(
            user=user,
            forum=forum,
            upload=io.BytesIO(b"nama,jenis_kelamin\nSiti,P\n,L\n"),
            filename=f"hadir-{side}.csv",
            queue_validation=False,
        )
        attendance_batch_validate(batch=attendance)
        forum_minutes_sign(
            user=user, forum=forum, upload=io.BytesIO(b"%PDF-1.4\n%%EOF\n"), filename="ba.pdf"
        )
        objects[f"{side}_proposal_batch"] = proposals
        objects[f"{side}_attendance_batch"] = attendance
    return objects

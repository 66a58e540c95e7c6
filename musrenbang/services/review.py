"""The agency's (OPD's) part after the Musrenbang: its review of each agreed proposal routed
to it (taken into its Renja under a program and activity, refused or deferred with the
reason, the cost corrected) and the proposal's fate in the budget (funded with the amount,
not funded with the reason).

Only an officer of the proposal's agency, in a region above the proposal's village, writes
either; anyone else reads "not found", whether the proposal exists or not. The check is
made again on the locked row, so a proposal routed elsewhere in the meantime is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from musrenbang.models import Proposal
from musrenbang.selectors_agency import agency_may_review
from musrenbang.services.common import rupiah_parse
from tkpk.models import AuditAction, User
from tkpk.services.audit import audit_record

TEXT_LIMIT = 200


@dataclass(frozen=True)
class ReviewInput:
    decision: str
    reason: str = ""
    program: str = ""
    activity: str = ""
    sub_activity: str = ""
    cost: str | int | None = None  # a corrected cost, typed the Indonesian way; empty keeps it


@dataclass(frozen=True)
class FateInput:
    fate: str
    amount: str | int | None = None
    reason: str = ""


def _locked_for_agency(*, user: User, proposal: Proposal) -> Proposal:
    """The proposal locked for this transaction, if it is still the user's to review."""
    locked = (
        Proposal.objects.select_for_update(of=("self",))
        .select_related("village", "planning_year")
        .get(pk=proposal.pk)
    )
    if not agency_may_review(user, locked):
        raise Http404
    return locked


def _review_values(*, proposal: Proposal, data: ReviewInput) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    decision = data.decision.strip()
    if decision not in Proposal.Review.values:
        errors["decision"] = [_("Pilih hasil telaah: diterima ke Renja, ditolak, atau ditunda.")]
    reason = data.reason.strip()
    program = data.program.strip()
    activity = data.activity.strip()
    sub_activity = data.sub_activity.strip()
    if decision in (Proposal.Review.REJECTED, Proposal.Review.DEFERRED) and not reason:
        errors["reason"] = [_("Alasan wajib diisi bila usulan ditolak atau ditunda.")]
    if decision == Proposal.Review.ACCEPTED:
        if not program:
            errors["program"] = [_("Program Renja wajib diisi bila usulan diterima.")]
        if not activity:
            errors["activity"] = [_("Kegiatan Renja wajib diisi bila usulan diterima.")]
    for name, value in (
        ("program", program),
        ("activity", activity),
        ("sub_activity", sub_activity),
    ):
        if len(value) > TEXT_LIMIT:
            errors[name] = [_("Paling banyak %(n)s karakter.") % {"n": TEXT_LIMIT}]
    cost = None
    if data.cost not in (None, ""):
        try:
            cost = rupiah_parse(data.cost)  # type: ignore[arg-type]
        except ValidationError as exc:
            errors["cost"] = exc.messages
    if proposal.status != Proposal.Status.ACCEPTED:
        errors.setdefault("decision", []).append(
            _("Hanya usulan yang disepakati Musrenbang yang ditelaah OPD.")
        )
    if proposal.fate and decision != Proposal.Review.ACCEPTED:
        errors.setdefault("decision", []).append(
            _(
                "Nasib usulan ini dalam anggaran sudah dicatat: usulan yang sudah didanai atau "
                "diputus tidak didanai tidak dapat lagi ditolak atau ditunda."
            )
        )
    if errors:
        raise ValidationError(errors)
    accepted = decision == Proposal.Review.ACCEPTED
    return {
        "review": decision,
        "review_reason": reason,
        "renja_program": program if accepted else "",
        "renja_activity": activity if accepted else "",
        "renja_sub_activity": sub_activity if accepted else "",
        "reviewed_cost": cost,
    }


REVIEW_FIELDS = (
    "review",
    "review_reason",
    "renja_program",
    "renja_activity",
    "renja_sub_activity",
    "reviewed_cost",
)
FATE_FIELDS = ("fate", "fate_amount", "fate_reason")


def _agency_step_write(
    *,
    user: User,
    proposal: Proposal,
    fields: tuple[str, ...],
    values_of: Callable[[Proposal], dict[str, Any]],
    stamp: str,
    action: str,
    ip: str | None,
) -> Proposal:
    """One step of the agency on a proposal routed to it, checked against the locked row
    (re-routed meanwhile reads "not found"), stamped ``<stamp>_by``/``<stamp>_at`` and
    audited with before and after."""
    if not agency_may_review(user, proposal):
        raise Http404
    with transaction.atomic():
        locked = _locked_for_agency(user=user, proposal=proposal)
        values = values_of(locked)
        before = {f: getattr(locked, f) for f in fields}
        for name, value in values.items():
            setattr(locked, name, value)
        setattr(locked, f"{stamp}_by", user)
        setattr(locked, f"{stamp}_at", timezone.now())
        locked.save(update_fields=[*fields, f"{stamp}_by", f"{stamp}_at", "updated_at"])
        audit_record(
            actor=user,
            action=action,
            target=locked,
            region_code=locked.village_id,
            ip=ip,
            detail={"agency": locked.agency_id, "before": before, "after": values},
        )
    return locked


def proposal_review_record(
    *, user: User, proposal: Proposal, data: ReviewInput, ip: str | None = None
) -> Proposal:
    """The agency's review of one agreed proposal routed to it; a second review replaces
    the first (both stay in the audit log with before and after)."""
    return _agency_step_write(
        user=user,
        proposal=proposal,
        fields=REVIEW_FIELDS,
        values_of=lambda locked: _review_values(proposal=locked, data=data),
        stamp="reviewed",
        action=AuditAction.MUSRENBANG_PROPOSAL_REVIEWED,
        ip=ip,
    )


def _fate_values(*, proposal: Proposal, data: FateInput) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    fate = data.fate.strip()
    reason = data.reason.strip()
    amount = None
    if proposal.review != Proposal.Review.ACCEPTED:
        raise ValidationError(
            {"fate": [_("Nasib dalam anggaran dicatat untuk usulan yang diterima ke Renja.")]}
        )
    if fate not in Proposal.Fate.values:
        errors["fate"] = [_("Pilih nasib usulan: didanai atau tidak didanai.")]
    elif fate == Proposal.Fate.FUNDED:
        if data.amount in (None, ""):
            errors["amount"] = [_("Anggaran wajib diisi bila usulan didanai.")]
        else:
            try:
                amount = rupiah_parse(data.amount)  # type: ignore[arg-type]
            except ValidationError as exc:
                errors["amount"] = exc.messages
    elif not reason:
        errors["reason"] = [_("Alasan wajib diisi bila usulan tidak didanai.")]
    if errors:
        raise ValidationError(errors)
    return {
        "fate": fate,
        "fate_amount": amount,
        "fate_reason": reason if fate == Proposal.Fate.NOT_FUNDED else "",
    }


def proposal_fate_record(
    *, user: User, proposal: Proposal, data: FateInput, ip: str | None = None
) -> Proposal:
    """What the year's budget did with a proposal the agency took into its Renja."""
    return _agency_step_write(
        user=user,
        proposal=proposal,
        fields=FATE_FIELDS,
        values_of=lambda locked: _fate_values(proposal=locked, data=data),
        stamp="fate",
        action=AuditAction.MUSRENBANG_PROPOSAL_FATE,
        ip=ip,
    )

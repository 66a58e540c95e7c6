"""Forms of the TKPK and rakor pages: they adapt input; the services check it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from monitoring.coordination.selectors import managed_regions, region_agencies
from monitoring.models import FollowUp, MeetingAttendee, TkpkMember

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

BLANK: list[tuple[str | int, str]] = [("", "—")]
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _region_select(field: forms.Field, user: Any) -> None:
    field.widget = forms.Select(
        choices=[(r.code, f"{r.code} {r.name}") for r in managed_regions(user=user)]
    )


def _agency_select(field: forms.Field, region_code: str, *, blank: bool = True) -> None:
    """Only the region's agencies are valid choices: any other number is refused by the form
    with the field named (an id past the database's integer range must not reach a query)."""
    choices: list[tuple[str | int, str]] = [
        (a.pk, a.name) for a in region_agencies(region_code=region_code)
    ]
    field.choices = (BLANK if blank else []) + choices  # type: ignore[attr-defined]


def _agency_field(label: StrOrPromise, *, required: bool = False) -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        label=label,
        coerce=int,
        empty_value=None,
        required=required,
        error_messages={"invalid_choice": _("Perangkat daerah tidak ditemukan di wilayah ini.")},
    )


class DecreeForm(forms.Form):
    region = forms.CharField(label=_("Wilayah TKPK"), max_length=13)
    sk_number = forms.CharField(label=_("Nomor SK"), max_length=100)
    sk_date = forms.DateField(label=_("Tanggal SK"), widget=DATE)
    term_start = forms.DateField(label=_("Masa berlaku mulai"), widget=DATE)
    term_end = forms.DateField(label=_("Masa berlaku sampai"), widget=DATE)
    note = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _region_select(self.fields["region"], user)


class MemberForm(forms.Form):
    position = forms.ChoiceField(label=_("Kedudukan"), choices=TkpkMember.Position.choices)
    name = forms.CharField(label=_("Nama"), max_length=150)
    title = forms.CharField(label=_("Jabatan"), max_length=200)
    element = forms.ChoiceField(label=_("Unsur"), choices=TkpkMember.Element.choices)
    agency = _agency_field(_("Perangkat daerah (bila dari OPD)"))
    institution = forms.CharField(
        label=_("Lembaga lain (masyarakat, dunia usaha, perguruan tinggi)"),
        max_length=200,
        required=False,
    )
    group = forms.CharField(label=_("Kelompok/pokja"), max_length=150, required=False)

    def __init__(self, *args: Any, region_code: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _agency_select(self.fields["agency"], region_code)


def member_initial(member: TkpkMember) -> dict[str, Any]:
    """The member as the form shows it; an institution that only repeats the agency's name is
    left empty, so that choosing another agency names the new one."""
    institution = member.institution
    if member.agency is not None and institution == member.agency.name:
        institution = ""
    return {
        "position": member.position,
        "name": member.name,
        "title": member.title,
        "element": member.element,
        "agency": member.agency_id,
        "institution": institution,
        "group": member.group,
    }


class MeetingForm(forms.Form):
    region = forms.CharField(label=_("Wilayah"), max_length=13)
    title = forms.CharField(label=_("Judul rapat"), max_length=200)
    held_on = forms.DateField(label=_("Tanggal"), widget=DATE)
    place = forms.CharField(label=_("Tempat"), max_length=200)
    chair = forms.CharField(label=_("Pimpinan rapat"), max_length=150, required=False)
    agenda = forms.CharField(label=_("Agenda"), widget=forms.Textarea(attrs={"rows": 3}))
    decisions = forms.CharField(
        label=_("Keputusan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _region_select(self.fields["region"], user)


class DecisionsForm(forms.Form):
    decisions = forms.CharField(
        label=_("Keputusan"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )


class AttendeeForm(forms.Form):
    name = forms.CharField(label=_("Nama"), max_length=150)
    sex = forms.ChoiceField(label=_("Jenis kelamin"), choices=MeetingAttendee.Sex.choices)
    agency = _agency_field(_("Perangkat daerah"))
    institution = forms.CharField(label=_("Lembaga lain"), max_length=200, required=False)

    def __init__(self, *args: Any, region_code: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _agency_select(self.fields["agency"], region_code)


class FollowUpForm(forms.Form):
    action = forms.CharField(label=_("Tindak lanjut"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = _agency_field(_("Perangkat daerah penanggung jawab"), required=True)
    due_on = forms.DateField(label=_("Batas waktu"), widget=DATE)
    status = forms.ChoiceField(label=_("Status"), choices=FollowUp.Status.choices)
    note = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, region_code: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _agency_select(self.fields["owner"], region_code, blank=False)


class FollowUpStatusForm(forms.Form):
    """What the owner agency's officer may change."""

    status = forms.ChoiceField(label=_("Status"), choices=FollowUp.Status.choices)
    note = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FollowUpFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Semua")), *FollowUp.Status.choices], required=False
    )
    terlambat = forms.BooleanField(label=_("Hanya yang terlambat"), required=False)

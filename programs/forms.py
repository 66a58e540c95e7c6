from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from programs.models import Program
from programs.services import EDITABLE_FIELDS
from tkpk.models import Region


class ProgramForm(forms.ModelForm):
    class Meta:
        model = Program
        fields = EDITABLE_FIELDS
        widgets = {
            "active_from": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "active_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["national_program"].queryset = Program.objects.filter(  # type: ignore[attr-defined]
            owner_region__isnull=True
        ).exclude(pk=self.instance.pk)

    def _post_clean(self) -> None:
        # The service checks rules across fields and saves; the form only parses input.
        pass


class ProgramCreateForm(ProgramForm):
    code = forms.CharField(label=_("Kode program"), max_length=20)
    owner_region = forms.ChoiceField(label=_("Wilayah pemilik"))

    class Meta(ProgramForm.Meta):
        fields = ["code", "owner_region", *EDITABLE_FIELDS]

    def __init__(self, *args, regions: list[Region], **kwargs):  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["owner_region"].choices = [(r.code, f"{r.code} {r.name}") for r in regions]  # type: ignore[attr-defined]

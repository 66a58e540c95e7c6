from __future__ import annotations

from django import forms

from programs.models import Program
from programs.services import EDITABLE_FIELDS


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

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from reports.lp2kd.sections import CHAPTERS
from reports.lp2kd.selectors import lp2kd_regions_to_prepare, lp2kd_run_choices
from reports.lp2kd.services import NARRATIVE_MAX_CHARS
from reports.models import Lp2kdVersion, StepAction


class Lp2kdCreateForm(forms.Form):
    region = forms.ChoiceField(label=_("Wilayah"))
    year = forms.IntegerField(label=_("Tahun laporan"), min_value=2000, max_value=2100)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        region: forms.ChoiceField = self.fields["region"]  # type: ignore[assignment]
        region.choices = [
            (r.code, f"{r.name} ({r.code})") for r in lp2kd_regions_to_prepare(user=user)
        ]
        self.has_regions = bool(region.choices)
        self.fields["year"].initial = timezone.localdate().year


class VersionEditForm(forms.Form):
    """One text per chapter and the targeting run the tables come from."""

    run = forms.TypedChoiceField(
        label=_("Analisis penargetan"), coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args: Any, user: Any, version: Lp2kdVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        runs = lp2kd_run_choices(user=user, region_code=version.report.region_id)
        run: forms.ChoiceField = self.fields["run"]  # type: ignore[assignment]
        run.choices = [("", _("— tanpa analisis penargetan —"))] + [
            (r.pk, _("#%(id)s, tanggal acuan %(date)s") % {"id": r.pk, "date": r.reference_date})
            for r in runs
        ]
        self.fields["run"].initial = version.run_id
        for chapter in CHAPTERS:
            self.fields[f"bab_{chapter.key}"] = forms.CharField(
                label=_("Bab %(key)s %(title)s") % {"key": chapter.key, "title": chapter.title},
                required=False,
                max_length=NARRATIVE_MAX_CHARS,
                widget=forms.Textarea(attrs={"rows": 8}),
                initial=version.narratives.get(chapter.key, ""),
            )

    def narratives(self) -> dict[str, str]:
        return {c.key: self.cleaned_data[f"bab_{c.key}"] for c in CHAPTERS}


class StepForm(forms.Form):
    action = forms.ChoiceField(choices=[c for c in StepAction.choices if c[0] != "create"])
    note = forms.CharField(label=_("Catatan"), required=False, max_length=2000)

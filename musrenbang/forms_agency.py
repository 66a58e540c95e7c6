"""Forms of the agency's pages: they adapt input; ``services.review`` checks it."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from musrenbang.models import Proposal
from musrenbang.selectors_agency import TO_REVIEW

BLANK = [("", "—")]


class AgencyFilterForm(forms.Form):
    tahun = forms.IntegerField(label=_("Tahun perencanaan"), required=False, min_value=1)
    keadaan = forms.ChoiceField(
        label=_("Keadaan"),
        required=False,
        choices=[
            *BLANK,
            (TO_REVIEW, _("Disepakati, belum ditelaah")),
            *Proposal.Review.choices,
            *Proposal.Fate.choices,
        ],
    )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Hasil telaah"), choices=BLANK + list(Proposal.Review.choices), required=False
    )
    program = forms.CharField(label=_("Program Renja"), required=False)
    activity = forms.CharField(label=_("Kegiatan Renja"), required=False)
    sub_activity = forms.CharField(label=_("Sub kegiatan Renja"), required=False)
    cost = forms.CharField(
        label=_("Biaya hasil telaah (Rp, boleh kosong)"),
        required=False,
        max_length=40,
        help_text=_("Isi bila biaya usulan dikoreksi. Contoh: 1.500.000"),
    )
    reason = forms.CharField(
        label=_("Alasan / catatan"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class FateForm(forms.Form):
    fate = forms.ChoiceField(
        label=_("Nasib dalam anggaran"), choices=BLANK + list(Proposal.Fate.choices), required=False
    )
    amount = forms.CharField(label=_("Anggaran (Rp)"), required=False, max_length=40)
    reason = forms.CharField(
        label=_("Alasan tidak didanai"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

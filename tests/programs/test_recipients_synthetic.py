from __future__ import annotations

from datetime import date

from programs.models import Program, ProgramPeriod, Recipient
from programs.recipients.synthetic import recipients_generate_synthetic
from tests.personas import BLITAR


def test_synthetic_lists_sample_the_poor_add_unknown_niks_and_rerun_adds_nobody(families):
    # given two decile-1 families of three in Blitar, one in Jember, and a per-person program
    pbi = Program.objects.get(code="PBI-JKN")
    pkh_period = ProgramPeriod.objects.create(
        program=pbi, name="2026", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    made = recipients_generate_synthetic(
        period=pkh_period, share=1.0, nonpoor_share=0.0, unknown_share=1.0, region_code=BLITAR
    )
    # then every Blitar member of a poor family is listed, plus one unknown NIK each
    assert made.rows == 12
    known = Recipient.objects.filter(period=pkh_period, person__isnull=False)
    assert known.count() == 6
    assert set(known.values_list("region_id", flat=True)) == {"35.05.01.2001"}
    unknown = Recipient.objects.filter(period=pkh_period, person__isnull=True)
    assert unknown.count() == 6 and all(r.nik[12] == "9" for r in unknown)
    assert (
        recipients_generate_synthetic(
            period=pkh_period, share=1.0, nonpoor_share=0.0, unknown_share=1.0, region_code=BLITAR
        ).rows
        == 0
    )


def test_synthetic_lists_of_a_household_program_list_families(families):
    bpnt = Program.objects.get(code="BPNT")
    pkh_period = ProgramPeriod.objects.create(
        program=bpnt, name="2026", starts_on=date(2026, 1, 1), ends_on=date(2026, 12, 31)
    )
    made = recipients_generate_synthetic(
        period=pkh_period, share=1.0, nonpoor_share=0.0, unknown_share=0.0
    )
    assert made.rows == 3
    assert set(Recipient.objects.values_list("household_id", flat=True)) == {
        h.pk for h in families.values()
    }
    half = recipients_generate_synthetic(
        period=pkh_period, share=0.0, nonpoor_share=0.0, unknown_share=0.0
    )
    assert half.rows == 0

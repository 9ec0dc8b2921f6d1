"""The regulator form's name follows the scenario's regimes: the one authority's where there is
one (GDPR: the AP), neutral words where the filing goes to a CSIRT or a supervisor."""

from __future__ import annotations

import pytest

from crisissim.debrief.words import words as report_words
from crisissim.i18n import translator
from crisissim.scenario.actions import key_label, palette_label


@pytest.mark.parametrize(
    ("regimes", "key", "palette"),
    [
        ((), "AP-melding", "melding aan de AP"),  # no regime named: GDPR's
        (("gdpr",), "AP-melding", "melding aan de AP"),
        (("nis2", "gdpr"), "Melding aan toezichthouder", "melding aan toezichthouder"),
        (("dora", "gdpr"), "Melding aan toezichthouder", "melding aan toezichthouder"),
        (("nis2",), "Melding aan toezichthouder", "melding aan toezichthouder"),  # a CSIRT or another authority
    ],
)
def test_the_regulator_form_is_named_by_the_scenarios_regimes(regimes, key, palette):
    _ = translator("nl")
    assert _.pgettext("key", key_label("notify_regulator", regimes)) == key
    assert _.pgettext("palette", palette_label("notify_regulator", regimes)) == palette
    assert _.pgettext("key", key_label("statement", regimes)) == _.pgettext("key", "Statement")


def test_the_reports_legend_names_the_filing_as_the_buttons_do():
    assert "§ AP-melding" in report_words("nl", ["gdpr"])["legend_timeline"]
    assert "§ Melding aan toezichthouder" in report_words("nl", ["nis2", "gdpr"])["legend_timeline"]
    assert "§ Regulator notification" in report_words("en", ["dora", "gdpr"])["legend_timeline"]
    assert "§ DPA notification" in report_words("en")["legend_timeline"]

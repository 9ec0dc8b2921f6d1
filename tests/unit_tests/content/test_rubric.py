"""The rubric by which the crowd reads the team's words: points, evidence, mood and volume."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from crisissim.content.rubric import MOOD_LIMIT, POINT_TEXT, WEIGHTS, Assessment, assess, prepare
from crisissim.scenario import parse
from crisissim.scenario.library import resolve
from crisissim.scenario.loader import load
from crisissim.scenario.model import RUBRIC_CODES, RUBRIC_EXPECT, Rubric
from crisissim.scenario.playbook import parse_playbook
from tests.conftest import VALID, edit

ROOT = Path(__file__).resolve().parents[3]

HONEST = {
    "nl": (
        "Het spijt ons: Ziekenhuis Rijnoord is getroffen door een cyberaanval met ransomware. Daarbij zijn namen, "
        "adressen en BSN van ongeveer 180.000 patiënten buitgemaakt. Wees alert op phishing en klik niet op links "
        "in onverwachte mails. Met vragen kunt u ons bellen op 088 123 4567. Vanavond om 20:00 uur geven we een "
        "nieuwe update."
    ),
    "en": (
        "We are sorry. Northwind has been hit by a cyber attack: the names, email addresses and order histories of "
        "about 1.2 million customers were stolen. Be alert to phishing emails and never share your password. Call "
        "our free helpline on 0800 123 4567. We will publish the next update tomorrow at 10:00."
    ),
}
DEFENSIVE = {
    "nl": (
        "We nemen privacy zeer serieus. Er zijn geen aanwijzingen voor misbruik. "
        "Een beperkt aantal klanten is mogelijk getroffen."
    ),
    "en": (
        "We take your privacy very seriously. There is no evidence of misuse. "
        "A limited number of customers may have been affected."
    ),
}


def evidence(assessment: Assessment) -> dict[str, str | None]:
    return {p.code: p.evidence for p in assessment.points}


# --- honest against defensive --------------------------------------------------------------------


@pytest.mark.parametrize("language", ["nl", "en"])
def test_an_honest_statement_calms_and_a_defensive_one_fuels(language):
    honest, defensive = assess(HONEST[language], language), assess(DEFENSIVE[language], language)
    assert honest.mood > 0.25 and defensive.mood < -0.25
    assert honest.volume < 0.9 and defensive.volume > 1.2
    assert (honest.mood, honest.volume) == (0.55, 0.5297)
    assert (defensive.mood, defensive.volume) == (-0.52, 1.8234)


def test_the_honest_dutch_statement_earns_every_element_with_its_words():
    assert evidence(assess(HONEST["nl"], "nl")) == {
        "acknowledges": "is getroffen door",
        "apologises": "Het spijt ons",
        "says-what": "cyberaanval; ransomware; namen",
        "says-who": "ongeveer 180.000 patiënten",
        "says-how-many": "ongeveer 180.000 patiënten",
        "advises": "Wees alert; klik niet op",
        "gives-contact": "kunt u ons bellen; 088 123 4567",
        "next-update": "Vanavond; om 20:00 uur geven; nieuwe update",
    }


def test_the_honest_english_statement_earns_every_element_with_its_words():
    assert evidence(assess(HONEST["en"], "en")) == {
        "acknowledges": "has been hit by",
        "apologises": "We are sorry",
        "says-what": "cyber attack; names; email addresses",
        "says-who": "about 1.2 million customers",
        "says-how-many": "about 1.2 million customers",
        "advises": "Be alert; never share",
        "gives-contact": "Call our; free helpline; 0800 123 4567",
        "next-update": "will publish the next update tomorrow at 10:00",
    }


@pytest.mark.parametrize(
    ("language", "cliche", "minimises"),
    [
        ("nl", "We nemen privacy zeer serieus", "Er zijn geen aanwijzingen voor misbruik; Een beperkt aantal"),
        ("en", "We take your privacy very seriously", "There is no evidence of misuse; A limited number"),
    ],
)
def test_a_defensive_statement_is_judged_on_what_it_says_and_on_what_it_lacks(language, cliche, minimises):
    found = evidence(assess(DEFENSIVE[language], language))
    assert found == {
        "says-who": "klanten" if language == "nl" else "customers",
        "minimises": minimises,
        "cliche": cliche,
        "no-acknowledgement": None,
        "no-apology": None,
        "no-what": None,
        "no-advice": None,
        "no-contact": None,
        "no-next-update": None,
    }


# --- the lexicons -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "text", "code", "words"),
    [
        ("nl", "Onze excuses aan alle patiënten.", "apologises", "excuses"),
        ("nl", "Wij hebben een fout gemaakt.", "apologises", "Wij hebben een fout gemaakt"),
        ("nl", "Wij hebben een fout gemaakt.", "acknowledges", "Wij hebben een fout gemaakt"),
        ("nl", "Dit zal nooit meer gebeuren, dat garanderen wij.", "over-promises", "Dit zal nooit meer gebeuren"),
        ("nl", "Er zijn geen aanwijzingen dat de gegevens zijn misbruikt.", "minimises", "geen aanwijzingen dat"),
        ("nl", "Een medewerker van onze leverancier klikte op een link.", "blames", "medewerker van onze leverancier"),
        ("nl", "De threat actor heeft via exfiltratie IOC's achtergelaten.", "jargon", "threat actor; exfiltratie"),
        ("nl", "De ransomware-variant is bekend.", "jargon", "ransomware-variant"),
        ("nl", "Bel 0800-1234.", "gives-contact", "0800-1234"),
        ("nl", "Mail naar privacy@rijnoord.example.", "gives-contact", "privacy@rijnoord.example"),
        ("nl", "Kijk op www.rijnoord.example/datalek.", "gives-contact", "www.rijnoord.example/datalek"),
        ("nl", "Heeft u vragen, belt u met de patiëntenservice.", "gives-contact", "belt u met"),
        ("nl", "Bel ons gerust.", "gives-contact", "Bel ons"),
        ("nl", "Vanavond om 20:00 volgt meer.", "next-update", "Vanavond"),
        ("nl", "Morgen weten we meer.", "next-update", "Morgen"),
        ("nl", "Binnen 24 uur hoort u van ons.", "next-update", "Binnen 24 uur"),
        ("nl", "We houden u op de hoogte via onze website.", "next-update", "houden u op de hoogte via"),
        ("nl", "Wees alert op phishing.", "advises", "Wees alert"),
        ("nl", "Wijzig uw wachtwoord.", "advises", "Wijzig uw wachtwoord"),
        ("nl", "Klik niet op links in mails.", "advises", "Klik niet op"),
        ("nl", "Neem contact op met uw bank.", "advises", "Neem contact op met uw bank"),
        ("nl", "Ongeveer 4.000 klanten zijn getroffen.", "says-how-many", "Ongeveer 4.000 klanten"),
        ("nl", "Het gaat om 1,2 miljoen klanten.", "says-how-many", "1,2 miljoen klanten"),
        ("en", "We apologise to everyone affected.", "apologises", "apologise"),
        ("en", "We can guarantee this will never happen again.", "over-promises", "guarantee"),
        ("en", "A member of staff at our supplier clicked a link.", "blames", "A member of staff at our supplier"),
        ("en", "Indicators of compromise show lateral movement.", "jargon", "Indicators of compromise"),
        ("en", "Only a few customers are affected.", "minimises", "Only a few"),
        ("en", "Email help@northwind.example for help.", "gives-contact", "help@northwind.example"),
        ("en", "Our helpline is open.", "gives-contact", "helpline"),
        ("en", "Within 24 hours we will write to you.", "next-update", "Within 24 hours"),
        ("en", "Change your password now.", "advises", "Change your password"),
        ("en", "Some 180,000 patients are affected.", "says-how-many", "Some 180,000 patients"),
    ],
)
def test_the_lexicons_recognise_what_real_statements_say(language, text, code, words):
    found = evidence(assess(text, language))
    assert code in found and words in (found[code] or ""), found


@pytest.mark.parametrize(
    ("language", "text", "not_code"),
    [
        ("nl", "Criminelen hebben toegang gekregen; kwaadwillenden eisen losgeld.", "blames"),
        ("en", "Criminals broke in.", "blames"),
        ("nl", "Het forensisch onderzoek loopt.", "jargon"),
        ("nl", "Wij kunnen niet garanderen dat alles boven water komt.", "over-promises"),
        ("en", "We cannot guarantee that.", "over-promises"),
        ("nl", "Onze excuses voor het ongemak.", "apologises"),  # a cliché, not an apology
        ("en", "We apologise for any inconvenience.", "apologises"),
        ("nl", "We onderzoeken of patiëntgegevens zijn ingezien.", "acknowledges"),
        ("nl", "Een beperkt aantal klanten is mogelijk getroffen.", "says-how-many"),
        ("nl", "Om 03:15 uur ontdekten we de aanval.", "next-update"),
        ("nl", "Sinds 2 maart zijn 40 GB aan bestanden gestolen.", "says-how-many"),
        ("nl", "Neem contact op met uw bank.", "gives-contact"),
    ],
)
def test_what_the_lexicons_do_not_take_for_it(language, text, not_code):
    assert not_code not in evidence(assess(text, language))


def test_a_cliche_apology_is_a_cliche():
    found = evidence(assess("Onze excuses voor het ongemak.", "nl"))
    assert found["cliche"] == "excuses voor het ongemak" and "no-apology" in found


# --- contradictions -----------------------------------------------------------------------------


def test_a_later_count_that_differs_contradicts_the_earlier_statement():
    first = assess("Ongeveer 4.000 patiënten zijn getroffen.", "nl")
    later = assess("Het gaat om 180.000 patiënten.", "nl", earlier=(first,))
    assert evidence(later)["contradicts-earlier"] == "180.000 patiënten ≠ Ongeveer 4.000 patiënten"
    assert later.mood < first.mood


def test_earlier_statements_may_be_given_as_text_in_either_language():
    later = assess("1.2 million customers are affected.", "en", earlier=("About 4,000 customers were affected.",))
    assert evidence(later)["contradicts-earlier"] == "1.2 million customers ≠ About 4,000 customers"


def test_the_same_count_again_or_a_correction_that_says_so_contradicts_nothing():
    first = assess("Ongeveer 4.000 patiënten zijn getroffen.", "nl")
    again = assess("Het blijft bij 4.000 patiënten.", "nl", earlier=(first,))
    corrected = assess(
        "Eerder meldden we 4.000 patiënten; inmiddels weten we dat het om 180.000 patiënten gaat.",
        "nl",
        earlier=(first,),
    )
    assert "contradicts-earlier" not in evidence(again)
    assert "contradicts-earlier" not in evidence(corrected)


def test_the_latest_earlier_count_is_the_one_remembered():
    earlier = ("4.000 patiënten zijn getroffen.", "Eerder meldden we 4.000; het zijn 180.000 patiënten.")
    assert "contradicts-earlier" not in evidence(assess("Het gaat om 180.000 patiënten.", "nl", earlier=earlier))


def test_admitting_what_an_earlier_statement_denied_contradicts_it():
    first = assess("Er zijn geen medische gegevens ingezien.", "nl")
    assert [d.topic for d in first.denied] == ["medical"]
    later = assess("Ook medische gegevens zijn buitgemaakt.", "nl", earlier=(first,))
    assert evidence(later)["contradicts-earlier"] == "medische gegevens ≠ geen medische gegevens"
    english = assess("Medical records were stolen.", "en", earlier=("No medical data was accessed.",))
    assert evidence(english)["contradicts-earlier"] == "Medical records ≠ No medical data"


@pytest.mark.parametrize(
    ("language", "text", "fact", "words"),
    [
        ("nl", "Er zijn geen medische gegevens ingezien.", "gezondheidsgegevens", "geen medische gegevens"),
        ("nl", "Het gaat niet om ransomware.", "ransomware", "niet om ransomware"),
        ("nl", "Er is geen sprake van een cyberaanval.", "ransomware", "geen sprake van een cyberaanval"),
        ("en", "No medical data was accessed.", "medical data", "No medical data"),
        ("en", "Medical records were not accessed.", "gezondheidsgegevens", "Medical records were not"),
        ("nl", "Er is geen losgeld betaald.", "losgeld betaald", "geen losgeld betaald"),
    ],
)
def test_denying_a_fact_contradicts_it(language, text, fact, words):
    assert "contradicts-facts" not in evidence(assess(text, language))
    assert evidence(assess(text, language, facts=(fact,)))["contradicts-facts"] == words


@pytest.mark.parametrize(
    ("language", "text"),
    [
        ("nl", "We weten nog niet of medische gegevens zijn ingezien."),
        ("nl", "Er zijn geen aanwijzingen dat medische gegevens zijn misbruikt."),
        ("nl", "Deel nooit uw wachtwoord en geef geen inloggegevens door."),
        ("en", "We do not yet know whether medical data was accessed."),
        ("en", "Do not share passwords with anyone."),
    ],
)
def test_doubt_and_advice_deny_nothing(language, text):
    facts = ("medische gegevens", "wachtwoorden")
    assert "contradicts-facts" not in evidence(assess(text, language, facts=facts))


# --- tuning per scenario -------------------------------------------------------------------------


def test_weights_override_and_zero_switches_a_point_off():
    plain = assess(DEFENSIVE["nl"], "nl")
    tuned = assess(DEFENSIVE["nl"], "nl", tuning=Rubric(weights={"cliche": -0.3, "no-contact": 0}))
    assert evidence(tuned)["cliche"] == "We nemen privacy zeer serieus"
    assert tuned.point("cliche").delta == -0.3 and tuned.point("no-contact") is None
    assert tuned.mood == max(-MOOD_LIMIT, plain.mood - 0.2 + 0.08)


def test_phrases_extend_a_lexicon_as_words_or_as_regular_expressions():
    text = "Kom naar de balie in de centrale hal. Wij staan voor u klaar. Ruim 300 mantelzorgers zijn geraakt."
    tuning = Rubric(
        phrases={
            "gives-contact": ["de balie in de  centrale hal"],
            "cliche": ["/wij staan (voor u|altijd) klaar/"],
            "says-who": ["mantelzorgers"],
        }
    )
    assert not {"gives-contact", "cliche", "says-how-many"} & set(evidence(assess(text, "nl")))
    found = evidence(assess(text, "nl", tuning=tuning))
    assert found["gives-contact"] == "de balie in de centrale hal"
    assert found["cliche"] == "Wij staan voor u klaar"
    assert found["says-how-many"] == "Ruim 300 mantelzorgers"


def test_expect_chooses_which_missing_elements_count():
    nothing = Rubric(expect=[])
    assert [p.code for p in assess(DEFENSIVE["nl"], "nl", tuning=nothing).points] == ["says-who", "minimises", "cliche"]
    more = Rubric(expect=["says-how-many", "gives-contact"])
    assert [p.code for p in assess(DEFENSIVE["nl"], "nl", tuning=more).points if p.evidence is None] == [
        "no-how-many",
        "no-contact",
    ]


def test_facts_come_from_the_tuning_too():
    tuning = Rubric(facts=["gezondheidsgegevens"])
    found = evidence(assess("Er zijn geen medische gegevens ingezien.", "nl", tuning=tuning))
    assert found["contradicts-facts"] == "geen medische gegevens"


# --- the scenario field ---------------------------------------------------------------------------


def with_rubric(block: str) -> str:
    return edit(VALID, "hotwash:\n", block + "hotwash:\n")


def test_a_scenario_without_a_rubric_gets_the_defaults():
    scenario = parse(VALID.encode(), "drill.yaml").scenario
    assert scenario is not None and scenario.rubric == Rubric()
    assert scenario.rubric.expected == RUBRIC_EXPECT


def test_a_scenario_rubric_loads_and_tunes(problems_of):
    text = with_rubric(
        "rubric:\n"
        "  weights: {no-contact: -0.2, jargon: 0}\n"
        "  phrases:\n"
        "    gives-contact: [de balie in de centrale hal, '/servicepunt \\d+/']\n"
        "  facts: [gezondheidsgegevens]\n"
        "  expect: [gives-contact]\n"
    )
    assert problems_of(text) == []
    scenario = parse(text.encode(), "drill.yaml").scenario
    assert scenario is not None
    assert scenario.rubric.weights == {"no-contact": -0.2, "jargon": 0.0}
    assert scenario.rubric.expected == ("gives-contact",)
    found = evidence(assess("Loop even langs bij servicepunt 4.", "nl", tuning=scenario.rubric))
    assert found == {"gives-contact": "servicepunt 4"}


@pytest.mark.parametrize(
    ("block", "expected"),
    [
        (
            "rubric:\n  weights: {cliché: -0.2}\n",
            "drill.yaml:26:13: error: rubric.weights.cliché: unknown rubric point 'cliché'; did you mean 'cliche'?",
        ),
        (
            "rubric:\n  phrases:\n    cliche: ['/(wij staan klaar/']\n",
            "drill.yaml:27:14: error: rubric.phrases.cliche[#1]: '/(wij staan klaar/' is not a valid regular "
            "expression: missing ), unterminated subpattern at character 2",
        ),
        (
            "rubric:\n  phrases:\n    cliche: ['/(voor u)?/']\n",
            "drill.yaml:27:14: error: rubric.phrases.cliche[#1]: '/(voor u)?/' matches empty text, "
            "so it would match everywhere",
        ),
        (
            "rubric:\n  phrases: {no-contact: [bel ons]}\n",
            "drill.yaml:26:13: error: rubric.phrases.no-contact: 'no-contact' is the absence of an element; "
            "give phrases for the element itself",
        ),
        (
            "rubric:\n  phrases: {contradicts-facts: [nooit]}\n",
            "drill.yaml:26:13: error: rubric.phrases.contradicts-facts: 'contradicts-facts' is found by "
            "comparing statements and facts, not by words; it takes no phrases",
        ),
        (
            "rubric:\n  expect: [gives-contact, advice]\n",
            "drill.yaml:26:27: error: rubric.expect[#2]: unknown rubric point 'advice'; did you mean 'advises'?",
        ),
        (
            "rubric:\n  expect: [jargon]\n",
            "drill.yaml:26:12: error: rubric.expect[#1]: 'jargon' is not an element a statement should have; "
            "expect takes acknowledges, apologises, says-what, says-who, says-how-many, advises, gives-contact, "
            "next-update",
        ),
        (
            "rubric:\n  weights: {jargon: -3}\n",
            "drill.yaml:26:21: error: rubric.weights.jargon: the number -3 is out of range; it should be at least -1.0",
        ),
        (
            "rubric:\n  wieghts: {jargon: -0.1}\n",
            "drill.yaml:26:3: error: rubric: unknown field 'wieghts'; did you mean 'weights'?",
        ),
        (
            "rubric: [jargon]\n",
            "drill.yaml:25:9: error: rubric: should be a mapping (key: value lines), not a list",
        ),
    ],
)
def test_a_bad_rubric_gets_one_located_line(problems_of, block, expected):
    assert problems_of(with_rubric(block)) == [expected]


# --- the built-in example, the texts, the speed ------------------------------------------------


def test_the_example_playbook_statements_are_read_sensibly_and_stably():
    scenario = load(resolve("rijnoord-ransomware")).scenario
    assert scenario is not None
    path = ROOT / "docs" / "examples" / "rijnoord-team.playbook.yaml"
    book = parse_playbook(path.read_bytes(), str(path), scenario)
    assert book.problems == []
    said = [e.fields["text"] for e in book.entries if e.action in ("statement", "post")]
    earlier: list[Assessment] = []
    for text in said:
        earlier.append(assess(text, scenario.language, earlier=earlier, facts=("gezondheidsgegevens", "ransomware")))
    holding, rumour_post = earlier
    # the holding statement: a fair first statement, short of an apology, a phone line and a next update
    assert evidence(holding) == {
        "acknowledges": "is getroffen door",
        "says-what": "cyberaanval; patiëntgegevens zijn ingezien",
        "says-who": "patiënten",
        "advises": "Spoedzorg gaat door",
        "no-apology": None,
        "no-contact": None,
        "no-next-update": None,
    }
    assert (holding.mood, holding.volume) == (0.07, 0.9223)
    # the post on the rumour says little that helps
    assert rumour_post.codes == (
        "acknowledges",
        "says-what",
        "no-apology",
        "no-advice",
        "no-contact",
        "no-next-update",
    )
    assert (rumour_post.mood, rumour_post.volume) == (-0.12, 1.1487)


def test_every_code_has_a_weight_and_a_sentence():
    assert set(WEIGHTS) == set(RUBRIC_CODES) == set(POINT_TEXT)
    for code, sentence in POINT_TEXT.items():
        assert sentence == sentence.strip() and sentence[0].islower()
        assert ("{evidence}" in sentence) == (not code.startswith("no-")), code
        assert sentence.format(evidence="x")
    assert POINT_TEXT["no-contact"] == "gave no phone line or contact point"


def test_the_same_words_give_the_same_assessment():
    assert assess(HONEST["nl"], "nl") == assess(HONEST["nl"], "nl")


def test_saying_nothing_lacks_everything_expected():
    silent = assess("  ", "nl")
    assert [p.code for p in silent.points] == [f"no-{c}" for c in ("acknowledgement", "apology", "what")] + [
        "no-advice",
        "no-contact",
        "no-next-update",
    ]
    assert silent.mood == round(sum(p.delta for p in silent.points), 4) == -0.34


def test_typographic_quotes_and_case_do_not_matter_and_the_evidence_is_the_original_words():
    found = evidence(assess("WIJ NEMEN PRIVACY ZEER SERIEUS. Dat zeggen IOC\u2019s.", "nl"))
    assert found["cliche"] == "WIJ NEMEN PRIVACY ZEER SERIEUS" and found["jargon"] == "IOC\u2019s"


def test_a_language_without_a_lexicon_is_read_as_english():
    assert assess(HONEST["en"], "de") == assess(HONEST["en"], "en")


def test_a_thousand_characters_take_well_under_a_millisecond():
    text = (HONEST["nl"] + " " + DEFENSIVE["nl"] + " ") * 3
    text = text[:1000]
    prepare("nl", facts=("ransomware",))
    first = assess("Ongeveer 4.000 patiënten zijn getroffen; geen medische gegevens.", "nl")
    rounds = []
    for _ in range(5):  # the best of five: the machine is shared
        start = time.perf_counter()
        for _ in range(20):
            assess(text, "nl", earlier=(first,), facts=("ransomware",))
        rounds.append((time.perf_counter() - start) / 20)
    assert min(rounds) < 0.002  # about 0.3 ms on a laptop; the margin is for loaded CI machines


@pytest.mark.parametrize("text", ["geen " * 200, "niet " * 200, "1 " * 500, "x@" * 500, "zijn " * 200, "no " * 300])
def test_no_pathological_text_is_slow(text):
    prepare("nl")
    start = time.perf_counter()
    assess(text, "nl", earlier=("geen medische gegevens",))
    assert time.perf_counter() - start < 0.05

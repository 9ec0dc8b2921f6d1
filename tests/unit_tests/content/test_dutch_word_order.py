"""Dutch word order in every Dutch fragment: in a subordinate clause the finite verb goes last.

"dat ze het niet hebben gemeld", never "dat ze hebben het niet gemeld". The check is a heuristic:
after a subordinating conjunction and its subject (a pronoun or name, or an article and a noun),
the next word must not be a finite verb from the list, unless only the rest of a verb cluster
follows it up to the end of the clause ("omdat ze moeten betalen", "als het waar is").
"""

import re

import pytest

from crisissim.content.grammar import SLOTS, expand
from crisissim.content.personas import builtin_personas

CONJUNCTIONS = {"dat", "omdat", "als", "of", "terwijl", "zodat", "nadat", "voordat", "hoewel", "wanneer", "zodra"}
FINITE = {
    *("heeft", "hebben", "is", "zijn", "wordt", "worden", "kan", "kunnen", "moet", "moeten"),
    *("gaat", "gaan", "wil", "willen", "zal", "zullen", "was", "waren", "had", "hadden"),
}
#: Articles and possessives that always start a noun phrase, and words that may be one or a pronoun.
ARTICLES = {"de", "een", "mijn", "m'n", "jouw", "onze", "hun", "deze", "zo'n", "elke", "iedere", "geen", "welke"}
MAYBE_ARTICLES = {"het", "dat", "dit", "die", "je", "zijn", "haar", "ons", "jullie"}
#: 'dat' after one of these is a demonstrative ("uit dat systeem"), not a conjunction.
PREPOSITIONS = {"in", "uit", "op", "van", "met", "aan", "bij", "voor", "naar", "over", "door", "om", "tot", "zonder"}
#: Words that follow a pronoun but never make a noun phrase with it: "als dat zo is".
NOT_NOUNS = {"zo", "niet", "wel", "echt", "ook", "al", "nog", "toch", "maar", "nu", "dan", "er", "hier", "daar", "dus"}
NOT_VERBS = {"morgen", "tegen", "geen", "even", "open", "binnen", "boven", "eigen", "heen", "alleen", "verder"}
#: Genuine exceptions: fragments (or parts of them) that read right but fool the heuristic.
ALLOWED: tuple[str, ...] = ()

_TOKEN = re.compile(r"[\wÀ-ÿ'’-]+|[^\w\s]")


def tokens(text: str) -> list[str]:
    text = re.sub(r"\{\{[^}]*\}\}", "Naam", text)  # a whole-post Jinja template
    text = re.sub(r"\{[a-z_]+\}", "Naam", text)  # a fragment placeholder: a name as subject
    return [t.lower() for t in _TOKEN.findall(text)]


def _is_word(token: str) -> bool:
    return token[0].isalnum()


def _verb_cluster(rest: list[str]) -> bool:
    """Only infinitives and participles until the clause ends."""
    for token in rest:
        if not _is_word(token):
            return True
        if token in NOT_VERBS:
            return False
        infinitive = token.endswith("en") and len(token) >= 4
        participle = token.startswith(("ge", "be", "ver", "ont", "her")) and len(token) >= 5
        if not (infinitive or participle or token == "te"):
            return False
    return True


def word_order_slips(text: str) -> list[str]:
    """The stretches of ``text`` that put a finite verb right after a conjunction and its subject."""
    words = tokens(text)
    slips = []
    for i, word in enumerate(words):
        before = words[i - 1] if i else ""
        if word not in CONJUNCTIONS or before in CONJUNCTIONS or (word == "dat" and before in PREPOSITIONS):
            continue  # 'als dat klopt': this 'dat' is the subject; 'uit dat systeem': a demonstrative
        spots = [i + 2]
        if i + 1 < len(words) and (
            words[i + 1] in ARTICLES
            or (
                words[i + 1] in MAYBE_ARTICLES
                and i + 2 < len(words)
                and not words[i + 2].endswith(("t", "en"))
                and words[i + 2] not in NOT_NOUNS
            )
        ):
            spots.append(i + 3)
        for j in spots:
            if (
                j < len(words)
                and all(_is_word(w) for w in words[i + 1 : j])
                and words[j] in FINITE
                and not _verb_cluster(words[j + 1 :])
            ):
                slips.append(" ".join(words[i : j + 2]))
    return slips


def dutch_texts():
    library = builtin_personas()
    for persona_id in library.ids("crowd"):
        voice = library.crowd(persona_id).voice("nl")
        if voice.grammar is not None:
            for slot in SLOTS:
                for k, fragment in enumerate(voice.grammar.fragments(slot)):
                    for variant in expand(fragment.text):
                        yield f"{persona_id} nl.grammar.{slot}[#{k + 1}]", variant
        for k, post in enumerate(voice.posts):
            yield f"{persona_id} nl.posts[#{k + 1}]", post


@pytest.mark.parametrize(
    "text",
    [
        "Ik weet niet of ze hebben het gemeld.",
        "dat {org_short} heeft stiekem al losgeld betaald",
        "Ze zeggen dat het ziekenhuis is gehackt door criminelen.",
        "Nu blijkt dat mijn dossier wordt verkocht op internet.",
    ],
)
def test_the_check_finds_main_clause_order_after_a_conjunction(text):
    assert word_order_slips(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ik weet niet of ze het hebben gemeld.",
        "Als dat klopt is dit een schoolvoorbeeld.",
        "Als dat zo is moeten er koppen rollen.",
        "omdat ze moeten betalen",
        "Als het waar is, stap ik naar de rechter.",
        "Ik wil dat mijn dossier uit dat systeem wordt verwijderd.",
        "Ik wil dat alles wordt verwijderd.",
    ],
)
def test_the_check_lets_correct_order_pass(text):
    assert word_order_slips(text) == []


def test_every_dutch_fragment_puts_the_finite_verb_last_in_a_subordinate_clause():
    slips = [
        f"{where}: '{slip}' in: {text}"
        for where, text in dutch_texts()
        if not any(allowed in text for allowed in ALLOWED)
        for slip in word_order_slips(text)
    ]
    assert slips == []

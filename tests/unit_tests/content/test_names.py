"""Names people in the country have, never a persona's label; one handle, one person."""

import random
import re
import unicodedata

from crisissim.content.names import GROUPS, HandleBook, person
from crisissim.content.people import ascii_handle, make_account
from crisissim.content.personas import builtin_personas

LIBRARY = builtin_personas()


def crowd(count: int, book: HandleBook, seed: int = 1):
    personas = [LIBRARY.crowd(p) for p in LIBRARY.ids("crowd")]
    rng = random.Random(seed)
    for i in range(count):
        persona = personas[i % len(personas)]
        language = ("nl", "en")[(i // len(personas)) % 2]
        yield persona, language, make_account(persona, language, rng, handles=book, owner=f"storm:{i}")


def test_every_handle_belongs_to_one_name_over_five_thousand_accounts():
    book = HandleBook()
    names: dict[str, set[str]] = {}
    for _, _, account in crowd(5000, book):
        names.setdefault(account.handle.lower(), set()).add(account.name)
        assert re.fullmatch(r"[A-Za-z0-9_]{1,20}", account.handle), account
    assert all(len(n) == 1 for n in names.values()), [h for h, n in names.items() if len(n) > 1][:5]
    assert len(names) == 5000  # and each account its own


def test_no_display_name_shows_a_persona_label():
    for persona, language, account in crowd(5000, HandleBook(), seed=2):
        words = {w.lower() for w in persona.voice(language).words}
        assert not words & set(re.findall(r"\w+", account.name.lower())), account


def test_names_come_from_the_curated_lists():
    firsts = {language: {n for g in groups for n in (*g.women, *g.men)} for language, groups in GROUPS.items()}
    lasts = {
        language: {form for g in groups for s in g.surnames for form in s.split("/")}
        for language, groups in GROUPS.items()
    }
    rng = random.Random(3)
    for language in ("nl", "en"):
        drawn = [person(language, rng) for _ in range(3000)]
        assert all(first in firsts[language] and last in lasts[language] for first, last in drawn)
        assert len(set(drawn)) > 1500
    dutch = [last for _, last in (person("nl", rng) for _ in range(3000))]
    assert any(last.startswith(("de ", "van ")) for last in dutch), "tussenvoegsels"
    assert len({last for last in dutch if last[0].isupper() and " " not in last}) > 50


def test_polish_surnames_take_the_form_of_the_person():
    women = {n for g in GROUPS["nl"] for n in g.women}
    men = {n for g in GROUPS["nl"] for n in g.men}
    rng = random.Random(4)
    forms = set()
    for _ in range(20000):
        first, last = person("nl", rng)
        if last in ("Kowalska", "Kowalski") and (first in women) != (first in men):
            assert last == ("Kowalska" if first in women else "Kowalski"), (first, last)
            forms.add(last)
    assert forms == {"Kowalska", "Kowalski"}


def test_a_taken_handle_gets_digits_the_same_way_every_time():
    def claims():
        book = HandleBook()
        return [book.claim("annadejong", "a"), book.claim("annadejong", "b"), book.claim("AnnaDeJong", "c")]

    first = claims()
    assert first == claims()
    assert first[0] == "annadejong" and len({h.lower() for h in first}) == 3
    assert all(h.lower().startswith("annadejong") for h in first)
    book = HandleBook()
    assert book.claim("x", "same") == book.claim("x", "same") == "x"


def test_handles_fold_letters_unicode_does_not_decompose():
    assert ascii_handle("Yılmaz_Łukasz", "u") == "Yilmaz_Lukasz"
    assert ascii_handle("Zoë van 't Hof", "u") == "ZoevantHof"
    assert unicodedata.is_normalized("NFC", "Şahin")

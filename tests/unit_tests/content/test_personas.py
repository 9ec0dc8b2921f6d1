"""The built-in personas: complete, in both languages, and renderable."""

import random
import re

import pytest

from crisissim.content.people import make_account
from crisissim.content.personas import CROWD_ARCHETYPES, JOURNALIST_ARCHETYPES, builtin_personas
from crisissim.content.posts import render_post
from crisissim.content.story import quiet_moment
from crisissim.content.templates import render

LIBRARY = builtin_personas()


def test_every_persona_file_loads():
    assert [str(p) for p in LIBRARY.problems] == []
    assert set(LIBRARY.ids("crowd")) >= set(CROWD_ARCHETYPES)
    assert set(LIBRARY.ids("journalist")) >= set(JOURNALIST_ARCHETYPES)


@pytest.mark.parametrize("persona_id", CROWD_ARCHETYPES)
@pytest.mark.parametrize("language", ["en", "nl"])
def test_crowd_archetype_writes_many_distinct_posts(persona_id, language):
    voice = LIBRARY.crowd(persona_id).voice(language)
    context = {
        "org": {"name": "Ziekenhuis Rijnoord", "short": "Rijnoord"},
        "tag": "#datalek",
        "rumour": "HIV-statussen staan online",
        "author": "Jan",
    }
    if voice.grammar is not None:
        rng = random.Random(persona_id)
        moment = quiet_moment(context["org"], ("#datalek",))
        persona = LIBRARY.crowd(persona_id)
        texts = {
            render_post(persona, language, rng, make_account(persona, language, rng), moment).text for _ in range(40)
        }
        assert len(texts) >= 36, "a storm without rumours has plenty to say too"
        return
    texts = {render(p, context) for p in voice.posts}
    assert len(texts) >= 12
    assert voice.plain_posts, "a storm without rumours needs posts too"


#: What a rewritten persona holds per language, at least: a storm of thousands of different people.
GRAMMAR_SIZES = {"opening": 12, "claim": 40, "feeling": 15, "ending": 10}


@pytest.mark.parametrize("persona_id", ["angry-patient", "angry-customer", "worried-resident", "bank-customer"])
@pytest.mark.parametrize("language", ["en", "nl"])
def test_rewritten_personas_have_rich_grammars(persona_id, language):
    grammar = LIBRARY.crowd(persona_id).voice(language).grammar
    assert grammar is not None
    for slot, least in GRAMMAR_SIZES.items():
        assert len(grammar.fragments(slot)) >= least, slot
    assert len(grammar.demand) + len(grammar.question) >= 15
    claims = grammar.claim
    assert sum(not (f.topics - {"breach"}) for f in claims) >= 20, "many claims need only the breach"
    for topic in ("letter", "statement", "no-statement", "article", "tv", "rumour", "phone-line", "apology"):
        assert any(topic in f.topics for f in claims), topic
    assert any("{quote}" in f.text for f in claims)


@pytest.mark.parametrize("persona_id", JOURNALIST_ARCHETYPES)
@pytest.mark.parametrize("language", ["en", "nl"])
def test_journalists_have_fictional_outlets_and_questions(persona_id, language):
    voice = LIBRARY.journalist(persona_id).voice(language)
    assert len(voice.outlets) >= 3
    assert all(o.domain.endswith(".example") for o in voice.outlets)
    assert len(voice.questions) >= 8
    assert all("{{ deadline }}" in c for c in voice.closings)


def test_handles_are_what_platforms_allow_even_for_accented_names():
    import random

    from crisissim.content.fakers import SeededFaker

    for persona_id in CROWD_ARCHETYPES:
        for language in ("en", "nl"):
            rng = random.Random(persona_id + language)
            for _ in range(40):
                account = make_account(LIBRARY.crowd(persona_id), language, rng, SeededFaker(language, rng))
                assert re.fullmatch(r"[A-Za-z0-9_]{1,20}", account.handle), account
                assert account.name.strip()

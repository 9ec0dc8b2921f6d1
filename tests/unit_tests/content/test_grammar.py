"""Composed posts: many different texts, only about what happened, in the mood of the moment."""

import collections
import random
import statistics

import pytest

from crisissim.content.grammar import SLOTS, composer, expand, kin, sentences, without_hashtags
from crisissim.content.names import HandleBook
from crisissim.content.people import make_account
from crisissim.content.personas import builtin_personas, load_persona_file
from crisissim.content.posts import render_post
from crisissim.content.story import TOPICS, Moment, quiet_moment

LIBRARY = builtin_personas()
REWRITTEN = ("angry-patient", "angry-customer", "worried-resident", "bank-customer")
STORY = {
    "nl": {
        "org": {"name": "Ziekenhuis Rijnoord", "short": "Rijnoord"},
        "hashtags": ("#datalek", "#rijnoord", "#ransomware"),
        "rumours": (
            "de HIV-statussen van patiënten van Rijnoord staan online",
            "Rijnoord heeft stiekem al losgeld betaald",
        ),
        "quotes": (
            "we nemen de bescherming van uw gegevens zeer serieus",
            "patiënten met vragen kunnen bellen met ons informatienummer",
        ),
        "article": ("Dagblad Rijnmond", "Rijnoord wist al dagen van het lek"),
        "tv": ("RTV Rijnmond", "Onrust bij patiënten van Rijnoord"),
    },
    "en": {
        "org": {"name": "Northwind Outfitters", "short": "Northwind"},
        "hashtags": ("#northwind", "#databreach", "#northwindleak"),
        "rumours": ("full card numbers and CVVs are in the leak", "Northwind knew for weeks and said nothing"),
        "quotes": (
            "we take the security of your data extremely seriously",
            "customers with questions can call our dedicated line",
        ),
        "article": ("The Riverside Courier", "Northwind leak bigger than first thought"),
        "tv": ("Channel Nine News", "Customers queue for answers"),
    },
}


def story(language: str) -> list[Moment]:
    """The usual topics over time: breach and rumour, a statement, an article, letters, TV, a line."""
    s = STORY[language]
    org, tags, rumours = s["org"], s["hashtags"], s["rumours"]
    q1, q2 = s["quotes"]
    article, tv = s["article"], s["tv"]

    def at(topics, quote=None, news=None):
        outlet, headline = news or (None, None)
        return Moment(frozenset({"breach", "rumour", *topics}), org, tags, rumours, quote, 1, outlet, headline)

    return [
        at({"no-statement", "no-letter"}),
        at({"statement", "no-letter"}, q1),
        at({"statement", "no-letter", "article"}, q1, article),
        at({"statement", "team-post", "letter", "article"}, q1, article),
        at({"statement", "letter", "tv", "phone-line"}, q2, tv),
        at({"statement", "letter", "tv", "phone-line", "apology"}, q2, tv),
    ]


def storm(language: str, count: int, seed: int = 11) -> list[tuple[Moment, str, tuple[str, ...], str]]:
    rng = random.Random(seed)
    book = HandleBook()
    personas = [LIBRARY.crowd(p) for p in REWRITTEN]
    accounts = [make_account(personas[i % 2], language, rng, handles=book, owner=str(i)) for i in range(3000)]
    moments = story(language)
    out = []
    for k in range(count):
        moment = moments[k * len(moments) // count]
        i = rng.randrange(len(accounts))
        shift = 0.35 if k > count // 2 else 0.0
        post = render_post(personas[i % 2], language, rng, accounts[i], moment, shift)
        out.append((moment, post.text, post.fragments, personas[i % 2].id))
    return out


@pytest.mark.parametrize("language", ["nl", "en"])
def test_forty_thousand_posts_are_nearly_all_different(language):
    texts = [without_hashtags(text) for _, text, _, _ in storm(language, 40_000)]
    distinct = len(set(texts)) / len(texts)
    window: collections.deque[str] = collections.deque()
    recent: collections.Counter[str] = collections.Counter()
    repeats = 0
    for text in texts:
        repeats += recent[text] > 0
        window.append(text)
        recent[text] += 1
        if len(window) > 500:
            recent[window.popleft()] -= 1
    assert distinct >= 0.90, collections.Counter(texts).most_common(5)
    assert repeats / len(texts) <= 0.01


def _fragment(persona_id: str, language: str, fragment_id: str):
    slot, number = fragment_id.split("#")
    return LIBRARY.crowd(persona_id).voice(language).grammar.fragments(slot)[int(number) - 1]


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_post_only_speaks_of_what_has_happened(language):
    for moment, _, fragments, persona_id in storm(language, 6000, seed=3):
        for fragment_id in fragments:
            assert _fragment(persona_id, language, fragment_id).topics <= moment.topics, fragment_id


@pytest.mark.parametrize("language", ["nl", "en"])
def test_no_letter_before_one_was_sent(language):
    letters = {
        persona_id: {
            f"{slot}#{k + 1}"
            for slot in SLOTS
            for k, f in enumerate(LIBRARY.crowd(persona_id).voice(language).grammar.fragments(slot))
            if "letter" in f.needs
        }
        for persona_id in REWRITTEN
    }
    assert all(letters.values()), "the rewritten personas write about letters once they exist"
    s = STORY[language]
    everything_but = frozenset(TOPICS) - {"letter", "no-statement"}
    moment = Moment(everything_but, s["org"], s["hashtags"], s["rumours"], s["quotes"][0], 1, *s["article"])
    rng = random.Random(5)
    seen = set()
    for k in range(5000):
        persona = LIBRARY.crowd(REWRITTEN[k % 2])
        account = make_account(persona, language, rng)
        post = render_post(persona, language, rng, account, moment)
        assert not letters[persona.id] & set(post.fragments), post.text
        seen.update(post.fragments)
    with_letter = Moment(moment.topics | {"letter"}, *list(vars_of(moment))[1:])
    hits = 0
    for k in range(3000):
        persona = LIBRARY.crowd(REWRITTEN[k % 2])
        post = render_post(persona, language, rng, make_account(persona, language, rng), with_letter)
        hits += bool(letters[persona.id] & set(post.fragments))
    assert hits > 30


def vars_of(moment: Moment):
    return (getattr(moment, f) for f in moment.__slots__)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_team_is_quoted_once_it_has_spoken(language):
    quiet, spoken = story(language)[0], story(language)[1]
    quiet_texts = [text for m, text, _, _ in storm(language, 3000, seed=8) if m == quiet]
    assert quiet_texts and not any(STORY[language]["quotes"][0] in t for t in quiet_texts)
    rng = random.Random(2)
    persona = LIBRARY.crowd("angry-patient")
    texts = [
        render_post(persona, language, rng, make_account(persona, language, rng), spoken).text for _ in range(2000)
    ]
    assert sum(STORY[language]["quotes"][0].lower() in t.lower() for t in texts) > 20


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_calmer_crowd_reads_calmer(language):
    persona = LIBRARY.crowd("angry-customer")
    moment = story(language)[-1]
    grammar = persona.voice(language).grammar

    def mean_mood(shift: float) -> float:
        rng = random.Random(9)
        moods = []
        for _ in range(3000):
            post = render_post(persona, language, rng, make_account(persona, language, rng), moment, shift)
            for fragment_id in post.fragments:
                slot, number = fragment_id.split("#")
                mood = grammar.fragments(slot)[int(number) - 1].mood
                if mood is not None:
                    moods.append(mood)
        return statistics.mean(moods)

    assert mean_mood(0.8) > mean_mood(0.0) + 0.05


def test_same_seed_same_posts_other_seed_others():
    first = [text for _, text, _, _ in storm("nl", 500, seed=4)]
    assert first == [text for _, text, _, _ in storm("nl", 500, seed=4)]
    assert first != [text for _, text, _, _ in storm("nl", 500, seed=5)]


def test_posts_name_the_fragments_they_were_made_of():
    for _, text, fragments, persona_id in storm("en", 200):
        assert fragments, text
        for fragment_id in fragments:
            fragment = _fragment(persona_id, "en", fragment_id)
            assert fragment.text


def test_without_a_moment_a_post_is_written_against_the_quiet_moment():
    persona = LIBRARY.crowd("angry-patient")
    org = STORY["nl"]["org"]
    rng = random.Random(1)
    post = render_post(persona, "nl", rng, make_account(persona, "nl", rng), org=org, hashtags=["#datalek"])
    quiet = quiet_moment(org, ("#datalek",))
    for fragment_id in post.fragments:
        assert _fragment("angry-patient", "nl", fragment_id).topics <= quiet.topics


def test_choices_and_placeholders_expand():
    assert expand("Ik ben {echt |}{boos|woest}, {org_short}.") == [
        "Ik ben echt boos, {org_short}.",
        "Ik ben echt woest, {org_short}.",
        "Ik ben boos, {org_short}.",
        "Ik ben woest, {org_short}.",
    ]
    assert expand("a {{literal}} brace") == ["a {{literal}} brace"]


def test_whole_post_templates_still_work(tmp_path):
    path = tmp_path / "old-style.yaml"
    posts = "\n".join(f'    - "Post {i} about {{{{ org.short }}}} {{{{ tag }}}}"' for i in range(12))
    voice = f"""\
  names: ["{{{{ first }}}} {{{{ last }}}}"]
  handles: ["{{{{ first | lower }}}}{{{{ num }}}}"]
  posts:
{posts}
    - "They say {{{{ rumour }}}}"
"""
    path.write_text(
        "id: old-style\nkind: crowd\nlabel: {en: Old, nl: Oud}\nmood: -0.5\nspread: 0.1\nloudness: 1\n"
        f"followers: [1, 10]\nverified: 0\nen:\n{voice}nl:\n{voice}",
        encoding="utf-8",
    )
    persona, problems = load_persona_file(path)
    assert problems == [] and persona is not None and persona.en.grammar is None
    rng = random.Random(1)
    texts = {
        render_post(persona, "en", rng, make_account(persona, "en", rng), org={"name": "X Ltd", "short": "X"}).text
        for _ in range(200)
    }
    assert any("about X" in t for t in texts)
    assert not any("They say" in t for t in texts)  # no rumours in this storm


BAD = """\
id: bad-grammar
kind: crowd
label: {en: Bad, nl: Slecht}
mood: -0.5
spread: 0.1
loudness: 1
followers: [1, 10]
verified: 0
en:
  names: ["{{ first }}"]
  handles: ["{{ first | lower }}"]
  grammar:
    shapes:
      - "claim feling?"
      - {slots: "claim aside"}
    claim:
      - "Fine, {org_short}."
      - "Read {orgg} today."
      - {text: "They said {quote}.", needs: [article]}
      - {text: "Letters!", needs: [leter]}
      - {text: "{quote} says {org}", needs: [statement], mood: -2}
      - "Broken {brace"
nl:
  names: ["{{ first }}"]
  handles: ["{{ first | lower }}"]
"""


def test_grammar_mistakes_are_reported_one_line_each_where_they_are(tmp_path):
    path = tmp_path / "bad-grammar.yaml"
    path.write_text(BAD, encoding="utf-8")
    _, problems = load_persona_file(path)
    lines = BAD.splitlines()
    found = {(p.line, p.what.split(";")[0].split(" (")[0]) for p in problems}
    expected = {
        (lines.index('      - "claim feling?"') + 1, "unknown slot 'feling'"),
        (lines.index('      - "Read {orgg} today."') + 1, "unknown placeholder '{orgg}'"),
        (
            lines.index('      - {text: "They said {quote}.", needs: [article]}') + 1,
            "a fragment with {quote} needs [statement] or [team-post]: there is no quote before one of those happened",
        ),
        (lines.index('      - {text: "Letters!", needs: [leter]}') + 1, "unknown topic 'leter'"),
        (
            lines.index('      - {text: "{quote} says {org}", needs: [statement], mood: -2}') + 1,
            "the number -2 is out of range",
        ),
        (lines.index('      - "Broken {brace"') + 1, "a '{' without its '}' at character 8"),
        (lines.index("nl:") + 2, "a crowd voice needs a 'grammar'"),
    }
    assert found == expected, "\n".join(str(p) for p in problems)
    assert all(str(p).startswith(f"{path}:{p.line}:{p.col}: error: ") for p in problems)
    said = "\n".join(map(str, problems))
    assert "en.grammar.claim[#2].text: unknown placeholder '{orgg}'; did you mean '{org}'?" in said


EMPTY_SLOT = """\
id: empty-slot
kind: crowd
label: {en: Empty, nl: Leeg}
mood: -0.5
spread: 0.1
loudness: 1
followers: [1, 10]
verified: 0
en:
  names: ["{{ first }}"]
  handles: ["{{ first | lower }}"]
  grammar:
    shapes:
      - {slots: "claim aside"}
    claim: ["Fine, {org_short}."]
nl:
  names: ["{{ first }}"]
  handles: ["{{ first | lower }}"]
  grammar: {shapes: [claim], claim: [Ja.]}
"""


def test_a_shape_that_names_an_empty_slot_is_reported(tmp_path):
    path = tmp_path / "empty-slot.yaml"
    path.write_text(EMPTY_SLOT, encoding="utf-8")
    _, problems = load_persona_file(path)
    assert [(p.line, p.where, p.what) for p in problems] == [
        (
            EMPTY_SLOT.splitlines().index('      - {slots: "claim aside"}') + 1,
            "en.grammar.shapes[#1].slots[#2]",
            "slot 'aside' has no fragments; write some or drop it",
        )
    ]


def test_every_builtin_grammar_compiles_for_every_topic():
    everything = Moment(
        frozenset(TOPICS), {"name": "X Ltd", "short": "X"}, ("#x",), ("x leaked",), "a b c d", 1, "O", "H"
    )
    for persona_id in LIBRARY.ids("crowd"):
        for language in ("en", "nl"):
            grammar = LIBRARY.crowd(persona_id).voice(language).grammar
            if grammar is None:
                continue
            rng = random.Random(0)
            for _ in range(200):
                text, fragments = composer(grammar, language).compose(rng, everything, -0.5)
                assert text and fragments


def _every_grammar(language: str):
    for persona_id in LIBRARY.ids("crowd"):
        grammar = LIBRARY.crowd(persona_id).voice(language).grammar
        if grammar is not None:
            yield persona_id, grammar


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_post_never_repeats_one_of_its_sentences(language):
    for persona_id, grammar in _every_grammar(language):
        rng = random.Random(5)
        voice = composer(grammar, language)
        for k in range(1500):
            moment = story(language)[k % 6]
            text, _ = voice.compose(rng, moment, -1.0 + 2.0 * (k % 11) / 10)
            said = sentences(without_hashtags(text))
            assert len(said) == len(set(said)), (persona_id, text)


@pytest.mark.parametrize("language", ["nl", "en"])
def test_a_post_keeps_to_one_relative(language):
    """``mijn moeder`` in one sentence and ``mijn vader`` in the next reads as two people; only a
    fragment that names two itself (``de zus van mijn moeder``) may."""
    named = 0
    for persona_id, grammar in _every_grammar(language):
        rng = random.Random(7)
        voice = composer(grammar, language)
        for k in range(1500):
            text, fragments = voice.compose(rng, story(language)[k % 6], -1.0 + 2.0 * (k % 11) / 10)
            most = 1
            for fragment_id in fragments:
                slot, number = fragment_id.split("#")
                fragment = grammar.fragments(slot)[int(number) - 1]
                most = max([most] + [len(kin(v, language)) for v in expand(fragment.text)])
            found = kin(text, language)
            named += bool(found)
            assert len(found) <= most, (persona_id, sorted(found), text)
    assert named > 500  # the relatives' own voice names one in most posts


def test_relatives_are_read_as_the_person_they_name():
    assert kin("Ma woont alleen. Ik bel mijn moeder elke avond.", "nl") == {"moeder"}
    assert kin("De man aan de balie wist van niks. Mijn man ook niet.", "nl") == {"man"}
    assert kin("Mijn schoonmoeder", "nl") == {"schoonmoeder"}
    assert kin("my mum, and my mother-in-law", "en") == {"mother", "mother-in-law"}
    assert kin("Are children's records in there too?", "en") == set()


TIMED = """\
id: timed
kind: crowd
label: {en: Timed, nl: Getimed}
mood: -0.5
spread: 0.1
loudness: 1
followers: [1, 10]
verified: 0
en:
  names: ["{{ first }}"]
  handles: ["{{ first | lower }}"]
  grammar:
    shapes: [claim]
    claim:
      - "Still nothing from {org_short}."
      - {text: "A whole day and still nothing.", after: 20h}
      - {text: "Rang them this morning.", clock: [morning, afternoon, evening]}
      - {text: "Rang them yesterday.", from_day: 2}
nl:
  names: ["{{ first }}"]
  handles: ["{{ first | lower }}"]
  grammar: {shapes: [claim], claim: [Ja.]}
"""


def _said(voice, moment, at, n=400):
    rng = random.Random(3)
    return {voice.compose(rng, moment, -0.5, at)[0] for _ in range(n)}


def test_what_assumes_time_has_passed_waits_for_the_story_clock(tmp_path):
    # "a whole day" not at T+7h; "this morning" not at three in the night; "yesterday" not on day one
    path = tmp_path / "timed.yaml"
    path.write_text(TIMED, encoding="utf-8")
    persona, problems = load_persona_file(path)
    assert problems == [] and persona is not None
    voice = composer(persona.voice("en").grammar, "en")
    org = {"name": "Northwind Outfitters", "short": "Northwind"}
    at_seven = Moment(frozenset({"breach"}), org, clock_s=7 * 3600)  # T+0 at 07:00
    hour = 3600
    assert _said(voice, at_seven, 7 * hour) == {"Still nothing from Northwind.", "Rang them this morning."}
    # T+20h is 03:00 on day two: a whole day has passed and there was a yesterday, but no morning yet
    assert _said(voice, at_seven, 20 * hour) == {
        "Still nothing from Northwind.",
        "A whole day and still nothing.",
        "Rang them yesterday.",
    }
    assert "Rang them this morning." in _said(voice, at_seven, 26 * hour)
    # a time unknown (previews, validate) or a story without a clock says only what holds at any time
    assert _said(voice, at_seven, None) == {"Still nothing from Northwind."}
    assert _said(voice, Moment(frozenset({"breach"}), org), 26 * hour) == {
        "Still nothing from Northwind.",
        "A whole day and still nothing.",
    }


def test_time_conditions_are_checked_where_they_are_written(tmp_path):
    bad = TIMED.replace("after: 20h}", "after: 20h, before: 2h}").replace("[morning, afternoon, evening]", "[mornig]")
    path = tmp_path / "timed.yaml"
    path.write_text(bad, encoding="utf-8")
    _, problems = load_persona_file(path)
    said = {(p.line, p.what.split(";")[0]) for p in problems}
    lines = bad.splitlines()
    assert said == {
        (
            next(i for i, line in enumerate(lines) if "before: 2h" in line) + 1,
            "'after' is not before 'before': the fragment could never be said",
        ),
        (next(i for i, line in enumerate(lines) if "mornig" in line) + 1, "unknown part of the day 'mornig'"),
    }, "\n".join(map(str, problems))

"""Plain templates are substituted without Jinja for speed; the text must be Jinja's, exactly."""

import pytest

from crisissim.content import templates
from crisissim.content.personas import builtin_personas

CONTEXT = {
    "org": {"name": "Ziekenhuis Rijnoord", "short": "Rijnoord"},
    "tag": "#datalek",
    "rumour": "HIV-statussen staan online",
    "author": "Jan",
    "reporter": "Eva de Vries",
    "title": "Verslaggever",
    "outlet": "Dagblad",
    "medium": "newspaper",
    "topic": "Datalek",
    "deadline": "45 minuten",
    "first": "Zoë",
    "last": "van 't Hof",
    "num": "42",
    "year": "87",
    "word": "mumof3",
}


def persona_templates():
    for persona in builtin_personas().personas.values():
        for language in ("en", "nl"):
            voice = persona.voice(language)
            if persona.kind == "crowd":
                yield from voice.posts + voice.names + voice.handles
            else:
                yield from voice.openings + voice.questions + voice.closings


def test_every_persona_template_renders_as_jinja_would():
    for source in persona_templates():
        assert templates.render(source, CONTEXT) == templates.compile_template(source).render(CONTEXT), source


def test_account_templates_take_the_fast_path():
    """Names and handles are made for thousands of accounts: none of the built-in ones may need Jinja."""
    for persona in builtin_personas().personas.values():
        if persona.kind != "crowd":
            continue
        for language in ("en", "nl"):
            voice = persona.voice(language)
            for source in voice.names + voice.handles:
                if "replace(" in source:
                    continue  # a filter chain the fast path leaves to Jinja
                plan = templates._plan(source)
                assert plan is not None and templates._fast(plan, CONTEXT) is not None, source


@pytest.mark.parametrize(
    "source",
    [
        "plain",
        "{{ tag }}\n",
        "{{ tag }}\n\n",
        "a {{ org.short }} b",
        "{{ missing }}",
        "{{ org.missing }}",
        "{{ tag | upper }}",
        "{{ first | lower }}{{ num }}",
        "{{ first[0] | lower }}{{ last | lower }}{{ year }}",
        "{{ last[0] | upper }}.",
        "{{ num | upper }}",
        "{{ num[0] }}",
        "{{ first[9] }}",
        "{{ org.short | lower | upper }}",
        "{{ first | title }}",
    ],
)
def test_edge_cases_match_or_fail_like_jinja(source):
    try:
        expected = templates.compile_template(source).render(CONTEXT)
    except Exception:
        with pytest.raises(templates.TemplateFault):
            templates.render(source, CONTEXT)
        return
    assert templates.render(source, CONTEXT) == expected

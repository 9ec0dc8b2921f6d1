"""One message catalogue per language: every message the code uses is in each, translated.

The messages are found as ``pybabel extract`` finds them (babel.cfg): ``_("...")`` and
``gettext``/``pgettext`` calls, and ``N_``/``NP_`` where a message is declared apart from where it
is shown. Dutch that reads as the English must say why, in a translator's comment.
"""

from __future__ import annotations

import gettext
import string
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from crisissim import i18n

ROOT = Path(__file__).resolve().parents[2]
#: The comments that let Dutch read as the English.
SAME_IN_DUTCH = ("same in Dutch", "not yet in Dutch")

Key = tuple[str | None, str]  # (context, msgid)


def _used() -> dict[Key, str]:
    """Every message in the code, with the first file that uses it."""
    with (ROOT / "babel.cfg").open() as config:
        method_map, options_map = parse_mapping_cfg(config)
    used: dict[Key, str] = {}
    for filename, _line, message, _comments, context in extract_from_dir(ROOT, method_map, options_map):
        assert isinstance(message, str), f"{filename}: plural messages are not used yet: {message}"
        used.setdefault((context, message), filename)
    return used


USED = _used()


def _catalogue(language: str) -> Catalog:
    with i18n.catalogue_path(language).open("rb") as po:
        return read_po(po, locale=language, domain=i18n.DOMAIN)


def _entries(catalog: Catalog) -> dict[Key, str]:
    return {(m.context, m.id): m.string for m in catalog if m.id and isinstance(m.id, str)}


def _fields(text: str) -> list[str]:
    return sorted(f"{name}:{spec}" for _, name, spec, _ in string.Formatter().parse(text) if name is not None)


def test_the_code_uses_messages():
    assert len(USED) > 300
    assert (None, "Send") in USED and ("key", "Reply") in USED


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_every_message_the_code_uses_is_translated(language):
    catalog = _catalogue(language)
    entries = _entries(catalog)
    missing = [f"{where}: {key}" for key, where in USED.items() if key not in entries]
    assert missing == [], f"not in the {language} catalogue (pybabel update, then translate):\n" + "\n".join(missing)
    empty = [str(key) for key, text in entries.items() if key in USED and not text.strip()]
    assert empty == [], f"untranslated in {language}:\n" + "\n".join(empty)
    fuzzy = [str((m.context, m.id)) for m in catalog if m.id and m.fuzzy]
    assert fuzzy == [], f"fuzzy in {language} (check the translation, then drop the flag):\n" + "\n".join(fuzzy)


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_a_catalogue_holds_only_what_the_code_uses(language):
    unused = sorted(str(key) for key in _entries(_catalogue(language)) if key not in USED)
    assert unused == [], "no longer used (pybabel update --ignore-obsolete):\n" + "\n".join(unused)


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_a_translation_keeps_the_placeholders_of_its_message(language):
    wrong = [
        f"{key}: {text!r}"
        for key, text in _entries(_catalogue(language)).items()
        if text and _fields(text) != _fields(key[1])
    ]
    assert wrong == []


def test_english_is_the_source():
    same = {key: text for key, text in _entries(_catalogue("en")).items() if key in USED}
    assert all(text == key[1] for key, text in same.items()), "the English catalogue only repeats the source"


def test_dutch_differs_from_english_or_says_why():
    unexplained = [
        str((m.context, m.id))
        for m in _catalogue("nl")
        if m.id and m.string == m.id and not any(comment.startswith(SAME_IN_DUTCH) for comment in m.user_comments)
    ]
    assert unexplained == [], (
        "Dutch equal to the English, without a comment 'same in Dutch' or 'not yet in Dutch':\n"
        + "\n".join(unexplained)
    )
    translated = [m for m in _catalogue("nl") if m.id and m.string != m.id]
    assert len(translated) > 250


@pytest.mark.parametrize("language", i18n.LANGUAGES)
def test_the_catalogues_compile(language):
    catalog = _catalogue(language)
    assert [str(error) for _message, errors in catalog.check() for error in errors] == []
    compiled = BytesIO()
    write_mo(compiled, catalog)
    translations = gettext.GNUTranslations(BytesIO(compiled.getvalue()))
    assert translations.gettext("Send") == {"en": "Send", "nl": "Versturen"}[language]
    assert translations.pgettext("key", "Reply") == {"en": "Reply", "nl": "Antwoorden"}[language]
    assert i18n.compile_catalogue(i18n.catalogue_path(language)) == compiled.getvalue()


def test_a_translator_speaks_its_language_and_falls_back_to_english():
    nl, en, other = i18n.translator("nl"), i18n.translator("en"), i18n.translator("fr")
    assert (nl("Send"), en("Send"), other("Send")) == ("Versturen", "Send", "Send")
    assert other.language == "en" and i18n.translator(None).language == "en"
    assert nl("a message no catalogue holds") == "a message no catalogue holds"
    assert nl("") == "" and nl.pgettext("key", "") == ""
    assert nl.pgettext("role id", "team") == "crisisteam"
    assert nl.ngettext("{n} post", "{n} posts", 2) == "{n} posts"


def test_markers_give_the_message_back():
    assert i18n.N_("Send") == "Send"
    assert i18n.NP_("key", "Reply") == "Reply"

"""Every string a person sees, in their language: one gettext catalogue per language.

The catalogues are ``crisissim/locale/LANG/LC_MESSAGES/crisissim.po``; their msgids are the
English source strings, written where the string is used (``_("Send")``) or declared
(``N_("Send")``, translated where it is shown). A wheel carries them compiled to ``.mo``
(``hatch_build.py``); a checkout or an editable install has only the ``.po``, which is then
compiled in memory with Babel. How to extract, update and translate: docs/architecture.md,
"Adding a translation".

This module imports nothing of crisissim, so that every layer may use it.
"""

from __future__ import annotations

import gettext
import math
from functools import cache
from io import BytesIO
from pathlib import Path

DOMAIN = "crisissim"
LOCALE_DIR = Path(__file__).parent / "locale"
#: The languages with a catalogue; the first is the source language and everyone's fallback.
LANGUAGES = ("en", "nl")
SOURCE_LANGUAGE = LANGUAGES[0]


def N_(message: str) -> str:
    """Mark a message for extraction where it is declared; it is translated where it is shown."""
    return message


def NP_(context: str, message: str) -> str:
    """:func:`N_` with a context (``msgctxt``): the same English in another place, such as a key's
    description, that may read differently in another language."""
    return message


class Translator:
    """``_("Send")`` in one language; ``_.pgettext`` and ``_.ngettext`` as in :mod:`gettext`."""

    def __init__(self, language: str, translations: gettext.NullTranslations) -> None:
        self.language = language
        self._translations = translations

    def __call__(self, message: str) -> str:
        return self._translations.gettext(message) if message else message

    def pgettext(self, context: str, message: str) -> str:
        return self._translations.pgettext(context, message) if message else message

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self._translations.ngettext(singular, plural, n)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self._translations.npgettext(context, singular, plural, n)


def wait_words(_: Translator, seconds: float) -> str:
    """How long a join waits before its next try at a code, said the same by the terminal seat
    and the web page (the catalogue has no plural forms: one second is said apart)."""
    n = max(1, math.ceil(seconds))
    if n == 1:
        return _("Wait a second before the next try.")
    return _("Wait {s} seconds before the next try.").format(s=n)


def language_of(language: str | None) -> str:
    """The language itself when it has a catalogue, else the source language."""
    return language if language in LANGUAGES else SOURCE_LANGUAGE


@cache
def translator(language: str | None) -> Translator:
    """The messages of ``language`` (English for a language without a catalogue)."""
    language = language_of(language)
    translations = _catalogue(language)
    if language != SOURCE_LANGUAGE:
        translations.add_fallback(_catalogue(SOURCE_LANGUAGE))
    return Translator(language, translations)


def catalogue_path(language: str, suffix: str = ".po") -> Path:
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}{suffix}"


def compile_catalogue(po: Path) -> bytes:
    """A ``.po`` file as ``.mo`` bytes (Babel; fuzzy entries left out, as msgfmt does)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po.open("rb") as source:
        catalog = read_po(source, domain=DOMAIN)
    out = BytesIO()
    write_mo(out, catalog)
    return out.getvalue()


def _catalogue(language: str) -> gettext.NullTranslations:
    """The compiled catalogue when it is there and not older than its source, else the source."""
    po, mo = catalogue_path(language), catalogue_path(language, ".mo")
    if mo.is_file() and (not po.is_file() or mo.stat().st_mtime >= po.stat().st_mtime):
        with mo.open("rb") as compiled:
            return gettext.GNUTranslations(compiled)
    if po.is_file():
        return gettext.GNUTranslations(BytesIO(compile_catalogue(po)))
    return gettext.NullTranslations()

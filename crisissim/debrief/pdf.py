"""The report on paper: the same self-contained HTML, laid out on A4 by WeasyPrint.

WeasyPrint is imported only here, when a PDF is asked for. It fetches nothing: the report holds
no link to anything outside, and a fetcher that refuses every address keeps it so. Fonts come
from the system (DejaVu for text; Symbola, from Debian's fonts-symbola, for the emoji the
crowd's posts hold, which then print as glyphs instead of boxes).
"""

from __future__ import annotations

from typing import Any, NoReturn


def _refuse(url: str, *args: Any, **kwargs: Any) -> NoReturn:
    raise ValueError(f"the report loads nothing from outside: {url}")


def html_to_pdf(html: str) -> bytes:
    """The HTML report as a PDF document (A4, the report's own print styles)."""
    from weasyprint import HTML  # type: ignore[import-untyped]

    document: bytes = HTML(string=html, url_fetcher=_refuse).write_pdf()
    return document

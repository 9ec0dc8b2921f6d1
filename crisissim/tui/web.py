"""Seats in browsers: Textual's own textual-serve, one seat process per connection.

Run by ``crisissim serve`` as a child process. The page is crisissim's own template (no web
fonts, no CDN: nothing the page loads comes from anywhere but this server); the scripts and
styles are the ones textual-serve ships in its package.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path

import textual_serve
from textual_serve.server import Server

TEMPLATES = Path(__file__).parent / "web_templates"
STATICS = Path(textual_serve.__file__).parent / "static"


def seat_command(journal: Path, language: str | None = None) -> str:
    parts = [sys.executable, "-m", "crisissim", "seat", str(journal.resolve())]
    if language:
        parts += ["--lang", language]
    return shlex.join(parts)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="crisissim-web")
    parser.add_argument("--journal", required=True, type=Path)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--lang")
    args = parser.parse_args(argv)
    server = Server(
        seat_command(args.journal, args.lang),
        host=args.host,
        port=args.port,
        title="crisissim seat",
        templates_path=TEMPLATES,
        statics_path=STATICS,
    )
    server.serve()


if __name__ == "__main__":
    main()

"""The one failure a use case reports to a person: input they can fix.

A scenario with errors, a journal that cannot be resumed, a report format this version does not
write: each is said in lines of the ``FILE:LINE:COL: error: WHERE: WHAT`` form that
shared/design/cli.md promises. The use cases raise them; whoever drives the use case (the CLI
today) decides how to show them and with which exit code. This module imports nothing, so that
the CLI can catch the exception without loading a scenario parser first.
"""

from __future__ import annotations


class BadInput(Exception):
    """Input a person can fix, carrying one line per problem, ready to be shown as they are."""

    def __init__(self, *lines: str) -> None:
        super().__init__("\n".join(lines))
        self.lines: tuple[str, ...] = lines

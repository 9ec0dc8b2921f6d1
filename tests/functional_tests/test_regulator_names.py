"""The console names the regulator form as the scenario's regimes do: "AP-melding" where the
filing goes to the AP alone, "Melding aan toezichthouder" where it may go to a CSIRT as well
(its key in a role pane, and its command in the palette)."""

from __future__ import annotations

import pytest

from crisissim.tui.screens.startex import StartExScreen
from crisissim.tui.widgets.role_pane import RolePane
from tests.functional_tests.tui_support import make_app


@pytest.mark.parametrize(
    ("scenario", "named", "command"),
    [
        ("klantcontact-privacy-drill", "AP-melding", "melding aan de AP"),  # GDPR alone
        ("lindemeer-drinkwater", "Melding aan toezichthouder", "melding aan toezichthouder"),  # NIS2 and GDPR
        ("rijnoord-ransomware", "Melding aan toezichthouder", "melding aan toezichthouder"),  # GDPR and NIS2
    ],
)
async def test_the_console_names_the_filing_by_the_regimes(tmp_path, scenario, named, command):
    app = make_app(tmp_path, scenario)
    async with app.run_test(size=(160, 48)) as pilot:
        if isinstance(app.screen, StartExScreen):
            await pilot.press("escape")
            await pilot.pause(0.2)
        pane = app.screen.query(RolePane).first()
        assert [b.description for b in pane._bindings.key_to_bindings["g"]] == [named]
        commands = [c.title for c in app.get_system_commands(app.screen)]
        role = app.session.scenario.roles[pane.role].name
        assert f"{role}: {command}" in commands

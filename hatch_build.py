"""Hatchling build hook: the message catalogues go into the wheel compiled.

Every ``crisissim/locale/LANG/LC_MESSAGES/*.po`` is compiled to ``.mo`` with Babel (fuzzy entries
left out, as msgfmt does) into a temporary folder and added to the wheel beside where its ``.po``
sits in the source tree; the ``.po`` files themselves stay out of the wheel. An editable install
reads the source tree, where crisissim.i18n compiles the ``.po`` in memory, so it needs nothing here.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class CatalogueHook(BuildHookInterface):  # type: ignore[type-arg]
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if self.target_name != "wheel" or version == "editable":
            return
        from babel.messages.mofile import write_mo
        from babel.messages.pofile import read_po

        root = Path(self.root)
        self._compiled = tempfile.TemporaryDirectory(prefix="crisissim-mo-")
        out = Path(self._compiled.name)
        for po in sorted((root / "crisissim" / "locale").glob("*/LC_MESSAGES/*.po")):
            relative = po.relative_to(root).with_suffix(".mo")
            target = out / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            with po.open("rb") as source:
                catalog = read_po(source, domain=po.stem)
            with target.open("wb") as compiled:
                write_mo(compiled, catalog)
            build_data["force_include"][str(target)] = relative.as_posix()

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        compiled = getattr(self, "_compiled", None)
        if compiled is not None:
            compiled.cleanup()

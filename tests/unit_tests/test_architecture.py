"""The layering of architecture.md, enforced: import-linter's contracts in pyproject.toml."""

from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[2]


def test_import_contracts_are_kept(monkeypatch):
    monkeypatch.chdir(ROOT)
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml")) == 0


def test_no_module_outside_tui_imports_textual():
    offenders = [
        str(path.relative_to(ROOT))
        for path in (ROOT / "crisissim").rglob("*.py")
        if "tui" not in path.relative_to(ROOT / "crisissim").parts[:1]
        and any(line.lstrip().startswith(("import textual", "from textual")) for line in path.read_text().splitlines())
    ]
    assert offenders == []

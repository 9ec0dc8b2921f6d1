"""Mistakes in the YAML itself: each gets one clear line with file, line and column."""

from tests.conftest import VALID, edit


def test_tab_indentation(problems_of):
    text = edit(VALID, "  comms: {name: Communications}", "\tcomms: {name: Communications}")
    [problem] = problems_of(text)
    assert problem.startswith("drill.yaml:12:1: error:")
    assert "tab" in problem and "spaces" in problem


def test_duplicate_key_is_caught_not_silently_kept(problems_of):
    text = edit(VALID, "    at: 5m\n", "    at: 5m\n    at: 10m\n")
    [problem] = problems_of(text)
    assert problem.startswith("drill.yaml:32:5: error: events[#1].at:")
    assert "duplicate key 'at' (first given on line 31)" in problem


def test_alias_bomb_is_refused_without_expanding():
    from crisissim.scenario import parse

    lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]']
    for prev, name in zip("abcdefghi", "bcdefghij", strict=True):
        lines.append(f"{name}: &{name} [" + ",".join([f"*{prev}"] * 10) + "]")
    loaded = parse("\n".join(lines).encode(), "bomb.yaml")  # 10**10 values if expanded: it would never return
    [problem] = loaded.problems
    assert "alias bomb" in problem.what and problem.file == "bomb.yaml"


def test_empty_file(problems_of):
    [problem] = problems_of("")
    assert problem == "drill.yaml:1:1: error: file: the file is empty; a scenario starts with 'crisissim: 1'"
    assert problems_of("# only a comment\n\n") == [problem]


def test_bytes_that_are_not_utf8(problems_of):
    text = VALID.encode("utf-8").replace(b"Test drill", b"Test dr\xe9ll")
    [problem] = problems_of(text)
    assert problem.startswith("drill.yaml:3:15: error: file:")
    assert "0xe9" in problem and "UTF-8" in problem


def test_syntax_error_names_its_line(problems_of):
    text = edit(VALID, "hotwash:\n  - What went well?", "hotwash: [What went well?")
    [problem] = problems_of(text)
    assert "not valid YAML" in problem and problem.startswith("drill.yaml:")


def test_python_tags_are_refused(problems_of):
    text = edit(VALID, "seed: 5", "seed: !!python/object/apply:os.system [echo hi]")
    problems = problems_of(text)
    assert any("only plain YAML values" in p for p in problems)


def test_a_list_is_not_a_scenario(problems_of):
    [problem] = problems_of("- a\n- b\n")
    assert "is a mapping of keys" in problem

"""Templates are checked by rendering them once: errors carry the line they are on."""

from tests.conftest import VALID, edit


def test_template_syntax_error_names_its_line(problems_of):
    [problem] = problems_of(edit(VALID, "    title: Still leaking", "    title: Still {{ leaking"))
    assert problem.startswith("drill.yaml:50:12: error: events[monitoring].title: template syntax:")


def test_unknown_variable_in_block_body_points_at_the_line_inside(problems_of):
    text = edit(VALID, "      Called in by {{ fake.name() }}.", "      Called in by {{ caller }}.")
    [problem] = problems_of(text)
    assert problem.startswith("drill.yaml:35:")
    assert "events[alert].body: template: 'caller' is undefined" in problem


def test_unknown_organisation_field(problems_of):
    [problem] = problems_of(edit(VALID, 'title: "{{ org.short }} silent"', 'title: "{{ org.acronym }} silent"'))
    assert "events[story].title" in problem and "acronym" in problem


def test_reach_outside_the_sandbox_is_an_error_of_the_scenario(problems_of):
    evil = "{{ ''.__class__.__mro__[1].__subclasses__() }}"
    [problem] = problems_of(edit(VALID, "    body: Done.", f'    body: "{evil}"'))
    assert "events[isolated].body: template reaches outside the sandbox" in problem
    assert "__class__" in problem


def test_huge_repetition_is_refused(problems_of):
    [problem] = problems_of(edit(VALID, "    body: Done.", "    body: \"{{ 'x' * 1000000000 }}\""))
    assert "events[isolated].body: template: '*' (repetition) would make 1000000000 characters" in problem
    assert "MAX_VALUE" in problem


def test_faker_internals_are_not_reachable(problems_of):
    [problem] = problems_of(edit(VALID, "    body: Done.", '    body: "{{ fake.seed_instance(1) }}"'))
    assert "events[isolated].body" in problem


def test_hashtag_template_is_checked(problems_of):
    [problem] = problems_of(edit(VALID, '["#{{ org.short | lower }}"]', '["#{{ org.short | lowr }}"]'))
    assert "events[storm].hashtags[#1]" in problem and "lowr" in problem


def test_persona_needs_what_the_organisation_lacks(problems_of):
    [problem] = problems_of(
        edit(VALID, "organisation: {name: Test Org Ltd, short: TestOrg}", "organisation: {name: Test Org Ltd}\n")
        .replace('"{{ org.short }} silent"', "Silent")
        .replace('"#{{ org.short | lower }}"', '"#testorg"')
    )
    assert "organisation: 'short' is required when generated people write about the organisation" in problem

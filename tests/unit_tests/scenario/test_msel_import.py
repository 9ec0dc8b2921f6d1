"""Spreadsheet MSELs, written the way facilitators write them, imported as scenarios."""

from __future__ import annotations

import csv
import datetime as dt
import io
from pathlib import Path

import openpyxl
import pytest
import yaml

from crisissim.content.msel import msel_rows, write_csv
from crisissim.engine.drivers import play
from crisissim.exercise import load_checked, new_run
from crisissim.scenario.library import builtin_scenarios
from crisissim.scenario.msel_import import ImportResult, escape_template, import_msel


def sheet(*rows: list[str], delimiter: str = ",") -> str:
    """CSV text as a spreadsheet program saves it."""
    handle = io.StringIO()
    csv.writer(handle, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return handle.getvalue()


BLANK = [""] * 9
FACILITATOR_CSV = sheet(
    ["Aqualis Water - customer portal leak", *BLANK[1:]],
    ["MSEL v3, 12 May", *BLANK[1:]],
    BLANK,
    [
        "Inject #",
        "T+ (hh:mm)",
        "Title",
        "Description",
        "Sender / originator",
        "To (players)",
        "Delivery method",
        "Expected player action",
        "Notes for controllers",
    ],
    [
        "1",
        "T+0:05",
        "Customers see other people's bills",
        "Three customers rang: after logging in they saw someone else's bill.\nOne read out a stranger's address.",
        "Service desk",
        "IT & Security; Data Protection Officer",
        "Phone call",
        "Decide whether to take the portal offline within 15 minutes",
        "Watch whether IT tells the DPO",
    ],
    BLANK,
    ["Phase 2 - the press", *BLANK[1:]],
    [
        "2",
        "0:30",
        "",
        "A reporter from the Gazette asks whether customer data leaked. She wants an answer by noon.",
        "The Gazette",
        "Communications",
        "Telephone",
        "Issue a holding statement",
        "",
    ],
    ["3", "soon", "A row nobody finished", "Something happens", "", "Communications", "E-mail", "", ""],
    [
        "4",
        "1h30m",
        "The regulator asks questions",
        "The AP wants to know what happened.",
        "AP",
        "Data Protection Officer en Communications",
        "Regulator",
        "Notify the AP within 72 hours",
        "Use the AP's web form",
    ],
    [
        "5",
        "95",
        "Screenshots on social media",
        "Customers post screenshots of other people's bills.",
        "@aqualis_watch",
        "All",
        "Twitter",
        "",
        "",
    ],
    [
        "6",
        "1u50",
        "Board wants a briefing",
        "The CEO asks for a briefing at 11:00.",
        "CEO",
        "Communications/IT & Security",
        "Carrier pigeon",
        "Reply with a short summary",
        "",
    ],
)

DUTCH_ROWS = [
    [
        "Nr",
        "Tijd",
        "Onderwerp",
        "Omschrijving",
        "Van",
        "Aan",
        "Kanaal",
        "Verwachte actie",
        "Opmerkingen",
        "Doelstelling",
    ],
    [
        "1",
        "09:00",
        "Storing klantportaal",
        "Klanten zien elkaars facturen.",
        "Servicedesk",
        "IT-afdeling",
        "Telefoon",
        "Besluit binnen 20 minuten of het portaal offline gaat",
        "Let op de FG",
        "Inperken; Besluitvorming",
    ],
    [
        "2",
        "09:25",
        "Journalist belt",
        "De Stentor (één verslaggever) vraagt om een reactie.",
        "De Stentor",
        "Communicatie",
        "bellen",
        "Persbericht binnen 45 minuten",
        "",
        "Woordvoering",
    ],
    [
        "3",
        "10:10",
        "Melding aan de AP",
        "Wanneer meldt u het datalek?",
        "Autoriteit Persoonsgegevens",
        "Functionaris gegevensbescherming en Communicatie",
        "Toezichthouder",
        "Melding bij de AP doen",
        "",
        "Inperken",
    ],
    [
        "4",
        "10:40",
        "Iedereen bijpraten",
        "De voorzitter wil een update.",
        "Voorzitter",
        "iedereen",
        "persoonlijk",
        "",
        "",
        "",
    ],
]


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def scenario_of(tmp_path: Path, result: ImportResult, name: str = "imported.yaml"):
    """The imported text through `validate`'s checks: no errors, the scenario."""
    path = tmp_path / name
    path.write_text(result.text, encoding="utf-8")
    loaded = load_checked(path)
    assert loaded.errors == [], "\n".join(map(str, loaded.errors)) + "\n" + result.text
    assert loaded.scenario is not None
    return loaded


def events(result: ImportResult) -> list[dict]:
    return yaml.safe_load(result.text)["events"]


# --- a facilitator's sheet ----------------------------------------------------------------------


@pytest.fixture
def facilitator(tmp_path: Path):
    path = write(tmp_path, "aqualis-msel.csv", FACILITATOR_CSV)
    return path, import_msel(path)


def test_odd_headers_title_rows_and_blank_rows(facilitator, tmp_path):
    _, result = facilitator
    assert result.rows == 5
    scenario = scenario_of(tmp_path, result).scenario
    assert scenario.id == "aqualis-msel"
    assert scenario.title == "Aqualis Water - customer portal leak"
    assert scenario.language == "en"
    assert scenario.organisation == {"name": "Your organisation", "short": "Your org"}
    assert scenario.speed == 1 and scenario.seed == 1
    assert len(scenario.hotwash) == 2
    assert {k: r.name for k, r in scenario.roles.items()} == {
        "it-security": "IT & Security",
        "data-protection-officer": "Data Protection Officer",
        "communications": "Communications",
    }
    by_id = {e.id: e for e in scenario.events}
    assert list(by_id) == ["inject-1", "inject-2", "inject-4", "inject-5", "inject-6"]
    first = by_id["inject-1"]
    assert first.at == 5 * 60 and first.after is None
    assert first.to == ["it-security", "data-protection-officer"]
    assert first.channel == "phone" and first.sender.text == "Service desk"
    assert first.body.startswith("Three customers rang") and "\n" in first.body
    assert "Watch whether IT tells the DPO" in first.notes
    assert "expected action: Decide whether to take the portal offline within 15 minutes" in first.notes
    [exp] = first.expects
    assert (exp.role, exp.action, exp.within, exp.judged) == ("it-security", "decision", 15 * 60, True)
    second = by_id["inject-2"]
    assert second.title == "A reporter from the Gazette asks whether customer data leaked."  # no title: first sentence
    assert "phase: Phase 2 - the press" in second.notes
    assert [(x.role, x.action, x.within) for x in second.expects] == [("communications", "statement", 1800)]
    fourth = by_id["inject-4"]
    assert fourth.to == ["data-protection-officer", "communications"]
    assert fourth.channel == "regulator"
    assert [(x.role, x.action, x.within) for x in fourth.expects] == [
        ("data-protection-officer", "notify_regulator", 72 * 3600)
    ]
    assert by_id["inject-5"].to is None and by_id["inject-5"].channel == "social"
    sixth = by_id["inject-6"]
    assert sixth.at == 110 * 60 and sixth.to == ["communications", "it-security"]
    assert sixth.channel == "internal" and "method: Carrier pigeon" in sixth.notes
    assert sixth.expects[0].action == "reply"
    assert scenario.duration == 2 * 3600  # the last inject at 1:50, rounded up to the next hour


def test_an_unreadable_time_is_reported_and_the_rest_imports(facilitator):
    path, result = facilitator
    assert [str(p) for p in result.problems] == [
        f"{path}:9:2: error: row 9: scenario time: 'soon' in column 'T+ (hh:mm)' is not a scenario time; "
        "write it as T+1:30, 1:30, 90 (minutes), 90m, 1h30m, 1u30 or Day 2 09:00, or 'contingency' for an "
        "inject the facilitator fires by hand; the row was left out"
    ]
    assert "A row nobody finished" not in result.text


def test_the_imported_sheet_plays_to_its_end(facilitator, tmp_path):
    _, result = facilitator
    loaded = scenario_of(tmp_path, result)
    run = new_run(
        loaded.scenario,
        loaded.text,
        str(tmp_path / "imported.yaml"),
        seed=1,
        journal_path=tmp_path / "run.sqlite",
        mode="simulate",
    )
    play(run.engine)
    statuses = [s.status for s in run.engine.state.events.values()]
    run.journal.close()
    assert run.engine.ended
    assert statuses.count("fired") == result.rows == 5


# --- Dutch, semicolons, encodings ---------------------------------------------------------------


def test_dutch_sheet_with_semicolons_in_cp1252(tmp_path):
    path = write(tmp_path, "Draaiboek Oefening.csv", sheet(*DUTCH_ROWS, delimiter=";"), encoding="cp1252")
    result = import_msel(path)
    assert result.problems == [] and result.rows == 4
    loaded = scenario_of(tmp_path, result)
    scenario = loaded.scenario
    assert scenario.id == "draaiboek-oefening" and scenario.language == "nl"
    assert scenario.organisation["name"] == "Uw organisatie"
    assert scenario.hotwash[0].startswith("Wat ging er goed")
    assert "# A placeholder: fill in your organisation" in result.text
    assert {k: r.name for k, r in scenario.roles.items()} == {
        "it-afdeling": "IT-afdeling",
        "communicatie": "Communicatie",
        "functionaris-gegevensbescherming": "Functionaris gegevensbescherming",
    }
    # clock times: T+0 is the first row's 09:00
    assert [e.at for e in scenario.events] == [0, 25 * 60, 70 * 60, 100 * 60]
    assert "T+0 is 09:00" in result.text
    assert "één verslaggever" in scenario.events[1].body
    assert [(e.channel, e.to) for e in scenario.events] == [
        ("phone", ["it-afdeling"]),
        ("phone", ["communicatie"]),
        ("regulator", ["functionaris-gegevensbescherming", "communicatie"]),
        ("internal", None),
    ]
    expects = [[(x.role, x.action, x.within, x.objective) for x in e.expects] for e in scenario.events]
    assert expects == [
        [("it-afdeling", "decision", 20 * 60, "inperken")],
        [("communicatie", "statement", 45 * 60, "woordvoering")],
        [("functionaris-gegevensbescherming", "notify_regulator", 30 * 60, "inperken")],
        [],
    ]
    assert scenario.objectives == {
        "inperken": "Inperken",
        "besluitvorming": "Besluitvorming",
        "woordvoering": "Woordvoering",
    }
    assert "Let op de FG" in scenario.events[0].notes


def test_utf8_with_bom_and_tabs(tmp_path):
    text = "\ufeff" + sheet(*DUTCH_ROWS, delimiter="\t")
    result = import_msel(write(tmp_path, "msel.tsv", text))
    assert result.problems == [] and result.rows == 4
    scenario = scenario_of(tmp_path, result).scenario
    assert scenario.events[0].id == "inject-1" and scenario.language == "nl"


def test_language_and_id_can_be_given(tmp_path):
    result = import_msel(write(tmp_path, "x.csv", sheet(*DUTCH_ROWS)), scenario_id="my-drill", language="en")
    scenario = scenario_of(tmp_path, result).scenario
    assert (scenario.id, scenario.language, scenario.organisation["name"]) == ("my-drill", "en", "Your organisation")
    with pytest.raises(ValueError, match="language"):
        import_msel(tmp_path / "x.csv", language="de")
    with pytest.raises(ValueError, match="not a valid id"):
        import_msel(tmp_path / "x.csv", scenario_id="My Drill")


# --- XLSX ---------------------------------------------------------------------------------------


def xlsx(tmp_path: Path, rows: list[list[object]], name: str = "msel.xlsx", sheet: str = "MSEL") -> Path:
    workbook = openpyxl.Workbook()
    cover = workbook.active
    cover.title = "Cover"
    cover.append(["This workbook belongs to the exercise team"])
    ws = workbook.create_sheet(sheet)
    for row in rows:
        ws.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


def test_xlsx_with_time_cells_on_the_msel_sheet(tmp_path):
    path = xlsx(
        tmp_path,
        [
            ["Ransomware at Rijnoord - draaiboek"],
            [],
            ["Nr.", "Tijdstip", "Titel", "Bericht", "Afzender", "Ontvanger(s)", "Middel", "Verwachte reactie"],
            [1, dt.time(8, 0), "Dossier onbereikbaar", "Het EPD ligt eruit.", "Nachtdienst", "IT", "telefoon", ""],
            [],
            [2, dt.time(8, 20), "SOC belt", "40 GB uitgaand verkeer.", "SOC", "IT, FG", "Telefoon", "besluit"],
            [3, dt.time(9, 45), "Losgeldbriefje", "Bestanden versleuteld.", "Servicedesk", "IT", "Mail", ""],
            [4, "Dag 2 08:30", "AP belt", "De AP vraagt om de melding.", "AP", "FG", "AP", "melding bij de AP"],
        ],
    )
    result = import_msel(path)
    assert result.problems == [] and result.rows == 4
    scenario = scenario_of(tmp_path, result).scenario
    assert scenario.title == "Ransomware at Rijnoord - draaiboek"
    assert scenario.language == "nl"
    assert [e.at for e in scenario.events] == [0, 20 * 60, 105 * 60, 24 * 3600 + 30 * 60]
    assert [e.channel for e in scenario.events] == ["phone", "phone", "email", "regulator"]
    assert scenario.events[1].expects[0].role == "it" and scenario.events[1].expects[0].action == "decision"
    assert scenario.duration == 25 * 3600


def test_xlsx_with_duration_and_date_cells(tmp_path):
    offsets = xlsx(
        tmp_path,
        [
            ["#", "Time", "Event", "Details", "To"],
            [1, dt.timedelta(minutes=10), "First", "One", "Comms"],
            [2, dt.timedelta(hours=26, minutes=5), "Second", "Two", "Comms"],
        ],
        name="offsets.xlsx",
        sheet="Sheet2",  # no MSEL sheet: the first sheet with a header row, after the cover
    )
    scenario = scenario_of(tmp_path, import_msel(offsets), "offsets.yaml").scenario
    assert [e.at for e in scenario.events] == [600, 26 * 3600 + 300]
    dated = xlsx(
        tmp_path,
        [
            ["#", "Time", "Event", "Details", "To"],
            [1, dt.datetime(2026, 3, 2, 7, 40), "First", "One", "Comms"],
            [2, dt.datetime(2026, 3, 3, 9, 0), "Second", "Two", "Comms"],
        ],
        name="dated.xlsx",
    )
    scenario = scenario_of(tmp_path, import_msel(dated), "dated.yaml").scenario
    assert scenario.start == dt.datetime(2026, 3, 2, 7, 40)
    assert [e.at for e in scenario.events] == [0, 24 * 3600 + 80 * 60]


def test_the_first_sheet_without_an_msel_sheet(tmp_path):
    workbook = openpyxl.Workbook()
    ws = workbook.active
    ws.append(["Time", "Title", "Description"])
    ws.append(["T+0:10", "Alert", "Something is wrong."])
    workbook.create_sheet("Notes").append(["Time", "Title", "Description"])
    path = tmp_path / "plain.xlsx"
    workbook.save(path)
    result = import_msel(path)
    assert result.rows == 1
    assert scenario_of(tmp_path, result).scenario.events[0].at == 600


# --- times --------------------------------------------------------------------------------------


def one_row(tmp_path: Path, time: str, header: str = "Time") -> ImportResult:
    return import_msel(write(tmp_path, "one.csv", sheet([header, "Title", "Description"], [time, "Alert", "Text"])))


@pytest.mark.parametrize(
    "time",
    [
        "T+1:30",
        "T+01:30",
        "t + 1:30:00",
        "+1:30",
        "90",
        "90m",
        "90 min",
        "1h30m",
        "1h30",
        "1u30",
        "1 uur 30 minuten",
        "1,5 uur",
        "1.5h",
        "T+90m",
    ],
)
def test_offset_notations(tmp_path, time):
    result = one_row(tmp_path, time)
    assert result.problems == []
    assert events(result)[0]["at"] == "1h30m"


@pytest.mark.parametrize("time", ["01:30", "1:30"])
def test_a_bare_clock_time_under_a_t_plus_header_is_an_offset(tmp_path, time):
    assert events(one_row(tmp_path, time, header="T+"))[0]["at"] == "1h30m"


def test_several_notations_in_one_sheet(tmp_path):
    text = "Time,Title,Description\nT+0:05,A,a\n0:30,B,b\n45m,C,c\n1u,D,d\n75,E,e\nT+01:40,F,f\n"
    result = import_msel(write(tmp_path, "mixed.csv", text))
    assert result.problems == []
    assert [e["at"] for e in events(result)] == ["5m", "30m", "45m", "1h", "1h15m", "1h40m"]


def test_clock_times_count_from_the_earliest(tmp_path):
    result = import_msel(write(tmp_path, "clock.csv", "Tijd,Titel,Omschrijving\n09:15,B,b\n09:00,A,a\n11:30,C,c\n"))
    assert [e["at"] for e in events(result)] == ["15m", "0m", "2h30m"]


def test_clock_times_before_one_oclock_are_elapsed_time(tmp_path):
    result = import_msel(write(tmp_path, "elapsed.csv", "Time,Title,Description\n0:05,A,a\n0:20,B,b\n"))
    assert [e["at"] for e in events(result)] == ["5m", "20m"]


def test_day_numbers(tmp_path):
    text = "Time,Title,Description\nDay 1 09:00,A,a\nDag 1 11:30,B,b\nDay 2 09:00,C,c\nday 3,D,d\n"
    result = import_msel(write(tmp_path, "days.csv", text))
    assert result.problems == []
    assert [e["at"] for e in events(result)] == ["0m", "2h30m", "1d", "1d15h"]


@pytest.mark.parametrize("time", ["contingency", "", "after the press call", "n/a", "Indien nodig"])
def test_contingencies_are_fired_by_hand(tmp_path, time):
    result = import_msel(write(tmp_path, "c.csv", f"Time,Title,Description,To\nT+0:10,First,x,it\n{time},Extra,y,it\n"))
    assert result.problems == [] and result.rows == 2
    scenario = scenario_of(tmp_path, result).scenario
    extra = scenario.events[1]
    assert extra.contingency
    assert time in extra.notes if time else "no scenario time" in extra.notes


@pytest.mark.parametrize("time", ["soon", "-5", "25:99", "Day 0 09:00", "T+abc"])
def test_unreadable_times(tmp_path, time):
    result = one_row(tmp_path, time)
    assert result.rows == 0 and result.text == ""
    [problem] = result.problems
    assert (problem.line, problem.col, problem.where) == (2, 1, "row 2: scenario time")
    assert time in problem.what and "T+1:30" in problem.what


# --- columns and cells --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "channel"),
    [
        ("E-mail", "email"),
        ("mail", "email"),
        ("Phone call", "phone"),
        ("bellen", "phone"),
        ("WhatsApp", "chat"),
        ("MS Teams", "chat"),
        ("SMS", "sms"),
        ("Text message", "sms"),
        ("X (Twitter)", "social"),
        ("LinkedIn post", "social"),
        ("Sociale media", "social"),
        ("Krant", "news"),
        ("Website", "news"),
        ("Televisie", "tv"),
        ("Brief", "letter"),
        ("Memo", "internal"),
        ("In person", "internal"),
        ("Face-to-face", "internal"),
        ("AP", "regulator"),
        ("ICO", "regulator"),
        ("Toezichthouder", "regulator"),
    ],
)
def test_methods_become_channels(tmp_path, method, channel):
    result = import_msel(write(tmp_path, "m.csv", f"Time,Title,Description,Method\n5,A,a,{method}\n"))
    assert events(result)[0]["channel"] == channel


@pytest.mark.parametrize(
    ("expected", "action", "within"),
    [
        ("Publish a holding statement within 45 minutes", "statement", "45m"),
        ("Persbericht binnen 1 uur", "statement", "1h"),
        ("Doe een melding bij de AP", "notify_regulator", "30m"),
        ("Notify the ICO within 72 hours", "notify_regulator", "3d"),
        ("Inform affected customers", "notify_subjects", "30m"),
        ("Betrokkenen informeren binnen 2 uur", "notify_subjects", "2h"),
        ("Decide on isolation, 20m", "decision", "20m"),
        ("Besluit over het losgeld", "decision", "30m"),
        ("Reply to the reporter", "reply", "30m"),
        ("Antwoord de klant binnen 10 min", "reply", "10m"),
        ("Tweet a reaction", "post", "30m"),
        ("Escalate to the crisis team", "any", "30m"),
    ],
)
def test_expected_actions_become_judged_expectations(tmp_path, expected, action, within):
    text = sheet(
        ["Time", "Title", "Description", "To", "Expected action", "Objectives"],
        ["5", "A", "a", "Comms; Legal", expected, "Be quick; Be right"],
    )
    result = import_msel(write(tmp_path, "x.csv", text))
    [event] = events(result)
    assert event["expects"] == [
        {
            "id": "a-expected",
            "role": "comms",
            "action": action,
            "within": within,
            "objective": "be-quick",
            "judged": True,
        }
    ]
    assert f"expected action: {expected}" in event["notes"]
    scenario_of(tmp_path, result)


def test_roles_keep_their_names_with_unique_slugs(tmp_path):
    text = "Time,Title,Description,To\n5,A,a,Comms; COMMS / Legal & Risk\n6,B,b,comms!\n7,C,c,Zoë en Legal & Risk\n"
    scenario = scenario_of(tmp_path, import_msel(write(tmp_path, "r.csv", text))).scenario
    assert {k: r.name for k, r in scenario.roles.items()} == {
        "comms": "Comms",
        "legal-risk": "Legal & Risk",
        "comms-2": "comms!",
        "zoe": "Zoë",
    }
    assert [e.to for e in scenario.events] == [["comms", "legal-risk"], ["comms-2"], ["zoe", "legal-risk"]]


def test_a_sheet_without_recipients_gets_one_team(tmp_path):
    result = import_msel(write(tmp_path, "t.csv", "Time,Title,Description,Expected action\n5,A,a,Reply\n"))
    scenario = scenario_of(tmp_path, result).scenario
    assert list(scenario.roles) == ["team"] and scenario.events[0].expects[0].role == "team"


def test_event_ids_from_numbers_or_titles_and_unique(tmp_path):
    text = "#,Time,Title,Description\n1,5,A,a\n1,6,B,b\nINJ-07,7,C,c\n,8,Press call!,d\n,9,Press call!,e\n1.2,10,F,f\n"
    result = import_msel(write(tmp_path, "ids.csv", text))
    assert [e["id"] for e in events(result)] == [
        "inject-1",
        "inject-1-2",
        "inj-07",
        "press-call",
        "press-call-2",
        "inject-1-2-2",
    ]
    scenario_of(tmp_path, result)


def test_unknown_columns_and_a_phase_column_go_to_the_notes(tmp_path):
    text = "Phase,Time,Title,Description,Owner\nDetection,5,A,a,Jan\n,6,B,b,\nEscalation,7,C,c,Piet\n"
    result = import_msel(write(tmp_path, "p.csv", text))
    notes = [e["notes"] for e in events(result)]
    assert notes == ["phase: Detection\nOwner: Jan", "phase: Detection", "phase: Escalation\nOwner: Piet"]


def test_spreadsheet_errors_and_rows_without_text_are_reported(tmp_path):
    text = "Time,Title,Description,From\n5,A,a,#REF!\n6,,,Someone\n7,C,c,x\n"
    path = write(tmp_path, "e.csv", text)
    result = import_msel(path)
    assert [str(p) for p in result.problems] == [
        f"{path}:2:4: error: row 2: from: the cell shows the spreadsheet error #REF!; type the value, or fix the "
        "formula and save again",
        f"{path}:3:2: error: row 3: title: the row has neither a title nor a description; write what happens, "
        "or clear the row",
    ]
    assert result.rows == 2 and "from" not in events(result)[0]


@pytest.mark.parametrize(
    ("name", "content", "what"),
    [
        ("missing.csv", None, "cannot be read: no such file"),
        ("old.xls", b"\xd0\xcf\x11\xe0", "save this .xls file as .xlsx or CSV"),
        ("broken.xlsx", b"PK\x03\x04 not really", "not a readable .xlsx workbook"),
        ("prose.csv", b"Dear all,\nplease find the exercise attached.\n", "no header row found"),
        ("header-only.csv", b"Time,Title,Description\n", "there are no injects below the header row"),
    ],
)
def test_files_that_cannot_be_imported(tmp_path, name, content, what):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    result = import_msel(path)
    assert result.text == "" and result.rows == 0
    [problem] = result.problems
    assert (problem.file, problem.line, problem.col) == (str(path), 1, 1)
    assert what in problem.what


# --- templates ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["Reply to {{ customer }} now", "{% if x %}odd{% endif %}", "a {# b #} c", "{{{ triple", "{}{{ }}", "50% {"],
)
def test_escaped_text_renders_back_to_itself(tmp_path, text):
    result = import_msel(
        write(tmp_path, "j.csv", sheet(["Time", "Title", "Description", "From"], ["5", text, text, text]))
    )
    loaded = scenario_of(tmp_path, result)
    [row] = msel_rows(loaded.scenario, 1)
    assert (row.title, row.description, row.sender) == (text, text, text)


def test_escape_leaves_plain_braces_alone():
    assert escape_template("a {b} c") == "a {b} c"
    assert escape_template("{{x}}") == "{{ '{' }}{x}}"


# --- round trip ---------------------------------------------------------------------------------

LINEAR = """\
crisissim: 1
id: linear-drill
title: Linear drill
language: en
organisation: {name: Example Water Ltd, short: Example}
start: 2026-01-12T09:00:00+00:00
duration: 3h
roles:
  comms: {name: Communications}
  dpo: {name: Data Protection Officer}
  it: {name: IT & Security}
objectives:
  contain: Contain the incident
  holding: Publish a holding statement in time
events:
  - id: alert
    channel: email
    from: SOC
    to: [it, dpo]
    at: 5m
    title: Outbound traffic alert at {{ org.short }}
    body: |
      Forty gigabytes left the network last night.
      The SOC asks what to do.
    expects:
      - {id: triage, role: it, action: decision, within: 20m, objective: contain, judged: true}
      - {id: assess, role: dpo, action: any, within: 45m, objective: contain}
  - id: press
    channel: phone
    from: The Gazette
    to: [comms]
    at: 30m
    title: Reporter calls
    body: A reporter asks whether {{ org.name }} lost customer data.
    notes: Keep it short.
    deadline: 30m
    expects:
      - {id: holding, role: comms, action: statement, within: 30m, objective: holding}
  - id: news
    channel: news
    to: all
    at: 1h10m
    title: Local news picks it up
    body: The Gazette reports a possible leak.
  - id: regulator
    channel: regulator
    from: The regulator
    to: [dpo]
    at: 2h
    title: The regulator asks
    body: Please explain.
    expects:
      - {id: notify, role: dpo, action: notify_regulator, within: 1h}
"""

COMPARED = ("time", "title", "description", "sender", "to", "method", "expected", "objectives")


def exported(tmp_path: Path, scenario, name: str) -> Path:
    handle = io.StringIO()
    write_csv(msel_rows(scenario, scenario.seed), handle)
    path = tmp_path / name
    path.write_text(handle.getvalue(), encoding="utf-8")
    return path


def test_round_trip_of_a_linear_scenario(tmp_path):
    source = tmp_path / "linear.yaml"
    source.write_text(LINEAR, encoding="utf-8")
    original = load_checked(source).scenario
    assert original is not None
    result = import_msel(exported(tmp_path, original, "linear.csv"))
    assert result.problems == [] and result.rows == 4
    loaded = scenario_of(tmp_path, result)
    back = loaded.scenario
    assert loaded.warnings == []

    def table(scenario):
        return [tuple(getattr(r, k) for k in COMPARED) for r in msel_rows(scenario, scenario.seed)]

    assert table(back) == table(original)
    assert [set(e.recipients(list(back.roles))) for e in back.events] == [
        set(e.recipients(list(original.roles))) for e in original.events
    ]
    assert [(x.role, x.action, x.within, x.judged, x.objective) for _, x in back.expectations] == [
        (x.role, x.action, x.within, x.judged, x.objective) for _, x in original.expectations
    ]
    assert back.event("inject-2").deadline == 30 * 60
    assert "Keep it short." in back.event("inject-2").notes
    assert back.duration == 3 * 3600


@pytest.mark.parametrize("scenario_id", sorted(builtin_scenarios()))
def test_built_in_scenarios_survive_export_and_import(tmp_path, scenario_id):
    original = load_checked(builtin_scenarios()[scenario_id]).scenario
    assert original is not None
    rows = msel_rows(original, original.seed)
    result = import_msel(exported(tmp_path, original, f"{scenario_id}.csv"))
    assert result.problems == [] and result.rows == len(rows)
    back = scenario_of(tmp_path, result).scenario
    for row in rows:
        event = back.event(f"inject-{row.number}")
        assert event is not None and event.title == escape_template(row.title)
        assert row.notes in event.notes
        assert (event.at is None) == (row.due_s is None)
        if row.due_s is not None:
            assert event.at == row.due_s

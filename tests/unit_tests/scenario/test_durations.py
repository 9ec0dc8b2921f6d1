import pytest

from crisissim.scenario.durations import DurationError, format_duration, format_offset, parse_duration


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90s", 90),
        ("20m", 1200),
        ("1h30m", 5400),
        ("2d", 172800),
        (45, 2700),
        ("45", 2700),
        ("1.5h", 5400),
        ("1h 30m", 5400),
        (0, 0),
    ],
)
def test_durations_as_authors_write_them(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["-5m", -3, "soon", "5 minutes", "", True, None, [1], "1h30", "m"])
def test_what_is_not_a_duration_is_refused(text):
    with pytest.raises(DurationError):
        parse_duration(text)


def test_formats_read_back():
    assert format_duration(5400) == "1h30m"
    assert parse_duration(format_duration(93784)) == 93784
    assert format_offset(26 * 3600 + 5 * 60) == "T+26:05"

"""The exercise clock under any sequence of pause, resume, speed change and advance."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crisissim.engine.clock import SimClock


class FakeWall:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


operations = st.lists(
    st.one_of(
        st.tuples(st.just("wait"), st.floats(min_value=0, max_value=600, allow_nan=False)),
        st.tuples(st.just("pause"), st.none()),
        st.tuples(st.just("resume"), st.none()),
        st.tuples(st.just("speed"), st.floats(min_value=0.01, max_value=3600, allow_nan=False)),
        st.tuples(st.just("advance"), st.floats(min_value=-100, max_value=7200, allow_nan=False)),
    ),
    max_size=60,
)


@given(operations)
def test_simulated_time_is_monotone_and_only_advance_jumps(ops):
    wall = FakeWall()
    clock = SimClock(wall, rate=60, paused=False)
    before = clock.now()
    for op, value in ops:
        if op == "wait":
            wall.now += value
            after = clock.now()
            expected = 0 if clock.paused else value * clock.rate
            assert abs(after - before - expected) <= 1e-6 * max(1.0, after)
        else:
            at_this_instant = clock.now()
            if op == "pause":
                clock.pause()
            elif op == "resume":
                clock.resume()
            elif op == "speed":
                clock.set_rate(value)
            else:
                clock.jump_to(at_this_instant + value)
            after = clock.now()
            if op == "advance":
                assert after == max(at_this_instant, at_this_instant + value)
            else:
                assert after == at_this_instant  # pause, resume and speed never jump
        assert after >= before
        before = after


@given(st.floats(min_value=0.01, max_value=3600), st.floats(min_value=0, max_value=10_000))
def test_paused_clock_never_moves_and_resume_fires_no_backlog(rate, idle):
    wall = FakeWall()
    clock = SimClock(wall, rate=rate, paused=False)
    wall.now += 10
    clock.pause()
    frozen = clock.now()
    wall.now += idle
    assert clock.now() == frozen
    clock.resume()
    assert clock.now() == frozen  # the paused wall time is not caught up
    assert clock.wall_until(frozen + rate) == pytest.approx(1.0)

"""The live driver for the screen: follows the clock, pauses, changes speed, advances, acts."""

import asyncio
import time

from crisissim.engine.clock import SimClock
from crisissim.engine.drivers import LiveDriver
from crisissim.engine.engine import Engine
from crisissim.engine.sinks import MemorySink
from tests.unit_tests.engine.conftest import scenario

BODY = """\
events:
  - {id: first, to: [it], at: 1m, title: First, body: x}
  - {id: second, to: [it], at: 3h, title: Second, body: y, expects: [{id: ack, role: it, action: reply, within: 1h}]}
"""


async def test_live_driver_follows_pause_speed_advance_and_actions():
    sink = MemorySink()
    engine = Engine(scenario(BODY), seed=1, sink=sink)
    clock = SimClock(time.monotonic, rate=600, paused=False)  # ten simulated minutes per second
    driver = LiveDriver(engine, clock, tick=0.02)
    task = asyncio.create_task(driver.run())
    for _ in range(100):
        await asyncio.sleep(0.02)
        if engine.state.events["first"].status == "fired":
            break
    assert engine.state.events["first"].status == "fired"

    driver.pause()
    frozen = engine.now
    await asyncio.sleep(0.1)
    assert engine.now == frozen and clock.paused

    target = driver.advance()
    assert target == 3 * 3600
    assert engine.state.events["second"].status == "fired" and engine.now == target

    driver.act("it", "reply", {"event": "second", "text": "on it"})
    assert engine.state.expectations["ack"].status == "met"

    driver.set_speed(1_000_000)
    driver.resume()
    await asyncio.wait_for(task, timeout=5)
    assert engine.ended and engine.now == 4 * 3600
    controls = [p["control"] for p in sink.of("control")]
    assert controls == ["pause", "advance", "speed", "resume"]

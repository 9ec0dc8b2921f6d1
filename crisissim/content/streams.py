"""Seeded random streams: one per event, storm or generator, derived from the run's seed.

A stream's seed comes from SHA-256 of the run seed and the stream's name, so it is the same
in every process and on every platform (``hash()`` is salted per process), and one stream's
draws never shift another's.
"""

from __future__ import annotations

import hashlib
import random
from functools import lru_cache
from statistics import NormalDist
from typing import Final


def stream_seed(seed: int, name: str) -> int:
    digest = hashlib.sha256(f"crisissim/{seed}/{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def stream(seed: int, name: str) -> random.Random:
    """A private random generator for ``name``; never the module-level one."""
    return random.Random(stream_seed(seed, name))


#: How many quantiles :data:`NORMAL` holds.
NORMAL_STEPS: Final = 4096
NORMAL: Final = tuple(NormalDist().inv_cdf((i + 0.5) / NORMAL_STEPS) for i in range(NORMAL_STEPS))
"""The standard normal distribution as :data:`NORMAL_STEPS` equally likely values (its
quantiles at the middle of each step, at most about 3.7 from 0): ``NORMAL[int(r() * NORMAL_STEPS)]``
is a normal draw from one ``random()``, where ``random.gauss`` makes two normals from a logarithm,
a square root, a cosine and a sine (about 0.7 us a post in a storm, which draws two)."""


@lru_cache(maxsize=64)
def strays(spread: float) -> tuple[float, ...]:
    """:data:`NORMAL` times ``spread``: a persona's normal strays from its mood, made once per
    spread for the process (128 KiB each; the built-in personas have a handful of spreads), not
    per storm and persona."""
    return tuple(spread * z for z in NORMAL)

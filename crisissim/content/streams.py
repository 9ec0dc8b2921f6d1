"""Seeded random streams: one per event, storm or generator, derived from the run's seed.

A stream's seed comes from SHA-256 of the run seed and the stream's name, so it is the same
in every process and on every platform (``hash()`` is salted per process), and one stream's
draws never shift another's.
"""

from __future__ import annotations

import hashlib
import random


def stream_seed(seed: int, name: str) -> int:
    digest = hashlib.sha256(f"crisissim/{seed}/{name}".encode()).digest()
    return int.from_bytes(digest[:8], "big")


def stream(seed: int, name: str) -> random.Random:
    """A private random generator for ``name``; never the module-level one."""
    return random.Random(stream_seed(seed, name))

"""Deliberate crashes for the fault-injection tests: kill the process at a named point.

`ESCUCHA_CRASH_AT=enrich:batch:2` sends SIGKILL to this process the 2nd time the
`enrich:batch` point is reached. Unset (always, in production) it costs one dict lookup.
"""

from __future__ import annotations

import os
import signal

_hits: dict[str, int] = {}


def crash_point(name: str) -> None:
    spec = os.environ.get("ESCUCHA_CRASH_AT")
    if not spec:
        return
    point, _, nth = spec.rpartition(":")
    if not point or not nth.isdigit():
        point, nth = spec, "1"
    if point != name:
        return
    _hits[name] = _hits.get(name, 0) + 1
    if _hits[name] == int(nth):
        os.kill(os.getpid(), signal.SIGKILL)

"""How many CPUs this process may run on: the cores a thread pool should size itself to.

`os.cpu_count()` counts the machine's cores, not the ones this process is allowed (a container
limited by a cpuset, `taskset`, a test worker pinned to one core). A BLAS or torch pool sized to
the machine on fewer allowed cores oversubscribes them, and spinning pools then run several
times slower (the USE encoder: about 15x with 4 threads on 2 cores).
"""

from __future__ import annotations

import os


def available_cpus() -> int:
    """The CPUs this process may run on (its affinity where the OS tells it), at least 1."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):  # macOS and Windows have no sched_getaffinity
        return max(1, os.cpu_count() or 1)

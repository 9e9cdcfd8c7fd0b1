"""Thread pools size themselves to the cores this process may use, not to the machine's: a
process limited to one core (a cpuset, `taskset`, a pinned test worker) that started a pool per
machine core would oversubscribe it, and the encoder then runs many times slower."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.mark.skipif(not hasattr(os, "sched_setaffinity"), reason="needs sched_setaffinity (Linux)")
def test_pools_follow_the_cores_this_process_may_use():
    code = ("import os; os.sched_setaffinity(0, {sorted(os.sched_getaffinity(0))[0]});"
            "from escucha.nlp.cpus import available_cpus;"
            "from escucha.nlp.encoders.use import UniversalSentenceEncoder;"
            "print(available_cpus(), UniversalSentenceEncoder().threads, UniversalSentenceEncoder(threads=3).threads)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1", "1", "3"]  # one allowed core: one thread, unless told otherwise

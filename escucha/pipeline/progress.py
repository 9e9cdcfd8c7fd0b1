"""Progress bars on long work (stderr, so summaries on stdout stay clean)."""

from __future__ import annotations

import os
import sys
from contextlib import contextmanager

from tqdm import tqdm


@contextmanager
def progress_bar(desc: str, unit: str = "it", total: int | None = None):
    disable = os.environ.get("ESCUCHA_PROGRESS", "auto") == "off" or (
        os.environ.get("ESCUCHA_PROGRESS", "auto") == "auto" and not sys.stderr.isatty())
    bar = tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, disable=disable, mininterval=0.5, leave=False)
    try:
        yield bar
    finally:
        bar.close()

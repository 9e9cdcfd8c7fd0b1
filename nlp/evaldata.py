"""Where the real development sets live and how to read them, for every evaluation script.

The development sets (`eval-dev/`, next to the repository, or `$ESCUCHA_EVAL_DEV`) are real
Spanish texts labelled by people outside the project. They are for EVALUATION ONLY: nothing in
the repository trains on them, copies them or ships them, and every script that reads them skips
them cleanly when the folder is absent (a fresh clone, CI).

Each reader returns an `EvalSet`: texts, gold labels in the label names of our tasks, and what
the set can and cannot tell (kept next to the figures it produces).
"""

from __future__ import annotations

import csv
import os
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
ENV_VAR = "ESCUCHA_EVAL_DEV"


def find_eval_dir(explicit: str | Path | None = None) -> Path | None:
    """The eval-dev folder: `explicit` if given (None when it does not exist), else
    $ESCUCHA_EVAL_DEV, else `../shared/eval-dev` next to the repository; None when absent."""
    if explicit is not None:
        return Path(explicit) if Path(explicit).is_dir() else None
    for cand in (os.environ.get(ENV_VAR), REPO_ROOT.parent / "shared" / "eval-dev"):
        if cand and Path(cand).is_dir():
            return Path(cand)
    return None


def read_rows(path: str | Path) -> list[dict[str, str]]:
    """Every row of a UTF-8 CSV with a header, as dicts (rows without text are kept: callers decide)."""
    with Path(path).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


@dataclass
class EvalSet:
    """Labelled real texts for one task. `labels` are in `label_order` (our task's label names).

    `binary` sets (POS/NEG only) are scored as POS vs NEG by comparing the two probabilities, so a
    three-class head is not penalised for a neutral class the set does not have.
    """

    name: str
    task: str
    texts: list[str]
    labels: list[str]
    label_order: list[str]
    binary: bool = False
    note: str = ""
    groups: list[str] = field(default_factory=list)  # e.g. product domain per text (may be empty)

    def __len__(self) -> int:
        return len(self.texts)


SENTIMENT_SETS = ("citibanamex", "sfu", "buzon")


def citibanamex_sentiment(root: Path) -> EvalSet | None:
    """Tweets to a Mexican bank's service accounts (Dec 2021), NEG/NEU/POS; POS is rare (28 of 600)."""
    path = root / "citibanamex_issues" / "eval.csv"
    if not path.exists():
        return None
    rows = [r for r in read_rows(path) if (r.get("text") or "").strip()]
    return EvalSet("citibanamex", "sentiment", [r["text"] for r in rows], [r["sentiment"].strip().upper() for r in rows],
                   ["POS", "NEU", "NEG"], note="real tweets to a bank; 3 classes; only 28 POS, so POS recall moves "
                   "by 0.036 per tweet")


def sfu_sentiment(root: Path) -> EvalSet | None:
    """SFU Spanish reviews (Spain, 2002-2008), 8 domains, positive/negative by the reviewer's stars."""
    path = root / "sfu_spanish_reviews" / "eval.csv"
    if not path.exists():
        return None
    rows = [r for r in read_rows(path) if (r.get("text") or "").strip()]
    return EvalSet("sfu", "sentiment", [r["text"] for r in rows],
                   ["POS" if r["label"].strip().lower().startswith("pos") else "NEG" for r in rows], ["POS", "NEG"],
                   binary=True, note="long product reviews (median ~1,500 chars), binary",
                   groups=[r.get("category", "") for r in rows])


BUZON_TYPES = ("Felicitación", "Sugerencia", "Queja")


def buzon_pqrs(root: Path) -> EvalSet | None:
    """A Mexican school's complaints box: the type the writer chose (Felicitación/Sugerencia/Queja)."""
    path = root / "buzon_escuela_mx" / "eval.csv"
    if not path.exists():
        return None
    rows = [r for r in read_rows(path) if (r.get("text") or "").strip()]
    return EvalSet("buzon", "pqrs_type", [r["text"] for r in rows], [r["label"].strip() for r in rows],
                   list(BUZON_TYPES), note="very short answers (median 17 chars), many trivial")


def buzon_sentiment_proxy(root: Path) -> EvalSet | None:
    """The same box read as sentiment: Felicitación = POS, Queja = NEG (Sugerencia left out).

    A proxy, not a sentiment label: the writer chose a *type*; many "Felicitación" answers are
    trivial ("Todo bien", ".") and some complaints are phrased calmly.
    """
    full = buzon_pqrs(root)
    if full is None:
        return None
    keep = [i for i, y in enumerate(full.labels) if y in ("Felicitación", "Queja")]
    return EvalSet("buzon", "sentiment", [full.texts[i] for i in keep],
                   ["POS" if full.labels[i] == "Felicitación" else "NEG" for i in keep], ["POS", "NEG"], binary=True,
                   note="proxy: the form's type Felicitación read as POS and Queja as NEG")


def sentiment_sets(root: Path | None) -> list[EvalSet]:
    """Every real sentiment set found under `root` (empty when `root` is None)."""
    if root is None:
        return []
    found = (citibanamex_sentiment(root), sfu_sentiment(root), buzon_sentiment_proxy(root))
    return [s for s in found if s is not None]

"""Build the per-task training CSVs from the hand-written texts and the template generator.

    python -m escucha.nlp.training.build_data      # rewrites nlp/training/data/<task>.csv

Output columns: text, label, source (hand/<file> or gen/<family>), group, split (train/heldout).
The split is decided per *group* (a block of hand-written lines, or one template variant) by a
hash of its name, so that near-duplicates never straddle it. Reproducible: same inputs and seed,
same bytes.
"""

from __future__ import annotations

import csv
import hashlib
import random
from collections import Counter, defaultdict
from pathlib import Path

from escucha.nlp.classifiers import TASK_LABELS, TASKS
from escucha.nlp.training.generate import Row, generate

DATA_DIR = Path(__file__).resolve().parent / "data"
HAND_DIR = DATA_DIR / "hand"
HELDOUT_SHARE = 0.2
SEED = 13

_S = {"P": "POS", "U": "NEU", "N": "NEG"}
_E = {"al": "alegría", "en": "enojo", "tr": "tristeza", "mi": "miedo", "so": "sorpresa", "as": "asco", "ot": "otros"}
_B = {"0": "no", "1": "sí"}
_Q = {"pe": "petición", "qu": "queja", "re": "reclamo", "su": "sugerencia", "fe": "felicitación", "ot": "otro"}


def _h(name: str) -> int:
    return int(hashlib.sha256(name.encode("utf-8")).hexdigest()[:8], 16)


def is_heldout(group: str, share: float = HELDOUT_SHARE) -> bool:
    """Stable pseudo-random choice of held-out hand-written groups (sha256 of the group name)."""
    return (_h(group) % 1000) < share * 1000


def heldout_groups(hand: list[Row], gen: list[Row]) -> set[str]:
    """Held-out groups: ~20% of hand-written blocks, and one whole template variant per family.

    Holding out one variant of *every* generated family means every label has held-out rows
    whose sentence frame the model never saw (a plain hash could leave a label with none).
    """
    held = {r.group for r in hand if is_heldout(r.group)}
    by_family: dict[str, set[str]] = defaultdict(set)
    for r in gen:
        by_family[r.group.split(":")[1]].add(r.group)
    for groups in by_family.values():
        if len(groups) > 1:
            held.add(min(groups, key=_h))
    return held


def read_hand(path: Path) -> list[Row]:
    """Parse one hand-written file (format in data/hand/README.md)."""
    rows: list[Row] = []
    group = f"hand:{path.stem}:0"
    for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            if line.lower().startswith("# group:"):
                group = f"hand:{path.stem}:{line.split(':', 1)[1].strip()}"
            continue
        codes, sep, text = line.partition("|")
        parts = codes.split()
        if not sep or len(parts) != 5 or not text.strip():
            raise ValueError(f"{path.name}:{lineno}: expected 'S E I T Q | text', got {line!r}")
        s, e, i, t, q = parts

        def get(table: dict, code: str, what: str) -> str | None:
            if code == "-":
                return None
            if code not in table:
                raise ValueError(f"{path.name}:{lineno}: unknown {what} code {code!r}")
            return table[code]

        rows.append(Row(text=text.strip(), group=group, sentiment=get(_S, s, "sentiment"), emotion=get(_E, e, "emotion"),
                        irony=get(_B, i, "irony"), toxicity=get(_B, t, "toxicity"), pqrs_type=get(_Q, q, "pqrs_type")))
    return rows


def _balance(hand: list[Row], gen: list[Row], task: str, targets: dict[str, int], rng: random.Random) -> list[Row]:
    """Top up each label to its target with generated rows, drawn evenly across template families.

    Hand-written rows are always kept; generated rows only fill what the hand-written ones lack,
    so hand-written text stays a large share and no single template family dominates a label.
    """
    have = Counter(getattr(r, task) for r in hand)
    out: list[Row] = []
    for label in TASK_LABELS[task]:
        need = max(0, targets.get(label, 0) - have[label])
        fams: dict[str, list[Row]] = defaultdict(list)
        for r in gen:
            if getattr(r, task) == label:
                fams[r.group.split(":")[1]].append(r)
        pools = {f: rng.sample(items, len(items)) for f, items in sorted(fams.items())}
        while need > 0 and any(pools.values()):
            for f in sorted(pools):
                if pools[f] and need > 0:
                    out.append(pools[f].pop())
                    need -= 1
    return out


TARGETS: dict[str, dict[str, int]] = {
    "sentiment": {"POS": 1600, "NEU": 1450, "NEG": 1700},
    "emotion": {"alegría": 450, "enojo": 550, "tristeza": 300, "miedo": 300, "sorpresa": 300, "asco": 300, "otros": 450},
    "irony": {"sí": 500, "no": 1100},
    "toxicity": {"sí": 400, "no": 1050},
    "pqrs_type": {"petición": 500, "queja": 550, "reclamo": 500, "sugerencia": 450, "felicitación": 500, "otro": 380},
}


def task_rows(task: str, hand: list[Row], gen: list[Row], seed: int = SEED) -> list[Row]:
    """Every labelled hand-written row of the task + generated rows up to the label targets."""
    rng = random.Random(f"{seed}:{task}")
    mine = [r for r in hand if getattr(r, task) is not None]
    return mine + _balance(mine, gen, task, TARGETS[task], rng)


def write_task_csv(task: str, rows: list[Row], path: Path, held: set[str]) -> Counter:
    path.parent.mkdir(parents=True, exist_ok=True)
    counts: Counter = Counter()
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["text", "label", "source", "group", "split"])
        seen: set[tuple[str, str]] = set()
        for r in rows:
            label = getattr(r, task)
            if label not in TASK_LABELS[task]:
                raise ValueError(f"{task}: label {label!r} not in {TASK_LABELS[task]} ({r.text!r})")
            key = (r.text.strip().lower(), label)
            if key in seen:
                continue
            seen.add(key)
            kind, name = r.group.split(":")[:2]
            split = "heldout" if r.group in held else "train"
            w.writerow([r.text, label, f"{kind}/{name}", r.group, split])
            counts[(label, split)] += 1
    return counts


def build(out_dir: Path = DATA_DIR, seed: int = SEED) -> dict[str, Counter]:
    hand: list[Row] = []
    for f in sorted(HAND_DIR.glob("*.txt")):
        hand.extend(read_hand(f))
    gen = generate(seed)
    held = heldout_groups(hand, gen)
    return {task: write_task_csv(task, task_rows(task, hand, gen, seed), out_dir / f"{task}.csv", held) for task in TASKS}


def main() -> None:
    for task, counts in build().items():
        total = sum(counts.values())
        per_label = Counter()
        for (label, _), n in counts.items():
            per_label[label] += n
        held = sum(n for (_, s), n in counts.items() if s == "heldout")
        print(f"{task}: {total} rows ({held} held out): " + ", ".join(f"{k}={v}" for k, v in sorted(per_label.items())))


if __name__ == "__main__":
    main()

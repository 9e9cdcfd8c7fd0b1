"""Shared helpers of the benchmarks: machine facts, load, peak memory, timing, RESULTS.md rows.

Benchmarks are never tests. Each `python -m bench.NAME` appends one row per measured variant to
bench/RESULTS.md. The machines these run on are shared: every row carries the 1-minute load
average before and after the measurement, so a figure taken under load can be read as such.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
RESULTS = BENCH_DIR / "RESULTS.md"
CACHE = Path(os.environ.get("ESCUCHA_BENCH_CACHE", "/tmp/escucha-bench"))

HEADER = """# Benchmark results

Appended by `python -m bench.NAME` (see README, "Rendimiento y escala"). One row per measured
variant. `load` is `os.getloadavg()` (1, 5, 15 min) before -> after the measurement: these
machines are shared, so a figure taken under load is slower than the machine can do.
`peak MB` is the process's peak resident memory (`ru_maxrss`; for `escucha run`, the child's).

| date (UTC) | machine | benchmark | command | result | median of | peak MB | load before -> after |
|---|---|---|---|---|---|---|---|
"""


def machine() -> str:
    """CPU model, cores and RAM, read from /proc."""
    model = platform.processor() or "?"
    flags: set[str] = set()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name") and model in ("?", platform.processor()):
                model = line.split(":", 1)[1].strip()
            elif line.startswith("flags") and not flags:
                flags = set(line.split(":", 1)[1].split())
    except OSError:
        pass
    # int8 inference speed depends on these (VNNI does int8 dot products in one instruction).
    simd = [f for f in ("avx2", "avx512f", "avx512_vnni", "amx_int8") if f in flags]
    if simd:
        model += f" ({'/'.join(simd)})"
    ram = "?"
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = f"{int(line.split()[1]) / 1024 / 1024:.0f} GB"
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores, {ram} RAM"


def load() -> str:
    return "/".join(f"{x:.2f}" for x in os.getloadavg())


def peak_mb(children: bool = False) -> float:
    """Peak resident memory in MB of this process (or of its waited-for children)."""
    who = resource.RUSAGE_CHILDREN if children else resource.RUSAGE_SELF
    return resource.getrusage(who).ru_maxrss / 1024  # kilobytes on Linux


def timed(fn: Callable[[], object], repeats: int, warmup: int = 1) -> list[float]:
    """Wall seconds of `repeats` calls of `fn` after `warmup` untimed calls."""
    for _ in range(warmup):
        fn()
    out = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        out.append(time.perf_counter() - t0)
    return out


def median(xs: list[float]) -> float:
    return statistics.median(xs)


def command() -> str:
    return "python -m " + Path(sys.argv[0]).with_suffix("").relative_to(BENCH_DIR.parent).as_posix().replace("/", ".") \
        + ("" if len(sys.argv) == 1 else " " + " ".join(sys.argv[1:]))


def append_row(benchmark: str, result: str, runs: int | str, peak: float, load_before: str,
               cmd: str | None = None) -> str:
    """Append one row to RESULTS.md (creating it with its header) and print it."""
    if not RESULTS.exists():
        RESULTS.write_text(HEADER, encoding="utf-8")
    date = datetime.now(UTC).strftime("%Y-%m-%d %H:%M")
    row = (f"| {date} | {machine()} | {benchmark} | `{cmd or command()}` | {result} | {runs} | "
           f"{peak:,.0f} | {load_before} -> {load()} |\n")
    with RESULTS.open("a", encoding="utf-8") as fh:
        fh.write(row)
    print(row, end="", flush=True)
    return row


def variant_args(argv: list[str] | None, doc: str | None, variants: list[str], size: str,
                 default: int) -> tuple[argparse.Namespace, list[str]]:
    """The options every variant benchmark takes: `--<size> N`, `--repeats N`, `--variant V`.
    Returns them (the size as `args.size`) and the arguments each variant's process is given."""
    ap = argparse.ArgumentParser(description=doc, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(f"--{size}", dest="size", metavar=size.upper(), type=int, default=default)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--variant", choices=variants)
    args = ap.parse_args(argv)
    return args, [f"--{size}", str(args.size), "--repeats", str(args.repeats)]


def run_variants(module: str, variants: list[str], extra: list[str] | None = None) -> None:
    """Run each variant in its own process, so each one's peak memory is its own."""
    for v in variants:
        cmd = [sys.executable, "-m", module, "--variant", v, *(extra or [])]
        print("$", " ".join(cmd), flush=True)
        subprocess.run(cmd, check=False, cwd=BENCH_DIR.parent)


def offline_env() -> None:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("HF_ENDPOINT", "http://127.0.0.1:9")


def demo_texts(n: int, seed: int = 11) -> list[tuple[str, str]]:
    """(text, channel) of `n` demo records (escucha.demo), cached: PQRS descriptions, the
    customer's turns of calls, posts. Generated once per (n, seed) under CACHE."""
    import json

    n_gen = max(n, 2000)  # the generator needs at least 600 records; a small n takes a prefix
    folder = CACHE / f"demo-{n_gen}-{seed}"
    done = folder / "texts.jsonl"
    if not done.exists():
        from datetime import date

        from escucha.demo import generate_demo

        paths = generate_demo(folder, seed=seed, n_records=n_gen, end=date(2026, 11, 20), days=120)
        rows = []
        import csv

        with open(paths["pqrs"], encoding="utf-8", newline="") as fh:
            rows += [(r["descripcion"], "pqrs") for r in csv.DictReader(fh)]
        with open(paths["transcripts"], encoding="utf-8") as fh:
            for line in fh:
                call = json.loads(line)
                rows.append((" ".join(s["text"] for s in call["segments"] if s["speaker"] == "cliente"), "transcript"))
        rows += [(p["text"], "social") for p in json.loads(Path(paths["social"]).read_text(encoding="utf-8"))["data"]]
        tmp = done.with_suffix(".tmp")
        tmp.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
        tmp.rename(done)
    rows = [tuple(json.loads(line)) for line in done.read_text(encoding="utf-8").splitlines()]
    random.Random(seed).shuffle(rows)  # channels mixed, so a prefix has PQRS, calls and posts
    return (rows * (n // max(len(rows), 1) + 1))[:n]

"""The README's pictures: a team report and the dashboard of a demo run, as PNG files.

    .venv/bin/python scripts/screenshots.py                      # demo run in a temporary folder
    .venv/bin/python scripts/screenshots.py --data-dir escucha-data   # after `bash scripts/demo.sh`

Without --data-dir it writes the demo corpus and runs the nightly flow first (a few minutes).
Pages are rendered by Debian's Chromium (/usr/bin/chromium, or $CHROMIUM) through Playwright,
never a downloaded browser. Writes docs/img/informe-equipo.png and docs/img/tablero.png.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "img"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
TOKEN = "capturas"


def _escucha(data_dir: Path, *args: str) -> None:
    env = dict(os.environ, ESCUCHA__DATA_DIR=str(data_dir), ESCUCHA_PROGRESS="off")
    subprocess.run([sys.executable, "-m", "escucha.cli", *args], env=env, check=True, cwd=data_dir)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def demo_run(data_dir: Path, records: int) -> None:
    _escucha(data_dir, "demo-data", "--records", str(records))
    _escucha(data_dir, "run")


def team_report(data_dir: Path, team: str) -> Path:
    reports = sorted((data_dir / "reports").rglob(f"*{team}*.html"))
    if not reports:
        raise SystemExit(f"no HTML report for team {team!r} under {data_dir / 'reports'}: run the demo first")
    return reports[-1]


def capture(data_dir: Path, team: str, width: int) -> list[Path]:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    env = dict(os.environ, ESCUCHA__DATA_DIR=str(data_dir), ESCUCHA_PROGRESS="off")
    server = subprocess.Popen([sys.executable, "-m", "escucha.cli", "dashboard", "--port", str(port),
                               "--token", TOKEN], env=env, cwd=data_dir,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}/?token={TOKEN}"
    written = []
    try:
        deadline = time.monotonic() + 120
        while True:
            try:  # the token as scripts send it (the browser's ?token= becomes a cookie)
                req = urllib.request.Request(url.split("?")[0], headers={"Authorization": f"Bearer {TOKEN}"})
                urllib.request.urlopen(req, timeout=30).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the dashboard did not start")
                time.sleep(0.5)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": width, "height": 900}, device_scale_factor=1)
            for target, name in ((team_report(data_dir, team).as_uri(), "informe-equipo.png"), (url, "tablero.png")):
                page.goto(target, wait_until="networkidle")
                path = OUT / name
                page.screenshot(path=str(path), clip={"x": 0, "y": 0, "width": width, "height": 900})
                written.append(path)
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=30)
    return written


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data-dir", type=Path, help="An existing demo run's data_dir (default: a new demo run).")
    ap.add_argument("--team", default="producto")
    ap.add_argument("--records", type=int, default=2000)
    ap.add_argument("--width", type=int, default=1200)
    args = ap.parse_args()
    if args.data_dir:
        paths = capture(args.data_dir.resolve(), args.team, args.width)
    else:
        with tempfile.TemporaryDirectory() as tmp:
            demo_run(Path(tmp), args.records)
            paths = capture(Path(tmp), args.team, args.width)
    for p in paths:
        print(p.relative_to(ROOT))


if __name__ == "__main__":
    main()

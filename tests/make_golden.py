"""Write the golden captures of what people see (tests/golden/), from the code as it is now.

    .venv/bin/python tests/make_golden.py

Run it only when a change of the look is meant; `tests/test_same_look.py` compares every
rendering with these files. Pages are kept as (gzipped) HTML too: the test lays both out in the
same browser and compares where every element lands.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

import look  # noqa: E402


def write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def main() -> None:
    look.GOLDEN.mkdir(exist_ok=True)
    frame = look.golden_frame()
    pages = look.pages(frame)
    for browser in look.launch_chromium():
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        for name, html in pages.items():
            look.write_gz(look.GOLDEN / f"{name}.html.gz", html)
            write_json(look.GOLDEN / f"{name}.dom.json", look.dom_tree(page, html))
        page.close()
    for name, text in look.report_markdown(frame).items():
        (look.GOLDEN / f"{name}.md").write_text(text, encoding="utf-8")
    alerts = look.golden_alerts(frame)
    write_json(look.GOLDEN / "alerts.json", alerts)
    with tempfile.TemporaryDirectory() as tmp:
        write_json(look.GOLDEN / "messages.json", look.messages(Path(tmp), alerts))
    print(f"golden captures written to {look.GOLDEN}")


if __name__ == "__main__":
    main()

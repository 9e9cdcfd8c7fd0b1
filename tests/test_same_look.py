"""Reports, dashboard, alerts and messages look the same as the golden captures (tests/golden/).

The captures were written by `tests/make_golden.py` from a fixed dataset (`look.golden_frame`).
Pages are compared twice in headless Chromium: the DOM (tags, attributes, text) against the
golden capture, and the layout (every element's box, the visible text) against the golden HTML
rendered in the same browser, so fonts of the machine do not matter. Messages are compared as
the payloads each channel sends; alerts as the payloads the store keeps.
"""

from __future__ import annotations

import html
import json

import pytest

import look


def _golden(name: str):
    return json.loads((look.GOLDEN / name).read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def frame():
    return look.golden_frame()


@pytest.fixture(scope="module")
def browser():
    yield from look.launch_chromium()


@pytest.fixture(scope="module")
def rendered(frame):
    return look.pages(frame)


PAGES = ["report-ventas", "report-empty", "dashboard-default", "dashboard-filtered", "dashboard-social", "dashboard-401",
         "dashboard-clientes"]


@pytest.mark.parametrize("name", PAGES)
def test_page_dom_and_layout_are_the_golden_ones(name, rendered, browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        html = rendered[name]
        assert look.dom_tree(page, html) == _golden(f"{name}.dom.json")
        assert look.layout(page, html) == look.layout(page, look.golden_page(name))
    finally:
        page.close()


def test_pages_keep_their_safety_line(rendered):
    """Inline CSS and SVG, a CSP without outside sources, no asset from the network."""
    for name, page in rendered.items():
        assert "http://" not in page.replace('xmlns="http://www.w3.org/2000/svg"', ""), name
        assert "https://" not in page and "<link" not in page and "src=" not in page, name
    report = rendered["report-ventas"]
    assert "default-src 'none'; style-src 'unsafe-inline'" in html.unescape(report)
    assert "<svg" in report and "<style>" in report
    assert look.XSS not in report and "&lt;script&gt;" in report


def test_markdown_reports_are_the_golden_ones(frame):
    for name, text in look.report_markdown(frame).items():
        assert text == (look.GOLDEN / f"{name}.md").read_text(encoding="utf-8"), name


def test_alerts_are_stored_as_before(frame):
    assert look.golden_alerts(frame) == _golden("alerts.json")


def test_messages_are_sent_as_before(tmp_path):
    got = json.loads(json.dumps(look.messages(tmp_path, _golden("alerts.json")), ensure_ascii=False))
    want = _golden("messages.json")
    assert sorted(got) == sorted(want)
    for key in want:
        for part in want[key]:
            assert got[key][part] == want[key][part], (key, part)

"""The team report fits the screen: nothing wider than the window on a laptop (1280 px) nor on a
phone reading the e-mail (390 px), with long topic names, long verbatims and words that do not
break (a URL). Debian's Chromium through Playwright, as in tests/test_same_look.py."""

from __future__ import annotations

import pytest

import look

LONG_NAME = "Largos tiempos de espera para ser atendido en la línea de atención al cliente y en las oficinas"
UNBROKEN = "https://portal.example/consulta/radicados/estado-del-tramite-de-reclamacion-por-cobro-no-reconocido"


@pytest.fixture(scope="module")
def report_html():
    from escucha.outputs.reports import build_report, render_html, teams_from_config

    frame = look.golden_frame()
    first = frame["topic_label"].dropna().iloc[0]
    frame.loc[frame["topic_label"] == first, "topic_label"] = LONG_NAME
    frame.loc[frame.index[-40:], "text"] = f"No puedo ver mi caso en {UNBROKEN} desde hace días, {UNBROKEN}"
    team = teams_from_config({"teams": {"ventas": {"title": "Informe de Ventas, Cobros y Atención al Cliente"}}})[0]
    html = render_html(build_report(frame, team, look.NOW, {"reclamo": 15}))
    assert LONG_NAME in html and UNBROKEN in html
    return html


@pytest.fixture(scope="module")
def browser():
    yield from look.launch_chromium()


OVERFLOW_JS = """() => {
  const vw = window.innerWidth;
  const inScroller = (el) => {
    for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if ((s.overflowX === 'auto' || s.overflowX === 'scroll') && p.clientWidth <= vw) return true;
    }
    return false;
  };
  const wide = [...document.body.querySelectorAll('*')].filter(el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && (r.right > vw + 0.5 || r.left < -0.5) && !inScroller(el);
  }).map(el => el.tagName.toLowerCase() + (el.className ? '.' + el.className : '') + ' ' + Math.round(el.getBoundingClientRect().right));
  return {scroll: document.documentElement.scrollWidth, inner: vw, wide: wide.slice(0, 10)};
}"""


@pytest.mark.parametrize("width", [1280, 390])
def test_report_is_never_wider_than_the_window(report_html, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    try:
        page.set_content(report_html)
        got = page.evaluate(OVERFLOW_JS)
        assert got["scroll"] <= got["inner"], got
        assert got["wide"] == [], got
        if width == 1280:  # on a laptop the recurring-topics table fits whole, no scrolling inside it
            fits = page.evaluate("""() => [...document.querySelectorAll('table')].every(
                t => t.scrollWidth <= t.clientWidth + 1 && t.getBoundingClientRect().right <= t.closest('section').getBoundingClientRect().right)""")
            assert fits
            assert page.get_by_text(LONG_NAME).first.is_visible()
    finally:
        page.close()

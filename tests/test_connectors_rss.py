"""RSS 2.0 and Atom feeds, over a real HTTP server on loopback and from a file."""

from __future__ import annotations

import pytest
from loopback_http import serve

from escucha.connectors import ConnectorConfigError, ConnectorContext, registry
from escucha.connectors.http import SourceError
from helpers import read_all

pytestmark = pytest.mark.timeout(30)

CTX = ConnectorContext(pseudonym_salt="test-salt-123", data_dir=".", batch_size=100)

RSS = """<?xml version="1.0" encoding="ISO-8859-1"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/"
     xmlns:media="http://search.yahoo.com/mrss/" xmlns:rev="http://example.org/review">
<channel><title>Opiniones de Conecta</title>
<item><guid>r-1</guid><title>P\xe9sima atenci\xf3n</title><link>https://opiniones.example/r-1</link>
  <description>&lt;p&gt;Llevo &lt;b&gt;tres semanas&lt;/b&gt; esperando al t\xe9cnico.&lt;/p&gt;</description>
  <media:content url="https://img.example/1.jpg"/>
  <pubDate>Tue, 18 Nov 2026 14:03:11 -0500</pubDate><dc:creator>Laura B</dc:creator><rev:rating>1</rev:rating>
  <category>Internet</category></item>
<item><guid>r-2</guid><title>Buen servicio</title><description><![CDATA[<div>Me resolvieron r\xe1pido.</div>]]></description>
  <pubDate>Wed, 19 Nov 2026 09:00:00 GMT</pubDate><rev:rating>4,5</rev:rating></item>
<item><guid>r-3</guid><title>Fecha rota</title><description>Texto</description><pubDate>ayer</pubDate></item>
<item><guid>r-4</guid><title></title><description>   </description><pubDate>Wed, 19 Nov 2026 10:00:00 GMT</pubDate></item>
</channel></rss>""".encode("latin-1")

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Noticias</title>
<entry><id>tag:news.example,2026:1</id><title>Caída masiva de Conecta en Bogotá</title>
  <link rel="alternate" href="https://news.example/1"/><published>2026-11-18T15:00:00Z</published>
  <author><name>Redacción</name></author>
  <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Miles de usuarios sin servicio.</p></div></content></entry>
</feed>"""




def test_rss_over_http_reviews_with_rating_and_incremental_cursor():
    feed = {"body": RSS}
    with serve(lambda req: (200, {"Content-Type": "application/rss+xml"}, feed["body"])) as srv:
        conn = registry.create("rss", name="opiniones", channel="review", context=CTX,
                               options={"url": srv.url + "/feed.xml", "score_element": "rating"})
        records, quarantined, cursor = read_all(conn)
        assert "application/rss+xml" in srv.requests[0].headers["accept"]
        by_id = {r.source_id: r for r in records}
        assert sorted(by_id) == ["r-1", "r-2"]
        r1 = by_id["r-1"]
        assert r1.channel == "review" and r1.score == 1.0 and by_id["r-2"].score == 4.5
        assert r1.text == "Pésima atención\n\nLlevo tres semanas esperando al técnico."
        assert r1.url == "https://opiniones.example/r-1" and r1.extra["categories"] == ["Internet"]
        assert r1.created_at.isoformat() == "2026-11-18T14:03:11-05:00"
        assert r1.author.startswith("u_") and "Laura" not in r1.author
        assert by_id["r-2"].text == "Buen servicio\n\nMe resolvieron rápido."
        reasons = sorted(q.reason for q in quarantined)
        assert len(reasons) == 2 and "r-3" in reasons[0] and "created_at" in reasons[0] and "ayer" in reasons[0]
        assert "r-4" in reasons[1] and "empty" in reasons[1]
        assert cursor["latest"] == "2026-11-19T10:00:00+00:00" and set(cursor["seen"]) == {"r-1", "r-2", "r-3", "r-4"}
        # next run: the same feed gives nothing; a new entry (and an old unseen one) are told apart
        again, q2, cursor2 = read_all(conn, cursor)
        assert again == [] and q2 == []
        new = (b'<item><guid>r-5</guid><title>Nueva</title><description>Otra queja</description>'
               b'<pubDate>Thu, 20 Nov 2026 09:00:00 GMT</pubDate></item>'
               b'<item><guid>r-0</guid><title>Vieja</title><description>Antigua</description>'
               b'<pubDate>Mon, 03 Nov 2025 09:00:00 GMT</pubDate></item></channel>')
        feed["body"] = RSS.replace(b"</channel>", new)
        newer, _, cursor3 = read_all(conn, cursor2)
        assert [r.source_id for r in newer] == ["r-5"] and cursor3["latest"] == "2026-11-20T09:00:00+00:00"


def test_atom_from_file(tmp_path):
    f = tmp_path / "noticias.atom"
    f.write_text(ATOM, encoding="utf-8")
    records, quarantined, cursor = read_all(registry.create(
        "rss", name="noticias", channel="social", context=CTX, options={"path": str(f)}))
    assert quarantined == [] and len(records) == 1
    r = records[0]
    assert r.source_id == "tag:news.example,2026:1" and r.url == "https://news.example/1"
    assert r.text == "Caída masiva de Conecta en Bogotá\n\nMiles de usuarios sin servicio."
    assert r.extra["feed"] == "Noticias" and cursor["latest"] == "2026-11-18T15:00:00+00:00"


def test_broken_feed_and_http_errors_are_source_errors():
    with serve(lambda req: (200, {}, "<html><body>Mantenimiento</body></html>") if req.path == "/html"
               else (200, {}, "<rss><channel><item>") if req.path == "/broken" else (404, {}, "no")) as srv:
        for path, match in (("/html", "root element <html>"), ("/broken", "not a valid XML feed"),
                            ("/missing", "HTTP 404")):
            conn = registry.create("rss", name="f", channel="review", context=CTX,
                                   options={"url": srv.url + path, "max_retries": 0})
            with pytest.raises(SourceError, match=match):
                read_all(conn)


def test_url_or_path_but_not_both():
    with pytest.raises(ConnectorConfigError, match="exactly one of url"):
        registry.create("rss", name="f", channel="review", context=CTX, options={"url": "http://x", "path": "y"})

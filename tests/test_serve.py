"""``portal-archive serve``: Datasette on a real archive, driven end to end in headless Chromium
(DevTools protocol over a loopback websocket), plus the plugin's pages over plain HTTP."""

from __future__ import annotations

import hashlib
import http.server
import json
import os
import shutil
import socket
import struct
import subprocess
import sys
import threading
import urllib.request
import zlib
from pathlib import Path

import pytest

from archive.clusters import update_clusters
from archive.store import Archive
from portal_spider.warc import WarcStore, response_record
from tests.conftest import ROOT
from tests.test_clusters import LOOK_ALIKES, SYNDICATED

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SCREENSHOTS = os.environ.get("PORTAL_ARCHIVE_SCREENSHOTS")


def png(width: int = 64, height: int = 40) -> bytes:
    """A small solid-colour PNG, made here (no files, no network)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    raw = b"".join(b"\x00" + b"\x2a\x6e\xb0" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


class _Images(http.server.BaseHTTPRequestHandler):
    body = png()

    def do_GET(self):  # noqa: N802
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


#: a photo of a portal: the browser must never ask the portal for it (the archive serves its bytes)
PHOTO = "https://english.guiyang.gov.cn/images/attachement/png/site2/20231226/line3.png"


@pytest.fixture(scope="module")
def image_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Images)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def bulletin(n: int) -> dict:
    """Weekly bulletins 1-25 (ids 8-32): 2022 (1-5), 2023 (6-15), 2024 (16-25), News or Notices."""
    year = 2022 if n <= 5 else 2023 if n <= 15 else 2024
    url = f"https://www.eguizhou.gov.cn/{year}-{n % 11 + 1:02d}/0{n % 9 + 1}/c_{900 + n}.htm"
    return {"url": url, "canonical_url": url, "portal": "eguizhou", "title": f"Weekly bulletin No. {n}",
            "body": f"Bulletin {n} lists the province's notices of week {n}: {n * 3} items.",
            "published": f"{year}-{n % 11 + 1:02d}-0{n % 9 + 1}", "section": ["Home", "News" if n % 3 else "Notices"]}


BULLETINS = [bulletin(n) for n in range(1, 26)]


@pytest.fixture(scope="module")
def served(tmp_path_factory, image_server):
    """A clustered archive with photos served from loopback, and `portal-archive serve` on it."""
    folder = tmp_path_factory.mktemp("serve")
    db = folder / "archive.db"
    archive = Archive(db)
    items = [dict(i) for i in SYNDICATED + LOOK_ALIKES]
    items[5]["photos"] = [{"src": PHOTO, "caption": "A Line 3 train at Jinyang South station.", "credit": "guiyang.gov.cn"},
                          {"src": f"{image_server}/gone.png", "caption": None, "credit": None}]  # (no caption: same ranks)
    archive.save(items)
    # the crawl kept the first photo (its bytes in a WARC record beside the archive); the second was a 404
    warcs = WarcStore(folder / "archive-warc", prefix="guiyang")
    location = warcs.append(response_record(PHOTO, 200, [(b"Content-Type", b"image/png")], _Images.body))
    warcs.close()
    archive.save_images([
        {"url": PHOTO, "status": 200, "content_type": "image/png", "size": len(_Images.body),
         "sha256": hashlib.sha256(_Images.body).hexdigest(), "warc": location},
        {"url": f"{image_server}/gone.png", "status": 404, "detail": "HTTP 404"}])
    archive.save(BULLETINS)
    update_clusters(archive)
    archive.register_portals([{"name": "guiyang", "portal_name": "Guiyang", "hosts": ["english.guiyang.gov.cn"],
                               "family": "F1", "level": "city", "province": "Guizhou", "city": "Guiyang"},
                              {"name": "eguizhou", "portal_name": "Guizhou", "hosts": ["www.eguizhou.gov.cn"],
                               "family": "F2", "level": "province", "province": "Guizhou", "city": None}])
    archive.close()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "portal_spider", "serve", "--db", str(db), "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in proc.stderr:  # uvicorn says when it listens
        if "Uvicorn running on" in line:
            break
    else:
        pytest.fail(f"serve did not start: {proc.stdout.read()}")
    threading.Thread(target=proc.stderr.read, daemon=True).start()
    yield f"http://127.0.0.1:{port}", folder
    proc.terminate()
    proc.wait(timeout=10)


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def test_canned_queries_use_the_same_query_language(served):
    base, _ = served
    status, body = get(f"{base}/archive/search.json?q=metro+-yunyan&_shape=array")
    assert status == 200
    assert [(r["id"], r["title"]) for r in json.loads(body)] == [(6, "Metro Line 3 brings rail to Jinyang")]
    status, body = get(f"{base}/archive/top_portals.json?q=%22State+Council%22&_shape=array")
    assert [(r["portal"], r["matches"]) for r in json.loads(body)] == [("chinadaily", 1), ("dongguan", 1), ("people", 1)]
    status, body = get(f"{base}/archive/timeline.json?q=metro&_shape=array")
    assert json.loads(body) == [{"month": "2023-12", "matches": 2, "archived": 2}]
    status, body = get(f"{base}/archive/article_facets.json?_q=Line-3&_shape=array&_col=id")
    assert sorted(r["id"] for r in json.loads(body)) == [6, 7]



@pytest.mark.parametrize("path, q, message", [
    ("search", "-tourism", "add at least one word to search for"),
    ("search", "", "query is empty"),
    ("timeline", "x" * 1001, "query is too long (1,001 characters): use at most 1,000"),
    ("top_portals", "%22", "query has no words to search for"),
    ("search", "metro+OR+-bus", "each side of OR needs a word to search for, not only words to exclude"),
])
def test_canned_query_with_a_bad_query_shows_its_one_line_message(served, path, q, message):
    base, _ = served
    status, body = get(f"{base}/archive/{path}?q={q}")
    assert status == 400
    assert f'<p class="message-error">{message}</p>' in body
    assert "user-defined function" not in body
    status, body = get(f"{base}/archive/{path}.json?q={q}")
    assert status == 400
    assert {k: v for k, v in json.loads(body).items() if k in ("ok", "error", "rows")} == {
        "ok": False, "error": message, "rows": []}


def test_bad_queries_leave_good_ones_and_other_sql_errors_as_they_were(served):
    base, _ = served
    for _ in range(4):  # failures leave nothing behind in Datasette's SQL threads
        assert get(f"{base}/archive/search?q=-metro")[0] == 400
    status, body = get(f"{base}/archive/search.json?q=metro+-yunyan&_shape=array")
    assert status == 200
    assert [(r["id"], r["title"]) for r in json.loads(body)] == [(6, "Metro Line 3 brings rail to Jinyang")]
    status, body = get(f"{base}/archive/search?q=metro+-yunyan")
    assert status == 200 and "message-error" not in body and "Metro Line 3 brings rail to Jinyang" in body
    # hand-written SQL: the same message; any other error is SQLite's own
    status, body = get(f"{base}/archive.json?sql=select+fts_query(:q)+as+f&q=-x")
    assert (status, json.loads(body)["error"]) == (400, "add at least one word to search for")
    status, body = get(f"{base}/archive.json?sql=select+fts_query(:q)+as+f&q=Belt-and-Road&_shape=array")
    assert (status, json.loads(body)) == (200, [{"f": '"belt and road"'}])
    status, body = get(f"{base}/archive.json?sql=select+no_such_function(1)")
    assert (status, json.loads(body)["error"]) == (400, "no such function: no_such_function")


def test_search_page_errors_are_one_line_and_the_archive_is_read_only(served):
    base, folder = served
    status, body = get(f"{base}/-/search?q=%22")
    assert status == 200 and '<p class="message-error">query has no words to search for</p>' in body
    before = (folder / "archive.db").stat().st_mtime_ns
    status, _ = get(f"{base}/archive/-/query?sql=DELETE+FROM+articles")
    assert status == 400
    assert get(f"{base}/archive/articles.json?_shape=array&_col=id")[1].count('"id"') == 32
    assert (folder / "archive.db").stat().st_mtime_ns == before


class DevTools:
    """A minimal Chrome DevTools Protocol client (one page target)."""

    def __init__(self, ws_url: str):
        import websocket

        self.ws = websocket.create_connection(ws_url, timeout=30, suppress_origin=True)
        self.next_id = 0
        self.events: list[dict] = []

    def call(self, method: str, **params) -> dict:
        self.next_id += 1
        self.ws.send(json.dumps({"id": self.next_id, "method": method, "params": params}))
        while True:
            message = json.loads(self.ws.recv())
            if message.get("id") == self.next_id:
                if "error" in message:
                    raise AssertionError(f"{method}: {message['error']}")
                return message.get("result", {})
            self.events.append(message)

    def wait(self, event: str) -> dict:
        while True:
            for i, message in enumerate(self.events):
                if message.get("method") == event:
                    return self.events.pop(i)
            self.events.append(json.loads(self.ws.recv()))

    def js(self, expression: str):
        result = self.call("Runtime.evaluate", expression=expression, returnByValue=True, awaitPromise=True)
        if "exceptionDetails" in result:
            raise AssertionError(f"{expression}: {result['exceptionDetails']}")
        return result["result"].get("value")

    def load(self, action) -> None:
        self.events = [e for e in self.events if e.get("method") != "Page.loadEventFired"]
        action()
        self.wait("Page.loadEventFired")


@pytest.fixture
def chromium(tmp_path):
    if not CHROMIUM:
        if os.environ.get("CI"):
            pytest.fail("chromium is not installed (CI=true): run `make browser` as root, or apt-get install chromium")
        pytest.skip("chromium is not installed: `make browser` (as root) or `apt-get install chromium` to run this test")
    proc = subprocess.Popen(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
         f"--user-data-dir={tmp_path / 'profile'}", "--remote-debugging-port=0", "--window-size=1100,1300",
         "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    browser_ws = None
    for line in proc.stderr:
        if line.startswith("DevTools listening on "):
            browser_ws = line.split(" on ", 1)[1].strip()
            break
    assert browser_ws, "chromium did not start its DevTools endpoint"
    threading.Thread(target=proc.stderr.read, daemon=True).start()
    port = browser_ws.split(":")[2].split("/")[0]
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/json/list", timeout=10) as r:
        page = next(t for t in json.load(r) if t["type"] == "page")
    tools = DevTools(page["webSocketDebuggerUrl"])
    tools.call("Page.enable")
    yield tools
    tools.ws.close()
    proc.terminate()
    proc.wait(timeout=10)


def test_search_and_open_an_article_in_chromium(served, chromium, tmp_path):
    base, _ = served
    page = chromium
    page.call("Network.enable")
    page.load(lambda: page.call("Page.navigate", url=f"{base}/"))
    # the home page opens with the search box; Datasette's own page and styles throughout
    assert page.js("document.querySelector('form.home-search input[name=q]') !== null") is True
    page.load(lambda: page.call("Page.navigate", url=f"{base}/-/search"))
    assert page.js("document.querySelector('h1').textContent") == "Search the archive"
    assert page.js("getComputedStyle(document.querySelector('header')).backgroundColor") == "rgb(39, 104, 144)"
    # type a query into the search box and submit the form, as a person would
    page.js("document.querySelector('input[name=q]').focus()")
    page.call("Input.insertText", text='metro "line 3"')
    page.load(lambda: page.js("document.querySelector('form.search').submit()"))
    assert page.js("location.search") == ("?q=metro+%22line+3%22&sort=relevance&portal=&level=&province=&section="
                                          "&year=&since=&until=")
    assert page.js("document.querySelector('.total').textContent.split(' · ')[0]") == (
        "2 article(s) match; showing 1–2")
    rows = page.js("""[...document.querySelectorAll('tr.hit')].map(r => [r.dataset.id,
        r.querySelector('a.title').textContent, r.querySelector('.portal').textContent,
        r.querySelector('.published').textContent, r.querySelectorAll('mark').length > 0])""")
    assert rows == [["6", "Metro Line 3 brings rail to Jinyang", "guiyang", "2023-12-26", True],
                    ["7", "Yunyan welcomes Metro Line 3", "guiyang", "2023-12-26", True]]
    # open the first article
    page.load(lambda: page.js("document.querySelector('tr.hit a.title').click()"))
    assert page.js("location.pathname") == "/-/article/6"
    assert page.js("document.querySelector('h1.title').textContent") == "Metro Line 3 brings rail to Jinyang"
    assert page.js("[...document.querySelectorAll('figcaption')].map(f => f.textContent)") == [
        "A Line 3 train at Jinyang South station. [guiyang.gov.cn] original", " original"]
    # the photo comes from the archive's WARC record; the portal's address is only a link
    assert page.js("document.querySelector('figure img').getAttribute('src')") == "/-/image/1"
    assert page.js("document.querySelector('figure img').naturalWidth") == 64  # the photo loaded
    assert page.js("document.querySelector('figcaption a.original').href") == PHOTO
    assert page.js("document.querySelector('.photo-missing').textContent") == "[photo not archived: HTTP 404]"
    assert page.js("document.querySelectorAll('.body p').length") == 3
    shot = page.call("Page.captureScreenshot", format="png")["data"]
    import base64

    data = base64.b64decode(shot)
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 10_000
    for folder in filter(None, (tmp_path, SCREENSHOTS)):
        Path(folder, "article.png").write_bytes(data)
    # the syndicated story: one hit, with the other portals
    page.load(lambda: page.call("Page.navigate", url=f"{base}/-/search?q=State+Council+executive+meeting"))
    assert page.js("[...document.querySelectorAll('tr.hit')].map(r => r.dataset.id)") == ["1"]
    assert page.js("document.querySelector('.also').textContent") == (
        "also published by 2 portals: chinadaily, people")

    # 25 bulletins: page 1, next to page 2, a facet link, then an article
    def hit_ids():
        return page.js("[...document.querySelectorAll('tr.hit')].map(r => Number(r.dataset.id))")

    page.load(lambda: page.call("Page.navigate", url=f"{base}/-/search?q=bulletin&sort=date"))
    assert page.js("document.querySelector('.total').textContent.split(' · ')[0]") == (
        "25 article(s) match; showing 1–20")
    first = hit_ids()
    assert len(first) == 20 and page.js("document.querySelector('a.previous')") is None
    page.load(lambda: page.js("document.querySelector('a.next').click()"))
    assert page.js("location.search") == "?q=bulletin&sort=date&offset=20"
    assert page.js("document.querySelector('.total').textContent.split(' · ')[0]") == (
        "25 article(s) match; showing 21–25")
    second = hit_ids()
    assert sorted(first + second) == list(range(8, 33)) and page.js("document.querySelector('a.next')") is None
    facets = page.js("""Object.fromEntries([...document.querySelectorAll('.facet-info')].map(f => [f.dataset.column,
        [...f.querySelectorAll('li')].map(li => li.textContent.trim().replace(/\\s+/g, ' '))]))""")
    assert facets == {"portal": ["eguizhou 25"], "level": ["province 25"], "province": ["Guizhou 25"],
                      "section": ["Home > News 17", "Home > Notices 8"], "year": ["2023 10", "2024 10", "2022 5"]}
    for folder in filter(None, (tmp_path, SCREENSHOTS)):
        Path(folder, "search.png").write_bytes(base64.b64decode(page.call("Page.captureScreenshot", format="png")["data"]))
    # a facet value narrows the search (and starts again at page 1); filters combine
    page.load(lambda: page.js("[...document.querySelectorAll('.facet-info[data-column=year] a.facet')]"
                              ".find(a => a.textContent === '2022').click()"))
    assert page.js("location.search") == "?q=bulletin&sort=date&year=2022"
    assert page.js("document.querySelector('select[name=year]').value") == "2022"
    assert hit_ids() == [12, 11, 10, 9, 8]
    page.load(lambda: page.js("[...document.querySelectorAll('.facet-info[data-column=section] a.facet')]"
                              ".find(a => a.textContent === 'Home > Notices').click()"))
    assert page.js("location.search") == "?q=bulletin&sort=date&section=Home+%3E+Notices&year=2022"
    assert hit_ids() == [10]
    page.load(lambda: page.js("document.querySelector('tr.hit a.title').click()"))
    assert page.js("location.pathname") == "/-/article/10"
    assert page.js("document.querySelector('h1.title').textContent") == "Weekly bulletin No. 3"
    assert page.js("document.querySelector('p.meta').textContent") == "eguizhou · 2022-04-04 · Home > Notices"
    # no request left 127.0.0.1
    hosts = {e["params"]["request"]["url"].split("/")[2] for e in page.events if e.get("method") == "Network.requestWillBeSent"}
    assert hosts and all(h.startswith("127.0.0.1:") for h in hosts), hosts


@pytest.fixture(scope="module")
def huge_archive(tmp_path_factory):
    """One article of 9.7 MB (1.2 million distinct words w1 ... w1199999) and one small one."""
    db = tmp_path_factory.mktemp("huge") / "huge.db"
    archive = Archive(db)
    archive.save([
        {"url": "https://h.example.gov.cn/2024-01/31/c_1.htm", "canonical_url": "https://h.example.gov.cn/2024-01/31/c_1.htm",
         "portal": "guiyang", "title": "A very long report", "body": " ".join(f"w{i}" for i in range(1, 1_200_000)),
         "published": "2024-01-31"},
        {"url": "https://h.example.gov.cn/2024-02/01/c_2.htm", "canonical_url": "https://h.example.gov.cn/2024-02/01/c_2.htm",
         "portal": "guiyang", "title": "A short note", "body": "w1 and w12 only.", "published": "2024-02-01"}])
    archive.close()
    return str(db)


def client_get(ds, path: str) -> tuple[int, str, float]:
    import asyncio
    import time

    started = time.perf_counter()
    response = asyncio.run(ds.client.get(path))
    return response.status_code, response.text, time.perf_counter() - started


def test_a_huge_body_is_searched_within_the_page_time_limit(huge_archive):
    from archive.serve import TIME_LIMIT_MS, make_datasette

    ds = make_datasette(huge_archive)
    status, body, seconds = client_get(ds, "/-/search?q=w1*")
    assert status == 200
    assert "2 article(s) match" in body
    # the snippet comes from the body's first 32,000 characters (FTS5's snippet over all 9.7 MB took minutes)
    assert ("<mark>w1</mark> w2 w3 w4 w5 w6 w7 w8 w9 <mark>w10</mark> <mark>w11</mark> <mark>w12</mark> "
            "<mark>w13</mark> <mark>w14</mark> <mark>w15</mark> <mark>w16</mark> … ") in body
    assert seconds < TIME_LIMIT_MS / 1000
    # a word only found beyond the window: the hit is listed, with the start of its text
    status, body, _ = client_get(ds, "/-/search?q=w1199999")
    assert status == 200 and "1 article(s) match" in body
    assert '<div class="snippet">A very long report w1 w2 w3 w4 w5 w6 w7 w8 w9 w10 w11 w12 …</div>' in body


def test_plugin_pages_stop_at_the_time_limit_with_one_line(huge_archive):
    from archive.serve import make_datasette

    ds = make_datasette(huge_archive, time_limit_ms=1)
    status, body, _ = client_get(ds, "/-/search?q=w1*")
    assert status == 503
    assert ('<p class="message-error">this page took longer than the server limit of 1 ms: narrow the search '
            '(more words, a phrase, a portal or dates)</p>') in body
    status, _, _ = client_get(ds, "/-/search?q=w1*")  # the connection is usable again
    assert status == 503
    ds = make_datasette(huge_archive)
    assert client_get(ds, "/-/article/2")[0] == 200
    status, body, _ = client_get(ds, "/-/article/12345678901234567890123456")  # past SQLite's integers
    assert status == 404 and '<p class="message-error">no archived article with id 12345678901234567890123456</p>' in body


def test_timeline_page_charts_a_query(served):
    import xml.etree.ElementTree as ET

    base, _ = served
    status, body = get(f"{base}/-/timeline?q=metro&since=2023-11&until=2024-01")
    assert status == 200
    assert '<link rel="stylesheet" href="/-/static/app.css' in body  # Datasette's page and styles
    svg = ET.fromstring(body[body.index("<svg"):body.index("</svg>") + 6])
    lines = svg.findall("{http://www.w3.org/2000/svg}polyline")
    assert [line.get("class") for line in lines] == ["portal", "halo", "total"]
    assert [float(p.split(",")[1]) for p in lines[-1].get("points").split()] == [310.0, 40.0, 310.0]
    table = body[body.index("<tbody>"):body.index("</tbody>")]
    assert [cells.split("</td>")[0] for cells in table.split("<td>")[1:]][::5] == ["2023-11", "2023-12", "2023-12", "2024-01"]
    assert "<td>all portals</td><td>0</td>" in table and "<td>guiyang</td><td>2</td>" in table
    assert '<a href="/-/search?q=metro&amp;since=2023-11&amp;until=2024-01">the matching articles</a>' in body
    status, body = get(f"{base}/-/timeline?q=metro&until=2024-13")
    assert status == 200
    assert ('<p class="message-error">--until must be a date like 2024-01-31, 2024-01 or 2024, not &#39;2024-13&#39;</p>'
            in body) and "<svg" not in body


def test_an_archived_photo_is_served_byte_for_byte_with_a_closed_policy(served):
    base, _ = served
    with urllib.request.urlopen(f"{base}/-/image/1", timeout=10) as r:
        assert (r.status, r.headers["Content-Type"], r.read()) == (200, "image/png", _Images.body)
        assert r.headers["Content-Security-Policy"] == "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    assert get(f"{base}/-/image/2") == (404, "no archived image with this id\n")  # the photo that was a 404
    assert get(f"{base}/-/image/99999999999999999")[0] == 404


def test_unknown_ids_are_404_and_a_stored_javascript_url_is_no_link(tmp_path):
    import asyncio
    import sqlite3

    from archive.serve import make_datasette

    db = tmp_path / "archive.db"
    archive = Archive(db)
    archive.save([dict(SYNDICATED[0])])
    archive.close()
    conn = sqlite3.connect(db)  # what an import let in before URLs were checked
    conn.execute("UPDATE articles SET url = 'javascript:alert(document.cookie)'")
    conn.execute("UPDATE appearances SET url = 'JavaScript:alert(2)'")
    conn.commit()
    conn.close()
    ds = make_datasette(str(db))

    async def pages():
        return [await ds.client.get(path) for path in ("/-/article/1", "/-/article/2", "/-/article/" + "9" * 26,
                                                       "/-/article/" + "1" * 400)]

    article, missing, huge, longer = asyncio.run(pages())
    assert [missing.status_code, huge.status_code, longer.status_code] == [404, 404, 404]
    assert article.status_code == 200
    assert '<p class="live">javascript:alert(document.cookie)</p>' in article.text
    assert "href=\"javascript" not in article.text.lower() and "JavaScript:alert(2) (" in article.text

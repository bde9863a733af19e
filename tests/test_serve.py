"""``portal-archive serve``: Datasette on a real archive, driven end to end in headless Chromium
(DevTools protocol over a loopback websocket), plus the plugin's pages over plain HTTP."""

from __future__ import annotations

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


@pytest.fixture(scope="module")
def image_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Images)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def served(tmp_path_factory, image_server):
    """A clustered archive with photos served from loopback, and `portal-archive serve` on it."""
    folder = tmp_path_factory.mktemp("serve")
    db = folder / "archive.db"
    archive = Archive(db)
    items = [dict(i) for i in SYNDICATED + LOOK_ALIKES]
    items[5]["photos"] = [{"src": f"{image_server}/line3.png", "caption": "A Line 3 train at Jinyang South station.",
                           "credit": "guiyang.gov.cn"}]
    archive.save(items)
    update_clusters(archive)
    archive.register_portals([{"name": "guiyang", "portal_name": "Guiyang", "hosts": ["english.guiyang.gov.cn"],
                               "family": "F1", "level": "city", "province": "Guizhou", "city": "Guiyang"}])
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
    assert status == 200 and "<p class='error'>query has no words to search for</p>" in body
    before = (folder / "archive.db").stat().st_mtime_ns
    status, _ = get(f"{base}/archive/-/query?sql=DELETE+FROM+articles")
    assert status == 400
    assert get(f"{base}/archive/articles.json?_shape=array&_col=id")[1].count('"id"') == 7
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
    page.load(lambda: page.call("Page.navigate", url=f"{base}/-/search"))
    assert page.js("document.querySelector('h1').textContent") == "Search the archive"
    # type a query into the search box and submit the form, as a person would
    page.js("document.querySelector('input[name=q]').focus()")
    page.call("Input.insertText", text='metro "line 3"')
    page.load(lambda: page.js("document.querySelector('form.search').submit()"))
    assert page.js("location.search") == "?q=metro+%22line+3%22&sort=relevance&portal=&level=&province=&section=&since=&until="
    assert page.js("document.querySelector('.total').textContent.split(' · ')[0]") == "2 article(s) match"
    rows = page.js("""[...document.querySelectorAll('tr.hit')].map(r => [r.dataset.id,
        r.querySelector('a.title').textContent, r.querySelector('.portal').textContent,
        r.querySelector('.published').textContent, r.querySelectorAll('mark').length > 0])""")
    assert rows == [["6", "Metro Line 3 brings rail to Jinyang", "guiyang", "2023-12-26", True],
                    ["7", "Yunyan welcomes Metro Line 3", "guiyang", "2023-12-26", True]]
    # open the first article
    page.load(lambda: page.js("document.querySelector('tr.hit a.title').click()"))
    assert page.js("location.pathname") == "/-/article/6"
    assert page.js("document.querySelector('h1.title').textContent") == "Metro Line 3 brings rail to Jinyang"
    assert page.js("document.querySelector('figcaption').textContent") == (
        "A Line 3 train at Jinyang South station. [guiyang.gov.cn]")
    assert page.js("document.querySelector('figure img').naturalWidth") == 64  # the photo loaded
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
    assert "<p class='live'>javascript:alert(document.cookie)</p>" in article.text
    assert "href=\"javascript" not in article.text.lower() and "JavaScript:alert(2) (" in article.text

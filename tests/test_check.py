"""``portal-archive check NAME``: live check of a portal (here: the loopback sample portal as the proxy)."""

from __future__ import annotations

import pytest

from portal_spider.sample_portal.server import SamplePortal
from tests.conftest import SITES, run_cli

BJ = "https://english.beijing.gov.cn"


@pytest.fixture(scope="module")
def portal():
    with SamplePortal() as server:
        yield server


def test_check_prints_every_field_with_its_layer(portal):
    result = run_cli("check", "beijing", "--proxy", portal.proxy)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert lines[:4] == [
        "portal   beijing (F4, Beijing International Web Portal (english.beijing.gov.cn))",
        f"listing  {BJ}/latest/news/index.html [News]: HTTP 200, 2 article link(s)",
        f"article  {BJ}/latest/news/202407/t20240727_9000001.html: HTTP 200, utf-8",
        "family   F4: URL shape of TRS WCM, TRS editor markup",
    ]
    fields = {line[9:21].strip(): (line[:8].strip(), line[22:31].strip(), line[32:]) for line in lines[4:-1]}
    assert fields["title"] == ("", "structure", "'Beijing opens three new metro stations for summer travel'")
    assert fields["published"] == ("", "text", "'2024-07-27'")
    assert fields["source"] == ("", "text", "'Beijing Daily App'")
    assert fields["section"] == ("", "text", "3: ['Home', 'Latest', 'News']")
    assert fields["photos"] == ("", "-", "(none)")
    assert lines[-1] == "missing: nothing; not on this page: byline, photos, attachments"
    # the crawler's user agent, one request per page plus nothing else
    assert [u for _, u, _ in portal.requests if "beijing" in u][-2:] == [
        f"{BJ}/latest/news/index.html", f"{BJ}/latest/news/202407/t20240727_9000001.html"]


def test_check_flags_a_missing_required_field(portal):
    result = run_cli("check", "yueyang", "--proxy", portal.proxy)  # no date printed, none in the URL
    assert result.returncode == 1
    assert "MISSING  published    -         -" in result.stdout.splitlines()
    assert result.stdout.splitlines()[-1] == (
        "missing: published; not on this page: date_source, source, byline, section, photos, attachments")


def test_check_without_network_prints_one_line_and_fails():
    result = run_cli("check", "beijing", "--proxy", "http://127.0.0.1:9")  # nothing listens on port 9
    assert result.returncode == 3
    assert result.stdout == ""
    assert result.stderr == "cannot reach english.beijing.gov.cn: connection refused\n"


def test_check_of_an_unknown_portal_is_a_usage_error():
    result = run_cli("check", "atlantis")
    assert (result.returncode, result.stderr) == (2, "error: unknown portal atlantis (see portal-archive portals)\n")


def test_check_saves_raw_pages_and_headers_as_fixtures(portal, tmp_path):
    result = run_cli("check", "NaNning".lower(), "--proxy", portal.proxy, "--save-fixture", str(tmp_path))
    assert result.returncode == 0, result.stderr
    article = "english.nanning.gov.cn/city_life/city_news/top_stories/201801/t20180112_9000051.html"
    listing = "english.nanning.gov.cn/city_life/city_news/top_stories/index.html"
    for rel in (listing, article):
        assert (tmp_path / rel).read_bytes() == (SITES / rel).read_bytes()  # GB2312 bytes untouched
        sidecar = (tmp_path / f"{rel}.headers").read_text("utf-8").splitlines()
        assert sidecar[0] == "HTTP/1.1 200 OK"
        assert "Content-Type: text/html" in sidecar
    assert f"saved    {tmp_path / article}" in result.stdout.splitlines()


def test_check_sends_the_crawlers_user_agent():
    import http.server
    import threading

    from portal_spider.check import Fetcher

    seen = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):
            seen.append(self.headers.get("User-Agent"))
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=gb2312")
            self.send_header("Content-Length", "4")
            self.end_headers()
            self.wfile.write("贵阳".encode("gb18030"))

        def log_message(self, *args):
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        status, headers, body = Fetcher("portal-archive/0.1 (test)").get(f"http://127.0.0.1:{server.server_port}/x")
    finally:
        server.shutdown()
        server.server_close()
    assert (status, dict(headers)["Content-Type"], body) == (200, "text/html; charset=gb2312", "贵阳".encode("gb18030"))
    assert seen == ["portal-archive/0.1 (test)"]


def test_check_all_prints_one_line_per_portal_and_a_total(portal):
    result = run_cli("check", "--all", "--proxy", portal.proxy)
    assert result.returncode == 1, result.stderr  # two sample portals print no date on some articles
    lines = result.stdout.splitlines()
    assert len(lines) == 47 and result.stderr == ""
    by_name = {line.split()[0]: line for line in lines[:-1]}
    assert by_name["beijing"] == ("beijing          ok      listing HTTP 200, 1 walked, 2 links; "
                                  "title date(printed) body no photo; title date(printed) body no photo")
    assert by_name["guiyang"].startswith("guiyang          ok      listing HTTP 200, 2 walked, 13 links; ")
    assert by_name["yueyang"] == ("yueyang          PROBLEM listing HTTP 200, 1 walked, 2 links; "
                                  "title NO-DATE body no photo; title NO-DATE body no photo")
    assert lines[-1] == "total: 46 portals, 44 healthy, 2 with problems, 0 unreachable"


def test_check_all_of_named_portals_saves_every_page_it_reads(portal, tmp_path):
    result = run_cli("check", "--all", "mfa", "mofcom", "--proxy", portal.proxy, "--save-fixtures", str(tmp_path))
    assert result.stdout.splitlines() == [
        "mfa              ok      listing HTTP 200, 1 walked, 1 links; title date(printed) body no photo",
        "mofcom           ok      listing HTTP 200, 1 walked, 1 links; title date(headline) body no photo",
        "total: 2 portals, 2 healthy, 0 with problems, 0 unreachable",
    ]
    assert result.returncode == 0
    saved = sorted(str(p.relative_to(tmp_path)) for p in tmp_path.rglob("*") if p.is_file() and p.suffix != ".headers")
    assert saved == ["english.mofcom.gov.cn/article/newsrelease/press/202407/20240709500101.shtml",
                     "english.mofcom.gov.cn/article/newsrelease/press/index.html",
                     "www.fmprc.gov.cn/mfa_eng/wjbxw/index.shtml", "www.fmprc.gov.cn/mfa_eng/wjbxw/t9500081.shtml"]


def test_check_all_without_network_is_one_line_per_portal_and_exit_3():
    result = run_cli("check", "--all", "--proxy", "http://127.0.0.1:9")  # nothing listens on port 9
    assert result.returncode == 3
    lines = result.stdout.splitlines()
    assert len(lines) == 47 and result.stderr == ""
    assert "beijing          cannot reach english.beijing.gov.cn: connection refused" in lines
    assert all("cannot reach" in line for line in lines[:-1])
    assert lines[-1] == "total: 46 portals, 0 healthy, 0 with problems, 46 unreachable"

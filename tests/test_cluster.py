"""More than one machine: nodes on a real redis-server frontier, one writer, the bundled sample portal.

Each test starts its own redis-server (``redis_server`` in conftest.py) and real child processes;
the portal is the loopback sample portal, slowed down where concurrency is the point.
"""

from __future__ import annotations

import os
import re
import socket
from pathlib import Path

import pytest

from portal_spider.frontier.local_redis import LocalRedis, RedisMissing
from portal_spider.sample_portal.faults import FaultPortal, Sequence, Slow, Status, serve_file
from portal_spider.sample_portal.server import SamplePortal

from tests.clusterkit import no_child_left, node, one_outcome_per_url, output, query, run_nodes, writer  # noqa: F401 (fixture)
from tests.conftest import run_cli


G = "https://english.guiyang.gov.cn"
QUIET = ("-s", "PORTAL_ARCHIVE_EXTRACT_WORKERS=0")


class SlowPortal(Slow, SamplePortal):
    pass


class SlowFaultPortal(Slow, FaultPortal):
    pass


def processes_using(port: int) -> list[int]:
    """Processes whose command line or environment names 127.0.0.1:<port> (our redis-server's)."""
    mark = f"127.0.0.1:{port}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and int(entry.name) != os.getpid():
            try:
                if mark in (entry / "environ").read_bytes() or mark in (entry / "cmdline").read_bytes():
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


def summary_row(output: str, portal: str) -> list[str]:
    return next(line.split() for line in output.splitlines() if line.startswith(portal + " "))


def test_demo_with_three_nodes_archives_the_one_node_articles_and_a_second_run_adds_nothing(tmp_path):
    db = str(tmp_path / "demo.db")
    first = run_cli("demo", "--nodes", "3", "--db", db, timeout=300)
    assert first.returncode == 0, first.stderr
    # as the one-node demo (tests/test_cli.py): 15 new, one story of both portals stored once
    guiyang, eguizhou = summary_row(first.stdout, "guiyang"), summary_row(first.stdout, "eguizhou")
    assert (int(guiyang[2]) + int(eguizhou[2]), int(guiyang[4]) + int(eguizhou[4])) == (15, 1)
    later = first.stdout.split("the same portals later, with one article edited since (crawl --full):")[1]
    guiyang, eguizhou = summary_row(later, "guiyang"), summary_row(later, "eguizhou")
    assert (guiyang[2], guiyang[3], eguizhou[2], eguizhou[3]) == ("0", "1", "0", "0")
    assert int(guiyang[5]) + int(eguizhou[5]) == 15
    # 15 articles, 13 photos, 1 earlier revision as one machine; an article two listings link under two
    # spellings (http and https) is fetched under whichever its first listing gives, which on several
    # nodes may differ from one run to the next: then it has one more appearance
    assert re.search(r"total +15  \(1[67] appearances, 13 photos, 1 earlier revisions\)", first.stdout), first.stdout
    assert "Guiyang Metro Line 3: what passengers need to know" in first.stdout
    ports = [int(p) for p in re.findall(r"redis-server on 127\.0\.0\.1:(\d+)", first.stdout)]
    assert len(ports) == 2  # one throwaway redis-server per crawl
    for port in ports:  # nodes, writer and redis-server all gone
        assert processes_using(port) == []
        with pytest.raises(ConnectionRefusedError):
            socket.create_connection(("127.0.0.1", port), timeout=2)

    assert query(db, "SELECT count(*), count(DISTINCT content_hash) FROM articles") == [(15, 15)]
    assert query(db, "SELECT count(DISTINCT canonical_url) FROM appearances") == [(16,)]
    assert query(db, "SELECT count(*) FROM revisions") == [(1,)]
    assert one_outcome_per_url(db)
    # per-node counts add up to the run's rows and requests
    nodes = run_nodes(db, 1)
    assert sorted(nodes) == ["demo-node-1", "demo-node-2", "demo-node-3"]
    assert sum(sum(n["outcomes"].values()) for n in nodes.values()) == \
        query(db, "SELECT count(*) FROM fetches WHERE run_id = 1")[0][0]
    assert sum(n["requests"] for n in nodes.values()) == query(db, "SELECT requests FROM runs WHERE id = 1")[0][0]
    assert query(db, "SELECT id, status FROM runs") == [(1, "partial"), (2, "partial")]

    second = run_cli("demo", "--nodes", "3", "--db", db, timeout=300)
    assert second.returncode == 0, second.stderr
    assert summary_row(second.stdout, "guiyang")[2] == summary_row(second.stdout, "eguizhou")[2] == "0"
    assert "crawl success" in second.stdout
    assert query(db, "SELECT count(*) FROM articles") == [(15,)]
    # as on one machine: robots.txt of the three hosts and each section's first listing page, nothing else
    assert query(db, "SELECT outcome, count(*) FROM fetches WHERE run_id = 3 GROUP BY outcome ORDER BY outcome") == [
        ("listing", 4), ("robots-txt", 3)]


def test_the_cluster_archive_equals_a_one_node_crawl(tmp_path, redis_server):
    from tests.conftest import crawl

    one, many = str(tmp_path / "one.db"), str(tmp_path / "many.db")
    with SamplePortal() as portal:
        assert crawl(one, portal.proxy).returncode == 1
        procs = [writer(redis_server.url, many), node(redis_server.url, portal.proxy, "a"),
                 node(redis_server.url, portal.proxy, "b")]
        codes = [p.wait(240) for p in procs]
    assert codes[0] == 1, output(procs[0])
    # which portal's copy of the syndicated article comes first is a race on one machine too
    articles = "SELECT title, content_hash, body, substr(published, 1, 10), pages FROM articles ORDER BY content_hash"
    assert query(many, articles) == query(one, articles)
    assert query(many, "SELECT url FROM appearances ORDER BY url") == query(one, "SELECT url FROM appearances ORDER BY url")
    fetches = ("SELECT url, CASE outcome WHEN 'duplicate' THEN 'stored' WHEN 'image-duplicate' THEN 'image' ELSE outcome "
               "END, status IS NULL, warc_file IS NULL FROM fetches ORDER BY url")
    assert query(many, fetches) == query(one, fetches)
    # two photo URLs with the same bytes: whichever is saved first holds them (a race, as above)
    images = "SELECT url, replace(outcome, '-duplicate', ''), size, sha256 FROM images ORDER BY url"
    assert query(many, images) == query(one, images)
    assert len(query(many, images)) == 12
    # the raw pages went through Redis: their WARC records hold the page the article came from
    from portal_spider.warc import read_response

    (file, offset), = query(many, "SELECT warc_file, warc_offset FROM fetches WHERE url = ?",
                            "https://english.guiyang.gov.cn/2024-02/20/c_1000104_3.htm")
    url, status, _, body = read_response(Path(many).with_name("many-warc"), file, offset)
    assert (url, status) == ("https://english.guiyang.gov.cn/2024-02/20/c_1000104_3.htm", 200)
    assert b"The city plans to open the S2 line in the next few years" in body


def test_two_nodes_never_exceed_the_per_host_limit_together(tmp_path, redis_server):
    db = str(tmp_path / "archive.db")
    limits = ("-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2", "-s", "CONCURRENT_REQUESTS=8",
              "-s", "PORTAL_ARCHIVE_EXTRACT_WORKERS=0")
    with SlowPortal(delay=0.5) as portal:
        # the nodes first, so that both are there when the writer starts the run
        nodes = [node(redis_server.url, portal.proxy, name, *limits) for name in ("a", "b")]
        procs = [writer(redis_server.url, db), *nodes]
        codes = [p.wait(240) for p in procs]
        busiest = dict(portal.busiest)
    assert codes[0] == 1, output(procs[0])  # partial: the sample portal's challenge page
    nodes = run_nodes(db, 1)
    assert all(nodes[n]["requests"] > 0 for n in ("a", "b"))  # both nodes crawled guiyang's host
    # each node alone allows 2: without the shared limit the two would reach 4
    assert busiest["english.guiyang.gov.cn"] == 2
    assert max(busiest.values()) == 2
    assert query(db, "SELECT count(*) FROM articles") == [(13,)]


def test_a_node_that_cannot_reach_redis_says_so_in_one_line(tmp_path, redis_server):
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    port = closed.getsockname()[1]
    closed.close()
    result = run_cli("crawl", "--frontier", f"redis://:s3cret@127.0.0.1:{port}/0", "guiyang")
    assert result.returncode == 8
    assert result.stderr.splitlines() == [
        f"error: cannot reach the frontier at redis://:***@127.0.0.1:{port}/0: Error 111 connecting to 127.0.0.1:{port}. "
        "Connection refused."]
    wrong = redis_server.url.replace(redis_server.password, "wrong")
    result = run_cli("crawl", "--frontier", wrong, "guiyang")
    assert result.returncode == 8
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"error: the frontier at redis://:***@127.0.0.1:{redis_server.port}/0 refused the password")
    result = run_cli("ingest", "--frontier", f"redis://127.0.0.1:{port}/0", "--db", str(tmp_path / "a.db"))
    assert result.returncode == 8
    assert len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "a.db").exists()
    result = run_cli("crawl", "--frontier", "http://127.0.0.1:6379", "guiyang")
    assert (result.returncode, result.stderr.strip()) == (
        8, "error: the frontier must be a redis://, rediss:// or unix:// URL, not 'http://127.0.0.1:6379'")


def test_crawl_delay_and_retry_after_hold_every_node(tmp_path, redis_server):
    db = str(tmp_path / "archive.db")
    refused = f"{G}/2024-01/31/c_1000101.htm"
    faults = {f"{G}/robots.txt": Status(200, b"User-agent: *\nCrawl-delay: 0.5\nDisallow: /private/\n",
                                        content_type="text/plain"),
              refused: Sequence(Status(429, headers=[("Retry-After", "2")]), serve_file)}
    with SlowFaultPortal(delay=0.05, faults=faults) as portal:
        retries = ("-s", "RETRY_TIMES=2", *QUIET)
        nodes = [node(redis_server.url, portal.proxy, name, *retries) for name in ("a", "b")]
        procs = [writer(redis_server.url, db), *nodes]
        codes = [p.wait(240) for p in procs]
        times = sorted(t for url, ts in portal.times.items() if url.startswith(f"{G}/") and url != f"{G}/robots.txt"
                       for t in ts)
        refused_at = portal.times[refused][0]
    assert codes[0] == 1, output(procs[0])
    assert portal.hits[refused] == 2  # the 429, then the page once the pause was over
    assert query(db, "SELECT outcome FROM fetches WHERE url = ?", refused) == [("stored",)]
    by_node = dict(query(db, "SELECT node, count(*) FROM fetches WHERE url LIKE ? AND outcome != 'robots-txt' "
                             "GROUP BY node", f"{G}/%"))
    assert sorted(by_node) == ["a", "b"]  # both nodes crawled the host
    # Crawl-delay: half a second between two requests to the host, whichever nodes sent them
    assert min(b - a for a, b in zip(times, times[1:])) >= 0.4
    # Retry-After: while one node's pause lasted, no node sent the host anything
    assert [t for t in times if refused_at + 0.1 < t < refused_at + 1.9] == []
    assert query(db, "SELECT count(*) FROM articles") == [(13,)]


def test_a_cluster_over_tls_with_a_password(tmp_path):
    try:
        server = LocalRedis(tmp_path / "redis", tls=True)
    except RedisMissing as exc:
        pytest.skip(f"{exc}: the cluster tests need a real redis-server")
    db = str(tmp_path / "archive.db")
    with server, SamplePortal() as portal:
        assert server.url.startswith("rediss://:")
        procs = [writer(server.url, db), node(server.url, portal.proxy, "tls", *QUIET)]
        codes = [p.wait(240) for p in procs]
        plain = run_cli("crawl", "--frontier", server.url.replace("rediss://", "redis://").split("?")[0], "guiyang")
    assert codes[0] == 1, output(procs[0])
    assert query(db, "SELECT count(*) FROM articles") == [(13,)]
    assert plain.returncode == 8  # the server speaks TLS only


def test_nodes_pinned_to_portals_crawl_only_theirs(tmp_path, redis_server):
    db = str(tmp_path / "archive.db")
    with SamplePortal() as portal:
        procs = [writer(redis_server.url, db),
                 node(redis_server.url, portal.proxy, "in-guiyang", *QUIET, portals=("guiyang",)),
                 node(redis_server.url, portal.proxy, "elsewhere", *QUIET, portals=("eguizhou",))]
        codes = [p.wait(240) for p in procs]
    assert codes[0] == 1, output(procs[0])
    assert query(db, "SELECT count(*) FROM articles") == [(13,)]
    assert query(db, "SELECT portal, node, count(*) > 0 FROM fetches GROUP BY portal, node ORDER BY portal") == [
        ("eguizhou", "elsewhere", 1), ("guiyang", "in-guiyang", 1)]

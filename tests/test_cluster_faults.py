"""Faults of a cluster crawl with real processes, a real redis-server and the slowed sample portal:
kill -9 of a node, kill -9 of the writer, a result stored but never acknowledged, a Redis restart.
Each ends with the one-node archive: every article once, one outcome per URL, one run."""

from __future__ import annotations

import os
import pickle
import signal
import sqlite3
import time

import redis

from portal_spider.sample_portal.faults import Slow
from portal_spider.sample_portal.server import SamplePortal

from tests.clusterkit import no_child_left, node, one_outcome_per_url, output, query, writer  # noqa: F401 (fixture)
from tests.test_crawl import TITLES

QUIET = ("-s", "PORTAL_ARCHIVE_EXTRACT_WORKERS=0")


class SlowPortal(Slow, SamplePortal):
    pass


def wait_until(condition, timeout: float = 60.0, what: str = "the condition"):
    """Poll ``condition`` (a state of the crawl, not a duration) until it holds."""
    deadline = time.monotonic() + timeout
    while not (value := condition()):
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)
    return value


def warc_responses(folder) -> int:
    """Response records in the WARC files of ``folder``."""
    from warcio.archiveiterator import ArchiveIterator

    count = 0
    for path in sorted(folder.glob("*.warc.gz")):
        with open(path, "rb") as f:
            count += sum(1 for record in ArchiveIterator(f) if record.rec_type == "response")
    return count


def fetch_rows(db: str) -> int:
    try:
        return query(db, "SELECT count(*) FROM fetches")[0][0]
    except sqlite3.OperationalError:  # not made yet
        return 0


def assert_one_node_archive(db: str) -> None:
    assert {t for (t,) in query(db, "SELECT title FROM articles")} == TITLES
    assert query(db, "SELECT count(*) FROM articles") == [(13,)]
    assert query(db, "SELECT count(*) FROM appearances") == [(14,)]
    assert one_outcome_per_url(db)
    assert query(db, "SELECT count(*), status FROM runs") == [(1, "partial")]


def test_a_killed_nodes_requests_go_to_another_node(tmp_path, redis_server):
    db = str(tmp_path / "archive.db")
    client = redis.Redis.from_url(redis_server.url)
    with SlowPortal(delay=0.4) as portal:
        write = writer(redis_server.url, db)
        doomed = node(redis_server.url, portal.proxy, "doomed", "-s", "PORTAL_ARCHIVE_FRONTIER_LEASE=2", *QUIET)
        wait_until(lambda: len(portal.requests) >= 6 and client.hlen("portal-archive:taken:doomed"),
                   what="the node to be mid-crawl")
        doomed.send_signal(signal.SIGKILL)
        doomed.wait()
        taken = client.hgetall("portal-archive:taken:doomed")
        lost = {pickle.loads(client.hget("portal-archive:req", request_id))["url"] for request_id in taken}
        assert lost  # requests it had taken and not finished
        heir = node(redis_server.url, portal.proxy, "heir", *QUIET)
        assert write.wait(240) == 1, output(write)
        assert heir.wait(60) in (0, 1), output(heir)
    assert_one_node_archive(db)
    for url in lost:  # fetched again by the other node, stored once
        assert query(db, "SELECT node FROM fetches WHERE url = ?", url) == [("heir",)], url


def test_a_node_stopped_by_sigterm_hands_back_what_it_held(tmp_path, redis_server):
    db = str(tmp_path / "archive.db")
    client = redis.Redis.from_url(redis_server.url)
    with SlowPortal(delay=0.4) as portal:
        write = writer(redis_server.url, db)
        leaving = node(redis_server.url, portal.proxy, "leaving", *QUIET)
        wait_until(lambda: len(portal.requests) >= 6 and client.hlen("portal-archive:taken:leaving"),
                   what="the node to be mid-crawl")
        leaving.send_signal(signal.SIGTERM)
        assert leaving.wait(60) == 143, output(leaving)
        # gone at once, not after its lease: nothing of it is left taken
        assert client.hlen("portal-archive:nodes") == 0 and not client.exists("portal-archive:taken:leaving")
        heir = node(redis_server.url, portal.proxy, "heir", *QUIET)
        assert write.wait(240) == 1, output(write)
        assert heir.wait(60) in (0, 1), output(heir)
    assert_one_node_archive(db)
    assert query(db, "SELECT count(*) FROM fetches WHERE outcome = 'deferred'") == [(0,)]


def test_a_writer_killed_at_random_moments_resumes_its_run(tmp_path, redis_server):
    db = str(tmp_path / "archive.db")
    kills = 0
    with SlowPortal(delay=0.2) as portal:
        nodes = [node(redis_server.url, portal.proxy, name, *QUIET) for name in ("a", "b")]
        write = writer(redis_server.url, db)
        for rows in (3, 9, 18):
            wait_until(lambda: fetch_rows(db) >= rows or write.poll() is not None, what=f"{rows} rows")
            if write.poll() is not None:
                break
            write.send_signal(signal.SIGKILL)
            write.wait()
            kills += 1
            write = writer(redis_server.url, db)
        assert write.wait(240) == 1, output(write)
        assert "resuming run 1" in output(write)[1]
        for n in nodes:
            assert n.wait(60) in (0, 1), output(n)
    assert kills >= 2
    assert_one_node_archive(db)


def test_results_stored_but_never_acknowledged_are_stored_once(tmp_path, redis_server):
    """The writer dies between its commit and its acknowledgement: the results come again, and are skipped."""
    from scrapy.utils.project import get_project_settings

    from archive.store import Archive
    from portal_spider.frontier.connection import Frontier
    from portal_spider.frontier.writer import CONSUMER, GROUP, ClusterWriter

    db = str(tmp_path / "archive.db")
    client = redis.Redis.from_url(redis_server.url)
    with SamplePortal() as portal:
        first = writer(redis_server.url, db)
        wait_until(lambda: client.hget("portal-archive:run", "state") == b"crawling", what="the run to start")
        first.send_signal(signal.SIGSTOP)  # from here the nodes' results wait in the stream
        crawler = node(redis_server.url, portal.proxy, "a", *QUIET)
        frontier = Frontier(client)
        wait_until(lambda: frontier.outstanding(["guiyang", "eguizhou"]) == 0 and client.xlen("portal-archive:results"),
                   what="every request to be done")
        first.send_signal(signal.SIGKILL)
        first.wait()
        os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "portal_spider.settings")
        archive = Archive(db)
        stored = ClusterWriter(frontier, archive, get_project_settings(), 1, ["guiyang", "eguizhou"])
        entries = client.xreadgroup(GROUP, CONSUMER, {"portal-archive:results": "0"})[0][1]
        entries += client.xreadgroup(GROUP, CONSUMER, {"portal-archive:results": ">"})[0][1]
        stored.store(entries)  # committed, never acknowledged: as if killed right after the commit
        stored.close()
        archive.close()
        assert query(db, "SELECT count(*) FROM articles") == [(13,)]
        captures = query(db, "SELECT count(*) FROM frontier_captures")[0][0]
        resumed = writer(redis_server.url, db)
        assert resumed.wait(240) == 1, output(resumed)
        assert crawler.wait(60) in (0, 1)
    assert "resuming run 1" in output(resumed)[1]
    assert_one_node_archive(db)
    assert query(db, "SELECT count(*) FROM frontier_captures") == [(captures,)]  # no raw page written twice
    assert warc_responses(tmp_path / "archive-warc") == captures
    assert query(db, """SELECT count(*) FROM fetches f WHERE warc_file IS NOT NULL AND NOT EXISTS (SELECT 1 FROM
                        frontier_captures c WHERE c.warc_file = f.warc_file AND c.warc_offset = f.warc_offset)""") == [(0,)]


def test_a_redis_restart_mid_crawl_stalls_the_cluster_which_then_resumes(tmp_path, redis_server):
    db = str(tmp_path / "archive.db")
    with SlowPortal(delay=0.3) as portal:
        procs = [writer(redis_server.url, db), node(redis_server.url, portal.proxy, "a", *QUIET),
                 node(redis_server.url, portal.proxy, "b", *QUIET)]
        wait_until(lambda: len(portal.requests) >= 8, what="the crawl to be under way")
        redis_server.restart()  # SIGTERM, then the same port and folder: the append-only file is reloaded
        codes = [p.wait(240) for p in procs]
    assert codes[0] == 1, output(procs[0])
    assert set(codes[1:]) <= {0, 1}, [output(p) for p in procs[1:]]
    assert_one_node_archive(db)

"""``--db`` names a portal archive, or nothing happens: foreign files, read-only mounts, the writers'
lock (symlinks included) and damaged archives, through the real CLI and crawler."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from archive.lock import ArchiveLock
from portal_spider.sample_portal.server import SamplePortal

from tests.conftest import ROOT, crawl, run_cli
from tests.faultkit import run

G = "https://english.guiyang.gov.cn"


@pytest.fixture(scope="module")
def crawled(tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("crawled") / "archive.db"
    with SamplePortal() as portal:
        result = crawl(str(db), portal.proxy, "guiyang")
    assert result.returncode == 1, result.stderr  # the sample portal's challenge page
    assert not Path(f"{db}-wal").exists()  # closed cleanly: the file holds everything
    return db


def sha256(path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def foreign(tmp_path) -> Path:
    other = tmp_path / "other-app.db"
    conn = sqlite3.connect(other)
    conn.executescript("PRAGMA journal_mode = DELETE; CREATE TABLE contacts (name TEXT, phone TEXT);"
                       "INSERT INTO contacts VALUES ('Li Hua', '0851-1234');")
    conn.close()
    return other


@pytest.mark.parametrize("command", [
    ("search", "metro"), ("stats",), ("runs",), ("export", "--all"), ("import", "{dump}"), ("reindex",), ("cluster",),
    ("repair",), ("reparse",), ("check-db",), ("watch", "add", "m", "metro"),
])
def test_another_programs_database_is_refused_untouched(tmp_path, command):
    other = foreign(tmp_path)
    (tmp_path / "dump.jsonl").write_text("")
    before = sha256(other)
    out = run_cli(*[c.format(dump=tmp_path / "dump.jsonl") for c in command], "--db", str(other))
    assert (out.returncode, out.stderr) == (1, f"Error: {other} is not a portal archive (an SQLite database of another "
                                               "program: tables contacts); not opening it\n")
    assert sha256(other) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dump.jsonl", "other-app.db"]  # no -wal, -shm, .lock


def test_a_crawl_into_a_foreign_file_is_refused_untouched(tmp_path):
    other = foreign(tmp_path)
    text = tmp_path / "notes.txt"
    text.write_text("my notes\n" * 100)
    for path in (other, text):
        before = sha256(path)
        out = subprocess.run([sys.executable, "-m", "portal_spider.runner", "guiyang", "--db", str(path)],
                             capture_output=True, text=True, cwd=ROOT, timeout=60)
        assert out.returncode == 2
        assert out.stderr.strip().splitlines() == [f"error: {path} is not a portal archive (" + (
            "an SQLite database of another program: tables contacts" if path == other else "not an SQLite database")
            + "); not opening it"]
        assert sha256(path) == before


def read_only_runner(folder: Path):
    """Run a command with ``folder`` read-only: a read-only bind mount in a private mount namespace when
    root (whom permissions do not stop), the folder's and files' write bits cleared otherwise."""
    if os.geteuid() != 0:
        for path in folder.iterdir():
            path.chmod(0o444)
        folder.chmod(0o555)
        return lambda *command: subprocess.run(command, capture_output=True, text=True, cwd=ROOT, timeout=120)
    probe = subprocess.run(["unshare", "--mount", "sh", "-c", f"mount --bind {folder} {folder} && "
                            f"mount -o remount,bind,ro {folder} && ! touch {folder}/probe 2>/dev/null"],
                           capture_output=True, text=True)
    if probe.returncode:
        pytest.skip(f"cannot make a read-only mount here: {probe.stderr.strip()}")
    script = f'mount --bind {folder} {folder} && mount -o remount,bind,ro {folder} && exec "$@"'
    return lambda *command: subprocess.run(["unshare", "--mount", "sh", "-c", script, "sh", *command],
                                           capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_read_commands_work_on_a_read_only_mount(crawled, tmp_path):
    folder = tmp_path / "ro"
    folder.mkdir()
    db = folder / "archive.db"
    shutil.copy(crawled, db)
    before = sha256(db)
    run_ro = read_only_runner(folder)
    cli = [sys.executable, "-m", "portal_spider"]
    url = f"{G}/2023-12/15/c_1000102.htm"
    outputs = {}
    for name, *args in (("search", "consuls"), ("stats",), ("runs",), ("history", url), ("export", "--all"),
                        ("timeline", "consuls"), ("watch", "list")):
        out = run_ro(*cli, name, *args, "--db", str(db))
        assert out.returncode == 0, (name, out.stderr)
        outputs[name] = out.stdout
    assert "Consuls from six countries tour Guiyang's big data exchange" in outputs["search"]
    assert outputs["stats"].splitlines()[1].split()[:2] == ["guiyang", "11"]
    assert len(outputs["export"].splitlines()) == 11
    assert outputs["history"].startswith(f"{url}  (1 version(s))")
    serve = run_ro(sys.executable, "-c", (
        "import asyncio, sys; from archive.serve import make_datasette\n"
        f"ds = make_datasette({str(db)!r}, immutable=True)\n"
        "r = asyncio.run(ds.client.get('/-/search?q=consuls'))\n"
        "print(r.status_code, 'big data exchange' in r.text)"))
    assert serve.stdout.strip() == "200 True", serve.stderr
    writes = run_ro(*cli, "reindex", "--db", str(db))
    assert writes.returncode == 1 and "cannot create the lock file" in writes.stderr, writes.stderr
    assert sha256(db) == before


@pytest.mark.parametrize("command", [("import", "{dump}"), ("reindex",), ("cluster",), ("reparse",), ("repair",)])
def test_every_writer_takes_the_one_lock_through_a_symlink_too(crawled, tmp_path, command):
    real = tmp_path / "real.db"
    shutil.copy(crawled, real)
    link = tmp_path / "link.db"
    link.symlink_to(real)
    (tmp_path / "dump.jsonl").write_text("")
    lock = ArchiveLock(real)
    assert lock.acquire() is None
    try:
        out = run_cli(*[c.format(dump=tmp_path / "dump.jsonl") for c in command], "--db", str(link))
        crawl_out = subprocess.run([sys.executable, "-m", "portal_spider.runner", "guiyang", "--db", str(link)],
                                   capture_output=True, text=True, cwd=ROOT, timeout=60)
        scrapy_out = subprocess.run([sys.executable, "-m", "scrapy", "crawl", "eguizhou", "-s", f"PORTAL_ARCHIVE_DB={link}",
                                     "-s", "PORTAL_ARCHIVE_PROXY=http://127.0.0.1:9", "-s", "LOG_LEVEL=ERROR"],
                                    capture_output=True, text=True, cwd=ROOT, timeout=60) if command[0] == "import" else None
    finally:
        lock.release()
    assert out.returncode == 4
    (line,) = out.stderr.strip().splitlines()
    assert line.startswith(f"Error: {link} is locked by pid {os.getpid()} (") and line.endswith("); not " + {
        "import": "importing", "reindex": "reindexing", "cluster": "clustering", "reparse": "reparsing",
        "repair": "repairing"}[command[0]])
    assert crawl_out.returncode == 4 and "is locked by pid" in crawl_out.stderr
    if scrapy_out is not None:  # Scrapy's own crawl command takes it too
        assert scrapy_out.returncode == 4 and f"error: {link} is locked by pid {os.getpid()} (" in scrapy_out.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["dump.jsonl", "link.db", "real.db", "real.db.lock"]


def damage_index(db: Path, index: str) -> None:
    """Overwrite the root page of ``index`` with garbage (what a failing disk or a torn copy leaves)."""
    conn = sqlite3.connect(db)
    (root,) = conn.execute("SELECT rootpage FROM sqlite_master WHERE name = ?", [index]).fetchone()
    (size,) = conn.execute("PRAGMA page_size").fetchone()
    conn.close()
    with open(db, "r+b") as f:
        f.seek((root - 1) * size)
        f.write(bytes(range(256)) * (size // 256))


def test_a_damaged_archive_stops_the_crawl_at_once_with_exit_2(crawled, tmp_path):
    db = tmp_path / "archive.db"
    shutil.copy(crawled, db)
    damage_index(db, "idx_appearances_canonical_url")
    with SamplePortal() as portal:
        out = run([sys.executable, "-m", "portal_spider.runner", "guiyang", "--db", str(db), "--proxy", portal.proxy,
                   "--fast", "--log-level", "ERROR"], timeout=120)
    assert out.returncode == 2, out.stderr[-2000:]
    lines = [line for line in out.stderr.splitlines() if line.startswith("error:")]
    assert lines == [f"error: {db} is damaged (database disk image is malformed); stopped. Run `portal-archive "
                     f"check-db --db {db}`, and restore it from a backup"], out.stderr[-2000:]
    assert out.seconds < 30
    check = run_cli("check-db", "--db", str(db))
    assert check.returncode == 2
    assert check.stdout.startswith("damaged: quick_check: ")
    assert check.stderr.strip().startswith(f"Error: {db} is damaged (")
    good = run_cli("check-db", "--db", str(crawled))
    assert (good.returncode, good.stdout.strip()) == (0, f"{crawled}: ok (quick_check, articles_fts, articles_cjk)")

"""Impact lists: exact best-ranked answers for common words in large archives.

FTS5's ``ORDER BY rank`` scores every match with bm25 (~1.5-3 µs each), so a word found in
half of a million articles costs a second.  For each *common* term (in at least
:data:`COMMON_DF` articles) this module keeps, in ordinary tables, the term's
:data:`LIST_LENGTH` best postings by its bm25 component, plus a bound ``theta`` that
no article outside the list can beat.  A query of one common word is then answered
from its list (the threshold rule of Fagin's algorithms, for one list):

* bm25 of an article is a sum over the query's phrases of ``idf · s`` (see
  :mod:`archive.ranker.bm25`), where ``s`` depends only on the term's weighted frequency
  in the article ``f`` and the article's length ``D``; the lists store ``f`` and ``D``, so
  ``s`` is recomputed with the current ``avgdl`` exactly as FTS5 computes it;
* an article outside the list scores at most ``idf·theta``; the page is returned only
  when its last article scores more, otherwise :func:`top_k` returns ``None`` and the
  ranker ranks from the term vectors (:mod:`archive.ranker.vectors`), which also rank
  every query of several words.

The lists describe the index as it was at the last :func:`refresh`; a search uses
them only while they are current (no article added, changed or deleted since:
triggers record changed and deleted rows in ``search_dirty``).  Every writer refreshes
them after writing, through :func:`archive.upkeep.after_write` (the crawl, reparse,
import, ``portal-archive reindex``).  A refresh after a crawl is incremental (only the
added, changed and deleted articles are tokenized); a full rebuild reads every posting
of every common term once, from FTS5's own index (an ``fts5vocab`` instance table), and
makes the term vectors of :mod:`archive.ranker.vectors` at the same time.
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from dataclasses import dataclass

import numpy as np

from . import vectors
from .bm25 import COLUMNS, WEIGHTS, components, doc_lengths, fts_stats, idf
#: A term in at least this many articles gets an impact list; rarer terms are ranked by
#: FTS5 directly (at most COMMON_DF matches to score: ~10 ms).
COMMON_DF = 5_000
#: Postings kept per listed term.
LIST_LENGTH = 1_000
#: A full build reads each occurrence of a term (~0.5 µs each, ~35 bytes of memory while the
#: term is read) up to this many; a term occurring more often is summed per article by
#: SQLite (~0.9 µs an occurrence, memory bounded by SQLite's cache), or, when it occurs 4
#: times or more per article (``the``, ``of``), read back from FTS5's bm25 (~3 µs an article).
RAW_OCCURRENCES = 1_000_000
#: SQLite's page cache (KiB) while refreshing: a full build at 100k articles peaks at 97 MB
#: with 16 MB, 153 MB with the archive's usual 64 MB, in the same time.
REFRESH_CACHE_KB = 16_384
#: Bumped when the stored vectors change format: a refresh then rebuilds everything.
VECTORS_FORMAT = 1


# --------------------------------------------------------------------------- stemming


class _Stemmer:
    """The archive's tokenizer (porter over unicode61) applied to query words, through an
    in-memory FTS5 table of the same SQLite: the index's terms, not an imitation of them."""

    def __init__(self):
        self.db = sqlite3.connect(":memory:", check_same_thread=False)
        self.db.execute("CREATE VIRTUAL TABLE probe USING fts5(x, tokenize='porter')")
        self.db.execute("CREATE VIRTUAL TABLE probe_terms USING fts5vocab(probe, instance)")
        self.lock = threading.Lock()

    def tokens(self, text: str) -> list[str]:
        with self.lock, self.db:
            self.db.execute("DELETE FROM probe")
            self.db.execute("INSERT INTO probe(rowid, x) VALUES (1, ?)", [text])
            return [r[0] for r in self.db.execute("SELECT term FROM probe_terms ORDER BY offset")]


_stemmer: _Stemmer | None = None


def index_terms(text: str) -> list[str]:
    """The index terms FTS5 makes of ``text``.

    >>> index_terms("Developments in Guiyang")
    ['develop', 'in', 'guiyang']
    """
    global _stemmer
    if _stemmer is None:
        _stemmer = _Stemmer()
    return _stemmer.tokens(text)


def _fts_phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


# --------------------------------------------------------------------------- maintenance


@dataclass
class RefreshReport:
    mode: str  # "full", "incremental" or "current"
    terms: int = 0
    postings: int = 0
    seconds: float = 0.0

    def line(self) -> str:
        if self.mode == "current":
            return "search index already current"
        return (f"search index: {self.mode} refresh, {self.terms:,} common terms, "
                f"{self.postings:,} postings listed in {self.seconds:.1f} s")


def state(db) -> dict:
    """The lists' settings and snapshot stamp ({} when there are none, or the archive predates them
    and is open read-only, so that its migrations did not run)."""
    try:
        return {k: json.loads(v) for k, v in db.execute("SELECT key, value FROM search_state")}
    except sqlite3.OperationalError:
        return {}


def is_current(db, st: dict | None = None) -> bool:
    """The lists describe the index as it is now (nothing added, changed or deleted since)."""
    st = state(db) if st is None else st
    if not st:
        return False
    top = db.execute("SELECT max(id) FROM articles").fetchone()[0] or 0
    if top != st.get("built_max") or db.execute("SELECT 1 FROM search_dirty LIMIT 1").fetchone():
        return False
    return fts_stats(db).rows == st.get("rows")


def refresh(db, full: bool = False, common_df: int = COMMON_DF, list_length: int = LIST_LENGTH) -> RefreshReport:
    """Bring the impact lists and term vectors up to date with the index (see :func:`_refresh`).

    The refresh reads the index once, in order: SQLite's page cache is held at
    :data:`REFRESH_CACHE_KB` meanwhile (the crawl runner refreshes in the crawl's process,
    whose memory budget it shares), which costs it no time."""
    conn = db.conn if hasattr(db, "conn") else db
    saved = conn.execute("PRAGMA cache_size").fetchone()[0]
    conn.execute(f"PRAGMA cache_size = {-REFRESH_CACHE_KB}")
    try:
        return _refresh(conn, full, common_df, list_length)
    finally:
        conn.execute(f"PRAGMA cache_size = {int(saved)}")


def _refresh(conn, full: bool, common_df: int, list_length: int) -> RefreshReport:
    """Bring the impact lists up to date with the index.

    Incremental when the lists exist with the same settings and the archive has neither
    doubled nor halved since the last full build: only the articles added, changed or
    deleted since are tokenized (see :func:`_incremental_lists`), and only the vector
    chunks they fall in are rewritten.  Otherwise (or with ``full``) every posting of
    every term in at least ``common_df`` articles is read once.

    The scoring reads one snapshot of the archive (a read transaction, so crawls go on
    writing); the lists are then written in one short write transaction, stamped with that
    snapshot: whatever was written meanwhile makes them stale until the next refresh.
    """
    started = time.perf_counter()
    settings = {"common_df": common_df, "list_length": list_length, "vectors": VECTORS_FORMAT}
    conn.execute("BEGIN")
    try:
        st = state(conn)
        if not full and st and is_current(conn, st):
            return RefreshReport("current")
        snap = _Snapshot(conn)
        _stage(conn)
        if (not st or full or any(st.get(k) != v for k, v in settings.items())
                or snap.stats.rows < st.get("full_rows", 0) // 2
                or snap.stats.rows > 2 * max(st.get("full_rows", 0), common_df)):
            mode, unlisted = "full", _full_lists(conn, snap, settings)
        else:
            mode, unlisted = "incremental", st.get("unlisted", [])
            _incremental_lists(conn, snap, st)
    finally:
        conn.execute("COMMIT")
    conn.execute("BEGIN IMMEDIATE")
    try:
        if state(conn) != st:  # another refresh wrote meanwhile: what was read here is out of date
            conn.execute("ROLLBACK")
            return RefreshReport("current")
        if mode == "full":
            for table in ("search_postings", "search_terms", "search_vectors", "search_docs"):
                conn.execute(f"DELETE FROM {table}")
        else:
            if snap.dirty:
                conn.execute("DELETE FROM search_postings WHERE doc IN (SELECT value FROM json_each(?))",
                             [json.dumps(snap.dirty)])
            conn.execute("DELETE FROM search_vectors WHERE (term, chunk) IN (SELECT term, chunk FROM temp.stage_vectors)")
        conn.execute("INSERT INTO search_vectors (term, chunk, n, docs, freqs) "
                     "SELECT term, chunk, n, docs, freqs FROM temp.stage_vectors WHERE n > 0")
        conn.execute("INSERT OR REPLACE INTO search_docs (chunk, lengths, first_day, last_day) "
                     "SELECT chunk, lengths, first_day, last_day FROM temp.stage_docs")
        conn.execute("INSERT OR REPLACE INTO search_terms (term, df, theta, theta_avgdl) "
                     "SELECT term, df, theta, theta_avgdl FROM temp.stage_terms")
        conn.execute("INSERT OR REPLACE INTO search_postings (term, doc, freq, length) "
                     "SELECT term, doc, freq, length FROM temp.stage_postings ORDER BY term, doc")
        terms, postings = (conn.execute(f"SELECT count(*) FROM temp.{t}").fetchone()[0]
                           for t in ("stage_terms", "stage_postings"))
        _stage(conn)  # empty the temporary tables
        conn.execute("DELETE FROM search_dirty WHERE seq <= ?", [snap.seq])
        values = {**settings, "built_max": snap.top, "rows": snap.stats.rows, "unlisted": unlisted,
                  "generation": f"{time.time_ns()}-{os.getpid()}"}  # names this refresh's data (a cache key)
        if mode == "full":
            values["full_rows"] = snap.stats.rows
        _save_state(conn, values)
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")
    return RefreshReport(mode, terms, postings, time.perf_counter() - started)


class _Snapshot:
    """What the refresh reads, all in one read transaction."""

    def __init__(self, conn):
        self.stats = fts_stats(conn)
        self.top = conn.execute("SELECT max(id) FROM articles").fetchone()[0] or 0
        rows = conn.execute("SELECT seq, id FROM search_dirty ORDER BY seq").fetchall()
        self.seq = rows[-1][0] if rows else 0
        self.dirty = sorted({r[1] for r in rows})
        conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab USING fts5vocab(main, articles_fts, row)")


def _listable(term: str) -> bool:
    # The list is read back through a query for the term; a stem that stems again differently
    # (porter is not idempotent for a few words) would query another term.
    return index_terms(term) == [term]


def _stage(conn) -> None:
    """Temporary tables (a file, not memory) holding the new lists, vector chunks and article
    columns from the read until the write (at 1M articles: 5.9M postings, ~400 MB of vectors)."""
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS stage_terms (term TEXT, df INTEGER, theta REAL, theta_avgdl REAL)")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS stage_postings (term TEXT, doc INTEGER, freq INTEGER, "
                 "length INTEGER)")
    conn.execute("DELETE FROM temp.stage_terms")
    conn.execute("DELETE FROM temp.stage_postings")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS stage_vectors (term TEXT, chunk INTEGER, n INTEGER, docs BLOB, "
                 "freqs BLOB)")
    conn.execute("CREATE TEMP TABLE IF NOT EXISTS stage_docs (chunk INTEGER PRIMARY KEY, lengths BLOB, "
                 "first_day BLOB, last_day BLOB)")
    conn.execute("DELETE FROM temp.stage_vectors")
    conn.execute("DELETE FROM temp.stage_docs")


def _stage_list(conn, term: str, df: int, theta: float, theta_avgdl: float, best: list[tuple]) -> None:
    conn.execute("INSERT INTO temp.stage_terms (term, df, theta, theta_avgdl) VALUES (?, ?, ?, ?)",
                 [term, df, theta, theta_avgdl])
    conn.executemany("INSERT INTO temp.stage_postings (term, doc, freq, length) VALUES (?, ?, ?, ?)",
                     [(term, d, f, n) for d, f, n in best])


def _full_lists(conn, snap: _Snapshot, settings: dict) -> list[str]:
    """Every common term's postings, read once from FTS5's index: staged as its vector, and
    its best ``list_length`` (by bm25 component) as its impact list, unless the term cannot
    be listed; returns those (a vector only)."""
    common_df, length = settings["common_df"], settings["list_length"]
    counts = {t: (df, cnt) for t, df, cnt in conn.execute(
        "SELECT term, doc, cnt FROM temp.search_vocab WHERE doc >= ?", [common_df])}
    terms = list(counts)
    unlisted = [t for t in terms if not _listable(t)]
    docs = vectors.Docs.read_all(conn)
    conn.executemany("INSERT INTO temp.stage_docs (chunk, lengths, first_day, last_day) VALUES (?, ?, ?, ?)",
                     docs.rows())
    lengths = docs.lengths.astype(np.int64)
    avgdl = snap.stats.avgdl
    for term in terms:
        df, occurs = counts[term]
        if occurs <= RAW_OCCURRENCES:
            ids, freqs = vectors.scan(conn, term)
        elif occurs >= 4 * df and term not in unlisted:  # `the`, `of`: cheaper per article, from bm25
            ids, freqs = vectors.from_bm25(conn, _fts_phrase(term), idf(snap.stats.rows, df), lengths, avgdl)
        else:
            ids, freqs = vectors.scan(conn, term, grouped=True)
        s = components(freqs, lengths[ids], avgdl)
        best = vectors.Ranking(ids, -s).positions(length + 1)
        theta = float(s[best[length]]) if len(best) > length else 0.0
        if term not in unlisted:
            _stage_list(conn, term, len(ids), theta, avgdl,
                        [(int(ids[p]), int(freqs[p]), int(lengths[ids[p]])) for p in best[:length]])
        conn.executemany("INSERT INTO temp.stage_vectors (term, chunk, n, docs, freqs) VALUES (?, ?, ?, ?, ?)",
                         [(term, *row) for row in vectors.chunks(ids, freqs)])
    return unlisted


def _incremental_lists(conn, snap: _Snapshot, st: dict) -> None:
    """Stage the listed terms' counts and new postings after articles were added, changed or deleted.

    Only the changed articles are read: their text now, and (from ``search_dirty``) their
    text when the lists were made, each tokenized by an in-memory FTS5 table with the
    archive's tokenizer.  Cost: proportional to the change, not to the archive."""
    built_max = st["built_max"]
    before: dict[int, tuple] = {}
    for doc, *text in conn.execute("SELECT id, title, captions, body FROM search_dirty WHERE seq <= ? ORDER BY seq",
                                   [snap.seq]):
        if doc <= built_max:  # its first change since then holds the text the counts saw
            before.setdefault(doc, tuple(text))
    changed = sorted(set(snap.dirty) | {r[0] for r in conn.execute("SELECT id FROM articles WHERE id > ?", [built_max])})
    now = {r[0]: r[1:] for r in conn.execute(
        "SELECT id, title, captions, body FROM articles WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(changed)])}
    listed = {t: rest for t, *rest in conn.execute("SELECT term, df, theta, theta_avgdl FROM search_terms")}
    with_vectors = set(listed) | set(st.get("unlisted", []))
    old_freqs, new_freqs = _tokenize(before, with_vectors), _tokenize(now, with_vectors)
    delta: dict[str, int] = {}
    for freqs, step in ((old_freqs, -1), (new_freqs, 1)):
        for terms in freqs.values():
            for t in terms:
                delta[t] = delta.get(t, 0) + step
    lengths = doc_lengths(conn, changed)  # a deleted article is absent
    postings: dict[str, list] = {}
    for doc, terms in new_freqs.items():
        for t, freq in terms.items():
            postings.setdefault(t, []).append((doc, freq, lengths[doc]))
    _stage_changes(conn, old_freqs, new_freqs, changed, lengths)
    avgdl = snap.stats.avgdl
    for term, (df, theta, theta_avgdl) in listed.items():
        if term not in delta and term not in postings:
            continue
        bound = theta * max(1.0, avgdl / theta_avgdl)
        # An article outside the list stays outside while it cannot beat the list's bound.
        new = postings.get(term, [])
        s = components(np.array([f for _, f, _ in new]), np.array([n for _, _, n in new]), avgdl)
        keep = [posting for posting, above in zip(new, s >= bound) if above]
        _stage_list(conn, term, df + delta.get(term, 0), theta, theta_avgdl, keep)


def _stage_changes(conn, old_freqs: dict, new_freqs: dict, changed: list[int], lengths: dict[int, int]) -> None:
    """Stage the vector chunks and length chunks the changed articles fall in, rewritten."""
    edits: dict[tuple[str, int], dict[int, int]] = {}
    for freqs, new in ((old_freqs, False), (new_freqs, True)):  # old postings out, then new ones in
        for doc, terms in freqs.items():
            for term, freq in terms.items():
                edits.setdefault((term, doc // vectors.CHUNK), {})[doc] = freq if new else 0
    rows = []
    for (term, chunk), edit in edits.items():
        row = conn.execute("SELECT chunk, n, docs, freqs FROM search_vectors WHERE term = ? AND chunk = ?",
                           [term, chunk]).fetchone()
        ids, freqs = vectors.apply_changes(vectors.decode(*row) if row else None, edit)
        rows.append((term, chunk, *vectors.encode(ids - chunk * vectors.CHUNK, freqs)))
    conn.executemany("INSERT INTO temp.stage_vectors (term, chunk, n, docs, freqs) VALUES (?, ?, ?, ?, ?)", rows)
    dates = dict(conn.execute("SELECT id, published FROM articles WHERE id IN (SELECT value FROM json_each(?))",
                              [json.dumps(changed)]))
    for chunk in sorted({doc // vectors.CHUNK for doc in changed}):
        row = conn.execute("SELECT lengths, first_day, last_day FROM search_docs WHERE chunk = ?", [chunk]).fetchone()
        part = vectors.Docs.from_row(row) if row else vectors.Docs.empty(vectors.CHUNK)
        for doc in changed:
            if doc // vectors.CHUNK == chunk:
                at = doc - chunk * vectors.CHUNK
                part.lengths[at] = lengths.get(doc, 0)
                part.first[at], part.last[at] = vectors.day_span(dates[doc]) if doc in dates else vectors.NO_DAYS
        conn.execute("INSERT INTO temp.stage_docs (chunk, lengths, first_day, last_day) VALUES (?, ?, ?, ?)",
                     [chunk, *(c.tobytes() for c in part.columns())])


def _tokenize(texts: dict[int, tuple], listed) -> dict[int, dict[str, int]]:
    """{article: {term in ``listed``: weighted frequency}} of (title, captions, body) texts, tokenized
    by an in-memory FTS5 table with the archive's tokenizer."""
    if not texts:
        return {}
    mem = sqlite3.connect(":memory:")
    try:
        mem.execute("CREATE VIRTUAL TABLE t USING fts5(title, captions, body, tokenize='porter')")
        mem.execute("CREATE VIRTUAL TABLE v USING fts5vocab(t, instance)")
        mem.executemany("INSERT INTO t (rowid, title, captions, body) VALUES (?, ?, ?, ?)",
                        [(d, *text) for d, text in texts.items()])
        weight = " ".join(f"WHEN '{c}' THEN {w}" for c, w in zip(COLUMNS, WEIGHTS))
        out: dict[int, dict[str, int]] = {}
        for term, doc, freq in mem.execute(f"SELECT term, doc, sum(CASE col {weight} END) FROM v GROUP BY term, doc"):
            if term in listed:
                out.setdefault(doc, {})[term] = int(freq)
        return out
    finally:
        mem.close()


def _save_state(conn, values: dict) -> None:
    conn.executemany("INSERT OR REPLACE INTO search_state (key, value) VALUES (?, ?)",
                     [(k, json.dumps(v)) for k, v in values.items()])


# --------------------------------------------------------------------------- queries
# The caller (archive.ranker.page) has checked that the lists are current.


@dataclass(frozen=True)
class TopK:
    """The best-ranked articles: ``(article id, rank)`` pairs, rank as FTS5's (negative bm25), and
    how many articles hold the word."""

    ranked: list[tuple[int, float]]
    df: int


def listed(db, terms: list[str]) -> set[str]:
    """The terms that have an impact list."""
    return {r[0] for r in db.execute(
        "SELECT term FROM search_terms WHERE term IN (SELECT value FROM json_each(?))", [json.dumps(terms)])}


def top_k(db, terms: list[str], k: int, allowed=None) -> TopK | None:
    """The ``k`` best-ranked articles for a query of one common word (``terms``: its phrases, the
    word once or repeated), or None when its list cannot prove them.

    ``allowed(ids) -> set`` keeps the ids that pass the search's filters (portal, section, ...).
    """
    if len(set(terms)) != 1:
        return None
    row = db.execute("SELECT df, theta, theta_avgdl FROM search_terms WHERE term = ?", [terms[0]]).fetchone()
    if row is None:
        return None
    df, theta, theta_avgdl = row
    stats = fts_stats(db)
    avgdl, weight = stats.avgdl, idf(stats.rows, df)
    bound = theta * max(1.0, avgdl / theta_avgdl)

    rows = db.execute("SELECT doc, freq, length FROM search_postings WHERE term = ?", [terms[0]]).fetchall()
    if allowed is not None:
        keep = allowed([r[0] for r in rows])
        rows = [r for r in rows if r[0] in keep]
    docs, freqs, lengths = (np.array([r[i] for r in rows], dtype=np.int64) for i in range(3))
    s, top = components(freqs, lengths, avgdl), np.array([bound])
    score, ceiling = np.zeros(len(rows)), np.zeros(1)
    for _ in terms:  # one addend per phrase, like FTS5's sum
        score += weight * s
        ceiling += weight * top
    ranking = vectors.Ranking(docs, -1.0 * score)
    best = ranking.top(k)
    # an article outside the list scores at most the ceiling; on a tie it might come first (lower id)
    if len(best) < k or -best[-1][1] <= ceiling[0]:
        return None
    return TopK(best, df)


def rank_conjunction(db, st: dict, terms: list[str], days: tuple[int, int] | None = None) -> vectors.Ranking | None:
    """Every article holding all the terms (and published within ``days``, see
    :func:`vectors.day_span`), ranked from the term vectors, or None when the lists (state ``st``)
    have no vectors of this format or they cannot be read."""
    if st.get("vectors") != VECTORS_FORMAT:
        return None
    counts = dict(db.execute("SELECT term, df FROM search_terms WHERE term IN (SELECT value FROM json_each(?))",
                             [json.dumps(terms)]))
    for term in set(terms) & set(st.get("unlisted", [])):  # common, with a vector but no list
        counts[term] = db.execute("SELECT coalesce(sum(n), 0) FROM search_vectors WHERE term = ?", [term]).fetchone()[0]
    try:
        return vectors.conjunction(db, terms, counts, fts_stats(db), vectors.Docs.stored(db, st.get("generation")),
                                   days)
    except sqlite3.OperationalError:  # e.g. no temporary fts5vocab table on this connection
        return None

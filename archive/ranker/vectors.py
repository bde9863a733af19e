"""Term vectors: every posting of each common term, to rank conjunctions exactly without FTS5.

FTS5 ranks ``a b`` by scoring every article that holds both words, and before the first
score it walks the whole posting list of each word to count its articles (bm25's IDF):
~30 ms for a word in 600,000 articles, however few articles match.  The impact lists
(:mod:`archive.ranker.impact`) only hold a common word's best 1,000 postings, too few to prove
the best articles of a conjunction of common words.

So, next to each impact list, this module keeps the term's *vector*: every article that
holds it and the term's weighted frequency ``f`` there (title 10, captions 4, body 1),
plus, for every article, its length in tokens and the first and last day its
``published`` value covers (:class:`Docs`).  A conjunction is then ranked in memory:

* common terms: their vectors (~1-3 ms for a word in half the archive);
* the other terms (in fewer than ``common_df`` articles while the lists are current): read
  from FTS5's own index through an ``fts5vocab`` instance table (~0.6 µs per occurrence);
* intersect, keep the articles whose day span meets the date filter, score every match
  with bm25 in FTS5's exact order of operations (numpy doubles, bit for bit the same as
  FTS5's C doubles), order by (rank, rowid).

Storage: a term's postings are cut into chunks of :data:`CHUNK` rowids, one row each, so a
refresh after a crawl rewrites only the chunks its articles fall in.  A chunk is a
bitmap when that is smaller (words in more than 1 article in 16), else 16-bit offsets;
frequencies are 8-bit unless a chunk holds a larger one.
"""

from __future__ import annotations

import datetime as dt

import numpy as np

from .bm25 import B, COLUMNS, K1, WEIGHTS, FtsStats, components, idf, varints

CHUNK = 8192
_BITMAP_BYTES = CHUNK // 8
_WIDTHS = {1: "<u1", 2: "<u2", 4: "<u4"}
_INSTANCES = "temp.search_instances"
#: Day numbers of an article without a usable date: a span that meets no window.
NO_DAYS = (2**31 - 1, -(2**31))
_EPOCH = dt.date(1970, 1, 1).toordinal()
_STORED: dict[str, tuple[object, "Docs"]] = {}


def encode(offsets: np.ndarray, freqs: np.ndarray) -> tuple[int, bytes, bytes]:
    """(count, docs, freqs) of one chunk: sorted offsets within it and their frequencies.

    >>> n, docs, freqs = encode(np.array([0, 5, 8191]), np.array([1, 10, 300]))
    >>> n, len(docs), len(freqs)
    (3, 6, 6)
    >>> [a.tolist() for a in decode(0, n, docs, freqs)]
    [[0, 5, 8191], [1, 10, 300]]
    """
    n = len(offsets)
    if 2 * n > _BITMAP_BYTES:
        bits = np.zeros(CHUNK, dtype=np.uint8)
        bits[offsets] = 1
        docs = np.packbits(bits).tobytes()
    else:
        docs = np.asarray(offsets, dtype="<u2").tobytes()
    top = int(freqs.max()) if n else 0
    width = "<u1" if top < 1 << 8 else "<u2" if top < 1 << 16 else "<u4"
    return n, docs, np.asarray(freqs, dtype=width).tobytes()


def decode(chunk: int, n: int, docs: bytes, freqs: bytes) -> tuple[np.ndarray, np.ndarray]:
    """(article ids, frequencies) of one stored chunk."""
    return _decode([(chunk, n, docs, freqs)])


def chunks(ids: np.ndarray, freqs: np.ndarray):
    """(chunk, count, docs, freqs) rows of a term's sorted postings."""
    if not len(ids):
        return
    keys = ids // CHUNK
    cuts = np.flatnonzero(np.diff(keys)) + 1
    for part_ids, part_freqs in zip(np.split(ids, cuts), np.split(freqs, cuts)):
        chunk = int(part_ids[0] // CHUNK)
        yield (chunk, *encode(part_ids - chunk * CHUNK, part_freqs))


def load(db, term: str) -> tuple[np.ndarray, np.ndarray]:
    """A stored term's (article ids, frequencies), ids not in order.

    Chunks of the same format are decoded together: a few numpy calls per term, not per chunk."""
    return _decode(db.execute("SELECT chunk, n, docs, freqs FROM search_vectors WHERE term = ?", [term]))


def _decode(rows) -> tuple[np.ndarray, np.ndarray]:
    groups: dict[tuple[bool, int], tuple[list, list, list, list]] = {}
    for chunk, n, docs, freqs in rows:
        group = groups.setdefault((2 * n > _BITMAP_BYTES, len(freqs) // n), ([], [], [], []))
        for values, value in zip(group, (chunk, n, docs, freqs)):
            values.append(value)
    ids, freqs = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.uint8)]  # the narrowest that fits
    for (bitmap, width), (chunk_ids, counts, docs, freq_blobs) in groups.items():
        bases = np.repeat(np.array(chunk_ids, dtype=np.int64) * CHUNK, counts)
        if bitmap:  # each chunk sets exactly n bits, in order: the k-th set bit belongs to bases[k]
            offsets = np.flatnonzero(np.unpackbits(np.frombuffer(b"".join(docs), dtype=np.uint8)).view(bool)) & (CHUNK - 1)
        else:
            offsets = np.frombuffer(b"".join(docs), dtype="<u2")
        ids.append(bases + offsets)
        freqs.append(np.frombuffer(b"".join(freq_blobs), dtype=_WIDTHS[width]))
    return np.concatenate(ids), np.concatenate(freqs)


def scan(db, term: str, grouped: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """A term's (article ids, weighted frequencies) read from FTS5's index (all of them).

    By default every occurrence comes back (~9 bytes of text, then ~25 bytes of arrays, each);
    ``grouped`` sums them per article in SQLite first (~1.7x slower; SQLite's sorter may hold
    up to its cache size), for words that occur many times in each (``the``: 46 times)."""
    db.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS {_INSTANCES} USING fts5vocab(main, articles_fts, instance)")
    case = " ".join(f"WHEN '{c}' THEN {int(w)}" for c, w in zip(COLUMNS, WEIGHTS))
    source = (f"(SELECT doc, sum(CASE col {case} END) AS w FROM {_INSTANCES} WHERE term = ? GROUP BY doc)" if grouped
              else f"(SELECT doc, CASE col {case} END AS w FROM {_INSTANCES} WHERE term = ?)")
    docs, cols = db.execute(f"SELECT group_concat(doc), group_concat(w) FROM {source}", [term]).fetchone()
    if not docs:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    docs = np.fromstring(docs, dtype=np.int64, sep=",")  # text mode: parses in C, no list of strings
    cols = np.fromstring(cols, dtype=np.int64, sep=",")
    steps = np.diff(docs)
    if (steps >= 0).all():  # in article order, as FTS5 returns them: sum runs, no sort
        starts = np.flatnonzero(np.concatenate(([True], steps > 0)))
        return docs[starts], np.add.reduceat(cols, starts)
    ids, where = np.unique(docs, return_inverse=True)
    return ids, np.bincount(where, weights=cols).astype(np.int64)


def from_bm25(db, phrase: str, idf_weight: float, lengths: np.ndarray, avgdl: float) -> tuple[np.ndarray, np.ndarray]:
    """A term's (article ids, weighted frequencies) recovered from FTS5's bm25 of a one-term query,
    read in blocks: ~3 µs an article, however often the word occurs in it, in bounded memory.

    bm25 of a one-term query is ``-idf·s``; ``s`` is inverted back to the frequency ``f`` (a sum of
    column weights, an integer), which is then checked by recomputing ``s`` from it."""
    cursor = db.execute(f"SELECT rowid, bm25(articles_fts, {', '.join(map(str, WEIGHTS))}) FROM articles_fts "
                        "WHERE articles_fts MATCH ?", [phrase])
    ids, freqs = [np.zeros(0, dtype=np.int64)], [np.zeros(0, dtype=np.int64)]
    while rows := cursor.fetchmany(65_536):
        block = np.array(rows)
        docs = block[:, 0].astype(np.int64)
        s = -block[:, 1] / idf_weight
        norm = K1 * (1 - B + B * lengths[docs].astype(np.float64) / avgdl)
        f = np.rint(s * norm / (K1 + 1.0 - s)).astype(np.int64)
        if not np.allclose(components(f, lengths[docs], avgdl), s, rtol=1e-9, atol=0.0):
            raise ValueError(f"{phrase}: cannot recover its frequencies from bm25")
        ids.append(docs)
        freqs.append(f)
    return np.concatenate(ids), np.concatenate(freqs)


def day_span(published: str | None) -> tuple[int, int]:
    """The first and last day (days since 1970-01-01) an article's ``published`` value covers:
    a date's own day; a month's (``2024-07``, from a URL) or a year's first and last days.

    The search's ``--since``/``--until`` keep an article when this span meets the window,
    as :meth:`archive.search.Filters.date_sql` does on the text.

    >>> day_span("2024-02-29T10:00:00+08:00"), day_span("2024-02"), day_span("2024")
    ((19782, 19782), (19754, 19782), (19723, 20088))
    >>> day_span(None) == day_span("soon") == NO_DAYS
    True
    """
    text = (published or "").strip()
    try:
        if len(text) >= 10:
            first = last = dt.date.fromisoformat(text[:10])
        elif len(text) == 7 and text[4] == "-":
            first = dt.date(int(text[:4]), int(text[5:]), 1)
            last = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)
        elif len(text) == 4 and text.isascii() and text.isdigit():
            first, last = dt.date(int(text), 1, 1), dt.date(int(text), 12, 31)
        else:
            return NO_DAYS
    except ValueError:
        return NO_DAYS
    return first.toordinal() - _EPOCH, last.toordinal() - _EPOCH


class Docs:
    """Per-article columns the ranking needs, dense by rowid: length in tokens (all FTS
    columns, from FTS5's docsize table) and the first and last day of its ``published``."""

    def __init__(self, lengths: np.ndarray, first: np.ndarray, last: np.ndarray):
        self.lengths, self.first, self.last = lengths, first, last

    @classmethod
    def read_all(cls, db) -> "Docs":
        top = max(db.execute("SELECT max(id) FROM articles_fts_docsize").fetchone()[0] or 0,
                  db.execute("SELECT max(id) FROM articles").fetchone()[0] or 0)
        docs = cls.empty(top + 1)
        for doc, size in db.execute("SELECT id, sz FROM articles_fts_docsize"):  # streamed: no list of 1M rows
            docs.lengths[doc] = sum(varints(size))
        for doc, published in db.execute("SELECT id, published FROM articles"):  # the covering published index
            docs.first[doc], docs.last[doc] = day_span(published)
        return docs

    @classmethod
    def empty(cls, n: int) -> "Docs":
        return cls(np.zeros(n, dtype="<u4"), np.full(n, NO_DAYS[0], dtype="<i4"), np.full(n, NO_DAYS[1], dtype="<i4"))

    @classmethod
    def from_row(cls, row) -> "Docs":
        return cls(*(np.frombuffer(blob, dtype=t).copy() for blob, t in zip(row, ("<u4", "<i4", "<i4"))))

    def rows(self):
        """(chunk, lengths, first days, last days) rows, one per CHUNK rowids."""
        for chunk in range((len(self.lengths) + CHUNK - 1) // CHUNK):
            part = Docs.empty(CHUNK)
            for mine, theirs in zip(self.columns(), part.columns()):
                piece = mine[chunk * CHUNK:(chunk + 1) * CHUNK]
                theirs[:len(piece)] = piece
            yield (chunk, *(c.tobytes() for c in part.columns()))

    def columns(self):
        return self.lengths, self.first, self.last

    @classmethod
    def stored(cls, db, generation) -> "Docs":
        """Every article's columns as stored by the refresh stamped ``generation``, read once per
        process and refresh (12 bytes an article), since every ranking needs them."""
        path = db.execute("PRAGMA database_list").fetchone()[2]
        cached = _STORED.get(path)
        if cached is None or cached[0] != generation:
            rows = db.execute("SELECT chunk, lengths, first_day, last_day FROM search_docs ORDER BY chunk").fetchall()
            docs = cls.empty(CHUNK * (rows[-1][0] + 1 if rows else 0))
            for chunk, *blobs in rows:
                for column, blob in zip(docs.columns(), blobs):
                    column[chunk * CHUNK:(chunk + 1) * CHUNK] = np.frombuffer(blob, dtype=column.dtype)
            cached = _STORED[path] = (generation, docs)
        return cached[1]

    def of(self, ids: np.ndarray) -> "Docs":
        """The columns of the given articles."""
        return Docs(*(column[ids] for column in self.columns()))


class Ranking:
    """Every match of a conjunction with its rank (negative bm25, as FTS5's ``rank``)."""

    def __init__(self, ids: np.ndarray, ranks: np.ndarray):
        self.ids, self.ranks = ids, ranks
        self._order: np.ndarray | None = None

    def __len__(self) -> int:
        return len(self.ids)

    def positions(self, n: int) -> np.ndarray:
        """Positions of the ``n`` best matches, in order (rank, then rowid, as FTS5 returns ties)."""
        if self._order is not None and (len(self._order) >= n or len(self._order) == len(self.ids)):
            return self._order[:n]
        if n >= len(self.ids):
            picked = np.arange(len(self.ids))
        else:
            bound = np.partition(self.ranks, n - 1)[n - 1]
            picked = np.flatnonzero(self.ranks <= bound)  # every tie of the n-th rank
        self._order = picked[np.lexsort((self.ids[picked], self.ranks[picked]))]
        return self._order[:n]

    def top(self, n: int, allowed=None) -> list[tuple[int, float]]:
        """The ``n`` best (id, rank) pairs; ``allowed(ids) -> set`` keeps those passing filters."""
        if allowed is None:
            return [(int(self.ids[p]), float(self.ranks[p])) for p in self.positions(n)]
        out, seen, want = [], 0, max(4 * n, 256)
        while len(out) < n and seen < len(self.ids):
            order = self.positions(want)
            batch = [int(self.ids[p]) for p in order[seen:]]
            keep = allowed(batch)
            out += [(int(self.ids[p]), float(self.ranks[p])) for p in order[seen:] if int(self.ids[p]) in keep]
            seen, want = len(order), want * 4
        return out[:n]


def conjunction(db, terms: list[str], common: dict[str, int], stats: FtsStats, stored: Docs,
                days: tuple[int, int] | None = None) -> Ranking:
    """Rank the articles holding every term (FTS5 phrase order, repeats kept) with bm25.

    ``common`` maps each term with a vector to its article count; the others are read from
    FTS5.  ``stats`` are the index's statistics, ``stored`` the articles' :class:`Docs`.
    ``days`` (first, last day) keeps the articles whose :func:`day_span` meets it.
    """
    postings, counts = {}, {}
    for term in dict.fromkeys(terms):
        if term in common:
            postings[term], counts[term] = load(db, term), common[term]
        else:
            postings[term] = scan(db, term)
            counts[term] = len(postings[term][0])
    order = sorted(postings, key=lambda t: len(postings[t][0]))
    ids, freqs = postings[order[0]][0], {order[0]: postings[order[0]][1]}
    for term in order[1:]:
        other_ids, other_freqs = postings[term]
        if not len(ids) or not len(other_ids):
            return Ranking(np.zeros(0, dtype=np.int64), np.zeros(0))
        dense = np.zeros(max(int(other_ids.max()), int(ids.max())) + 1, dtype=other_freqs.dtype)
        dense[other_ids] = other_freqs
        here = dense[ids]
        keep = here > 0
        ids, freqs = ids[keep], {t: f[keep] for t, f in freqs.items()}
        freqs[term] = here[keep]
    docs = stored.of(ids)
    if days is not None:
        keep = (docs.first <= days[1]) & (docs.last >= days[0])
        ids, freqs = ids[keep], {t: f[keep] for t, f in freqs.items()}
        docs = Docs(*(c[keep] for c in docs.columns()))
    score = np.zeros(len(ids))
    for term in terms:  # in the query's phrase order, like FTS5's sum
        score += idf(stats.rows, counts[term]) * components(freqs[term], docs.lengths, stats.avgdl)
    return Ranking(ids, -1.0 * score)


def apply_changes(current: tuple[np.ndarray, np.ndarray] | None, changes: dict[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """A chunk's postings after ``changes`` ({article: new frequency, 0 when gone}).

    >>> ids, freqs = apply_changes((np.array([3, 9]), np.array([1, 2])), {9: 0, 4: 7})
    >>> ids.tolist(), freqs.tolist()
    ([3, 4], [1, 7])
    """
    merged = {} if current is None else dict(zip(current[0].tolist(), current[1].tolist()))
    merged.update(changes)
    kept = sorted((d, f) for d, f in merged.items() if f)
    return (np.array([d for d, _ in kept], dtype=np.int64), np.array([f for _, f in kept], dtype=np.int64))


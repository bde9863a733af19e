"""FTS5's bm25 as the archive's index computes it, and the FTS5 statistics it needs.

bm25 of an article is ``Σ idf(term) · s(term, article)`` over the query's phrases, where
``s = f·(k1+1) / (f + k1·(1 - b + b·D/avgdl))`` depends only on the term's weighted
frequency in the article ``f`` (title 10, captions 4, body 1: the index's ``rank``
setting) and the article's length ``D`` in tokens.  :func:`components` computes ``s`` in
FTS5's order of operations (numpy doubles, bit for bit FTS5's C doubles) and
:func:`idf` its IDF, so that a rank computed here equals FTS5's ``rank`` to the last bit.

The statistics come from FTS5's own shadow tables: the row count and token total
(``articles_fts_data`` record 1) and each article's length (``articles_fts_docsize``),
both in SQLite's varint record format.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass

import numpy as np

from ..schema import RANK

K1, B = 1.2, 0.75
#: bm25 column weights (title, captions, body), read from the FTS table's rank setting.
WEIGHTS = tuple(float(w) for w in RANK[RANK.index("(") + 1:RANK.index(")")].split(","))
COLUMNS = ("title", "captions", "body")


def idf(rows: int, df: int) -> float:
    """FTS5's bm25 IDF (clamped to 1e-6 for terms in more than half of the rows).

    >>> round(idf(1000, 10), 6), idf(1000, 600)
    (4.546835, 1e-06)
    """
    value = math.log((rows - df + 0.5) / (df + 0.5))
    return value if value > 0.0 else 1e-6


def components(freqs: np.ndarray, lengths: np.ndarray, avgdl: float, k1: float = K1, b: float = B) -> np.ndarray:
    """bm25's ``s`` for each posting (weighted frequency, article length), in FTS5's order of operations.

    >>> components(np.array([10]), np.array([100]), 100.0, 1.2, 0.75).round(6).tolist()
    [1.964286]
    """
    f = freqs.astype(np.float64)
    return (f * (k1 + 1.0)) / (f + k1 * (1 - b + b * lengths.astype(np.float64) / avgdl))


def varints(blob: bytes):
    """SQLite varints (FTS5's record format), in order.

    >>> list(varints(bytes([0x86, 0x8d, 0x20, 0x05])))
    [100000, 5]
    """
    i, n = 0, len(blob)
    while i < n:
        value = 0
        for k in range(9):
            byte = blob[i]
            i += 1
            if k == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if byte < 0x80:
                break
        yield value


@dataclass
class FtsStats:
    """Row count and token total of ``articles_fts`` (FTS5's own "averages" record)."""

    rows: int
    tokens: int

    @property
    def avgdl(self) -> float:
        return float(self.tokens) / float(self.rows) if self.rows else 0.0


def fts_stats(db) -> FtsStats:
    row = db.execute("SELECT block FROM articles_fts_data WHERE id = 1").fetchone()
    if row is None or not row[0]:
        return FtsStats(0, 0)
    values = list(varints(row[0]))
    return FtsStats(values[0], sum(values[1:]))


def doc_lengths(db, ids) -> dict[int, int]:
    """Tokens of each article (all columns), from FTS5's docsize table."""
    return {i: sum(varints(sz)) for i, sz in db.execute(
        "SELECT id, sz FROM articles_fts_docsize WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(list(ids))])}

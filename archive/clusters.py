"""Syndication clusters: one story republished by several portals with small edits.

Exact duplicates are already one article (``archive.store``: canonical URL, then a
fingerprint of the normalised text).  What remains are copies with small edits — a
reworded lead, an added ``Editor:`` line, another photo credit (docs/families.md,
"Duplicates and syndication", case 6).  They are grouped here into clusters:

1. each article's title and body become a set of word 3-shingles (lower case,
   punctuation dropped, so "26.71" is the shingle word pair "26 71");
2. a MinHash signature (:data:`BANDS` × :data:`ROWS` permutations; datasketch's "legacy"
   scheme — SHA-1 32-bit hashes, universal hashing modulo the Mersenne prime 2^61-1 —
   computed here with numpy: importing datasketch loads scipy, +70 MB in the crawl process,
   and the stored band keys must not change with a library release) is cut into bands; each band's hash is a row of ``cluster_bands`` (indexed), so a new
   article finds its candidates with one indexed lookup per band, and nothing is
   rebuilt from all rows when a crawl adds articles;
3. every candidate is verified on the exact shingle sets: Jaccard similarity at
   least :data:`MIN_JACCARD` (or one text containing :data:`MIN_CONTAINMENT` of
   the other's shingles, for a copy that cut the ending).  Articles that only share
   a figure ("26.71 billion yuan") or a topic on the same day share a handful of
   shingles and stay apart.

A cluster's id is the id of its original: the member with the earliest publication
date (then the earliest capture).  Only articles in clusters of two or more have a
row in ``clusters``; ``coalesce(cluster_id, id)`` is every article's cluster.

An article revised since it was clustered (``Archive.save`` outcome ``revised``: a row
in ``revisions``, whose ids only grow) is clustered again from its new text: it leaves
its cluster (whose other members are split into the groups that are still copies of
each other; a group of one is no cluster), its old band keys are dropped, and it looks
for copies as a new article would.  ``cluster_state`` records the last article id and
the last revision id seen, so each run reads only what arrived since the one before.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from .store import Archive
from .text import shingles

BANDS = 20
ROWS = 5
MIN_JACCARD = 0.5
MIN_CONTAINMENT = 0.8
#: Texts shorter than this many shingles are too short to call copies of anything.
MIN_SHINGLES = 12
BATCH = 1000

_STATE = "last_article_id"
_REVISION_STATE = "last_revision_id"


_MERSENNE = (1 << 61) - 1
_MAX_HASH = (1 << 32) - 1
_PERMUTATIONS = None


def minhash(shingle_set: Iterable[str], num_perm: int = BANDS * ROWS, seed: int = 1):
    """MinHash signature (numpy uint64 array), equal to datasketch's
    ``MinHash(num_perm, seed, scheme="legacy")`` after ``update_batch`` of the UTF-8 shingles."""
    import numpy as np

    global _PERMUTATIONS
    if _PERMUTATIONS is None or _PERMUTATIONS[0] != (num_perm, seed):
        gen = np.random.RandomState(seed)
        pairs = [(gen.randint(1, _MERSENNE, dtype=np.uint64), gen.randint(0, _MERSENNE, dtype=np.uint64))
                 for _ in range(num_perm)]
        _PERMUTATIONS = ((num_perm, seed), np.array(pairs, dtype=np.uint64).T)
    a, b = _PERMUTATIONS[1]
    hashes = [int.from_bytes(hashlib.sha1(s.encode("utf-8")).digest()[:4], "little") for s in shingle_set]
    if not hashes:
        return np.full(num_perm, _MAX_HASH, dtype=np.uint64)
    hv = np.array(hashes, dtype=np.uint64, ndmin=2).T
    with np.errstate(over="ignore"):
        permuted = np.bitwise_and((hv * a + b) % np.uint64(_MERSENNE), np.uint64(_MAX_HASH))
    return permuted.min(axis=0)


def band_keys(shingle_set: Iterable[str]) -> list[int]:
    """The LSH band hashes (signed 64-bit, for SQLite) of a shingle set's MinHash signature."""
    values = minhash(shingle_set)
    keys = []
    for band in range(BANDS):
        digest = hashlib.blake2b(values[band * ROWS:(band + 1) * ROWS].tobytes(), digest_size=8).digest()
        keys.append(int.from_bytes(digest, "big", signed=True))
    return keys


def similar(a: set[str], b: set[str]) -> float:
    """The similarity used to verify a candidate: Jaccard, or containment of the smaller set when it is high.

    >>> similar({"a b c", "b c d"}, {"a b c", "b c d"})
    1.0
    >>> similar({"a b c", "b c d"}, {"x y z"})
    0.0
    """
    if not a or not b:
        return 0.0
    common = len(a & b)
    jaccard = common / len(a | b)
    containment = common / min(len(a), len(b))
    return containment if containment >= MIN_CONTAINMENT and min(len(a), len(b)) >= MIN_SHINGLES else jaccard


def _order_key(row: dict) -> tuple:
    return ((row["published"] or "9999")[:10], row["first_seen"] or "", row["id"])


def update_clusters(archive: Archive) -> dict:
    """Cluster the articles added, and cluster again those revised or re-extracted (``reparse``),
    since the last call (incremental); return counts: ``articles`` new ones compared, ``revised``
    ones clustered again, ``joined`` (of both) that joined a cluster, ``clusters`` in the archive.

    Call it after each crawl's last save (the crawl runner does), or run
    ``portal-archive cluster``.  Safe to call at any time and from a second process:
    it works in ``BEGIN IMMEDIATE`` batches (reading and writing in the same
    transaction) and records how far it got.
    """
    db = archive.db
    stats = {"articles": 0, "revised": 0, "joined": 0, "clusters": 0}
    # revised (or re-extracted by reparse) first: a new article then finds their new band keys
    while True:
        with archive.immediate():
            last_revision = _state(db, _REVISION_STATE)
            revisions = db.execute("SELECT id, article_id, title, body FROM revisions WHERE id > ? ORDER BY id LIMIT ?",
                                   [last_revision, BATCH]).fetchall()
            redone = [] if revisions else db.execute(
                "SELECT seq, article_id, title, body FROM cluster_redo ORDER BY seq LIMIT ?", [BATCH]).fetchall()
            if not revisions and not redone:
                break
            _recluster_changed(db, revisions or redone, stats)
            if revisions:
                _set_state(db, _REVISION_STATE, revisions[-1][0])
            else:
                db.execute("DELETE FROM cluster_redo WHERE seq <= ?", [redone[-1][0]])
    while True:
        with archive.immediate():
            last = _state(db, _STATE)
            rows = _rows(db, "id > ? ORDER BY id LIMIT ?", [last, BATCH])
            if not rows:
                break
            for row in rows:
                stats["articles"] += 1
                if _cluster_one(db, row):
                    stats["joined"] += 1
            _set_state(db, _STATE, rows[-1]["id"])
    stats["clusters"] = db.execute("SELECT count(DISTINCT cluster_id) FROM clusters").fetchone()[0]
    return stats


def _recluster_changed(db, changes: list[tuple], stats: dict) -> None:
    """Cluster again the articles of ``changes`` ((seq, article id, old title, old body) rows)."""
    last_article = _state(db, _STATE)
    old_texts: dict[int, list[tuple]] = {}
    for _, article_id, title, body in changes:
        if article_id <= last_article:  # a later one is clustered as new, with its current text
            old_texts.setdefault(article_id, []).append((title, body))
    for row in _rows(db, f"id IN ({','.join('?' * len(old_texts))})", list(old_texts)) if old_texts else []:
        stats["revised"] += 1
        if _recluster_one(db, row, old_texts[row["id"]]):
            stats["joined"] += 1


def _state(db, name: str) -> int:
    row = db.execute("SELECT value FROM cluster_state WHERE name = ?", [name]).fetchone()
    return row[0] if row else 0


def _set_state(db, name: str, value: int) -> None:
    db.execute("INSERT INTO cluster_state(name, value) VALUES (?, ?) "
               "ON CONFLICT(name) DO UPDATE SET value = excluded.value", [name, value])


def _rows(db, where: str, params: list) -> list[dict]:
    cursor = db.execute(f"SELECT id, title, body, published, first_seen FROM articles WHERE {where}", params)
    names = [c[0] for c in cursor.description]
    return [dict(zip(names, r)) for r in cursor.fetchall()]


def _cluster_one(db, row: dict) -> bool:
    """Find the article's cluster (if any), merge, store its band keys; True when it joined one."""
    mine = shingles(row["title"], row["body"])
    if len(mine) < MIN_SHINGLES:
        return False
    keys = band_keys(mine)
    pairs = " OR ".join("(band = ? AND key = ?)" for _ in keys)
    flat = [v for pair in enumerate(keys) for v in pair]
    candidates = [r[0] for r in db.execute(f"SELECT DISTINCT article_id FROM cluster_bands WHERE {pairs}", flat)
                  if r[0] != row["id"]]
    matches = []
    for other in _rows(db, f"id IN ({','.join('?' * len(candidates))})", candidates) if candidates else []:
        score = similar(mine, shingles(other["title"], other["body"]))
        if score >= MIN_JACCARD:
            matches.append((other, score))
    db.conn.executemany("INSERT OR IGNORE INTO cluster_bands(band, key, article_id) VALUES (?, ?, ?)",
                        [(band, key, row["id"]) for band, key in enumerate(keys)])
    if not matches:
        return False
    # every cluster touched, plus the new article, becomes one cluster led by its earliest member
    cluster_ids = {_cluster_of(db, other["id"]) for other, _ in matches}
    members = {row["id"]} | cluster_ids
    for cid in cluster_ids:
        members.update(r[0] for r in db.execute("SELECT article_id FROM clusters WHERE cluster_id = ?", [cid]))
    original = _original(db, members)
    best = max(score for _, score in matches)
    for member in members:
        db.execute("""INSERT INTO clusters(article_id, cluster_id, similarity) VALUES (?, ?, ?)
                      ON CONFLICT(article_id) DO UPDATE SET cluster_id = excluded.cluster_id""",
                   [member, original, best if member == row["id"] else None])
    return True


def _original(db, members: Iterable[int]) -> int:
    ids = sorted(members)
    return min(_rows(db, f"id IN ({','.join('?' * len(ids))})", ids), key=_order_key)["id"]


def _recluster_one(db, row: dict, old_texts: list[tuple]) -> bool:
    """An article whose text changed since it was clustered: out of its cluster, its old band keys
    dropped (recomputed from the earlier versions in ``revisions``), then clustered as if new."""
    _leave_cluster(db, row["id"])
    stale = {(band, key) for title, body in old_texts
             if len(words := shingles(title, body)) >= MIN_SHINGLES for band, key in enumerate(band_keys(words))}
    db.conn.executemany("DELETE FROM cluster_bands WHERE band = ? AND key = ? AND article_id = ?",
                        [(band, key, row["id"]) for band, key in sorted(stale)])
    return _cluster_one(db, row)


def _leave_cluster(db, article_id: int) -> None:
    """Take an article out of its cluster.  The others stay together as far as they are still
    copies of each other (the leaver may have been the only link between two groups): each
    connected group of two or more is a cluster led by its earliest member; one left alone has no row."""
    found = db.execute("SELECT cluster_id FROM clusters WHERE article_id = ?", [article_id]).fetchone()
    if found is None:
        return
    similarity = dict(db.execute("SELECT article_id, similarity FROM clusters WHERE cluster_id = ?", [found[0]]))
    db.execute("DELETE FROM clusters WHERE cluster_id = ?", [found[0]])
    rest = sorted(similarity.keys() - {article_id})
    texts = {r["id"]: shingles(r["title"], r["body"]) for r in _rows(db, f"id IN ({','.join('?' * len(rest))})", rest)}
    unseen = [i for i in rest if i in texts]
    while unseen:
        group, queue = [unseen[0]], [unseen.pop(0)]
        while queue:
            here = texts[queue.pop()]
            linked = [i for i in unseen if similar(here, texts[i]) >= MIN_JACCARD]
            unseen = [i for i in unseen if i not in linked]
            group += linked
            queue += linked
        if len(group) > 1:
            original = _original(db, group)
            db.conn.executemany("INSERT INTO clusters(article_id, cluster_id, similarity) VALUES (?, ?, ?)",
                                [(i, original, similarity[i]) for i in sorted(group)])


def _cluster_of(db, article_id: int) -> int:
    row = db.execute("SELECT cluster_id FROM clusters WHERE article_id = ?", [article_id]).fetchone()
    return row[0] if row else article_id


def cluster_members(archive: Archive, article_id: int) -> list[dict]:
    """Every article of ``article_id``'s cluster, original first, with their appearances' portals."""
    cid = _cluster_of(archive.db, article_id)
    ids = [cid] + [r[0] for r in archive.db.execute(
        "SELECT article_id FROM clusters WHERE cluster_id = ? AND article_id != ? ORDER BY article_id", [cid, cid])]
    return [archive.article(i) for i in ids]

#!/usr/bin/env python3
"""Archive at scale: ingest rate, DB size and search latency on synthetic archives.

Synthetic articles (no external data): ~3 KB bodies of words drawn from a Zipfian
vocabulary (the head is real English function words and gov.cn news words, the tail
generated pseudo-words), titles, half with photo captions, 20 portals, publication
dates in order (as crawls append them).  Everything goes through the real
``Archive.save`` in batches of 500 with the FTS5 triggers in sync.

Figures (each with the baseline measured in the same run):

* ``ingest_<n>``: articles/s of ``Archive.save`` (target 2,000/s), and for the first 20,000
  articles against a bare SQL insert of the same rows into the same FTS5 setup (baseline in
  the same run: the machine is shared);
* ``db_bytes_per_article_<n>``: bytes per article, after the search index upkeep (impact
  lists and term vectors included; ``..._without_lists`` before it);
* ``search_p50_<n>`` / ``search_p95_<n>``: ms per query of ``archive.search.search``
  (bm25 + snippets, top 20, total count) over 200 queries (1–3 terms, phrases,
  date windows), vs the same queries as ``LIKE`` scans (baseline; a sample of them,
  because each scans the whole table).  Target p95 ≤ 30 ms at 1M.
* ``search_lists_*``: the impact lists and term vectors (``archive.ranker``,
  exact top answers for common words and their conjunctions): the
  full build's seconds (baseline: the ingest's), incremental refreshes after 1,000
  articles are added and deleted again, and how many of the 200 queries each plan answers.
* ``search_fast_*``: the same queries with ``fast=True`` (``--fast``: beyond 8,000 matches
  only the newest 5,000 are ranked), and how many of the 200 top-20 answers are still
  the exact ones.

Query words are drawn from the content-word part of the vocabulary (not the 40
function words such as "the", "of"), weighted by the same Zipf law, so common
topical words such as "guiyang" or "development" (in most articles) are included.

Usage: python bench/bench_search.py [--quick] [--json] [--sizes 100000,1000000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from archive import ranker  # noqa: E402
from archive.search import search  # noqa: E402
from archive.store import Archive  # noqa: E402

FUNCTION_WORDS = ("the of and to in a for on is was with by as that at from it be has are will its this an have "
                  "which were been their more than also said not or new year").split()
NEWS_WORDS = ("china province city development district government people percent guiyang guizhou billion yuan "
              "million project construction economic industry data service services local support national "
              "international trade tourism high first cooperation according work market officials green "
              "enterprises companies quality digital urban rural area areas center public plan growth investment "
              "reform policy system technology innovation total years metro festival culture forum exhibition "
              "park village poverty agriculture education health hospital school students export import").split()
SYLLABLES = ("ba be bi bo bu da de di do du ga ge gi go gu ha he hi ho hu ka ke ki ko ku la le li lo lu ma me mi "
             "mo mu na ne ni no nu pa pe pi po pu ra re ri ro ru sa se si so su ta te ti to tu wa we wi wo xa xi "
             "ya yo yu za ze zi zo zu an en in on un ang eng ing ong").split()
PORTALS = [f"portal{i:02d}" for i in range(20)]
SECTIONS = [["Home", "News"], ["Home", "News", "Latest"], ["Home", "Business"], ["Home", "Culture"]]
VOCAB_SIZE = 40_000
ZIPF_S = 1.05


class Corpus:
    """Deterministic synthetic articles."""

    def __init__(self, seed: int = 7):
        rnd = random.Random(seed)
        words, seen = list(FUNCTION_WORDS + NEWS_WORDS), set(FUNCTION_WORDS + NEWS_WORDS)
        while len(words) < VOCAB_SIZE:
            w = "".join(rnd.choice(SYLLABLES) for _ in range(rnd.choice((2, 2, 3, 3, 4))))
            if w not in seen:
                seen.add(w)
                words.append(w)
        self.vocab = words
        self.weights = [1.0 / (i + 1) ** ZIPF_S for i in range(len(words))]
        self.cum = list(itertools.accumulate(self.weights))
        self.rnd = random.Random(seed + 1)

    def words(self, k: int, rnd=None) -> list[str]:
        return (rnd or self.rnd).choices(self.vocab, cum_weights=self.cum, k=k)

    def sentence(self, k: int) -> str:
        return " ".join(self.words(k)).capitalize() + "."

    def article(self, i: int, n: int) -> dict:
        rnd = self.rnd
        day = 16_000 + (i * 3650) // max(n, 1)  # ten years, in publication order
        published = time.strftime("%Y-%m-%d", time.gmtime(day * 86400)) + f"T{rnd.randint(8, 18):02d}:00:00+08:00"
        portal = PORTALS[rnd.randrange(len(PORTALS))]
        url = f"https://{portal}.example.gov.cn/{published[:7]}/{published[8:10]}/c_{i}.htm"
        paragraphs = ["".join(self.sentence(rnd.randint(8, 22)) + " " for _ in range(rnd.randint(3, 5))).strip()
                      for _ in range(rnd.randint(5, 8))]
        photos = [{"src": f"https://{portal}.example.gov.cn/img/{i}.jpg", "caption": self.sentence(12),
                   "credit": "example.gov.cn"}] if rnd.random() < 0.5 else []
        return {"url": url, "canonical_url": url, "portal": portal, "title": " ".join(self.words(8)).capitalize(),
                "body": "\n\n".join(paragraphs), "published": published, "date_source": "printed",
                "section": SECTIONS[rnd.randrange(len(SECTIONS))], "photos": photos}

    def queries(self, n: int = 200, seed: int = 11) -> list[dict]:
        """1–3 word queries, phrases and date-windowed queries over content words."""
        rnd = random.Random(seed)
        content = self.vocab[len(FUNCTION_WORDS):]
        cum = list(itertools.accumulate(self.weights[len(FUNCTION_WORDS):]))

        def pick(k):
            return rnd.choices(content, cum_weights=cum, k=k)

        out = []
        for j in range(n):
            kind = ("one", "two", "three", "phrase", "dated")[j % 5]
            if kind == "phrase":
                saved, self.rnd = self.rnd, random.Random(seed * 1000 + j)  # independent of earlier calls
                body = [w.strip(".").lower() for w in self.article(j, 1)["body"].split()]
                self.rnd = saved
                pairs = [body[k:k + 2] for k in range(len(body) - 1)
                         if body[k] not in FUNCTION_WORDS and body[k + 1] not in FUNCTION_WORDS]
                words = rnd.choice(pairs)
                out.append({"kind": kind, "q": '"' + " ".join(words) + '"', "words": words, "phrase": True})
            else:
                words = pick({"one": 1, "two": 2, "three": 3, "dated": rnd.choice((1, 2))}[kind])
                q = {"kind": kind, "q": " ".join(words), "words": words, "phrase": False}
                if kind == "dated":
                    year = rnd.randint(2014, 2023)
                    q.update(since=f"{year}-01-01", until=f"{year}-06-30")
                out.append(q)
        return out


BARE_SAMPLE = 20_000


def bare_ingest(folder: Path, items: list[dict]) -> float:
    """Baseline in the same run: the same rows inserted with plain SQL into a table with the same
    FTS5 index and sync triggers (no dedup, photos, appearances or fetch log), batches of 500."""
    import sqlite3

    import sqlite_utils

    from archive.schema import RANK

    path = folder / "bare.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = sqlite_utils.Database(sqlite3.connect(path))
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")
    db["articles"].create({"id": int, "canonical_url": str, "portal": str, "title": str, "published": str,
                           "body": str, "captions": str}, pk="id")
    db["articles"].create_index(["canonical_url"], unique=True)
    db["articles"].enable_fts(["title", "captions", "body"], tokenize="porter", create_triggers=True)
    db.execute(f"INSERT INTO articles_fts(articles_fts, rank) VALUES ('rank', '{RANK}')")
    rows = [(i["canonical_url"], i["portal"], i["title"], i["published"], i["body"],
             "\n".join(p["caption"] for p in i["photos"])) for i in items]
    t0 = time.perf_counter()
    for k in range(0, len(rows), 500):
        with db.conn:
            db.conn.executemany("INSERT INTO articles (canonical_url, portal, title, published, body, captions) "
                                "VALUES (?, ?, ?, ?, ?, ?)", rows[k:k + 500])
    rate = len(rows) / (time.perf_counter() - t0)
    db.close()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    return rate


def build(path: Path, n: int, corpus: Corpus) -> dict:
    archive = Archive(path)
    spent, first, batch, sample = 0.0, None, [], []
    for i in range(n):
        batch.append(corpus.article(i, n))
        if len(batch) == 500 or i == n - 1:
            t0 = time.perf_counter()
            archive.save(batch, seen_at="2025-01-01T00:00:00Z")
            spent += time.perf_counter() - t0
            if len(sample) < BARE_SAMPLE:
                sample += batch
                if len(sample) >= BARE_SAMPLE or i == n - 1:
                    first = len(sample) / spent
            batch = []
    archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    archive.close()
    return {"rate": n / spent, "first_rate": first, "bare_rate": bare_ingest(path.parent, sample),
            "size": path.stat().st_size, "ingest_s": spent}


GROWTH = 1_000


def index_upkeep(path: Path, n: int, corpus: Corpus) -> dict:
    """The impact lists (archive.ranker): a full build if missing, then an incremental refresh after
    GROWTH new articles and one after deleting them again (the crawl runner refreshes after each run)."""
    archive = Archive(path)
    full = ranker.refresh(archive.db)
    extra = [corpus.article(i, n) for i in range(n, n + GROWTH)]
    archive.save(extra, seen_at="2025-01-02T00:00:00Z")
    grown = ranker.refresh(archive.db)
    ids = [r[0] for r in archive.db.execute("SELECT id FROM articles WHERE id > ?", [n])]
    with archive.immediate():
        for table in ("photos", "appearances", "fetches", "revisions", "clusters", "cluster_bands"):
            archive.db.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT value FROM json_each(?))",
                               [json.dumps(ids)])
        archive.db.execute("DELETE FROM articles WHERE id IN (SELECT value FROM json_each(?))", [json.dumps(ids)])
    shrunk = ranker.refresh(archive.db)
    postings = archive.db.execute("SELECT count(*) FROM search_postings").fetchone()[0]
    archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    archive.close()
    return {"full": full, "grown": grown, "shrunk": shrunk, "postings": postings}


def like_query(db, q: dict) -> None:
    where, params = [], []
    for w in q["words"] if not q["phrase"] else [" ".join(q["words"])]:
        where.append("(a.title LIKE ? OR a.captions LIKE ? OR a.body LIKE ?)")
        params += [f"%{w}%"] * 3
    if q.get("since"):
        where.append("a.published >= ? AND a.published < ?")
        params += [q["since"], q["until"] + "T99"]
    cond = " AND ".join(where)
    db.execute(f"SELECT count(*) FROM articles a WHERE {cond}", params).fetchone()
    db.execute(f"SELECT id, title, substr(body, 1, 200) FROM articles a WHERE {cond} ORDER BY published DESC LIMIT 20",
               params).fetchall()


def len_sample(n: int) -> int:
    return min(n, BARE_SAMPLE)


def percentile(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def run_queries(archive, queries: list[dict], fast: bool) -> tuple[list[float], dict, list[list[int]]]:
    times, plans, answers = [], {}, []
    for q in queries:
        t0 = time.perf_counter()
        result = search(archive, q["q"], since=q.get("since"), until=q.get("until"), limit=20, fast=fast)
        times.append((time.perf_counter() - t0) * 1000)
        plans[result.plan] = plans.get(result.plan, 0) + 1
        answers.append([h["id"] for h in result.hits])
        q.setdefault("total", result.total)
    return times, plans, answers


def measure(path: Path, corpus: Corpus, n_queries: int, n_like: int) -> dict:
    archive = Archive(path)
    queries = corpus.queries(n_queries)
    # One untimed pass first: the figures are for an archive in the page cache (a 1M archive is
    # ~7 GB; cold reads measure the disk, not the search).
    run_queries(archive, queries, fast=False)
    exact, plans, best = run_queries(archive, queries, fast=False)
    fast, fast_plans, answers = run_queries(archive, queries, fast=True)
    changed = [len(set(a) & set(b)) / max(1, len(b)) for a, b in zip(answers, best) if a != b]
    like = []
    for q in queries[:: max(1, len(queries) // n_like)][:n_like]:
        t0 = time.perf_counter()
        like_query(archive.db, q)
        like.append((time.perf_counter() - t0) * 1000)
    slow = sorted(zip(exact, queries), key=lambda p: -p[0])[:5]
    archive.close()
    return {"p50": percentile(exact, 50), "p95": percentile(exact, 95), "like_p50": percentile(like, 50),
            "like_p95": percentile(like, 95), "plans": plans, "fast_plans": fast_plans,
            "fast_p50": percentile(fast, 50), "fast_p95": percentile(fast, 95),
            "same_top20": sum(a == b for a, b in zip(answers, best)),
            "overlap_when_different": statistics.mean(changed) if changed else 1.0,
            "slowest": [(q["q"], q.get("since"), round(ms, 1), q["total"]) for ms, q in slow]}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="one archive of 10,000 articles (about 15 s)")
    parser.add_argument("--json", action="store_true", help="print [{name, value, baseline, ratio, target}]")
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--like", type=int, default=20, help="how many of the queries to run as LIKE scans")
    parser.add_argument("--keep", help="folder to keep (and reuse) the archives in")
    args = parser.parse_args(argv)
    sizes = [10_000] if args.quick else [int(s) for s in args.sizes.split(",")]
    folder = Path(args.keep or tempfile.mkdtemp(prefix="bench-search-"))
    folder.mkdir(parents=True, exist_ok=True)
    figures = []
    for n in sizes:
        corpus = Corpus()
        path = folder / f"archive-{n}.db"
        if path.exists() and args.keep:
            built = {"rate": None, "size": path.stat().st_size}
        else:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            built = build(path, n, corpus)
        upkeep = index_upkeep(path, n, corpus)
        m = measure(path, corpus, args.queries, 5 if args.quick else args.like)
        if built["rate"] is not None:
            figures.append({"name": f"ingest_{n}", "value": round(built["rate"]), "baseline": 2000,
                            "ratio": round(built["rate"] / 2000, 2), "target": ">= 2000 articles/s"})
            figures.append({"name": f"ingest_first_{len_sample(n)}_vs_bare_sql", "value": round(built["first_rate"]),
                            "baseline": round(built["bare_rate"]), "ratio": round(built["first_rate"] / built["bare_rate"], 2),
                            "target": "bare SQL insert, same FTS5 triggers, same run"})
        figures.append({"name": f"db_bytes_per_article_{n}", "value": round(path.stat().st_size / n),
                        "baseline": round(built["size"] / n), "ratio": round(path.stat().st_size / built["size"], 2),
                        "target": "with impact lists and term vectors (baseline: without)"})
        full = upkeep["full"]
        if full.mode == "full":
            figures.append({"name": f"search_lists_build_s_{n}", "value": round(full.seconds, 1),
                            "baseline": round(built["ingest_s"], 1) if built.get("ingest_s") else None,
                            "ratio": round(full.seconds / built["ingest_s"], 2) if built.get("ingest_s") else None,
                            "target": f"once; {full.terms:,} terms, {upkeep['postings']:,} postings (baseline: ingest s)"})
        for key, what in (("grown", f"+{GROWTH:,} articles"), ("shrunk", f"-{GROWTH:,} articles")):
            r = upkeep[key]
            figures.append({"name": f"search_lists_refresh_s_{n}_{key}", "value": round(r.seconds, 1),
                            "baseline": None, "ratio": None, "target": f"{r.mode} refresh after {what}"})
        for plan, what in (("impact", "the impact lists (one common word)"),
                           ("vectors", "the term vectors (conjunctions, dated words)")):
            figures.append({"name": f"search_{plan}_plan_{n}", "value": m["plans"].get(plan, 0),
                            "baseline": args.queries, "ratio": round(m["plans"].get(plan, 0) / args.queries, 3),
                            "target": f"queries answered from {what}; the rest: FTS5 ranks every match"})
        for p in ("p50", "p95"):
            figures.append({"name": f"search_{p}_ms_{n}", "value": round(m[p], 2),
                            "baseline": round(m[f"like_{p}"], 1), "ratio": round(m[f"like_{p}"] / m[p], 1),
                            "target": "<= 30 ms at 1M" if p == "p95" else None})
        for p in ("p50", "p95"):
            figures.append({"name": f"search_fast_{p}_ms_{n}", "value": round(m[f"fast_{p}"], 2),
                            "baseline": round(m[f"like_{p}"], 1), "ratio": round(m[f"like_{p}"] / m[f"fast_{p}"], 1),
                            "target": "--fast: newest 5,000 matches ranked" if p == "p95" else None})
        figures.append({"name": f"search_fast_same_top20_{n}", "value": m["same_top20"], "baseline": args.queries,
                        "ratio": round(m["same_top20"] / args.queries, 3),
                        "target": f"other queries share {m['overlap_when_different']:.0%} of the top 20"})
        if not args.json:
            print(f"n={n}: plans {m['plans']}, --fast plans {m['fast_plans']}; slowest: {m['slowest']}",
                  file=sys.stderr)
        if not args.keep:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    if args.json:
        print(json.dumps(figures, indent=1))
    else:
        print(f"{'figure':<32} {'value':>10} {'baseline':>10} {'ratio':>7}  target")
        for f in figures:
            print(f"{f['name']:<32} {f['value']:>10} {str(f['baseline'] or '-'):>10} {str(f['ratio'] or '-'):>7}  "
                  f"{f['target'] or ''}")
    if not args.keep:
        os.rmdir(folder) if not any(folder.iterdir()) else None
    return 0


if __name__ == "__main__":
    sys.exit(main())

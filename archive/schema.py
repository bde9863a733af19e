"""Archive schema, as sqlite-utils migrations (recorded in ``_sqlite_migrations``).

Add a migration by appending a function decorated with ``@migrations()``;
never edit one that has shipped.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

from .cjk import CJK_CLASS

migrations = Migrations("portal_archive")

#: bm25 weights of the FTS columns (title, captions, body), stored in the FTS
#: table's own ``rank`` setting so that ``ORDER BY rank`` in sqlite-utils,
#: Datasette and plain SQL all rank the same way.
RANK = "bm25(10.0, 4.0, 1.0)"


@migrations()
def m001_initial(db: Database) -> None:
    db["articles"].create(
        {
            "id": int,
            "canonical_url": str,
            "url": str,
            "portal": str,
            "title": str,
            "published": str,
            "published_utc": str,
            "date_precision": str,
            "date_raw": str,
            "date_source": str,
            "byline": str,
            "source": str,
            "section": str,
            "body": str,
            "captions": str,
            "pages": int,
            "attachments": str,
            "content_hash": str,
            "revision": int,
            "first_seen": str,
            "last_seen": str,
            "updated": str,
            "encoding": str,
            "field_sources": str,
            "extractor_version": int,
        },
        pk="id",
        not_null={"canonical_url", "portal", "content_hash"},
        defaults={"revision": 1, "pages": 1},
    )
    db["articles"].create_index(["canonical_url"], unique=True)
    db["articles"].create_index(["content_hash"])
    db["articles"].create_index(["portal", "published"])
    db["articles"].create_index(["published"])
    db["photos"].create(
        {"id": int, "article_id": int, "position": int, "src": str, "caption": str, "credit": str},
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["photos"].create_index(["article_id", "position"], unique=True)
    db["appearances"].create(
        {
            "id": int,
            "article_id": int,
            "url": str,
            "canonical_url": str,
            "portal": str,
            "published": str,
            "first_seen": str,
            "last_seen": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
        not_null={"url", "canonical_url", "portal"},
    )
    db["appearances"].create_index(["url"], unique=True)
    db["appearances"].create_index(["canonical_url"])
    db["appearances"].create_index(["article_id"])
    db["revisions"].create(
        {
            "id": int,
            "article_id": int,
            "revision": int,
            "title": str,
            "published": str,
            "body": str,
            "captions": str,
            "content_hash": str,
            "first_seen": str,
            "last_seen": str,
        },
        pk="id",
        foreign_keys=[("article_id", "articles", "id")],
    )
    db["revisions"].create_index(["article_id", "revision"], unique=True)
    db["runs"].create(
        {
            "id": int,
            "started": str,
            "finished": str,
            "portals": str,
            "status": str,
            "exit_code": int,
            "requests": int,
            "new": int,
            "revised": int,
            "duplicates": int,
            "unchanged": int,
            "failed": int,
            "outcomes": str,
            "fields": str,
            "pid": int,
        },
        pk="id",
    )
    db["articles"].enable_fts(["title", "captions", "body"], tokenize="porter", create_triggers=True)
    db.execute(f"INSERT INTO articles_fts(articles_fts, rank) VALUES ('rank', '{RANK}')")


@migrations()
def m002_fetches_warc_revisits(db: Database) -> None:
    """One outcome per fetched URL per run; WARC pointers; revisit schedule and tombstones."""
    db["fetches"].create(
        {
            "id": int,
            "run_id": int,
            "portal": str,
            "url": str,
            "canonical_url": str,
            "outcome": str,
            "status": int,
            "detail": str,
            "article_id": int,
            "warc_file": str,
            "warc_offset": int,
            "fetched_at": str,
        },
        pk="id",
    )
    db["fetches"].create_index(["run_id", "outcome"])
    db["fetches"].create_index(["url"])
    db["fetches"].create_index(["canonical_url", "outcome"])
    db["articles"].add_column("warc_records", str)
    db["articles"].add_column("etag", str)
    db["articles"].add_column("last_modified", str)
    db["articles"].add_column("next_visit", str)
    db["articles"].add_column("gone", str)
    db["articles"].create_index(["next_visit"])


@migrations()
def m003_run_alerts(db: Database) -> None:
    """Template-drift alerts per run (JSON list of one-line messages)."""
    db["runs"].add_column("alerts", str)


@migrations()
def m004_run_host_and_blocked(db: Database) -> None:
    """Where a run's process lives (host name and boot id, with ``pid``: a ``running`` row whose
    process is gone is shown as ``died``), and its blocked pages, counted apart from its failures."""
    db["runs"].add_column("host", str)
    db["runs"].add_column("blocked", int)


#: ``PRAGMA application_id`` of a portal archive: the bytes ``PArc`` (see ``archive.store.check_archive_file``).
APPLICATION_ID = int.from_bytes(b"PArc", "big")


@migrations()
def m005_application_id(db: Database) -> None:
    """Mark the file as a portal archive (``PRAGMA application_id``, in the file's header), so that
    ``--db`` never opens, migrates or writes another program's SQLite file."""
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")


# --------------------------------------------------------------------------- analyst migrations (m1NN)

@migrations()
def m101_cjk_trigram_index(db: Database) -> None:
    """A trigram FTS5 index over the Chinese text of each article, for Chinese and substring queries.

    unicode61 keeps a run of Chinese characters as one token, so ``贵阳`` would not
    match ``贵阳市`` in ``articles_fts``.  ``articles.cjk`` holds the Chinese runs of
    title, captions and body as a JSON list of three strings (NULL for the vast
    majority of articles, which have none); triggers mirror it into the
    trigram table ``articles_cjk`` (own content, so it stays tiny and a scan of it
    is cheap for 1–2 character queries the trigram index cannot serve).
    """
    import json
    import re

    db["articles"].add_column("cjk", str)
    db.execute("CREATE VIRTUAL TABLE articles_cjk USING fts5(title, captions, body, tokenize='trigram')")
    values = "new.id, json_extract(new.cjk, '$[0]'), json_extract(new.cjk, '$[1]'), json_extract(new.cjk, '$[2]')"
    db.execute(f"""CREATE TRIGGER articles_cjk_ai AFTER INSERT ON articles WHEN new.cjk IS NOT NULL BEGIN
        INSERT INTO articles_cjk(rowid, title, captions, body) VALUES ({values}); END""")
    db.execute("""CREATE TRIGGER articles_cjk_ad AFTER DELETE ON articles WHEN old.cjk IS NOT NULL BEGIN
        DELETE FROM articles_cjk WHERE rowid = old.id; END""")
    db.execute(f"""CREATE TRIGGER articles_cjk_au AFTER UPDATE OF cjk ON articles BEGIN
        DELETE FROM articles_cjk WHERE rowid = old.id;
        INSERT INTO articles_cjk(rowid, title, captions, body) SELECT {values} WHERE new.cjk IS NOT NULL; END""")
    runs = re.compile(f"[{CJK_CLASS}]+")
    for row in list(db.query("SELECT id, title, captions, body FROM articles")):
        parts = ["\n".join(runs.findall(row[k] or "")) for k in ("title", "captions", "body")]
        if any(parts):
            db.execute("UPDATE articles SET cjk = ? WHERE id = ?", [json.dumps(parts, ensure_ascii=False), row["id"]])


@migrations()
def m102_portals_and_clusters(db: Database) -> None:
    """Portal metadata (level, province: filled by the crawl), syndication clusters, saved searches."""
    db["portals"].create(
        {"name": str, "portal_name": str, "hosts": str, "family": str, "level": str, "province": str, "city": str,
         "updated": str},
        pk="name",
    )
    # One row per article: its cluster (the id of the cluster's original, earliest article).
    db["clusters"].create({"article_id": int, "cluster_id": int, "similarity": float}, pk="article_id",
                          foreign_keys=[("article_id", "articles", "id")])
    db["clusters"].create_index(["cluster_id"])
    # MinHash LSH band keys, so that clustering is incremental (no rebuild from all rows).
    db["cluster_bands"].create({"band": int, "key": str, "article_id": int}, pk=("band", "key", "article_id"))
    db["cluster_bands"].create_index(["article_id"])
    db["cluster_state"].create({"name": str, "value": int}, pk="name")
    db["watches"].create({"name": str, "query": str, "created": str, "last_seen_id": int, "last_look": str}, pk="name")
    db.execute(
        """CREATE VIEW article_facets AS
           SELECT a.id, a.title, a.portal, p.level, p.province, p.city, a.section,
                  substr(a.published, 1, 4) AS year, substr(a.published, 1, 10) AS day, a.published, a.url,
                  coalesce(c.cluster_id, a.id) AS cluster_id
           FROM articles a LEFT JOIN portals p ON p.name = a.portal LEFT JOIN clusters c ON c.article_id = a.id"""
    )


@migrations()
def m103_compact_cluster_bands(db: Database) -> None:
    """LSH band keys as a WITHOUT ROWID table (one b-tree, no separate key index): ~half the space."""
    db.execute("""CREATE TABLE cluster_bands_new (band INTEGER NOT NULL, key INTEGER NOT NULL,
                  article_id INTEGER NOT NULL, PRIMARY KEY (band, key, article_id)) WITHOUT ROWID""")
    db.execute("INSERT INTO cluster_bands_new SELECT band, key, article_id FROM cluster_bands")
    db.execute("DROP TABLE cluster_bands")
    db.execute("ALTER TABLE cluster_bands_new RENAME TO cluster_bands")


@migrations()
def m104_recluster_with_stable_minhash(db: Database) -> None:
    """Band keys now come from the fixed (datasketch "legacy") MinHash scheme: cluster again from scratch."""
    for table in ("cluster_bands", "clusters", "cluster_state"):
        db.execute(f"DELETE FROM {table}")


@migrations()
def m105_search_impact_lists(db: Database) -> None:
    """Impact lists for common terms (see :mod:`archive.ranker.impact`), and the rows changed since they were made."""
    db["search_terms"].create({"term": str, "df": int, "theta": float, "theta_avgdl": float}, pk="term")
    # WITHOUT ROWID: one b-tree keyed by (term, doc), read a term's whole list at a time.
    db.execute("""CREATE TABLE search_postings (term TEXT NOT NULL, doc INTEGER NOT NULL, freq INTEGER NOT NULL,
                  length INTEGER NOT NULL, PRIMARY KEY (term, doc)) WITHOUT ROWID""")
    db["search_state"].create({"key": str, "value": str}, pk="key")
    # One row per change (seq orders them), with the text before it, so that a refresh can take
    # the old postings out of the counts; recorded only once the lists exist.
    db["search_dirty"].create({"seq": int, "id": int, "title": str, "captions": str, "body": str}, pk="seq")
    old = "INSERT INTO search_dirty (id, title, captions, body) VALUES (old.id, old.title, old.captions, old.body)"
    db.execute(f"""CREATE TRIGGER search_dirty_au AFTER UPDATE OF title, captions, body ON articles
        WHEN (old.title IS NOT new.title OR old.captions IS NOT new.captions OR old.body IS NOT new.body)
        AND EXISTS (SELECT 1 FROM search_state) BEGIN {old}; END""")
    db.execute(f"""CREATE TRIGGER search_dirty_ad AFTER DELETE ON articles WHEN EXISTS (SELECT 1 FROM search_state)
        BEGIN {old}; END""")


@migrations()
def m106_search_term_vectors(db: Database) -> None:
    """Term vectors and per-article lengths and dates (see :mod:`archive.ranker.vectors`), refreshed
    with the impact lists; a changed ``published`` now marks an article changed for them too.

    Lists made before them are dropped from use: the next refresh (after a crawl, or
    ``portal-archive reindex``) rebuilds lists and vectors together."""
    db["search_vectors"].create({"term": str, "chunk": int, "n": int, "docs": bytes, "freqs": bytes},
                                pk=("term", "chunk"))
    db["search_docs"].create({"chunk": int, "lengths": bytes, "first_day": bytes, "last_day": bytes}, pk="chunk")
    old = "INSERT INTO search_dirty (id, title, captions, body) VALUES (old.id, old.title, old.captions, old.body)"
    db.execute("DROP TRIGGER search_dirty_au")
    db.execute(f"""CREATE TRIGGER search_dirty_au AFTER UPDATE OF title, captions, body, published ON articles
        WHEN (old.title IS NOT new.title OR old.captions IS NOT new.captions OR old.body IS NOT new.body
              OR old.published IS NOT new.published)
        AND EXISTS (SELECT 1 FROM search_state) BEGIN {old}; END""")
    db.execute("DELETE FROM search_state")
    db.execute("DELETE FROM search_dirty")


@migrations()
def m107_cluster_redo(db: Database) -> None:
    """Articles re-extracted by ``reparse`` (which keeps no revision) with their text before, so
    that clustering takes each out of its cluster and clusters it again (see :mod:`archive.clusters`)."""
    db["cluster_redo"].create({"seq": int, "article_id": int, "title": str, "body": str}, pk="seq")


@migrations()
def m108_fts_automerge_8(db: Database) -> None:
    """FTS5 merges index segments in groups of 8 instead of 4: fewer, later merges, so saving
    articles is 7-10% faster (bench_search: 2,085 vs 1,896 articles/s over a 1M build) for the
    same search latency (p95 24 ms at 1M either way: the heavy queries rank from the term
    vectors, and a segment more per level costs FTS5's own plans little)."""
    db.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('automerge', 8)")


@migrations()
def m109_article_facts(db: Database) -> None:
    """A narrow copy of what facets count (portal, its level and province, section, publication
    date and year), kept by triggers, and the ``article_facets`` view rebuilt on it: facet counts and the view's pages
    read ~40 bytes an article instead of the article rows (bodies included), so that they stay
    under Datasette's 200 ms facet limit at 100,000 articles (the view's ``year`` facet timed out
    at 21,500); ``facet_values`` counts the articles of each portal, section and year."""
    db.execute("""CREATE TABLE article_facts (id INTEGER PRIMARY KEY, portal TEXT, level TEXT, province TEXT,
                  section TEXT, published TEXT, year TEXT)""")
    kind = "(SELECT {0} FROM portals WHERE name = new.portal)"
    values = (f"new.id, new.portal, {kind.format('level')}, {kind.format('province')}, new.section, new.published, "
              "substr(new.published, 1, 4)")
    db.execute(f"""CREATE TRIGGER article_facts_ai AFTER INSERT ON articles BEGIN
        INSERT INTO article_facts (id, portal, level, province, section, published, year) VALUES ({values}); END""")
    db.execute(f"""CREATE TRIGGER article_facts_au AFTER UPDATE OF portal, section, published ON articles BEGIN
        UPDATE article_facts SET portal = new.portal, level = {kind.format('level')},
        province = {kind.format('province')}, section = new.section, published = new.published,
        year = substr(new.published, 1, 4) WHERE id = new.id; END""")
    db.execute("""CREATE TRIGGER article_facts_ad AFTER DELETE ON articles BEGIN
        DELETE FROM article_facts WHERE id = old.id; END""")
    # a portal's level and province, written by each crawl (unchanged, mostly: then nothing to do)
    relabel = """UPDATE article_facts SET level = new.level, province = new.province WHERE portal = new.name
                 AND (level IS NOT new.level OR province IS NOT new.province);"""
    db.execute(f"CREATE TRIGGER article_facts_portal_ai AFTER INSERT ON portals BEGIN {relabel} END")
    db.execute(f"""CREATE TRIGGER article_facts_portal_au AFTER UPDATE OF level, province ON portals
                   WHEN old.level IS NOT new.level OR old.province IS NOT new.province BEGIN {relabel} END""")
    db.execute("""INSERT INTO article_facts (id, portal, level, province, section, published, year)
                  SELECT a.id, a.portal, p.level, p.province, a.section, a.published, substr(a.published, 1, 4)
                  FROM articles a LEFT JOIN portals p ON p.name = a.portal""")
    # facet counts of a common query: one pass over this covering index in (portal, section, year)
    # order, each entry tested against the matches (no sort); the view's pages sort by published
    db.execute("CREATE INDEX idx_article_facts_values ON article_facts (portal, section, year)")
    db.execute("CREATE INDEX idx_article_facts_published ON article_facts (published)")
    # how many articles have each portal, section and year: the choices of the search page's filters
    db.execute("""CREATE TABLE facet_values (facet TEXT NOT NULL, value TEXT NOT NULL, articles INTEGER NOT NULL,
                  PRIMARY KEY (facet, value)) WITHOUT ROWID""")
    facets = (("portal", "portal"), ("section", "section"), ("year", "year"))

    def count(row: str, step: str) -> str:
        return "".join(f"""INSERT INTO facet_values (facet, value, articles) SELECT '{name}', {row}.{column}, {step}
            WHERE {row}.{column} IS NOT NULL ON CONFLICT (facet, value) DO UPDATE SET articles = articles + {step};
            """ for name, column in facets)
    db.execute(f"CREATE TRIGGER facet_values_ai AFTER INSERT ON article_facts BEGIN {count('new', '1')} END")
    db.execute(f"CREATE TRIGGER facet_values_ad AFTER DELETE ON article_facts BEGIN {count('old', '-1')} END")
    db.execute(f"""CREATE TRIGGER facet_values_au AFTER UPDATE ON article_facts BEGIN {count('old', '-1')}
                   {count('new', '1')} END""")
    for name, column in facets:
        db.execute(f"""INSERT INTO facet_values (facet, value, articles) SELECT '{name}', {column}, count(*)
                       FROM article_facts WHERE {column} IS NOT NULL GROUP BY {column}""")
    db.execute("DROP VIEW article_facets")
    # columns from other tables as subqueries, which SQLite evaluates only for the columns a query
    # reads (it keeps LEFT JOINs it could leave out): a facet or a count reads article_facts alone
    db.execute(
        """CREATE VIEW article_facets AS
           SELECT f.id, (SELECT title FROM articles WHERE id = f.id) AS title, f.portal, f.level, f.province,
                  (SELECT city FROM portals WHERE name = f.portal) AS city, f.section, f.year,
                  substr(f.published, 1, 10) AS day, f.published, (SELECT url FROM articles WHERE id = f.id) AS url,
                  coalesce((SELECT cluster_id FROM clusters WHERE article_id = f.id), f.id) AS cluster_id
           FROM article_facts f""")


@migrations()
def m115_images(db: Database) -> None:
    """Archived photos: one row per image URL the crawl fetched, with the outcome, the SHA-256 of its
    bytes (an image served under two URLs is kept once: ``same_as``) and its WARC record."""
    db["images"].create({
        "id": int, "url": str, "outcome": str, "status": int, "detail": str, "content_type": str, "size": int,
        "sha256": str, "same_as": int, "warc": str, "fetched_at": str,
    }, pk="id", foreign_keys=[("same_as", "images", "id")])
    db["images"].create_index(["url"], unique=True)
    db["images"].create_index(["sha256"])


# --------------------------------------------------------------------------- cluster migrations (m2NN)


@migrations()
def m201_cluster_writer(db: Database) -> None:
    """A crawl spread over several machines (``portal_spider/frontier``): which node fetched each
    URL, the run's per-node counts, and where the writer put each raw response a node sent
    (so that an article's later pages, sent by another node, and a result delivered twice find it)."""
    db["fetches"].add_column("node", str)
    db["runs"].add_column("nodes", str)
    db["frontier_captures"].create({"capture": str, "run_id": int, "url": str, "warc_file": str, "warc_offset": int,
                                    "warc_length": int}, pk="capture")

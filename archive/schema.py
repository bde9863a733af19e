"""Archive schema, as sqlite-utils migrations (recorded in ``_sqlite_migrations``).

Add a migration by appending a function decorated with ``@migrations()``;
never edit one that has shipped.
"""

from __future__ import annotations

from sqlite_utils import Database, Migrations

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

"""Split articles that error pages merged, back into their own articles, from the raw pages.

Before pages were judged on evidence (:mod:`archive.verdict`), an error page served
with HTTP 200 to several URLs was stored as one article with several appearances
(the same text, so content dedup merged them); when those URLs were visited again,
each real page was stored as a *revision of that one row*, so all but the last
existed only as earlier revisions, where search cannot find them.

:func:`repair` finds such articles (an article of several URLs whose versions
disagree in headline, or whose text is an error page), reads every page fetched
under each of its URLs again (the ``fetches`` rows point into the WARC files) through
``read`` (the crawl's extractor, supplied by the caller: ``archive`` has no extractor),
and puts things back:

* the article keeps its own URL (or, if that URL only ever showed errors, the first
  of its URLs that showed an article) and that URL's latest article text; its
  revisions keep only earlier versions of that text;
* each other URL whose page is another article is saved as that article (a new
  one, or an appearance of an archived copy), version by version, at the times
  it was fetched;
* a URL that only ever showed error pages loses its appearance, so the next crawl
  fetches it again; an article left with no URL is deleted.

A URL whose pages are versions of the article (a mirror, a syndicated copy) stays.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .clusters import _leave_cluster
from .store import Archive, content_hash, next_visit
from .verdict import error_page, same_article

#: outcomes of the fetches whose raw page was saved as (a version of) an article
SAVED = ("stored", "revised", "duplicate", "unchanged")

#: ``read(fetch)``: the article dict (as the crawl saves it) that the raw page(s) of a ``fetches``
#: row show, or None when they show no article; OSError/LookupError/ValueError when unreadable
Reader = Callable[[dict], "dict | None"]


@dataclass
class Split:
    """What repairing one article does (or would do, with ``--dry-run``)."""

    article_id: int
    title: str | None
    keeps: str | None = None  # the canonical URL the article keeps (None: it is deleted)
    kept_title: str | None = None
    rebuild: bool = False  # its text becomes the latest article that URL showed
    moved: dict[str, str | None] = field(default_factory=dict)  # canonical URL -> title of its own article
    dropped: list[str] = field(default_factory=list)  # URLs that only showed error pages
    new_articles: list[int] = field(default_factory=list)
    #: canonical URL -> [(fetched_at, article), ...], oldest first
    versions: dict[str, list[tuple[str, dict]]] = field(default_factory=dict, repr=False)

    def line(self) -> str:
        head = f"article {self.article_id} ({self.title!r})"
        if self.keeps is None:
            parts = ["deleted: none of its URLs showed an article"]
        else:
            parts = [f"keeps {self.keeps} ({self.kept_title!r})"]
        parts += [f"{url} -> its own article {title!r}" for url, title in sorted(self.moved.items())]
        parts += [f"{url} -> no article (error pages only; fetched again next crawl)" for url in sorted(self.dropped)]
        return f"{head}: " + "; ".join(parts)


@dataclass
class RepairReport:
    checked: int = 0
    splits: list[Split] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # articles left alone: a raw page could not be read


def suspects(archive: Archive) -> list[int]:
    """Ids of the articles to check: several URLs and versions that disagree in headline, or an error page's text."""
    db = archive.db
    several = {row[0] for row in db.execute(
        "SELECT article_id FROM appearances GROUP BY article_id HAVING count(DISTINCT canonical_url) > 1")}
    found = []
    for article_id, title, body in db.execute("SELECT id, title, body FROM articles ORDER BY id"):
        if error_page(title, body):
            found.append(article_id)
        elif article_id in several:
            titles = {_title_key(title)} | {_title_key(t) for (t,) in db.execute(
                "SELECT title FROM revisions WHERE article_id = ?", [article_id])}
            if len(titles) > 1:
                found.append(article_id)
    return found


def _title_key(title: str | None) -> str:
    return " ".join((title or "").lower().split())


def _text(item: dict) -> str:
    captions = item.get("captions")
    if captions is None:
        captions = "\n".join(p.get("caption") or "" for p in item.get("photos") or [])
    return f"{item.get('body') or ''}\n{captions or ''}"


def repair(archive: Archive, read: Reader, *, dry_run: bool = False) -> RepairReport:
    """Check every suspect article (:func:`suspects`) and split it (see the module); one transaction per article."""
    report = RepairReport()
    for article_id in suspects(archive):
        report.checked += 1
        try:
            split = _plan(archive, article_id, read)
        except (OSError, LookupError, ValueError) as exc:
            report.missing.append(f"article {article_id}: {type(exc).__name__}: {exc}")
            continue
        if split is None:
            continue
        if not dry_run:
            with archive.immediate():
                _apply(archive, split)
        report.splits.append(split)
    return report


def _versions(archive: Archive, article_id: int, read: Reader) -> dict[str, list[tuple[str, dict]]]:
    """``{canonical URL: [(fetched_at, article), ...]}`` for each URL of the article, oldest first."""
    db = archive.db
    urls = [row[0] for row in db.execute(
        """SELECT canonical_url FROM (SELECT canonical_url, min(id) AS first FROM appearances WHERE article_id = ?
           GROUP BY canonical_url) ORDER BY (canonical_url = (SELECT canonical_url FROM articles WHERE id = ?)) DESC,
           first""", [article_id, article_id])]
    versions: dict[str, list[tuple[str, dict]]] = {}
    marks = ",".join("?" * len(SAVED))
    for url in urls:
        cursor = db.execute(f"""SELECT * FROM fetches WHERE canonical_url = ? AND outcome IN ({marks})
                                AND warc_file IS NOT NULL ORDER BY id""", [url, *SAVED])
        names = [c[0] for c in cursor.description]
        versions[url] = [(fetch["fetched_at"], item) for fetch in (dict(zip(names, r)) for r in cursor.fetchall())
                         if (item := read(fetch)) is not None]
    return versions


def _plan(archive: Archive, article_id: int, read: Reader) -> Split | None:
    article = archive.db["articles"].get(article_id)
    split = Split(article_id, article["title"], versions=_versions(archive, article_id, read))
    versions = split.versions
    owner = next((url for url, found in versions.items() if found), None)
    if owner is None:
        split.dropped = list(versions)
        return split
    latest = versions[owner][-1][1]
    split.keeps, split.kept_title = owner, latest.get("title")
    for url, found in versions.items():
        if url == owner:
            continue
        if not found:
            split.dropped.append(url)
        elif not same_article(latest.get("title"), _text(latest), found[-1][1].get("title"), _text(found[-1][1])):
            split.moved[url] = found[-1][1].get("title")
    split.rebuild = owner != article["canonical_url"] or error_page(article["title"], article["body"]) is not None \
        or not same_article(latest.get("title"), _text(latest), article["title"], _text(article))
    if not (split.rebuild or split.moved or split.dropped):
        return None  # versions of one article under several URLs (mirrors, copies): nothing to split
    return split


def _apply(archive: Archive, split: Split) -> None:
    db = archive.db
    article_id = split.article_id
    article = db["articles"].get(article_id)
    old_texts = [(article["title"], article["body"])] + [
        (t, b) for t, b in db.execute("SELECT title, body FROM revisions WHERE article_id = ?", [article_id])]
    gone = [*split.dropped, *split.moved]
    if gone:
        marks = ",".join("?" * len(gone))
        db.execute(f"DELETE FROM appearances WHERE article_id = ? AND canonical_url IN ({marks})", [article_id, *gone])
    if split.keeps is None:
        _delete(archive, article_id)
    else:
        _rebuild(archive, article, split)
        db["cluster_redo"].insert_all([{"article_id": article_id, "title": t, "body": b} for t, b in old_texts])
    for url in split.moved:
        for seen_at, item in split.versions[url]:
            _, new_id = archive._save_one(dict(item), seen_at)
        split.new_articles.append(new_id)
        db.execute("UPDATE fetches SET article_id = ? WHERE canonical_url = ? AND article_id = ?", [new_id, url, article_id])
    for url in split.dropped:
        db.execute("UPDATE fetches SET article_id = NULL WHERE canonical_url = ? AND article_id = ?", [url, article_id])


def _hash(item: dict) -> str:
    return content_hash(item.get("title"), item.get("body"), [p.get("caption") or "" for p in item.get("photos") or []])


def _rebuild(archive: Archive, article: dict, split: Split) -> None:
    """The article as its own URL's pages show it: the latest version, earlier versions of it as revisions."""
    db = archive.db
    article_id = article["id"]
    row: dict = {}
    if split.rebuild:
        found = split.versions[split.keeps]
        seen_at, latest = found[-1]
        fingerprint = _hash(latest)
        row = archive._article_row(latest, fingerprint, [p.get("caption") or "" for p in latest.get("photos") or []])
        row.update(first_seen=min(article["first_seen"], found[0][0]), last_seen=seen_at,
                   updated=next(s for s, version in found if _hash(version) == fingerprint),
                   next_visit=next_visit(latest.get("published"), seen_at), etag=None, last_modified=None)
        current = row
    else:
        current, fingerprint = article, article["content_hash"]
    kept = [r for r in db.query("SELECT * FROM revisions WHERE article_id = ? ORDER BY revision", [article_id])
            if r["content_hash"] != fingerprint and not error_page(r["title"], r["body"])
            and same_article(current["title"], _text(current), r["title"], _text(r))]
    db.execute("DELETE FROM revisions WHERE article_id = ?", [article_id])
    for n, revision in enumerate(kept, 1):
        del revision["id"]
        db["revisions"].insert({**revision, "revision": n})
    archive._update("articles", article_id, {**row, "revision": len(kept) + 1})
    if split.rebuild:
        archive._write_photos(article_id, latest)


def _delete(archive: Archive, article_id: int) -> None:
    """An article none of whose URLs ever showed one: out of its cluster, then gone with its rows."""
    db = archive.db
    _leave_cluster(db, article_id)
    db.execute("DELETE FROM cluster_bands WHERE article_id = ?", [article_id])
    for table in ("photos", "appearances", "revisions"):
        db.execute(f"DELETE FROM {table} WHERE article_id = ?", [article_id])
    db.execute("DELETE FROM articles WHERE id = ?", [article_id])


"""The upkeep after any write to the archive: cluster, then refresh the search lists.

Every writer calls :func:`after_write` once it has written: the crawl (the runner, after
its last save), ``portal-archive reparse``, ``import``, ``cluster`` and ``reindex``.  The
order matters and is the same for all: clustering first, so that the search lists read
the archive as it will stay; both steps are incremental (only what changed since their
last run is read), so calling it when nothing changed costs a few queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from . import ranker
from .clusters import update_clusters
from .store import Archive


@dataclass
class Upkeep:
    """What :func:`after_write` did: the clustering's counts (see :func:`update_clusters`) and the
    search lists' refresh, each None when that step failed; ``failures`` one line per failed step."""

    clusters: dict | None = None
    search: ranker.RefreshReport | None = None
    failures: list[str] = field(default_factory=list)


def after_write(archive: Archive, *, full: bool = False, common_df: int | None = None,
                say: Callable[[str], None] | None = None, keep_going: bool = False) -> Upkeep:
    """Cluster what was written, then bring the search lists up to date with it.

    ``full`` rebuilds every search list and ``common_df`` sets how common a word must be to
    get one (``portal-archive reindex --full --common N``).  ``say`` receives progress notes
    (the first build of the lists takes about a minute per 100,000 articles).  With
    ``keep_going`` (the crawl: what it archived is saved already) a failing step does not
    raise: it is reported in :attr:`Upkeep.failures`, naming the command that redoes it, and
    the next step still runs; searches stay exact meanwhile (FTS5 ranks every match).
    """
    done = Upkeep()
    try:
        done.clusters = update_clusters(archive)
    except Exception as exc:
        if not keep_going:
            raise
        done.failures.append(f"clustering the new articles failed ({type(exc).__name__}: {exc}); "
                             "run `portal-archive cluster`")
    try:
        if say is not None and not ranker.has_lists(archive.db):
            say("building the search lists for common words (once; about a minute per 100,000 articles)")
        done.search = ranker.refresh(archive.db, full=full, common_df=common_df or ranker.COMMON_DF)
    except Exception as exc:
        if not keep_going:
            raise
        done.failures.append(f"refreshing the search index failed ({type(exc).__name__}: {exc}); "
                             "run `portal-archive reindex`")
    return done

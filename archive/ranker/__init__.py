"""The fast ranker: exact best-ranked pages for queries of words, without FTS5 scoring every match.

FTS5's ``ORDER BY rank`` scores every match with bm25 (~1.5-3 µs each) and, before the first
score, walks each word's whole posting list for its IDF: a common word costs a second on a
large archive.  For the archive's common words this package keeps impact lists
(:mod:`.impact`: a word's best postings and a bound no other article beats) and term
vectors (:mod:`.vectors`: every posting, and each article's length and dates), and ranks
from them with FTS5's own bm25 (:mod:`.bm25`), to the last bit:

* plan ``impact``: a query of one common word (no date filter), answered from its list
  when the list proves the page (the page's last article beats the bound);
* plan ``vectors``: a query of words joined by AND, at least one of them common (and the
  pages the lists cannot prove): every match ranked in memory; dates filter the matches
  through each article's day span; the total is exact.

Two doors.  The search asks :func:`page` first, and ranks with FTS5 when it answers None
(the lists are stale or missing, the query is not plain words, no word is common): the
same answers, so a search without this package only ranks common words slower.  The
writers call :func:`refresh` (through :func:`archive.upkeep.after_write`) to bring the
lists up to date with what they wrote.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence

from . import impact, vectors
from .impact import COMMON_DF, RefreshReport, refresh

__all__ = ["COMMON_DF", "Filters", "Page", "RefreshReport", "has_lists", "page", "refresh"]


@dataclass(frozen=True)
class Filters:
    """A search's filters, as the ranker applies them to ranked articles."""

    #: The date window (YYYY-MM-DD, both included), checked against each article's day span.
    since: str | None = None
    until: str | None = None
    #: ``keep(ids) -> set``: the ids passing every filter, the dates included (the impact lists do
    #: not know the articles' dates); None when no filter is set.
    keep: Callable[[list[int]], set[int]] | None = None
    #: The same for the filters besides the dates (portal, section, ...); None when none is set.
    #: With such filters the ranker cannot count the matches (:attr:`Page.total` is None).
    keep_undated: Callable[[list[int]], set[int]] | None = None
    #: ``matches() -> int``: how many articles match within every filter (the search counts them,
    #: up to its cap), asked only when filters are set: too few, and no list can hold a page of them.
    matches: Callable[[], int] | None = None

    def days(self) -> tuple[int, int] | None:
        """The date window as (first, last) day numbers (see :func:`vectors.day_span`), or None.

        >>> Filters(since="2024-02-29").days() == (19782, vectors.NO_DAYS[0])
        True
        """
        if not self.since and not self.until:
            return None
        return (vectors.day_span(self.since)[0] if self.since else vectors.NO_DAYS[1],
                vectors.day_span(self.until)[0] if self.until else vectors.NO_DAYS[0])


@dataclass(frozen=True)
class Page:
    """A page of ranked articles: ``(article id, rank)`` pairs, best first, rank as FTS5's
    ``rank`` (negative bm25, ties by rowid); ``total`` every match's count (None when
    :attr:`Filters.keep_undated` is set); ``plan`` ``impact`` or ``vectors``."""

    plan: str
    ranked: list[tuple[int, float]]
    total: int | None


def page(db, phrases: Sequence, filters: Filters, offset: int, limit: int) -> Page | None:
    """The articles ranked ``offset`` to ``offset + limit`` (fewer at the end) for a query of
    ``phrases`` joined by AND (:attr:`archive.query.CompiledQuery.conjunction`), exactly as
    FTS5 ranks them, or None when the ranker cannot prove that page."""
    conn = getattr(db, "conn", db)
    terms = _terms(phrases)
    if not terms:
        return None
    st = impact.state(conn)
    if not impact.is_current(conn, st):
        return None
    listed = impact.listed(conn, terms)
    has_vectors = st.get("vectors") == impact.VECTORS_FORMAT
    days = filters.days()
    if len(set(terms)) == 1 and listed == set(terms) and not (has_vectors and days):
        if filters.keep is None or filters.matches() >= st["common_df"]:  # else too few can be in the list
            found = impact.top_k(conn, terms, offset + limit, filters.keep)
            if found is not None:
                return Page("impact", found.ranked[offset:], found.df if filters.keep is None else None)
    elif not has_vectors or not (listed | (set(terms) & set(st.get("unlisted", [])))):
        return None  # no common word: FTS5 ranks its few matches
    ranking = impact.rank_conjunction(conn, st, terms, days)
    if ranking is None:
        return None
    return Page("vectors", ranking.top(offset + limit, filters.keep_undated)[offset:],
                None if filters.keep_undated else len(ranking))


def has_lists(db) -> bool:
    """Whether the archive has search lists yet (the first refresh builds them all: about a
    minute per 100,000 articles)."""
    return bool(impact.state(getattr(db, "conn", db)))


def _terms(phrases: Sequence) -> list[str] | None:
    """The index terms of phrases of one plain word each (no column filter, no prefix), in
    order, else None."""
    terms = []
    for phrase in phrases:
        if phrase.column is not None or phrase.prefix or len(phrase.words) != 1:
            return None
        stems = impact.index_terms(phrase.words[0])
        if len(stems) != 1:
            return None
        terms.append(stems[0])
    return terms or None

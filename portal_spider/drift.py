"""Template-drift alarm: a portal whose pages stop yielding titles, dates or bodies is flagged by name."""

from __future__ import annotations

THRESHOLD = 0.9
#: more than 5% of a run's new articles without any date is an alert (every source was tried)
DATED_THRESHOLD = 0.95
MIN_PAGES = 3


def drift_alerts(portal: str, stats: dict, archived: int) -> list[str]:
    """One-line alerts for a portal's run, from its crawl stats and how many articles it has archived.

    ``stats``: ``fields`` (``articles``, ``title``, ``published``, ``body`` counts over the
    articles extracted this run), ``outcomes`` (per-outcome counts), ``empty_listings``,
    ``short_walks`` (``{section: "walked 1 of N declared listing pages"}``).

    >>> drift_alerts("guiyang", {"fields": {"articles": 20, "title": 20, "published": 20, "body": 9},
    ...                          "outcomes": {"listing": 2}, "empty_listings": 0}, 500)
    ['guiyang: body found on 45% of 20 articles this run (below 90%: template changed?)']
    >>> drift_alerts("guiyang", {"fields": {}, "outcomes": {"listing": 3, "not-article": 12}, "empty_listings": 3}, 500)
    ['guiyang: 0 articles this run where 500 were archived before: listing pages show no article links (template changed?)', 'guiyang: 12 of 12 article pages were not read as articles (template changed?)']
    >>> drift_alerts("guiyang", {"fields": {"articles": 2, "title": 2, "published": 2, "body": 2},
    ...                          "outcomes": {"listing": 1}, "empty_listings": 0}, 3)
    []
    >>> drift_alerts("mfa", {"fields": {"articles": 20, "title": 20, "published": 18, "body": 20},
    ...                      "outcomes": {"listing": 1}, "short_walks": {"Press": "walked 1 of 13 declared listing pages"}}, 0)
    ['mfa: section Press: walked 1 of 13 declared listing pages (pager not followed: template changed?)', 'mfa: date found on 90% of 20 articles this run (below 95%: template changed?)']
    """
    alerts = []
    fields = stats.get("fields") or {}
    outcomes = stats.get("outcomes") or {}
    articles = fields.get("articles", 0)
    listings = outcomes.get("listing", 0)
    if listings and stats.get("empty_listings", 0) >= listings and archived:
        alerts.append(f"{portal}: 0 articles this run where {archived} were archived before: "
                      "listing pages show no article links (template changed?)")
    for section, walk in sorted((stats.get("short_walks") or {}).items()):
        alerts.append(f"{portal}: section {section}: {walk} (pager not followed: template changed?)")
    if articles >= MIN_PAGES:
        for name in ("title", "published", "body"):
            share = fields.get(name, 0) / articles
            threshold = DATED_THRESHOLD if name == "published" else THRESHOLD
            if share < threshold:
                label = "date" if name == "published" else name
                alerts.append(f"{portal}: {label} found on {share:.0%} of {articles} articles this run "
                              f"(below {threshold:.0%}: template changed?)")
    rejected = outcomes.get("not-article", 0) + outcomes.get("empty-page", 0)  # no headline or no text found
    if rejected >= MIN_PAGES and rejected / (rejected + articles) >= 1 - THRESHOLD and rejected > articles:
        alerts.append(f"{portal}: {rejected} of {rejected + articles} article pages were not read as articles "
                      "(template changed?)")
    return alerts

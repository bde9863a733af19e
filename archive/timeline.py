"""Counts over time: how many articles matching a query each portal published per day, week or month,
raw and as a share of everything archived from that portal in the period; an SVG chart.

>>> import tempfile, os
>>> from archive.store import Archive
>>> archive = Archive(os.path.join(tempfile.mkdtemp(), "t.db"))
>>> _ = archive.save([{"url": f"https://h/{i}", "canonical_url": f"https://h/{i}", "portal": "demo",
...   "title": "Metro news" if i % 2 else "Tea news", "body": f"Text {i}.", "published": f"2024-01-0{i}"} for i in range(1, 5)])
>>> [(r.period, r.portal, r.matches, r.articles, r.share) for r in timeline(archive, "metro", by="month")]
[('2024-01', '*', 2, 4, 0.5), ('2024-01', 'demo', 2, 4, 0.5)]
"""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass

from .query import QueryError
from .search import match_condition
from .store import Archive

PERIODS = ("day", "week", "month")


@dataclass
class Point:
    period: str
    portal: str  # "*" is every portal together
    matches: int
    articles: int

    @property
    def share(self) -> float:
        return round(self.matches / self.articles, 4) if self.articles else 0.0


def period_of(day: str, by: str) -> str:
    """The period a YYYY-MM-DD day falls in.

    >>> period_of("2024-01-01", "week"), period_of("2024-01-31", "month")
    ('2024-W01', '2024-01')
    """
    if by == "day":
        return day
    if by == "month":
        return day[:7]
    year, week, _ = dt.date.fromisoformat(day).isocalendar()
    return f"{year}-W{week:02d}"


def timeline(archive: Archive, text: str, *, by: str = "month", portal: str | None = None) -> list[Point]:
    """Matches and all archived articles per period and portal (plus ``*`` rows for all portals)."""
    if by not in PERIODS:
        raise QueryError(f"--by must be one of {', '.join(PERIODS)}, not {by!r}")
    condition, params = match_condition(text)
    where, extra = "", []
    if portal:
        if not archive.db.execute("SELECT 1 FROM articles WHERE portal = ? LIMIT 1", [portal]).fetchone():
            raise QueryError(f"no articles from portal {portal!r} in this archive")
        where, extra = " AND a.portal = ?", [portal]
    matches = _bucket(archive.db.execute(
        f"""SELECT substr(a.published, 1, 10), a.portal, count(*) FROM articles a
            WHERE a.published IS NOT NULL AND {condition}{where} GROUP BY 1, 2""", params + extra), by)
    if not matches:
        return []
    first = min(p for p, _ in matches)
    totals = _bucket(archive.db.execute(
        f"""SELECT substr(a.published, 1, 10), a.portal, count(*) FROM articles a
            WHERE a.published >= ?{where} GROUP BY 1, 2""", [_period_start(first, by)] + extra), by)
    points = []
    for period in sorted({p for p, _ in matches}):
        portals = sorted(q for p, q in matches if p == period)
        all_matches = sum(matches[(period, q)] for q in portals)
        all_articles = sum(n for (p, _), n in totals.items() if p == period)
        points.append(Point(period, "*", all_matches, all_articles))
        points.extend(Point(period, q, matches[(period, q)], totals.get((period, q), 0)) for q in portals)
    return points


def _bucket(rows, by: str) -> dict[tuple[str, str], int]:
    out: dict[tuple[str, str], int] = {}
    for day, portal, n in rows:
        try:
            key = (period_of(day, by), portal)
        except ValueError:  # a malformed date: not on any timeline
            continue
        out[key] = out.get(key, 0) + n
    return out


def _period_start(period: str, by: str) -> str:
    if by == "week":
        year, week = period.split("-W")
        return dt.date.fromisocalendar(int(year), int(week), 1).isoformat()
    return period if by == "day" else period + "-01"


def svg_chart(points: list[Point], *, title: str, share: bool = False, top: int = 8) -> str:
    """A line chart (hand-written SVG, no plotting library): one line per portal (the
    ``top`` busiest) and one for all portals; y is matches, or the share in percent."""
    periods = sorted({p.period for p in points})
    by_portal: dict[str, dict[str, Point]] = {}
    for p in points:
        by_portal.setdefault(p.portal, {})[p.period] = p
    busiest = sorted((q for q in by_portal if q != "*"), key=lambda q: -sum(x.matches for x in by_portal[q].values()))
    series = ["*"] + busiest[:top]

    def value(p: Point | None) -> float:
        return 0.0 if p is None else (100 * p.share if share else p.matches)

    ymax = max([value(p) for p in points] + [1e-9])
    w, h, left, right, top_m, bottom = 760, 360, 60, 170, 40, 50
    pw, ph = w - left - right, h - top_m - bottom

    def x(i: int) -> float:
        return left + (pw * i / (len(periods) - 1) if len(periods) > 1 else pw / 2)

    def y(v: float) -> float:
        return top_m + ph - ph * v / ymax

    colours = ["#222222", "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"]
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
           f'font-family="sans-serif" font-size="11">',
           f'<rect width="{w}" height="{h}" fill="white"/>',
           f'<text x="{left}" y="20" font-size="14">{html.escape(title)}</text>',
           f'<line x1="{left}" y1="{top_m + ph}" x2="{left + pw}" y2="{top_m + ph}" stroke="black"/>',
           f'<line x1="{left}" y1="{top_m}" x2="{left}" y2="{top_m + ph}" stroke="black"/>']
    for k in range(5):
        v = ymax * k / 4
        label = f"{v:.1f}%" if share else (f"{v:.0f}" if ymax >= 4 else f"{v:.2f}")
        out.append(f'<text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end">{label}</text>')
        out.append(f'<line x1="{left}" y1="{y(v):.1f}" x2="{left + pw}" y2="{y(v):.1f}" stroke="#dddddd"/>')
    step = max(1, len(periods) // 8)
    for i in range(0, len(periods), step):
        out.append(f'<text x="{x(i):.1f}" y="{top_m + ph + 16}" text-anchor="middle">{html.escape(periods[i])}</text>')
    for n, portal in enumerate(series):
        colour = colours[n % len(colours)]
        coords = " ".join(f"{x(i):.1f},{y(value(by_portal[portal].get(p))):.1f}" for i, p in enumerate(periods))
        width = 2.5 if portal == "*" else 1.5
        out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="{width}" points="{coords}"/>')
        name = "all portals" if portal == "*" else portal
        out.append(f'<text x="{left + pw + 12}" y="{top_m + 14 * n + 4}" fill="{colour}">{html.escape(name)}</text>')
    out.append(f'<text x="{left}" y="{h - 10}">{"share of archived articles (%)" if share else "matching articles"}'
               f' per period</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"

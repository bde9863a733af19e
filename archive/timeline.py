"""Counts over time: how many articles matching a query each portal published per day, week or month,
raw and as a share of everything archived from that portal in the period; an SVG chart.

Every period from the first to the last (or from ``since`` to ``until``) is on the timeline: a
period without a match is a row of zero for all portals together, and a zero on each portal's
line; the chart's x axis is time, so a gap of years looks like one.

>>> import tempfile, os
>>> from archive.store import Archive
>>> archive = Archive(os.path.join(tempfile.mkdtemp(), "t.db"))
>>> _ = archive.save([{"url": f"https://h/{i}", "canonical_url": f"https://h/{i}", "portal": "demo",
...   "title": "Metro news" if i % 2 else "Tea news", "body": f"Text {i}.", "published": f"2024-0{i}-01"} for i in range(1, 5)])
>>> [(r.period, r.portal, r.matches, r.articles, r.share) for r in timeline(archive, "metro", by="month")]
[('2024-01', '*', 1, 1, 1.0), ('2024-01', 'demo', 1, 1, 1.0), ('2024-02', '*', 0, 1, 0.0), ('2024-03', '*', 1, 1, 1.0), ('2024-03', 'demo', 1, 1, 1.0)]
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
from dataclasses import asdict, dataclass

from .query import QueryError
from .search import filter_condition, match_condition, valid_day
from .store import Archive

PERIODS = ("day", "week", "month")
FORMATS = ("table", "json", "csv")
#: A timeline has at most this many periods (ten years of days are 3,653).
MAX_PERIODS = 5_000


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


def period_start(period: str, by: str) -> dt.date:
    """The first day of a period.

    >>> period_start("2024-W01", "week"), period_start("2024-02", "month")
    (datetime.date(2024, 1, 1), datetime.date(2024, 2, 1))
    """
    if by == "week":
        year, week = period.split("-W")
        return dt.date.fromisocalendar(int(year), int(week), 1)
    return dt.date.fromisoformat(period if by == "day" else period + "-01")


def next_period(period: str, by: str) -> str:
    """>>> next_period("2024-12", "month"), next_period("2020-W53", "week"), next_period("2024-02-28", "day")
    ('2025-01', '2021-W01', '2024-02-29')
    """
    start = period_start(period, by)
    if by == "month":
        return f"{start.year + start.month // 12}-{start.month % 12 + 1:02d}"
    return period_of((start + dt.timedelta(days=7 if by == "week" else 1)).isoformat(), by)


def timeline(archive: Archive, text: str, *, by: str = "month", portal: str | None = None, since: str | None = None,
             until: str | None = None) -> list[Point]:
    """Matches and all archived articles per period and portal (plus ``*`` rows for all portals),
    for every period from the first match (or ``since``) to the last (or ``until``)."""
    if by not in PERIODS:
        raise QueryError(f"--by must be one of {', '.join(PERIODS)}, not {by!r}")
    condition, params = match_condition(text)
    where, extra = filter_condition(archive, portal=portal, since=since, until=until)
    # article_facts: the narrow copy of each article's portal and date (see archive.schema m109)
    matches = _bucket(archive.db.execute(
        f"""SELECT substr(a.published, 1, 10), a.portal, count(*) FROM article_facts a
            WHERE a.published IS NOT NULL AND {condition} AND {where} GROUP BY 1, 2""", params + extra), by)
    if not matches:
        return []
    first = period_of(valid_day(since, "since"), by) if since else min(p for p, _ in matches)
    last = period_of(valid_day(until, "until"), by) if until else max(p for p, _ in matches)
    periods = [first]
    while periods[-1] < last:
        periods.append(next_period(periods[-1], by))
        if len(periods) > MAX_PERIODS:
            raise QueryError(f"the timeline would have more than {MAX_PERIODS:,} periods: "
                             f"use a longer --by or --since/--until")
    end = next_period(last, by)
    portal_sql = " AND a.portal = ?" if portal else ""
    totals = _bucket(archive.db.execute(
        f"""SELECT substr(a.published, 1, 10), a.portal, count(*) FROM article_facts a
            WHERE a.published >= ? AND a.published < ?{portal_sql} GROUP BY 1, 2""",
        [period_start(first, by).isoformat(), period_start(end, by).isoformat()] + ([portal] if portal else [])), by)
    points = []
    for period in periods:
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


def render(points: list[Point], fmt: str) -> str:
    """The points as the CLI prints them: an aligned table, JSON or CSV.

    >>> print(render([Point("2024-01", "*", 1, 4)], "csv"), end="")
    period,portal,matches,articles,share
    2024-01,*,1,4,0.25
    """
    if fmt not in FORMATS:
        raise QueryError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if fmt == "json":
        return json.dumps([asdict(p) | {"share": p.share} for p in points], ensure_ascii=False, indent=2) + "\n"
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["period", "portal", "matches", "articles", "share"])
        writer.writerows([p.period, p.portal, p.matches, p.articles, p.share] for p in points)
        return out.getvalue()
    lines = [f"{'period':<10} {'portal':<16} {'matches':>8} {'articles':>9} {'share':>7}"]
    lines += [f"{p.period:<10} {('all' if p.portal == '*' else p.portal):<16} {p.matches:>8} {p.articles:>9} "
              f"{100 * p.share:>6.1f}%" for p in points]
    return "\n".join(lines) + "\n"


def svg_chart(points: list[Point], *, title: str, share: bool = False, top: int = 8, by: str | None = None) -> str:
    """A line chart (hand-written SVG, no plotting library): one line per portal (the ``top``
    busiest) and one for all portals, drawn last (on top) in black, thicker, over a white halo,
    so that no portal's line hides it; y is matches, or the share in percent; x is time (each
    period at its first day), so that periods far apart in time are far apart on the chart."""
    periods = sorted({p.period for p in points})
    by = by or _guess_by(periods)
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
    days = [period_start(p, by).toordinal() for p in periods]
    span = days[-1] - days[0] if days else 0

    def x(i: int) -> float:
        return left + (pw * (days[i] - days[0]) / span if span else pw / 2)

    def y(v: float) -> float:
        return top_m + ph - ph * v / ymax

    colours = ["#111111", "#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#17becf"]
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
    for i in _ticks(days):
        out.append(f'<line x1="{x(i):.1f}" y1="{top_m + ph}" x2="{x(i):.1f}" y2="{top_m + ph + 4}" stroke="black"/>')
        out.append(f'<text x="{x(i):.1f}" y="{top_m + ph + 16}" text-anchor="middle">{html.escape(periods[i])}</text>')
    lines, legend = [], []
    for n, portal in enumerate(series):
        colour = colours[n % len(colours)]
        coords = " ".join(f"{x(i):.1f},{y(value(by_portal[portal].get(p))):.1f}" for i, p in enumerate(periods))
        if portal == "*":
            lines.append(f'<polyline class="halo" fill="none" stroke="white" stroke-width="6" points="{coords}"/>'
                         f'\n<polyline class="total" fill="none" stroke="{colour}" stroke-width="3" points="{coords}"/>')
        else:
            lines.insert(0, f'<polyline class="portal" fill="none" stroke="{colour}" stroke-width="1.5" '
                            f'stroke-dasharray="5 3" points="{coords}"/>')
        name = "all portals" if portal == "*" else portal
        weight = "bold" if portal == "*" else "normal"
        legend.append(f'<text x="{left + pw + 12}" y="{top_m + 14 * n + 4}" fill="{colour}" font-weight="{weight}">'
                      f'{html.escape(name)}</text>')
    out += lines + legend  # the total's line last: on top of every portal's
    out.append(f'<text x="{left}" y="{h - 10}">{"share of archived articles (%)" if share else "matching articles"}'
               f' per {by}</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _guess_by(periods: list[str]) -> str:
    first = periods[0] if periods else ""
    return "week" if "-W" in first else "day" if len(first) == 10 else "month"


def _ticks(days: list[int], most: int = 8) -> list[int]:
    """Indexes of the periods to label: about ``most``, evenly spaced in time, first and last included.

    >>> _ticks([0, 31, 60, 91, 121, 152])
    [0, 1, 2, 3, 4, 5]
    >>> _ticks(list(range(0, 100)), most=4)
    [0, 33, 66, 99]
    """
    if len(days) <= most:
        return list(range(len(days)))
    span = days[-1] - days[0]
    chosen: list[int] = []
    for k in range(most):
        target = days[0] + span * k / (most - 1)
        i = min(range(len(days)), key=lambda j: abs(days[j] - target))
        if i not in chosen:
            chosen.append(i)
    return chosen

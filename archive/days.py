"""Day bounds as people write them: ``2024-06-05``, ``2024-06`` (that month), ``2024`` (that year)."""

from __future__ import annotations

import calendar
import datetime as dt
import re

_DAY = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def day_bound(text: str, *, end: bool = False) -> str:
    """The first day (``end``: the last day) that ``text`` names, as YYYY-MM-DD; ValueError otherwise.

    >>> day_bound("2024-06-05"), day_bound("2024-06"), day_bound("2024")
    ('2024-06-05', '2024-06-01', '2024-01-01')
    >>> day_bound("2024-02", end=True), day_bound("2024", end=True), day_bound(" 2024-06-05 ", end=True)
    ('2024-02-29', '2024-12-31', '2024-06-05')
    >>> day_bound("yesterday")
    Traceback (most recent call last):
    ValueError: not a day: 'yesterday'
    >>> day_bound("2024-13")
    Traceback (most recent call last):
    ValueError: not a day: '2024-13'
    """
    match = _DAY.match(str(text).strip())
    if not match:
        raise ValueError(f"not a day: {text!r}")
    year, month, day = match.groups()
    try:
        if day:
            return dt.date(int(year), int(month), int(day)).isoformat()
        first, last = (int(month), int(month)) if month else (1, 12)
        if not 1 <= first <= 12:
            raise ValueError
        if end:
            return dt.date(int(year), last, calendar.monthrange(int(year), last)[1]).isoformat()
        return dt.date(int(year), first, 1).isoformat()
    except ValueError:
        raise ValueError(f"not a day: {text!r}") from None

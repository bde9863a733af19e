"""Read the publication date printed on a portal page, or encoded in its URL.

Pure Python (no Scrapy).  Two entry points:

* :func:`normalise_date` reads the first *full* date (day, month and year all
  printed) in a short piece of text such as a date line, with an optional time;
* :func:`date_from_url` reads the date encoded in a known portal URL shape
  (the dated shapes of :data:`portal_spider.families.FAMILIES`).

Both return a :class:`NormalisedDate` or ``None``.  Nothing is ever guessed:
no "now", no default year, day or time, no invented midnight.

Fast path: how a date is found
------------------------------
Every full date prints a 4-digit year, so the text is scanned for runs of
digits (in C); each run of exactly four digits is an *anchor* (longer runs are
ids, phone numbers or compact ``YYYYMMDD`` and are never read).  Around each
anchor one anchored regex match reads the date: numeric and Chinese shapes
start at the year, month-name shapes end at it (they are matched on the
reversed text in front of the year, so nothing is rescanned).  Then a time is
looked for right after (or right before) the date, and a label right before
it.  The first date after a label is returned; failing that, the first date.
About 2-5 µs a line; dateparser's ``search_dates`` needs ~1-2 ms.

Grammar (``H`` is horizontal white space: space, tab, NBSP, ideographic space;
runs of it are allowed wherever one space is shown; case is ignored)::

    YYYY-M-D  YYYY/M/D  YYYY.M.D      the same separator twice; month and day 1 or 2
                                      digits, zero-padded or not; not part of a longer
                                      dotted/dashed number (``1.2020.01.14``,
                                      ``2020.1.2.3``, ``0851-2023-12-15`` are not dates)
    YYYY年M月D日                       H allowed around the parts; 日 (or 号) optional
    Month[.] D[st|nd|rd|th][,] YYYY   ``Aug 15,2016``, ``January 4, 2022``,
                                      ``DECEMBER 24,2021``, ``Sept. 3, 2024``, ``Jun-05-2024``
    D[st|..] [of] Month[.][,] YYYY    ``15 July 2015``, ``3 Sep 2024``, ``5-Jun-2024``; not
                                      after ``No.``/``#`` and never with a comma between day
                                      and month (``No.2, January 2026`` is an issue number)

Month: an English month name or ``Jan Feb Mar Apr May Jun Jul Aug Sep Sept Oct
Nov Dec``, a whole word, optional dot.  Every date must exist and ``YYYY`` be
1990-2100.  Non-ASCII decimal digits (``２０２４``) are read like ASCII ones.

Times (printed in ``tz``, Beijing time by default; offsets come from
``zoneinfo``, so ``utc`` is exact)::

    after the date:   (H | [H],[H] | T | H at H)  HH:MM[:SS] [am|pm|a.m.|p.m.]
                                              or  H am|pm|a.m.|p.m.
                      optionally glued to an explicit offset ``Z`` / ``+08:00`` / ``+0800``
                      (then that offset is used instead of ``tz``)
    before the date:  HH:MM[:SS] [am/pm]  or  H am/pm,  then  [H][,][H][on H]
                      (``10 a.m. June 5, 2024``)

``12:05 AM`` is 00:05, ``12:30 PM`` is 12:30.  An impossible clock (an hour
outside 1-12 with am/pm or outside 0-23 without, minutes or seconds over 59)
is not part of the value: the date alone is returned.  A bare number is never
a time (``2024-06-05 3 items``).  A time is only reported when it is printed,
and seconds only when they are printed.

Labels, right before the value (and its time), on the same line or a line
above, any case, ``:``/``：`` with any spacing (``Updated :``, ``Updated:2023``)::

    Updated  Update  Last updated  Updated on        -> 'Updated'
    Release Time  Release date  Dispatch date        -> as written ('Release Time', ...)
    Publish date  Publish time  Published  Published on  Publication date
    Posted  Posted on  PubDate  发布时间  发布日期  更新时间  发稿时间
    Date  Time  日期  时间                             colon required (bare common words)

A label must not be the end of a longer word (``candidate:``).  A label with
no date after it (``Date: Tmp:``) is simply not a label of anything.
Sources, bylines, headlines, bars and widgets before or after the value
(``chinadaily.com.cn|``, ``(fao.xm.gov.cn)``, ``Source: …``, ``L M S``,
``Print``, ``Read: Degree``, ``  |  ``) and glued prefixes
(``english.jinan.gov.cn2022-01-21``) do not matter.

Last resort: dateparser
-----------------------
When the fast path finds no date but the text holds an English month name or
年 with a 1-2 digit number and a 4-digit year near it, :mod:`dateparser`
(imported lazily: ~170 ms on first use, ~1-2 ms a call) runs ``search_dates``
with ``languages=['en', 'zh']`` and ``REQUIRE_PARTS=['day', 'month',
'year']`` over a small window around at most 4 such words (it gets lost in
longer text).  Its answers are kept only if the year (4 digits), the day and
the month (by name, or with 月) are literally in the fragment it read, the
fragment neither starts inside a word or number nor ends inside a number, and
the same range and issue-number rules pass; a time is only reported when the
fast time grammar finds one in the fragment.  ``May 2023`` (no day) and
``10:30`` (no month) never reach dateparser, and all-numeric shapes are never
left to it (it reads ``06/05/2023`` as 5 June: a guess).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .families import FAMILIES

__all__ = ["NormalisedDate", "normalise_date", "date_from_url", "month_from_url", "date_from_asset"]

YEAR_MIN = 1990
YEAR_MAX = 2100


@dataclass(frozen=True, slots=True)
class NormalisedDate:
    """A date (and maybe a time) read from text or a URL.

    ``iso``       ``YYYY-MM-DD`` (date only) or ``YYYY-MM-DDTHH:MM[:SS]+08:00``
    ``utc``       the instant in UTC ``YYYY-MM-DDTHH:MM[:SS]Z``, ``None`` for a date only
    ``precision`` ``'day'``, ``'minute'`` or ``'second'``
    ``raw``       the exact substring read (label excluded); ``text[span[0]:span[1]] == raw``
    ``span``      ``(start, end)`` of ``raw`` in the input
    ``label``     normalised label in front of the value (``'Updated'``, ``'Date'``, ...) or ``None``
    """

    iso: str
    utc: str | None
    precision: str
    raw: str
    span: tuple[int, int]
    label: str | None = None


_obj_new = object.__new__
_set_fields = tuple(getattr(NormalisedDate, f).__set__ for f in ("iso", "utc", "precision", "raw", "span", "label"))


def _new_date(iso: str, utc: str | None, precision: str, raw: str, span: tuple[int, int],
              label: str | None) -> NormalisedDate:
    """``NormalisedDate(...)`` without the frozen ``__init__``'s ``object.__setattr__`` calls (2x faster)."""
    obj = _obj_new(NormalisedDate)
    s_iso, s_utc, s_prec, s_raw, s_span, s_label = _set_fields
    s_iso(obj, iso)
    s_utc(obj, utc)
    s_prec(obj, precision)
    s_raw(obj, raw)
    s_span(obj, span)
    s_label(obj, label)
    return obj


# --------------------------------------------------------------------------- grammar

_H = r"[ \t\u00a0\u3000]"  # horizontal white space

_MONTHS: dict[str, int] = {}
for _i, _name in enumerate(
    ("january", "february", "march", "april", "may", "june", "july",
     "august", "september", "october", "november", "december"), start=1
):
    _MONTHS[_name] = _i
    _MONTHS[_name[:3]] = _i
_MONTHS["sept"] = 9
_MON = "(?:" + "|".join(sorted(_MONTHS, key=len, reverse=True)) + ")"

# Every full date prints a 4-digit year: the fast path visits each run of
# exactly four digits ("anchor") and reads the date around it.  Runs of digits
# are found with a pattern whose first character is a plain class, so `re`
# skips non-digits in C.
_DIGIT_RUN = re.compile(r"\d{4,}")

# month-name shapes END at the anchor; they are matched on the REVERSED text
# in front of the year, so one anchored match replaces a scan.
#   Month[.] D[st|nd|rd|th][,] YYYY      reversed: sep, [ht|ts|dn|dr], D, sep, [.], htnoM
#   D[st..] [of] Month[.][,] YYYY        reversed: sep, [.], htnoM, sep|fo, [ht..], D
_REV_BEFORE_YEAR = re.compile(
    rf"""(?:
        (?:{_H}*,?{_H}*|-)(?:ht|ts|dn|dr)?(?P<md>\d{{1,2}})(?!\d)(?:{_H}*|-)\.?(?P<mmon>[A-Za-z]{{3,9}})(?![A-Za-z])
      | (?:{_H}*,{_H}*|{_H}+|-)\.?(?P<dmon>[A-Za-z]{{3,9}})(?![A-Za-z])(?:{_H}+fo{_H}+|{_H}+|-)
            (?:ht|ts|dn|dr)?(?P<dd>\d{{1,2}})(?![\d.])
    )""",
    re.I | re.X,
)
_REV_WINDOW = 40

_AMPM = r"[ap]\.?m\b\.?"
_CLOCK = (
    rf"(?:(?P<h>\d{{1,2}}):(?P<mi>\d{{2}})(?::(?P<s>\d{{2}}))?(?!\d)(?:{_H}*(?P<ap>{_AMPM}))?"
    rf"|(?P<h2>\d{{1,2}}){_H}*(?P<ap2>{_AMPM}))"
)
# time right after the date (matched at the date's end), maybe glued to an explicit offset
_TIME_AFTER_SRC = rf"(?:{_H}+at{_H}+|{_H}*,?{_H}*|T){_CLOCK}(?P<off>Z(?![a-z])|[+-](?:0\d|1[0-4]):?[0-5]\d(?!\d))?"
_TIME_AFTER = re.compile(_TIME_AFTER_SRC, re.I)

# numeric and Chinese shapes, matched AT the anchor, with the time after them if any:
# YYYY-M-D, YYYY/M/D, YYYY.M.D, YYYY年M月D日; group "de" marks the end of the date
_YMD_AT = re.compile(
    rf"(?P<y>\d{{4}})(?:(?P<sep>[-/.])(?P<m>\d{{1,2}})(?P=sep)(?P<d>\d{{1,2}})(?!\d)(?![-/.]\d)"
    rf"|{_H}*年{_H}*(?P<zm>\d{{1,2}}){_H}*月{_H}*(?P<zd>\d{{1,2}})(?!\d)(?:{_H}*[日号])?)(?P<de>)"
    rf"(?:{_TIME_AFTER_SRC})?",
    re.I,
)
_TIME_AFTER_FIRST = frozenset(" \t\u00a0\u3000,Tt0123456789")
# time right before the date (searched in a short window ending at the date's start)
_TIME_BEFORE = re.compile(rf"(?<![\d:.]){_CLOCK}{_H}*,?{_H}*(?:on{_H}+)?\Z", re.I)
_TIME_BEFORE_LAST = frozenset("mM.0123456789")
# any time inside a dateparser fragment
_TIME_ANY = re.compile(rf"(?<![\d:.]){_CLOCK}", re.I)

# labels: last word (Chinese: last two characters) -> (name of the bare word or None,
#          ((word in front, name of the two-word label), ...)); lower case
_LABEL_TABLE: dict[str, tuple[str | None, tuple[tuple[str, str], ...]]] = {
    "updated": ("Updated", (("last", "Updated"),)),
    "update": ("Updated", ()),
    "on": (None, (("updated", "Updated"), ("published", "Published"), ("publish", "Published"),
                  ("posted", "Posted"))),
    "date": ("Date", (("release", "Release date"), ("dispatch", "Dispatch date"),
                      ("published", "Publish date"), ("publish", "Publish date"),
                      ("publication", "Publication date"), ("pub", "PubDate"))),
    "time": ("Time", (("release", "Release Time"), ("published", "Publish time"),
                      ("publish", "Publish time"))),
    "published": ("Published", ()),
    "posted": ("Posted", ()),
    "pubdate": ("PubDate", ()),
    "时间": ("时间", (("发布", "发布时间"), ("更新", "更新时间"), ("发稿", "发稿时间"))),
    "日期": ("日期", (("发布", "发布日期"),)),
}
_LABEL_TAILS = tuple(_LABEL_TABLE)
_LABEL_TAIL_LENGTHS = tuple(sorted({len(t) for t in _LABEL_TAILS}, reverse=True))
_LABEL_NEEDS_COLON = frozenset({"date", "time", "日期", "时间"})  # bare generic words
_LABEL_WINDOW = 32

_NO_BEFORE_DAY = re.compile(r"(?:(?<![a-z])no\.?|#)[ \t]*\Z", re.I)
_TRIGGER = re.compile(rf"(?<![a-z]){_MON}(?![a-z])|年", re.I)
_DP_NUM_COMMA_MONTH = re.compile(rf"\d{_H}*,{_H}*{_MON}(?![a-z])", re.I)
_DP_MONTH_NAME = re.compile(rf"(?<![a-z])({_MON})(?![a-z])", re.I)

_DIM = (0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_D2 = tuple(f"{i:02d}" for i in range(100))
_OFFSETS: dict[timedelta, str] = {}


def _valid_ymd(y: int, m: int, d: int) -> bool:
    if not (YEAR_MIN <= y <= YEAR_MAX and 1 <= m <= 12 and 1 <= d <= _DIM[m]):
        return False
    return m != 2 or d < 29 or calendar.isleap(y)


@lru_cache(maxsize=32)
def _zone(tz: str) -> ZoneInfo:
    """The IANA time zone ``tz``; ValueError (one line) for a name that is none.

    >>> _zone("Mars/Olympus_Mons")
    Traceback (most recent call last):
    ...
    ValueError: unknown time zone 'Mars/Olympus_Mons' (an IANA name such as Asia/Shanghai)
    """
    try:
        return ZoneInfo(tz)
    except (ValueError, TypeError, OSError, ZoneInfoNotFoundError):
        raise ValueError(f"unknown time zone {tz!r} (an IANA name such as Asia/Shanghai)") from None


def _clock(m: re.Match) -> tuple[int, int, int | None] | None:
    """(hour, minute, second or None) from a _CLOCK match, or None if impossible."""
    h, mi, s, ap, h2, ap2 = m.group("h", "mi", "s", "ap", "h2", "ap2")
    if h is not None:
        hour, minute = int(h), int(mi)
        sec = int(s) if s is not None else None
    else:
        hour, minute, sec, ap = int(h2), 0, None, ap2
    if minute > 59 or (sec is not None and sec > 59):
        return None
    if ap:
        if not 1 <= hour <= 12:
            return None
        pm = ap[0] in "pP"
        if hour == 12:
            hour = 12 if pm else 0
        elif pm:
            hour += 12
    elif hour > 23:
        return None
    return hour, minute, sec


def _offset_str(td: timedelta) -> str:
    s = _OFFSETS.get(td)
    if s is None:
        mins = int(td.total_seconds()) // 60
        sign = "+" if mins >= 0 else "-"
        mins = abs(mins)
        s = _OFFSETS[td] = f"{sign}{mins // 60:02d}:{mins % 60:02d}"
    return s


def _make(
    text: str, start: int, end: int, y: int, mo: int, d: int,
    clock: tuple[int, int, int | None] | None, off: str | None, tz: str, label: str | None,
) -> NormalisedDate:
    raw = text[start:end]
    day = f"{y}-{_D2[mo]}-{_D2[d]}"
    if clock is None:
        return _new_date(day, None, "day", raw, (start, end), label)
    hour, minute, sec = clock
    local = datetime(y, mo, d, hour, minute, sec or 0)
    if off:
        if off in "zZ":
            delta = timedelta(0)
        else:
            sign = -1 if off[0] == "-" else 1
            delta = sign * timedelta(hours=int(off[1:3]), minutes=int(off[-2:]))
    else:
        delta = _zone(tz).utcoffset(local)
    u = local - delta
    if sec is None:
        t = f"T{_D2[hour]}:{_D2[minute]}"
        ut = f"T{_D2[u.hour]}:{_D2[u.minute]}Z"
        prec = "minute"
    else:
        t = f"T{_D2[hour]}:{_D2[minute]}:{_D2[sec]}"
        ut = f"T{_D2[u.hour]}:{_D2[u.minute]}:{_D2[u.second]}Z"
        prec = "second"
    utc = f"{u.year}-{_D2[u.month]}-{_D2[u.day]}{ut}"
    return _new_date(day + t + _offset_str(delta), utc, prec, raw, (start, end), label)


def _label_before(text: str, start: int) -> str | None:
    """Normalised name of a label printed right before ``start`` (maybe a line above), or None."""
    if start == 0:
        return None
    pre = text[start - _LABEL_WINDOW if start > _LABEL_WINDOW else 0:start].rstrip()
    if not pre:
        return None
    colon = pre[-1] in ":："
    if colon:
        pre = pre[:-1].rstrip()
    low = pre.lower()
    if not low.endswith(_LABEL_TAILS):
        return None
    for n in _LABEL_TAIL_LENGTHS:
        tail = low[-n:]
        entry = _LABEL_TABLE.get(tail)
        if entry is not None:
            break
    else:  # pragma: no cover - endswith(_LABEL_TAILS) said one matches
        return None
    single, two_words = entry
    rest = low[:-n]
    if tail.isascii():
        if two_words:
            r2 = rest.rstrip()
            if len(r2) < len(rest):  # a space between the two words
                for word, name in two_words:
                    if r2.endswith(word):
                        i = len(r2) - len(word)
                        if not (i and "a" <= r2[i - 1] <= "z"):
                            return name
        if rest and "a" <= rest[-1] <= "z":
            return None  # glued into a longer word: "candidate"
    else:
        for word, name in two_words:
            if rest.endswith(word):
                return name
    if single is None or (not colon and tail in _LABEL_NEEDS_COLON):
        return None
    return single


def _at_anchor(text: str, p: int, tz: str) -> NormalisedDate | None:
    """The date whose 4-digit year starts at ``p``, with its time and label, or None."""
    clock = off = None
    m = _YMD_AT.match(text, p)
    if m is not None:
        mo, d, h, h2, sep = m.group("m", "d", "h", "h2", "sep")
        if mo is None:
            mo, d = m.group("zm", "zd")
        elif p > 1 and text[p - 1] == sep and text[p - 2].isdigit():
            return None  # part of a longer dotted/dashed number: "1.2020.01.14", "0851-2023-12-15"
        y, mo, d = int(m["y"]), int(mo), int(d)
        start = p
        if h is not None or h2 is not None:
            clock = _clock(m)
        if clock is not None:
            end, off = m.end(), m["off"]
        else:
            end = m.end("de")
    else:
        if p == 0:
            return None
        a = p - _REV_WINDOW if p > _REV_WINDOW else 0
        window = text[a:p][::-1]
        rm = _REV_BEFORE_YEAR.match(window)
        if rm is None:
            return None
        start, end = p - rm.end(), p + 4
        if rm.end() == len(window) and a:  # the window cut the word/number in front
            c = text[a - 1]
            if c.isalpha() if rm["md"] is not None else (c.isdigit() or c == "."):
                return None
        y = int(text[p:end])
        if rm["md"] is not None:
            mon, d = rm["mmon"][::-1].lower(), int(rm["md"][::-1])
        else:
            mon, d = rm["dmon"][::-1].lower(), int(rm["dd"][::-1])
            if _NO_BEFORE_DAY.search(text, max(0, start - 6), start):
                return None  # "No. 2 January 2026": an issue number, not a day
        mo = _MONTHS.get(mon)
        if mo is None:
            return None
    if not (YEAR_MIN <= y <= YEAR_MAX and 1 <= mo <= 12 and 1 <= d <= _DIM[mo]) or (
        mo == 2 and d == 29 and not calendar.isleap(y)
    ):
        return None
    if m is None and end < len(text) and (text[end] in _TIME_AFTER_FIRST or text[end].isdigit()):
        ta = _TIME_AFTER.match(text, end)
        if ta is not None:
            clock = _clock(ta)
            if clock is not None:
                end, off = ta.end(), ta["off"]
    if clock is None and start:
        a = start - 32 if start > 32 else 0
        pre = text[a:start].rstrip(" \t\u00a0\u3000,")
        if pre and (pre[-1] in _TIME_BEFORE_LAST or pre[-3:].lower() == " on"):
            tb = _TIME_BEFORE.search(text, a, start)
            if tb is not None:
                clock = _clock(tb)
                if clock is not None:
                    start = tb.start()
    return _make(text, start, end, y, mo, d, clock, off, tz, _label_before(text, start))


def normalise_date(text: str, *, tz: str = "Asia/Shanghai") -> NormalisedDate | None:
    """The first full date (with its printed time, if any) in ``text``, or None.

    A date right after a label (``Updated:``, ``Date:``, ``Release Time:`` ...)
    is preferred over an earlier unlabelled one.  Printed times are in ``tz``, an IANA
    time zone name: any other name raises ValueError, whatever the text.

    >>> d = normalise_date("english.guiyang.gov.cn |Updated: 2024-01-31 18:17:01")
    >>> d.iso, d.utc, d.precision, d.raw, d.label
    ('2024-01-31T18:17:01+08:00', '2024-01-31T10:17:01Z', 'second', '2024-01-31 18:17:01', 'Updated')
    >>> d = normalise_date("Updated: Aug 15,2016 2:09 PM")
    >>> d.iso, d.utc, d.precision
    ('2016-08-15T14:09+08:00', '2016-08-15T06:09Z', 'minute')
    >>> d = normalise_date("www.ehangzhou.gov.cn| Updated: January 4, 2022 L M S")
    >>> d.iso, d.utc, d.precision, d.span
    ('2022-01-04', None, 'day', (31, 46))
    >>> normalise_date("Beijing | 10 a.m. June 5, 2024").iso
    '2024-06-05T10:00+08:00'
    >>> normalise_date("Shanghai Weekly Bulletin (Issue 127 No.2, January 2026) ( 2026.01.14 )").iso
    '2026-01-14'
    >>> normalise_date("2017年09月27日").iso, normalise_date("15 July 2015").iso
    ('2017-09-27', '2015-07-15')
    >>> normalise_date("Dispatch date:\\n2015-07-20").label
    'Dispatch date'
    >>> [normalise_date(t) for t in ("May 2023", "10:30", "2023-02-30", "Date: Tmp: 中文版")]
    [None, None, None, None]
    >>> normalise_date("2024-01-31", tz="../../etc/passwd")
    Traceback (most recent call last):
    ...
    ValueError: unknown time zone '../../etc/passwd' (an IANA name such as Asia/Shanghai)
    """
    _zone(tz)  # a bad zone is an error of the caller's, not "no date"
    if not text or not isinstance(text, str):
        return None
    first = None
    pos = 0
    seen_year = False
    search = _DIGIT_RUN.search
    while True:
        dm = search(text, pos)
        if dm is None:
            break
        pos = dm.end()
        if pos - dm.start() != 4:
            continue  # longer runs are ids, phone numbers, compact dates: not read
        seen_year = True
        r = _at_anchor(text, dm.start(), tz)
        if r is not None:
            if r.label is not None:
                return r
            if first is None:
                first = r
    if first is not None or not seen_year:
        return first
    if _TRIGGER.search(text) is not None:
        return _dateparser_fallback(text, tz)
    return None


# --------------------------------------------------------------------------- dateparser

# one small window around each month name (or 年) that has a day-like number and a year near it;
# dateparser gets lost in longer text (several month names) and its time grows fast with length
_DP_BEFORE = 20
_DP_AFTER = 36
_DP_MAX_WINDOWS = 4
_DP_DAY_NUM = re.compile(r"(?<!\d)\d{1,2}(?!\d)")
_DP_YEAR_NUM = re.compile(r"(?<!\d)\d{4}(?!\d)")


def _dateparser_fallback(text: str, tz: str) -> NormalisedDate | None:
    settings = {
        "REQUIRE_PARTS": ["day", "month", "year"],
        "TIMEZONE": tz,
        "RETURN_AS_TIMEZONE_AWARE": False,
    }
    windows: list[tuple[int, int]] = []
    n = len(text)
    for tm in _TRIGGER.finditer(text):
        a = tm.start() - _DP_BEFORE if tm.start() > _DP_BEFORE else 0
        b = min(n, tm.end() + _DP_AFTER)
        # widen so that no word or number is cut at the window's edges
        for _ in range(24):
            if a == 0 or not (text[a - 1].isalnum() and text[a].isalnum()):
                break
            a -= 1
        for _ in range(24):
            if b == n or not (text[b - 1].isalnum() and text[b].isalnum()):
                break
            b += 1
        if _DP_DAY_NUM.search(text, a, b) is None or _DP_YEAR_NUM.search(text, a, b) is None:
            continue  # no day or no year printed near this month name: nothing to find
        windows.append((a, b))
        if len(windows) == _DP_MAX_WINDOWS:
            break
    if not windows:
        return None
    try:
        from dateparser.search import search_dates  # lazy: ~170 ms at first use
    except Exception:  # pragma: no cover - dateparser is a declared dependency
        return None
    for a, b in windows:
        chunk = text[a:b]
        try:
            found = search_dates(chunk, languages=["en", "zh"], settings=settings)
        except Exception:
            continue
        for frag, dt in found or ():
            i = chunk.find(frag)
            if i < 0 or not frag:
                continue
            r = _check_dateparser(text, a + i, a + i + len(frag), dt, tz)
            if r is not None:
                return r
    return None


def _check_dateparser(text: str, start: int, end: int, dt: datetime, tz: str) -> NormalisedDate | None:
    """Keep a dateparser answer only if every part of it is printed in the fragment."""
    # trim white space so that raw/span cover only what was read
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    frag = text[start:end]
    if not frag or (start and text[start - 1].isalnum()) or (end < len(text) and text[end].isdigit()):
        return None  # a cut word or number: "2024 may 2024" is not "24 may 2024"
    y, mo, d = dt.year, dt.month, dt.day
    if not _valid_ymd(y, mo, d):
        return None
    if not re.search(rf"(?<!\d){y:04d}(?!\d)", frag):
        return None  # year not printed
    if not re.search(rf"(?<!\d)0?{d}(?:st|nd|rd|th|日|号)?(?!\d)", frag, re.I):
        return None  # day not printed
    names = {_MONTHS[n.lower()] for n in _DP_MONTH_NAME.findall(frag)}
    if names:
        if mo not in names:
            return None
    elif not re.search(rf"(?<!\d)0?{mo}{_H}*月", frag):
        return None  # month neither named nor written with 月: an all-numeric guess
    if _DP_NUM_COMMA_MONTH.search(frag) or _NO_BEFORE_DAY.search(text, max(0, start - 6), start):
        return None  # "No.2, January 2026": issue number, no day
    clock = None
    tm = _TIME_ANY.search(frag)
    if tm is not None:
        clock = _clock(tm)
    return _make(text, start, end, y, mo, d, clock, None, tz, None)


# --------------------------------------------------------------------------- URLs

#: every dated URL shape of the families (named groups y, m, d), first match wins
_URL_PATTERNS = tuple(pattern for family in FAMILIES.values() for pattern in family.dated_patterns)


def date_from_url(url: str) -> NormalisedDate | None:
    """The date encoded in a portal URL path (precision ``'day'``), or None.

    ``raw``/``span`` refer to ``url``.  Query strings and fragments are ignored.
    URLs whose shape is not a known dated one (F8, F10, MOFCOM ``YYYYMM0<id>``,
    legacy english1 ``content_<5 digits>.htm``) give None.

    >>> d = date_from_url("http://english.guiyang.gov.cn/2023-12/15/c_956327.htm")
    >>> d.iso, d.utc, d.precision, d.raw
    ('2023-12-15', None, 'day', '2023-12/15')
    >>> date_from_url("https://english.beijing.gov.cn/latest/news/202407/t20240727_3760807.html").iso
    '2024-07-27'
    >>> date_from_url("http://english.zj.gov.cn/art/2015/1/30/art_1150_2065213.html").raw
    '2015/1/30'
    >>> date_from_url("https://english.www.gov.cn/news/202407/26/content_WS66a2d827c6d0868f4e8e975c.html").iso
    '2024-07-26'
    >>> date_from_url("http://english.shaanxi.gov.cn/octzwosx/top/57820.htm") is None
    True
    """
    if not url or not isinstance(url, str):
        return None
    cut = len(url)
    for ch in "?#":
        i = url.find(ch)
        if 0 <= i < cut:
            cut = i
    for pat in _URL_PATTERNS:
        m = pat.search(url, 0, cut)
        if m is None:
            continue
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
        if not _valid_ymd(y, mo, d):
            return None
        start, end = m.start("y"), m.end("d")
        return NormalisedDate(f"{y:04d}-{mo:02d}-{d:02d}", None, "day", url[start:end], (start, end), None)
    return None


_URL_MONTH = re.compile(r"/(?P<y>\d{4})(?P<m>\d{2})/")


def month_from_url(url: str) -> NormalisedDate | None:
    """The month of a ``/YYYYMM/`` folder in a URL path (precision ``'month'``, ISO ``YYYY-MM``), or None.

    The last resort when a page prints no date and its URL holds no day
    (MOFCOM ``/202407/20240703524381.shtml``): ISO 8601 reduced precision, never
    an invented day.

    >>> d = month_from_url("http://english.mofcom.gov.cn/article/newsrelease/press/202407/20240703524381.shtml")
    >>> d.iso, d.utc, d.precision, d.raw
    ('2024-07', None, 'month', '202407')
    >>> month_from_url("http://english.shaanxi.gov.cn/octzwosx/top/57820.htm") is None
    True
    """
    if not url or not isinstance(url, str):
        return None
    path = url.split("?", 1)[0].split("#", 1)[0]
    for m in _URL_MONTH.finditer(path):
        y, mo = int(m["y"]), int(m["m"])
        if YEAR_MIN <= y <= YEAR_MAX and 1 <= mo <= 12:
            start, end = m.start("y"), m.end("m")
            return NormalisedDate(f"{y:04d}-{mo:02d}", None, "month", url[start:end], (start, end), None)
    return None


#: upload days encoded in the file names and folders of a page's own assets (photos, attachments):
#: TRS WCM names every upload ``W0YYYYMMDD<digits>`` (images) or ``P0YYYYMMDD<digits>`` (files);
#: other CMSs file uploads under ``/YYYYMMDD/``, ``/YYYY/MM/DD/`` or ``/YYYY-MM/DD/`` folders, or
#: name them by a ``YYYYMMDDhhmmss`` timestamp
_ASSET_PATTERNS = tuple(
    re.compile(p)
    for p in (
        r"/[WP]0(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})\d{6,}[^/]*$",
        r"/(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})/[^/]+$",
        r"/(?P<y>\d{4})[/-](?P<m>\d{2})/(?P<d>\d{2})/[^/]+$",
        r"/(?P<y>\d{4})(?P<m>\d{2})(?P<d>\d{2})(?:[01]\d|2[0-3])[0-5]\d[0-5]\d\d*(?:[_-]\w+)?\.\w+$",
    )
)


def date_from_asset(url: str, *, not_after: str | None = None) -> NormalisedDate | None:
    """The upload day encoded in an asset's URL (a photo or an attachment of the article), or None.

    The last resort for a page that prints no date and whose URL holds none:
    an article's photos are uploaded the day it is written (precision ``'day'``).
    ``not_after`` (``YYYY-MM-DD``) rejects days after it (a mistyped folder).

    >>> date_from_asset("https://www.fmprc.gov.cn/mfa_eng/wjbxw/W020200703667259410426.jpg").iso
    '2020-07-03'
    >>> date_from_asset("/pub/attach/P020240105512345678901.pdf").iso
    '2024-01-05'
    >>> date_from_asset("http://h.gov.cn/uploadfiles/2021/03/12/pic1.jpg").raw
    '2021/03/12'
    >>> date_from_asset("http://h.gov.cn/images/20190925153012345.png").iso
    '2019-09-25'
    >>> [date_from_asset(u) for u in ("/img/logo.png", "/W020201399667259410426.jpg", "/upload/12345678/x.jpg")]
    [None, None, None]
    >>> date_from_asset("/W020990703667259410426.jpg", not_after="2026-12-05") is None
    True
    """
    if not url or not isinstance(url, str):
        return None
    path = url.split("?", 1)[0].split("#", 1)[0]
    for pat in _ASSET_PATTERNS:
        m = pat.search(path)
        if m is None:
            continue
        y, mo, d = int(m["y"]), int(m["m"]), int(m["d"])
        if not _valid_ymd(y, mo, d):
            continue
        iso = f"{y:04d}-{mo:02d}-{d:02d}"
        if not_after and iso > not_after:
            continue
        start, end = m.start("y"), m.end("d")
        return NormalisedDate(iso, None, "day", path[start:end], (start, end), None)
    return None

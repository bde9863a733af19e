"""Options shared by the commands, and the checks every crawl option passes before anything runs.

Both ways of starting a crawl, ``portal-archive crawl`` and ``scrapy crawl``
(:mod:`portal_spider.commands.crawl`), check their options here: a bad one is
a one-line usage error (exit status 2) before the archive is touched.

- days: ``2024-06-05``, ``2024-06`` or ``2024`` (:func:`archive.search.valid_day`);
- ``-s NAME=VALUE``: a value must read as the type of the setting's default
  (:func:`setting_value_error`); an unknown name is passed on with a one-line
  warning naming the closest known setting (:func:`unknown_setting_warning`);
- the crawl window (``PORTAL_ARCHIVE_CRAWL_WINDOW``) and the extraction workers.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Mapping

import click

from archive.store import default_db_path

from .exits import Exit


class UsageFail(click.ClickException):
    """A bad option or argument: one line on stderr, exit status 2."""

    exit_code = Exit.USAGE


def db_option(func):
    return click.option(
        "--db", "db_path", default=default_db_path, show_default="./archive.db or $PORTAL_ARCHIVE_DB",
        type=click.Path(dir_okay=False), help="Archive file.",
    )(func)


def since_day(text: str | None, option: str = "--since") -> str | None:
    """The first day of a ``--since`` bound (a day, or a month or year: its first day; ``option``: how
    the user wrote it), or a one-line ValueError.

    >>> since_day("2024-06"), since_day(None)
    ('2024-06-01', None)
    >>> since_day("yesterday")
    Traceback (most recent call last):
    ValueError: --since must be a date like 2024-01-31, 2024-01 or 2024, not 'yesterday'
    """
    from archive.query import QueryError
    from archive.search import valid_day

    try:
        return valid_day(text, "since")
    except QueryError:
        raise ValueError(f"{option} must be a date like 2024-01-31, 2024-01 or 2024, not {text!r}") from None


def split_setting(pair: str) -> tuple[str, str]:
    """``NAME=VALUE`` -> (NAME, VALUE), or a one-line ValueError.

    >>> split_setting(" DOWNLOAD_DELAY = 2")
    ('DOWNLOAD_DELAY', '2')
    >>> split_setting("DOWNLOAD_DELAY")
    Traceback (most recent call last):
    ValueError: -s DOWNLOAD_DELAY: write -s NAME=VALUE
    """
    name, equals, value = pair.partition("=")
    if not equals or not name.strip():
        raise ValueError(f"-s {pair}: write -s NAME=VALUE")
    return name.strip(), value.strip()


def _auto_or_count(value: str) -> None:
    if value.strip() not in ("", "auto") and not value.strip().isdecimal():
        raise ValueError


#: Settings whose default's type does not say enough: (check, what it takes).  The crawl window
#: is checked where it takes effect, from ``-s`` or the environment (:func:`check_window`).
SPECIAL = {
    "PORTAL_ARCHIVE_EXTRACT_WORKERS": (_auto_or_count, "auto or a number of processes"),
}


def setting_value_error(name: str, value: str, default) -> str | None:
    """Why ``value`` cannot be the setting ``name`` whose default is ``default`` (None: it can).

    >>> setting_value_error("DOWNLOAD_DELAY", "abc", 1.0)
    "-s DOWNLOAD_DELAY=abc: DOWNLOAD_DELAY takes a number (default 1.0), not 'abc'"
    >>> setting_value_error("RETRY_TIMES", "2.5", 2)
    "-s RETRY_TIMES=2.5: RETRY_TIMES takes a whole number (default 2), not '2.5'"
    >>> setting_value_error("ROBOTSTXT_OBEY", "yes", True)
    "-s ROBOTSTXT_OBEY=yes: ROBOTSTXT_OBEY takes True or False (default True), not 'yes'"
    >>> setting_value_error("PORTAL_ARCHIVE_EXTRACT_WORKERS", "many", "auto")
    "-s PORTAL_ARCHIVE_EXTRACT_WORKERS=many: PORTAL_ARCHIVE_EXTRACT_WORKERS takes auto or a number of processes (default 'auto'), not 'many'"
    >>> [setting_value_error(n, v, d) for n, v, d in [("DOWNLOAD_DELAY", "0", 1.0), ("ROBOTSTXT_OBEY", "false", True),
    ...  ("ITEM_PIPELINES", '{"a.B": 1}', {}), ("USER_AGENT", "x/1", "y"), ("PORTAL_ARCHIVE_EXTRACT_WORKERS", "0", "auto")]]
    [None, None, None, None, None]
    """
    if name in SPECIAL:
        check, takes = SPECIAL[name]
    elif isinstance(default, bool):
        check, takes = _boolean, "True or False"
    elif isinstance(default, int):
        check, takes = int, "a whole number"
    elif isinstance(default, float):
        check, takes = float, "a number"
    elif isinstance(default, Mapping):
        check, takes = _json_object, "a JSON object"
    else:
        return None
    try:
        check(value)
    except ValueError:
        shown = dict(default) if isinstance(default, Mapping) else default
        return f"-s {name}={value}: {name} takes {takes} (default {shown!r}), not {value!r}"
    return None


def _boolean(value: str) -> None:
    if value not in ("True", "true", "False", "false"):
        int(value)


def _json_object(value: str) -> None:
    try:
        if not isinstance(json.loads(value), dict):
            raise ValueError
    except json.JSONDecodeError:
        raise ValueError from None


def unknown_setting_warning(name: str, known: Iterable[str]) -> str | None:
    """A one-line warning for a name no settings module defines (None for a known one).

    >>> known = ["DOWNLOAD_DELAY", "DOWNLOAD_TIMEOUT", "PORTAL_ARCHIVE_BATCH_SIZE"]
    >>> unknown_setting_warning("DOWNLOAD_DELAYS", known)
    'warning: -s DOWNLOAD_DELAYS: no such setting (did you mean DOWNLOAD_DELAY?); passed on as is'
    >>> unknown_setting_warning("NOTASETTING", known)
    'warning: -s NOTASETTING: no such setting in Scrapy or portal-archive; passed on as is'
    >>> unknown_setting_warning("DOWNLOAD_DELAY", known) is None
    True
    """
    known = set(known)
    if name in known:
        return None
    close = difflib.get_close_matches(name.upper(), known, n=1, cutoff=0.6)
    hint = f"did you mean {close[0]}?" if close else None
    return f"warning: -s {name}: no such setting" + (f" ({hint})" if hint else " in Scrapy or portal-archive") \
        + "; passed on as is"


def check_settings(pairs: Iterable[str], settings) -> tuple[list[tuple[str, str]], list[str]]:
    """Check ``-s`` pairs against Scrapy ``settings`` (project and defaults): the pairs to set and
    the warnings to print, or a one-line ValueError for the first bad one."""
    known = {name for name in settings if name.isupper()}
    chosen, warnings = [], []
    for pair in pairs:
        name, value = split_setting(pair)
        if (warning := unknown_setting_warning(name, known)) is not None:
            warnings.append(warning)
        elif (error := setting_value_error(name, value, settings.get(name))) is not None:
            raise ValueError(error)
        chosen.append((name, value))
    return chosen, warnings


def check_window(settings) -> None:
    """The crawl window in effect (a ``-s`` or ``$PORTAL_ARCHIVE_CRAWL_WINDOW``), or a one-line ValueError."""
    from .middlewares.crawl_window import WindowError, parse_window

    window = settings.get("PORTAL_ARCHIVE_CRAWL_WINDOW")
    if window:
        try:
            parse_window(window)
        except WindowError as exc:
            raise ValueError(str(exc)) from None

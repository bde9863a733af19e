"""Text as the archive keeps it: no control characters; word shingles to compare two texts.

Pure functions shared by the crawl's extractor, ``import``, deduplication, clustering
and ``repair``.
"""

from __future__ import annotations

import re

#: ANSI/VT100 escape sequences (colours, cursor moves, OSC titles): dropped whole, so that no
#: ``[31m`` is left behind when the ESC that opened one goes
_ESCAPES = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
#: every C0 and C1 control character (Unicode category Cc) but tab and newline; a carriage
#: return goes too (``\r\n`` becomes ``\n``)
_CONTROLS = dict.fromkeys([c for c in range(0x20) if c not in (0x09, 0x0A)] + list(range(0x7F, 0xA0)))


def clean_text(text: str) -> str:
    """``text`` without control characters (tab and newline kept) and without terminal escape sequences.

    >>> clean_text("Metro\\x1b[31m line 3\\x1b[0m opens\\x07\\r\\n\\tnow\\x85")
    'Metro line 3 opens\\n\\tnow'
    >>> clean_text("贵阳\\x00 metro")
    '贵阳 metro'
    """
    if text.isprintable():  # the common case, tested in C
        return text
    if "\x1b" in text:
        text = _ESCAPES.sub("", text)
    return text.translate(_CONTROLS)


def clean_values(value):
    """``value`` with :func:`clean_text` applied to every string in it (dicts, lists and tuples walked).

    >>> clean_values({"title": "A\\x1b[2Jb", "photos": [{"caption": "c\\x00d", "width": 3}]})
    {'title': 'Ab', 'photos': [{'caption': 'cd', 'width': 3}]}
    """
    if isinstance(value, str):
        return clean_text(value)
    if isinstance(value, dict):
        return {k: clean_values(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return type(value)(clean_values(v) for v in value)
    return value


#: Word shingle length for comparing texts (``clusters`` and ``verdict``).
SHINGLE = 3
_WORD = re.compile(r"\w+")


def shingles(title: str | None, body: str | None, k: int = SHINGLE) -> set[str]:
    """Word k-shingles of an article's title and body.

    >>> sorted(shingles("Metro opens", "Line 3, with 29 stations."))[:3]
    ['3 with 29', 'line 3 with', 'metro opens line']
    """
    words = _WORD.findall(f"{title or ''}\n{body or ''}".lower())
    if len(words) < k:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i:i + k]) for i in range(len(words) - k + 1)}


def containment(a: set[str], b: set[str]) -> float:
    """Share of the smaller set found in the other: 1.0 when both are empty, 0.0 when only one is.

    >>> containment({"a b c", "b c d"}, {"a b c", "x y z", "u v w"}), containment(set(), {"a b c"}), containment(set(), set())
    (0.5, 0.0, 1.0)
    """
    if not a or not b:
        return 0.0 if a or b else 1.0
    return len(a & b) / min(len(a), len(b))


"""Turn what an analyst types into a safe SQLite FTS5 ``MATCH`` expression.

The archive's full-text index ``articles_fts`` (columns ``title``, ``captions``,
``body``; tokenizer ``porter unicode61``) is searched with
``... WHERE articles_fts MATCH ?`` and the string from :func:`to_fts_query` as
the bound parameter.  Raw FTS5 syntax is unsafe for users: ``Five-Year``,
``COVID-19`` and ``Belt-and-Road`` read as column filters ("no such column"),
``No. 5`` is a syntax error, and a lone ``"`` breaks the query.  This module
implements a small, forgiving search language instead.  Every piece of user
text comes out inside a double-quoted FTS5 string, so nothing a user types can
act as an FTS5 operator or column filter except through the grammar below.

The search language
-------------------

Words are ANDed; case never matters:

>>> print(to_fts_query('tourism Guiyang'))
"tourism" AND "guiyang"

``OR`` (upper case only) between words or groups; ``AND`` (upper case) is
accepted as an explicit AND.  Lower-case ``or``, ``and`` and ``not`` are
ordinary search words (FTS5 has no stop words, so they must occur in the text):

>>> print(to_fts_query('tourism OR hotels'))
"tourism" OR "hotels"
>>> print(to_fts_query('tourism or hotels'))
"tourism" AND "or" AND "hotels"

Parentheses group; a stray ``)`` is ignored and an unclosed ``(`` is closed at
the end of the query:

>>> print(to_fts_query('(Guiyang OR Zunyi) tourism'))
("guiyang" OR "zunyi") AND "tourism"
>>> print(to_fts_query('(Guiyang OR Zunyi'))
"guiyang" OR "zunyi"

``NOT word``, ``-word`` and ``-"a phrase"`` exclude.  Exclusions need at least
one word to search for:

>>> print(to_fts_query('Guiyang -hotel NOT "bus station"'))
"guiyang" NOT ("hotel" OR "bus station")
>>> to_fts_query('-hotel')
Traceback (most recent call last):
...
archive.query.QueryError: add at least one word to search for

``"a phrase"`` searches words next to each other; a missing closing quote is
added at the end of the query.  ``word*`` searches a prefix (at least two
letters or digits before the ``*``), also at the end of a phrase:

>>> print(to_fts_query('"belt and road'))
"belt and road"
>>> print(to_fts_query('guiya* "e comm"*'))
"guiya" * AND "e comm" *

Field filters ``title:``, ``body:`` and ``caption:`` (or ``captions:``) apply
to the word, phrase or parenthesised group right after the colon (no space).
Any other ``name:`` is ordinary text, so pasted labels such as ``Note:`` or
``Source:Xinhua`` are simply searched:

>>> print(to_fts_query('title:Guiyang caption:"night market"'))
title : "guiyang" AND captions : "night market"
>>> print(to_fts_query('title:(tourism OR hotels)'))
title : "tourism" OR title : "hotels"
>>> print(to_fts_query('Source:Xinhua'))
"source xinhua"

Anything with punctuation inside is searched literally as a phrase of the
words it contains, exactly as the index splits the article text:

>>> print(to_fts_query("Belt-and-Road COVID-19 No.5 U.S. 3.5% Xi'an People’s"))
"belt and road" AND "covid 19" AND "no 5" AND "u s" AND "3 5" AND "xi an" AND "people s"

Chinese document numbers written with spaces stay one phrase:

>>> print(to_fts_query('Guofa [2023] No. 5'))
"guofa" AND "2023 no 5"

Chinese text: in ``articles_fts`` (``unicode61`` keeps a run of Chinese characters
as one token) ``贵阳`` finds the text ``贵阳`` but not ``贵阳市``.  So every surface
that searches through :func:`compile_query` (the CLI, ``archive.search``, Datasette's
``/-/search``) answers Chinese words with the trigram index ``articles_cjk`` instead,
as substrings; the bare FTS5 string below (``fts_query()`` in hand-written SQL) keeps
the whole-token meaning:

>>> print(to_fts_query('贵阳 一带一路'))
"贵阳" AND "一带一路"

Also:

* Curly double quotes (“ ” „ ‟) and full-width ＂ work like ``"``;
  full-width （ ） like ``(`` ``)``.
* NUL, other control characters and lone surrogates are dropped (tabs and
  newlines count as spaces).
* Operators with nothing to act on are ignored: ``tourism OR`` is ``tourism``;
  a ``-`` followed by a space, or ``--``, is punctuation, not an exclusion.
* A field name followed by a space (``Title: Five-Year Plan``) is the word
  itself; inside ``title:( ... )`` an inner ``body:`` filter wins.
* ``NOT NOT word`` is ``word``; ``tourism (zunyi OR -hotel)`` works, but a
  query whose top level is only exclusions (``zunyi OR -hotel``) is refused.
* Limits: at most 1,000 characters, 64 words (words inside phrases count) and
  10 levels of parentheses (a 5,000-word query took 9 s in FTS5).

Known limitation: the index stems English words with the Porter stemmer and
FTS5 stems the text before a ``*`` too, so a prefix that the stemmer rewrites
can miss: ``guiy*`` is searched as ``guii*`` and does not find "Guiyang"
(``guiya*`` does).  Prefixes of whole stems (``tour*``, ``govern*``) work.

Every problem the user can fix raises :class:`QueryError` with a one-line
message; nothing else is raised for any ``str`` input.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .cjk import CJK_RUN

__all__ = [
    "CompiledQuery",
    "FIELDS",
    "MAX_QUERY_CHARS",
    "MAX_QUERY_DEPTH",
    "MAX_QUERY_WORDS",
    "Phrase",
    "QueryError",
    "compile_query",
    "to_fts_query",
]

#: Field names a user may type before ``:`` → FTS5 column of ``articles_fts``.
FIELDS = {"title": "title", "body": "body", "caption": "captions", "captions": "captions"}

MAX_QUERY_CHARS = 1000
MAX_QUERY_WORDS = 64
#: FTS5 itself fails with "parser stack overflow" at a few hundred levels.
MAX_QUERY_DEPTH = 10


class QueryError(ValueError):
    """A user query that cannot be searched; str(err) is a one-line explanation for the user."""


# --------------------------------------------------------------------------- cleaning

_QUOTES = "\u201c\u201d\u201e\u201f\uff02"  # “ ” „ ‟ ＂
_TRANSLATE = {ord(q): '"' for q in _QUOTES}
_TRANSLATE.update({0xFF08: "(", 0xFF09: ")"})  # （ ）


def _clean(text: str) -> str:
    out = []
    for ch in text.translate(_TRANSLATE):
        cat = unicodedata.category(ch)
        if cat == "Cs":  # lone surrogate: cannot even be encoded for SQLite
            continue
        if cat == "Cc":  # NUL and other control characters
            if ch.isspace():
                out.append(" ")
            continue
        out.append(ch)
    return "".join(out)


# --------------------------------------------------------------------------- words

_ASCII_LOWER = {c: c + 32 for c in range(ord("A"), ord("Z") + 1)}


def _is_word_char(ch: str) -> bool:
    # unicode61 keeps letters, numbers and private-use characters (L* N* Co).
    # Marks are kept too: being generous here never hurts, because FTS5 splits
    # the quoted string again with its own tokenizer.
    cat = unicodedata.category(ch)
    return cat[0] in "LNM" or cat == "Co"


def _words(text: str) -> tuple[str, ...]:
    """Split text into index words the way unicode61 does (approximately)."""
    words = []
    run: list[str] = []
    for ch in text + " ":
        if _is_word_char(ch):
            run.append(ch)
            continue
        if run:
            word = "".join(run)
            if any(unicodedata.category(c)[0] != "M" for c in word):
                words.append(word.translate(_ASCII_LOWER))
            run = []
    return tuple(words)


# --------------------------------------------------------------------------- lexer


@dataclass
class _Tok:
    kind: str  # "(" ")" "OR" "AND" "NOT" "FIELD" "TERM"
    column: str = ""
    words: tuple[str, ...] = ()
    prefix: bool = False
    raw: str | None = None  # unquoted source text of a TERM, for document numbers


_OPERATORS = {"OR", "AND", "NOT"}
_FIELD_RE = re.compile(r"([A-Za-z]+):(.*)", re.S)
_YEAR_RE = re.compile(r"[\[〔【]\d{4}[\]〕】]")
_NO_RE = re.compile(r"[Nn][Oo]\.")
_NUM_RE = re.compile(r"\d")


def _term(text: str, raw: str | None) -> _Tok:
    prefix = text.endswith("*")
    return _Tok("TERM", words=_words(text), prefix=prefix, raw=raw)


def _lex(s: str) -> list[_Tok]:
    toks: list[_Tok] = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        if c.isspace():
            i += 1
        elif c in "()":
            toks.append(_Tok(c))
            i += 1
        elif c == '"':
            end = s.find('"', i + 1)
            if end == -1:  # unbalanced quote: close it at the end of input
                end = n
            body = s[i + 1 : end]
            i = end + 1
            prefix = i < n and s[i] == "*"
            while i < n and s[i] == "*":
                i += 1
            toks.append(_Tok("TERM", words=_words(body), prefix=prefix))
        elif c == "-" and i + 1 < n and not s[i + 1].isspace() and s[i + 1] not in "-)":
            toks.append(_Tok("NOT"))
            i += 1
        else:
            j = i
            while j < n and not s[j].isspace() and s[j] not in '"()':
                j += 1
            chunk = s[i:j]
            i = j
            if chunk in _OPERATORS:
                toks.append(_Tok(chunk))
                continue
            m = _FIELD_RE.fullmatch(chunk)
            if m and m[1].lower() in FIELDS:
                column, rest = FIELDS[m[1].lower()], m[2]
                if _words(rest):
                    toks += [_Tok("FIELD", column=column), _term(rest, rest)]
                    continue
                if not rest and i < n and s[i] in '"(':
                    toks.append(_Tok("FIELD", column=column))
                    continue
            toks.append(_term(chunk, chunk))
    return _merge_document_numbers(toks)


def _merge_document_numbers(toks: list[_Tok]) -> list[_Tok]:
    """Join ``[2023] No. 5`` and ``No. 5`` (unquoted, space-separated) into one phrase."""

    def plain(k: int, last: bool = False) -> bool:
        t = toks[k] if k < len(toks) else None
        return t is not None and t.kind == "TERM" and t.raw is not None and (last or not t.prefix)

    out: list[_Tok] = []
    k = 0
    while k < len(toks):
        size = 0
        if plain(k) and _NO_RE.fullmatch(toks[k].raw or "") and plain(k + 1, True):
            size = 2 if _NUM_RE.match(toks[k + 1].raw or "") else 0
        elif (
            plain(k)
            and _YEAR_RE.fullmatch(toks[k].raw or "")
            and plain(k + 1)
            and _NO_RE.fullmatch(toks[k + 1].raw or "")
            and plain(k + 2, True)
            and _NUM_RE.match(toks[k + 2].raw or "")
        ):
            size = 3
        if size:
            group = toks[k : k + size]
            words = tuple(w for t in group for w in t.words)
            out.append(_Tok("TERM", words=words, prefix=group[-1].prefix))
            k += size
        else:
            out.append(toks[k])
            k += 1
    return out


# --------------------------------------------------------------------------- parser
# AST nodes are tuples: ("term", words, prefix) ("field", column, node)
# ("not", node) ("and", [nodes]) ("or", [nodes]).


class _Parser:
    def __init__(self, toks: list[_Tok]):
        self.toks = toks
        self.pos = 0

    def peek(self) -> str | None:
        return self.toks[self.pos].kind if self.pos < len(self.toks) else None

    def parse(self):
        parts = []
        while self.pos < len(self.toks):
            node = self.parse_or(0)
            if node is not None:
                parts.append(node)
            if self.peek() == ")":  # stray closing parenthesis: ignore it
                self.pos += 1
        return _and(parts)

    def parse_or(self, depth: int):
        branches = []
        while True:
            node = self.parse_and(depth)
            if node is not None:
                branches.append(node)
            if self.peek() != "OR":
                break
            self.pos += 1
        if not branches:
            return None
        return branches[0] if len(branches) == 1 else ("or", branches)

    def parse_and(self, depth: int):
        items = []
        while True:
            kind = self.peek()
            if kind in (None, ")", "OR"):
                break
            if kind == "AND":
                self.pos += 1
                continue
            node = self.parse_unary(depth)
            if node is not None:
                items.append(node)
        return _and(items)

    def parse_unary(self, depth: int):
        negate = False
        while self.peek() == "NOT":
            negate = not negate
            self.pos += 1
        node = self.parse_atom(depth)
        if node is None or not negate:
            return node
        return ("not", node)

    def parse_atom(self, depth: int):
        kind = self.peek()
        if kind not in ("(", "FIELD", "TERM"):
            return None
        tok = self.toks[self.pos]
        self.pos += 1
        if kind == "(":
            if depth >= MAX_QUERY_DEPTH:
                raise QueryError(
                    f"too many nested parentheses: use at most {MAX_QUERY_DEPTH} levels"
                )
            node = self.parse_or(depth + 1)
            if self.peek() == ")":
                self.pos += 1
            return node
        if kind == "FIELD":
            node = self.parse_atom(depth)
            return None if node is None else ("field", tok.column, node)
        if not tok.words:
            return None
        if tok.prefix and len(tok.words[-1]) < 2:
            raise QueryError("put at least 2 letters or digits before *")
        return ("term", tok.words, tok.prefix)


def _and(items):
    if not items:
        return None
    return items[0] if len(items) == 1 else ("and", items)


# --------------------------------------------------------------------------- compiler
# An FTS expression is a Phrase, ("and", [exprs]), ("or", [exprs]) or ("not", a, b) meaning
# "a NOT b".  A node compiles to a pair (pos, negs): the documents matching pos and none of
# negs; pos None means "every document".


@dataclass(frozen=True)
class Phrase:
    """One phrase of a compiled query (a word is a phrase of one word).

    ``words`` as the index splits them (ASCII lower-cased), ``column`` the FTS5 column it is
    limited to (None: every column), ``prefix`` true for ``word*``, ``text`` its FTS5 string.
    """

    text: str
    column: str | None
    words: tuple[str, ...]
    prefix: bool


def _join(kind: str, exprs):
    flat = []
    for e in exprs:
        flat.extend(e[1] if not isinstance(e, Phrase) and e[0] == kind else [e])
    return flat[0] if len(flat) == 1 else (kind, flat)


def _minus(pos, negs):
    return pos if not negs else ("not", pos, _join("or", negs))


def _phrase(words: tuple[str, ...]) -> str:
    return '"' + " ".join(words).replace('"', '""') + '"'


def _compile(node, column: str | None):
    kind = node[0]
    if kind == "term":
        text = _phrase(node[1]) + (" *" if node[2] else "")
        if column:
            text = f"{column} : {text}"
        return Phrase(text, column, node[1], node[2]), []
    if kind == "field":  # the innermost field wins
        return _compile(node[2], node[1])
    if kind == "not":
        pos, negs = _compile(node[1], column)
        if pos is None:  # NOT (everything except X) = X
            return _join("or", negs), []
        return None, [_minus(pos, negs)]
    parts = [_compile(child, column) for child in node[1]]
    if kind == "and":
        positives = [p for p, _ in parts if p is not None]
        negs = [n for _, ns in parts for n in ns]
        return (_join("and", positives) if positives else None), negs
    # "or": A OR (everything except B) = everything except (B NOT A)
    everything_but = [_join("or", ns) for p, ns in parts if p is None]
    positives = [_minus(p, ns) for p, ns in parts if p is not None]
    if not everything_but:
        return _join("or", positives), []
    excluded = _join("and", everything_but)
    if positives:
        excluded = ("not", excluded, _join("or", positives))
    return None, [excluded]


def _render(expr) -> str:
    if isinstance(expr, Phrase):
        return expr.text
    kind = expr[0]
    if kind == "not":
        return f"{_wrap(expr[1])} NOT {_wrap(expr[2])}"
    return f" {kind.upper()} ".join(_wrap(e) for e in expr[1])


def _wrap(expr) -> str:
    return _render(expr) if isinstance(expr, Phrase) else f"({_render(expr)})"


def _has_or(node) -> bool:
    kind = node[0]
    if kind == "term":
        return False
    if kind in ("field", "not"):
        return _has_or(node[-1])
    return kind == "or" or any(_has_or(child) for child in node[1])


# --------------------------------------------------------------------------- API


def to_fts_query(text: str) -> str:
    """Turn what a user typed into a safe FTS5 MATCH expression.

    The result is always a valid FTS5 query string, to be passed as a bound
    parameter; problems the user can fix raise :class:`QueryError`.

    >>> print(to_fts_query('COVID-19 (testing OR vaccine) -Beijing'))
    ("covid 19" AND ("testing" OR "vaccine")) NOT "beijing"
    >>> to_fts_query('   ')
    Traceback (most recent call last):
    ...
    archive.query.QueryError: query is empty
    """
    return _render(_expression(text))


def _expression(text: str):
    """Parse and compile user text into the FTS expression tree (raises QueryError)."""
    if not isinstance(text, str) or not text.strip():
        raise QueryError("query is empty")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(
            f"query is too long ({len(text):,} characters): use at most {MAX_QUERY_CHARS:,}"
        )
    cleaned = _clean(text)
    if not cleaned.strip():
        raise QueryError("query is empty")
    toks = _lex(cleaned)
    count = sum(len(t.words) for t in toks if t.kind == "TERM")
    if count > MAX_QUERY_WORDS:
        raise QueryError(f"query has too many words ({count}): use at most {MAX_QUERY_WORDS}")
    node = _Parser(toks).parse()
    if node is None:
        raise QueryError("query has no words to search for")
    pos, negs = _compile(node, None)
    if pos is None:
        if _has_or(node):
            raise QueryError(
                "each side of OR needs a word to search for, not only words to exclude"
            )
        raise QueryError("add at least one word to search for")
    return _minus(pos, negs)


# --------------------------------------------------------------------------- Chinese text
# The porter/unicode61 index keeps a run of Chinese characters as one token.  Queries with
# Chinese words are answered with the trigram index ``articles_cjk`` (the Chinese runs of each
# article, see archive.schema.m101): each Chinese word must occur as a substring.

_FTS_IN = "{id} IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)"
_CJK_IN = "{id} IN (SELECT rowid FROM articles_cjk WHERE articles_cjk MATCH ?)"
_CJK_COLUMNS = ("title", "captions", "body")


@dataclass(frozen=True)
class CompiledQuery:
    """A parsed user query, ready for SQL.

    ``fts`` is the :func:`to_fts_query` string for ``articles_fts MATCH ?``.  When the
    query has Chinese words (``cjk`` true), ``where`` is an SQL condition on ``{id}``
    (format it with the id column, e.g. ``a.id``) that uses the trigram index for those
    words, with ``params`` to bind in order; ``chinese`` lists the Chinese words (to
    highlight them).  No user text is ever part of ``where``.  ``conjunction`` holds the
    phrases of a query made only of phrases joined by AND, in FTS5's order (empty when it
    has OR or NOT): what a ranker needs to know of a query.

    >>> [p.words for p in compile_query('tourism "big data" tourism').conjunction]
    [('tourism',), ('big', 'data'), ('tourism',)]
    >>> compile_query('tourism OR metro').conjunction, compile_query('tourism -metro').conjunction
    ((), ())
    """

    text: str
    fts: str
    cjk: bool
    where: str
    params: tuple[str, ...]
    chinese: tuple[str, ...]
    conjunction: tuple[Phrase, ...] = field(default=(), repr=False)


def compile_query(text: str) -> CompiledQuery:
    """Compile user text for every search surface; raise :class:`QueryError` on bad input.

    >>> q = compile_query('贵阳 tourism -hotel')
    >>> q.cjk, q.chinese, q.params
    (True, ('贵阳',), ('%贵阳%', '%贵阳%', '%贵阳%', '"tourism"', '"hotel"'))
    >>> print(q.where.format(id="a.id"))  # doctest: +NORMALIZE_WHITESPACE
    ((a.id IN (SELECT rowid FROM articles_cjk WHERE +title LIKE ? OR +captions LIKE ? OR +body LIKE ?)
      AND a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?))
      AND NOT (a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)))
    >>> compile_query('title:贵阳市').params
    ('title : "贵阳市"',)
    >>> compile_query('metro').cjk
    False
    """
    expr = _expression(text)
    params: list[str] = []
    chinese: list[str] = []
    where = _sql(expr, params, chinese) if _has_cjk(expr) else ""
    return CompiledQuery(text, _render(expr), bool(where), where, tuple(params), tuple(dict.fromkeys(chinese)),
                         _conjunction(expr))


def _conjunction(expr) -> tuple[Phrase, ...]:
    if isinstance(expr, Phrase):
        return (expr,)
    if expr[0] == "and" and all(isinstance(e, Phrase) for e in expr[1]):
        return tuple(expr[1])
    return ()


def _has_cjk(expr) -> bool:
    if isinstance(expr, Phrase):
        return any(CJK_RUN.search(w) for w in expr.words)
    children = expr[1:] if expr[0] == "not" else expr[1]
    return any(_has_cjk(e) for e in children)


def _sql(expr, params: list[str], chinese: list[str]) -> str:
    if not isinstance(expr, Phrase):
        kind = expr[0]
        if kind == "not":
            return f"({_sql(expr[1], params, chinese)} AND NOT ({_sql(expr[2], params, chinese)}))"
        return "(" + f" {kind.upper()} ".join(_sql(e, params, chinese) for e in expr[1]) + ")"
    text, column, words, prefix = expr.text, expr.column, expr.words, expr.prefix
    runs = [r for w in words for r in CJK_RUN.findall(w)]
    if not runs:
        params.append(text)
        return _FTS_IN
    parts = []
    latin = tuple(w for w in words if not CJK_RUN.search(w))
    if latin:
        rendered = _phrase(latin) + (" *" if prefix and latin[-1] == words[-1] else "")
        params.append(f"{column} : {rendered}" if column else rendered)
        parts.append(_FTS_IN)
    for run in runs:
        chinese.append(run)
        if len(run) >= 3:  # the trigram index answers directly
            params.append(f"{column} : {_phrase((run,))}" if column else _phrase((run,)))
            parts.append(_CJK_IN)
        else:  # too short for trigrams: scan the (small) Chinese-text table
            columns = (column,) if column else _CJK_COLUMNS
            params.extend(f"%{run}%" for _ in columns)
            # "+column": evaluated by SQLite itself (FTS5 3.40 answers a short LIKE with no rows)
            likes = " OR ".join(f"+{c} LIKE ?" for c in columns)
            parts.append(f"{{id}} IN (SELECT rowid FROM articles_cjk WHERE {likes})")
    return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"

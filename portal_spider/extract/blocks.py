"""Turn an HTML tree into the page's visible lines ("blocks"), in reading order.

The portals' markup is undocumented, but their visible text layout is known
(docs/families.md): a breadcrumb line, the headline, a date line, photos with caption
lines, paragraphs, footers.  Extraction therefore works on lines, each of which
remembers the element that holds it (for document-structure decisions such as
"densest run of paragraphs") and how much of it is link text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree

from archive.text import clean_text

BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details div dl dt fieldset figcaption figure footer form "
    "h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section summary table tbody td tfoot th thead tr ul "
    "caption".split()
)
SKIP_TAGS = frozenset(
    "script style noscript template iframe svg select option textarea button input head object embed map "
    "canvas audio video title meta link".split()
)
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
_INLINE, _BLOCK, _LINK, _SKIP, _BR, _IMG = range(6)
#: what the walk does at each tag; one lookup per element
_KIND = {**dict.fromkeys(BLOCK_TAGS, _BLOCK), **dict.fromkeys(SKIP_TAGS, _SKIP), "a": _LINK, "br": _BR, "img": _IMG}
_EVENTS = ("start", "end", "comment", "pi")
_SPACE = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")
#: paragraphs run together in one element, each opened by a two-character indent (F7, pasted Word text):
#: a sentence end, then two or more ideographic or no-break spaces
_INDENT_BREAK = re.compile(r"(?<=[.!?\"”’)])[ \t\r\n]*(?:\u3000{2,}|\u00a0{2,})(?=\S)")


def squash(text: str) -> str:
    """Collapse every run of whitespace (incl. no-break and ideographic spaces) to one space; drop
    control characters and terminal escapes (:func:`archive.text.clean_text`), character references included.

    >>> squash("  Home>\\u00a0 News \\u3000 "), squash("\\u200bHome\\ufeff News"), squash("Metro\\x1b[31m line\\x07 3")
    ('Home> News', 'Home News', 'Metro line 3')
    """
    if "\u200b" in text or "\ufeff" in text:  # not white space to str.split
        text = _SPACE.sub(" ", text).strip()
    else:
        text = " ".join(text.split())  # str.split's white space is the regex's \s: the same result, in C
    return text if text.isprintable() else " ".join(clean_text(text).split())


@dataclass(eq=False, slots=True)  # slots: no per-line __dict__ to build (and for the GC to track)
class Block:
    """One visible line: text, or an image."""

    text: str
    element: object  # the nearest block-level lxml element holding the line
    link_chars: int = 0
    image: dict | None = None  # {"src", "alt", "title", "href", "width", "height"} for an <img>
    index: int = 0
    soft_break: bool = False  # the line follows a single <br> in the same element (a wrapped line?)
    link_density: float = 0.0  # link_chars / len(text), set with them: most tests read it

    @property
    def tag(self) -> str:
        return self.element.tag if isinstance(self.element.tag, str) else ""

    @property
    def is_heading(self) -> bool:
        return self.tag in HEADINGS


#: lxml.html's parser without its element classes, whose lookup is a Python call per element; the tree is the
#: same (and no table of ids: nothing looks elements up by id)
_PARSER = etree.HTMLParser(collect_ids=False)
_UTF8_PARSER = etree.HTMLParser(encoding="utf-8", collect_ids=False)
#: what lxml.html's ``text_content()`` runs
text_content = etree.XPath("string()")


def parse_html(text: str, utf8: bytes | None = None):
    """Parse decoded HTML into an lxml tree (tolerant of broken markup).

    ``utf8``: the page's bytes when ``text`` is exactly their UTF-8 decoding;
    libxml2 then reads them as they are instead of a re-encoded copy of ``text``.

    >>> root = parse_html("<title>A</title><p>Guiyang’s <b>metro</b></p>")
    >>> root.tag, text_content(root.find("body"))
    ('html', 'Guiyang’s metro')
    >>> parse_html("<p>Guiyang’s metro</p>", "<p>Guiyang’s metro</p>".encode()).findtext(".//p")
    'Guiyang’s metro'
    """
    if not text.strip():
        return None
    try:
        return _fromstring(text, _PARSER) if utf8 is None else _fromstring(utf8, _UTF8_PARSER)
    except (ValueError, etree.ParserError):
        # lxml rejects str input that carries an XML encoding declaration
        try:
            return _fromstring(text.encode("utf-8"), _UTF8_PARSER)
        except etree.ParserError:
            return None


def _fromstring(data: str | bytes, parser):
    root = etree.fromstring(data, parser)
    if root is None:  # as lxml.html's document_fromstring
        raise etree.ParserError("Document is empty")
    return root


def linearize(root) -> list[Block]:
    """List the visible lines of a document tree in order.

    >>> tree = parse_html("<div><h1>Title</h1><p>One <a href='x'>two</a></p>"
    ...                   "<p>Line<br>break<img src='a.jpg'></p></div>")
    >>> [(b.tag, b.text, b.link_chars, bool(b.image)) for b in linearize(tree)]
    [('h1', 'Title', 0, False), ('p', 'One two', 3, False), ('p', 'Line', 0, False), ('p', 'break', 0, False), ('p', '', 0, True)]
    >>> [b.link_density for b in linearize(tree)][:3]
    [0.0, 0.42857142857142855, 0.0]
    >>> [(b.text, b.soft_break) for b in linearize(parse_html("<p>a wrapped<br>line<br><br>New.\u3000\u3000Next.</p>"))]
    [('a wrapped', False), ('line', True), ('New.', False), ('Next.', False)]
    """
    blocks: list[Block] = []
    parts: list[str] = []  # texts of the line being read
    link_parts: list[str] = []  # those of them inside a link
    stack: list = [root]  # block-level elements open
    links: list[str | None] = [None]  # href of each open <a>
    href = None  # the innermost one's
    kinds: list[int] = []  # _KIND of each open element
    brs = 0  # <br> since the last line: one is a soft line break, two a paragraph break
    append = blocks.append

    def flush() -> None:
        nonlocal brs
        raw = "".join(parts)
        parts.clear()
        if raw.isspace():  # the white space between tags, most flushes
            link_parts.clear()
            return
        link_text = squash("".join(link_parts)) if link_parts else ""
        link_parts.clear()
        indented = ("\u3000\u3000" in raw or "\u00a0\u00a0" in raw) and _INDENT_BREAK.search(raw)  # substring test first: C speed
        first = True
        for text in [squash(t) for t in _INDENT_BREAK.split(raw)] if indented else [squash(raw)]:
            if text:
                link_chars = len(link_text) if link_text and link_text in text else 0
                append(Block(text, stack[-1], link_chars, None, len(blocks), brs == 1 and first, link_chars / len(text)))
                first = False
                brs = 0

    # lxml's walker, not recursion: start/end events in C; comments only for their tail text
    walker = etree.iterwalk(root, events=_EVENTS)
    for event, el in walker:
        if event == "start":
            kind = _KIND.get(el.tag.lower(), _INLINE)
            kinds.append(kind)
            if kind == _BLOCK:
                if parts:
                    flush()
                brs = 0
                stack.append(el)
            elif kind == _LINK:
                href = el.get("href") or ""
                links.append(href)
            elif kind != _INLINE:  # their text and children are never read
                walker.skip_subtree()
                if kind == _BR:
                    if parts:
                        flush()
                    brs += 1
                elif kind == _IMG:
                    if parts:
                        flush()
                    # lazy loading: the real image is in data-src / data-original, src holds a placeholder
                    src = el.get("data-src") or el.get("data-original") or el.get("original") or el.get("src") or ""
                    image = {"src": src.strip(), "alt": squash(el.get("alt") or ""), "title": squash(el.get("title") or ""),
                             "href": href, "width": el.get("width"), "height": el.get("height")}
                    append(Block("", stack[-1], 0, image, len(blocks)))
                continue
            text = el.text
        else:
            if event == "end":
                kind = kinds.pop()
                if kind == _BLOCK:
                    if parts:
                        flush()
                    brs = 0
                    stack.pop()
                elif kind == _LINK:
                    links.pop()
                    href = links[-1]
            text = el.tail  # after an element, a comment or a processing instruction
        if text and (parts or not text.isspace()):  # white space opening a line would be squashed away
            parts.append(text)
            if href is not None:
                link_parts.append(text)
    if parts:
        flush()
    return blocks


_LINE_ENDS = frozenset('.!?。！？:：;"”’)]】')


def _ends_line(text: str) -> bool:
    """The line ends a sentence or a clause (the last character, or the one before a final newline)."""
    return text[-1:] in _LINE_ENDS if text[-1:] != "\n" else text[-2:-1] in _LINE_ENDS


def join_wrapped(lines: list[tuple[str, bool]]) -> list[str]:
    """Paragraphs from body lines, rejoining lines that a hard line break cut mid-sentence (PDF-derived text).

    ``lines`` are ``(text, soft)`` pairs, ``soft`` when the line follows a single
    ``<br>`` in the same element.  A line is joined to the one before when that
    one does not end a sentence and the line starts in lower case or with a
    digit, or, after a single ``<br>``, when the line before is a full-width
    line (50 characters or more).

    >>> join_wrapped([("The commission will fund", False), ("200 projects this year, with a budget of", True),
    ...               ("1.5 billion yuan.", True), ("Young researchers", False), ("can apply.", False),
    ...               ("Key tasks", False), ("The city will", False)])
    ['The commission will fund 200 projects this year, with a budget of 1.5 billion yuan.', 'Young researchers can apply.', 'Key tasks', 'The city will']
    """
    # each paragraph's lines are gathered and joined once: rejoining by concatenation copied the paragraph
    # so far at every line, quadratic in its length (a million one-word lines took 77 s)
    paragraphs: list[list[str]] = []
    last_line = ""
    for text, soft in lines:
        if paragraphs and not _ends_line(last_line) and (
                text[:1].islower() or text[:1].isdigit() or (soft and len(last_line) >= 50)):
            paragraphs[-1].append(text)
        else:
            paragraphs.append([text])
        last_line = text
    return [" ".join(parts) for parts in paragraphs]

"""Decode a page's bytes the way a careful browser would, without trusting headers blindly.

Order: byte-order mark; bytes that are valid UTF-8 and not pure ASCII are UTF-8
whatever the headers claim (portals send UTF-8 under a Latin-1 header); then the
HTTP ``charset``; then ``<meta charset>``; then GB18030 if it decodes strictly;
then Windows-1252.  GB2312 and GBK are read as their superset GB18030.
"""

from __future__ import annotations

import codecs
import re

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([\w.:-]+)""", re.I)
_HEADER_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:-]+)", re.I)
_SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
              "iso-8859-1": "cp1252", "latin-1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252"}
#: text codecs no browser decodes a page with (escapes, host-name codecs, UTF-7's script smuggling)
_NOT_FOR_PAGES = frozenset({"idna", "punycode", "unicode-escape", "raw-unicode-escape", "utf-7"})
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def _known(name: str | None) -> str | None:
    """The codec of a declared charset, if it is a text encoding that can decode a page.

    >>> _known("GB2312"), _known("base64"), _known("hex"), _known("rot13"), _known("undefined"), _known("punycode")
    ('gb18030', None, None, None, None, None)
    """
    if not name:
        return None
    name = name.strip().lower()
    name = _SUPERSETS.get(name, name)
    try:
        codec = codecs.lookup(name).name
        b"<p>".decode(codec, "replace")  # base64, hex, rot13 ... are codecs but no text encodings
    except (LookupError, UnicodeError, TypeError, ValueError):
        return None
    return None if codec in _NOT_FOR_PAGES else codec


def declared_charset(body: bytes, content_type: str | None = None) -> str | None:
    """The charset named by the HTTP Content-Type, else by a ``<meta>`` tag.

    >>> declared_charset(b'<meta charset="GB2312">')
    'gb18030'
    >>> declared_charset(b'', 'text/html; charset=UTF-8')
    'utf-8'
    """
    if content_type:
        match = _HEADER_CHARSET.search(content_type)
        if match and _known(match.group(1)):
            return _known(match.group(1))
    match = _META_CHARSET.search(body[:4096])
    return _known(match.group(1).decode("ascii", "ignore")) if match else None


def decode_html(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)`` for raw page bytes.

    >>> decode_html("People’s".encode("utf-8"), "text/html; charset=ISO-8859-1")
    ('People’s', 'utf-8')
    >>> decode_html('<meta charset="gb2312">贵阳'.encode("gb18030"))[1]
    'gb18030'
    >>> decode_html("贵阳市".encode("gbk"))
    ('贵阳市', 'gb18030')
    >>> decode_html("贵阳市".encode("gbk"), "text/html; charset=utf-8")
    ('贵阳市', 'gb18030')
    """
    for bom, name in _BOMS:
        if body.startswith(bom):
            return body[len(bom):].decode(name, "replace"), name
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if not text.isascii():
            return text, "utf-8"
    declared = declared_charset(body, content_type)
    if declared and declared != "utf-8":  # a UTF-8 claim was just disproved
        try:
            return body.decode(declared, "replace"), declared
        except (UnicodeError, ValueError):  # a codec that fails even with "replace"
            pass
    for name in ("utf-8", "gb18030"):
        try:
            return body.decode(name), name
        except UnicodeDecodeError:
            continue
    return body.decode("cp1252", "replace"), "cp1252"

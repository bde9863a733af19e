"""Held-out accuracy measurement of ``portal_spider.extract.extract_article``.

Every ``pages/<family>_<nn>.html`` is fed, as raw bytes with the headers from its ``.json``
sidecar, to ``extract_article(body, url, headers)``; each expected field is compared exactly:

- ``photos``: the list of ``(src, caption, credit)`` tuples, in order;
- ``body``: the exact string (paragraphs joined by a blank line);
- ``section``: the list of breadcrumb parts;
- the other fields (``is_article``, ``title``, ``published``, ``date_source``, ``source``, ``byline``): equality.

Non-article pages expect only ``{"is_article": false}``.  An article that the extractor rejects, or
a page on which it raises, scores every field as wrong.

Usage::

    python tests/heldout/score.py              # tables + a compact diff of every miss
    python tests/heldout/score.py --json       # machine-readable scores and misses
    python tests/heldout/score.py --family F4  # only pages of one family (repeatable)
    python tests/heldout/score.py --page F1_05 # only named pages (repeatable)

This is a measurement, not a test: it always exits 0.
"""

from __future__ import annotations

import argparse
import json
import sys
import traceback
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
PAGES = HERE / "pages"
ROOT = HERE.parent.parent

FIELDS = ("is_article", "title", "published", "date_source", "source", "byline", "section", "photos", "body")


def load_corpus(families=None, names=None) -> list[dict]:
    cases = []
    for meta_file in sorted(PAGES.glob("*.json"), key=_sort_key):
        name = meta_file.stem
        family = name.split("_")[0]
        if families and family not in families:
            continue
        if names and name not in names:
            continue
        meta = json.loads(meta_file.read_text("utf-8"))
        cases.append({"name": name, "family": family, "url": meta["url"], "headers": meta.get("headers", {}),
                      "expected": meta["expected"], "notes": meta.get("notes"),
                      "body": meta_file.with_suffix(".html").read_bytes()})
    return cases


def _sort_key(path: Path):
    family, _, nn = path.stem.partition("_")
    return (int(family[1:]) if family[1:].isdigit() else 99, family, nn)


def normalise(field: str, value):
    if field == "photos":
        if not isinstance(value, (list, tuple)):
            return value
        out = []
        for p in value:
            if isinstance(p, dict):
                out.append((p.get("src"), p.get("caption"), p.get("credit")))
            else:
                out.append(tuple(p) if isinstance(p, (list, tuple)) else p)
        return out
    if field == "section" and isinstance(value, tuple):
        return list(value)
    return value


def _short(value, limit: int = 150) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def diff(field: str, expected, got) -> str:
    """A compact description of how ``got`` differs from ``expected``."""
    if field == "body" and isinstance(expected, str) and isinstance(got, str):
        ep, gp = expected.split("\n\n") if expected else [], got.split("\n\n") if got else []
        head = f"paragraphs expected {len(ep)}, got {len(gp)}"
        for i in range(max(len(ep), len(gp))):
            e = ep[i] if i < len(ep) else None
            g = gp[i] if i < len(gp) else None
            if e != g:
                return f"{head}; first difference at #{i + 1}:\n      expected {_short(e)}\n      got      {_short(g)}"
        return head
    if field == "photos" and isinstance(expected, list) and isinstance(got, list):
        head = f"photos expected {len(expected)}, got {len(got)}"
        for i in range(max(len(expected), len(got))):
            e = expected[i] if i < len(expected) else None
            g = got[i] if i < len(got) else None
            if e != g:
                return f"{head}; first difference at #{i + 1}:\n      expected {_short(e, 220)}\n      got      {_short(g, 220)}"
        return head
    return f"expected {_short(expected)}\n      got      {_short(got)}"


def run(cases: list[dict]) -> dict:
    sys.path.insert(0, str(ROOT))
    from portal_spider.extract import extract_article

    rows = []  # (case, field, ok, expected, got)
    errors = {}
    for case in cases:
        expected = case["expected"]
        try:
            result = extract_article(case["body"], case["url"], dict(case["headers"]))
            if not isinstance(result, dict):
                raise TypeError(f"extract_article returned {type(result).__name__}, not dict")
        except Exception as exc:  # a crash is a measurement too
            errors[case["name"]] = "".join(traceback.format_exception_only(type(exc), exc)).strip()
            result = None
        fields = [f for f in FIELDS if f in expected]
        for field in fields:
            want = normalise(field, expected[field])
            if result is None:
                got, ok = f"<error: {errors[case['name']]}>", False
            else:
                got = normalise(field, result.get(field))
                ok = got == want and type(got) is type(want)
            rows.append((case, field, ok, want, got))
        if result is not None and result.get("reject_reason"):
            case["reject_reason"] = result.get("reject_reason")
    return {"rows": rows, "errors": errors}


def summarise(cases: list[dict], outcome: dict) -> dict:
    rows = outcome["rows"]
    per_field = defaultdict(lambda: [0, 0])
    per_family = defaultdict(lambda: {"fields": [0, 0], "pages": [0, 0]})
    page_ok = defaultdict(lambda: True)
    for case, field, ok, _, _ in rows:
        per_field[field][0] += ok
        per_field[field][1] += 1
        per_family[case["family"]]["fields"][0] += ok
        per_family[case["family"]]["fields"][1] += 1
        page_ok[case["name"]] &= ok
    for case in cases:
        per_family[case["family"]]["pages"][0] += page_ok[case["name"]]
        per_family[case["family"]]["pages"][1] += 1
    right = sum(ok for _, _, ok, _, _ in rows)
    total = len(rows)
    misses = [{"page": c["name"], "family": c["family"], "url": c["url"], "field": f, "expected": e, "got": g,
               "diff": diff(f, e, g) + (f"  (reject_reason: {c['reject_reason']!r})"
                                        if f == "is_article" and c.get("reject_reason") else ""),
               "notes": c["notes"]}
              for c, f, ok, e, g in rows if not ok]
    return {
        "overall": {"right": right, "total": total, "percent": round(100.0 * right / total, 2) if total else 0.0,
                    "pages": len(cases), "pages_fully_right": sum(page_ok[c["name"]] for c in cases)},
        "per_field": {f: {"right": v[0], "total": v[1], "percent": round(100.0 * v[0] / v[1], 1)}
                      for f, v in ((f, per_field[f]) for f in FIELDS) if v[1]},
        "per_family": {fam: {"fields_right": v["fields"][0], "fields_total": v["fields"][1],
                             "percent": round(100.0 * v["fields"][0] / v["fields"][1], 1),
                             "pages_fully_right": v["pages"][0], "pages": v["pages"][1]}
                       for fam, v in sorted(per_family.items(), key=lambda kv: (int(kv[0][1:]) if kv[0][1:].isdigit() else 99, kv[0]))},
        "errors": outcome["errors"],
        "misses": misses,
    }


def print_report(summary: dict) -> None:
    o = summary["overall"]
    print(f"Held-out extraction accuracy: {o['right']}/{o['total']} fields right = {o['percent']:.2f}%  "
          f"({o['pages_fully_right']}/{o['pages']} pages fully right)\n")
    print(f"{'field':<12} {'right':>5} {'total':>5} {'%':>7}")
    for field, v in summary["per_field"].items():
        print(f"{field:<12} {v['right']:>5} {v['total']:>5} {v['percent']:>6.1f}%")
    print()
    print(f"{'family':<8} {'fields':>9} {'%':>7} {'pages ok':>9}")
    for fam, v in summary["per_family"].items():
        print(f"{fam:<8} {v['fields_right']:>4}/{v['fields_total']:<4} {v['percent']:>6.1f}% {v['pages_fully_right']:>4}/{v['pages']:<4}")
    if summary["errors"]:
        print("\nErrors:")
        for name, err in summary["errors"].items():
            print(f"  {name}: {err}")
    if summary["misses"]:
        print(f"\nMisses ({len(summary['misses'])}):")
        last = None
        for m in summary["misses"]:
            if m["page"] != last:
                print(f"\n{m['page']}  {m['url']}" + (f"\n  note: {m['notes']}" if m["notes"] else ""))
                last = m["page"]
            print(f"  - {m['field']}: {m['diff']}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--family", action="append", help="only this family (repeatable)")
    parser.add_argument("--page", action="append", help="only this page, e.g. F1_05 (repeatable)")
    args = parser.parse_args(argv)
    cases = load_corpus(args.family, args.page)
    try:
        summary = summarise(cases, run(cases))
    except Exception:  # e.g. the extractor cannot be imported: still a measurement
        traceback.print_exc()
        print("score: could not run the extractor", file=sys.stderr)
        return 0
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=1, default=str))
    else:
        print_report(summary)
    return 0


if __name__ == "__main__":
    sys.exit(main())

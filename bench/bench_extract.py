#!/usr/bin/env python3
"""Extraction speed: ``extract_article`` vs trafilatura's ``bare_extraction`` on the same pages.

Pages: every saved article page of the sample portal (``sample_portal/sites``,
any family) plus generated F1 pages (30-60 KB, the benchmark portal's), read
once into memory.  Both extractors run in this process, alternating blocks,
best of several blocks; figure: pages/s, ratio = ours / trafilatura (target ≥ 5×).
trafilatura runs as its README shows for metadata + text
(``bare_extraction(html, url=..., with_metadata=True)``); it is an optional
extra (``pip install -e '.[bench]'``).

Usage: python bench/bench_extract.py [--quick] [--json]
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from portal_spider.extract import extract_article  # noqa: E402
from portal_spider.sample_portal.generated import article_html, make_articles  # noqa: E402

SITES = ROOT / "portal_spider" / "sample_portal" / "sites"
ARTICLE = re.compile(r"(c_\d+(_\d+)?\.htm|content_\w+\.html?|t\d{8}_\d+\.s?html?|art_\d+_\d+\.html|/\d+\.shtml|[0-9a-f]{32}\.html)$")


def pages(generated: int) -> list[tuple[bytes, str, dict]]:
    out = []
    for path in sorted(SITES.rglob("*")):
        rel = path.relative_to(SITES).as_posix()
        if path.is_file() and ARTICLE.search(rel):
            out.append((path.read_bytes(), "https://" + rel, {"Content-Type": "text/html"}))
    for a in make_articles(generated, seed=9):
        out.append((article_html(a), a.url, {"Content-Type": "text/html; charset=utf-8"}))
    return out


def rate(fn, corpus, blocks: int) -> float:
    best = float("inf")
    for _ in range(blocks):
        t = time.perf_counter()
        for body, url, headers in corpus:
            fn(body, url, headers)
        best = min(best, time.perf_counter() - t)
    return len(corpus) / best


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    try:
        from trafilatura import bare_extraction
    except ImportError as exc:
        print(f"trafilatura is not installed (pip install -e '.[bench]'): {exc}", file=sys.stderr)
        return 2
    corpus = pages(20 if args.quick else 100)

    def theirs(body, url, headers):
        return bare_extraction(body, url=url, with_metadata=True)

    for body, url, headers in corpus[:3]:  # warm-up (imports, caches)
        extract_article(body, url, headers)
        theirs(body, url, headers)
    blocks = 2 if args.quick else 5
    ours_rates, their_rates = [], []
    for _ in range(blocks):  # alternate so that load on the machine hits both alike
        ours_rates.append(rate(extract_article, corpus, 1))
        their_rates.append(rate(theirs, corpus, 1))
    ours, base = max(ours_rates), max(their_rates)
    result = [{"name": f"extraction pages/s (extract_article vs trafilatura bare_extraction, {len(corpus)} pages)",
               "value": round(ours, 1), "baseline": round(base, 1), "ratio": round(ours / base, 2),
               "target": "≥ 5×", "met": ours / base >= 5}]
    if args.json:
        print(json.dumps(result, indent=1, ensure_ascii=False))
    else:
        r = result[0]
        print(f"{r['name']}: {r['value']} vs {r['baseline']} pages/s = {r['ratio']}× (target {r['target']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Work per page: ``extract_article`` on the hostile page of a million tiny paragraphs.

The page (``sample_portal.faults.tiny_paragraphs_page``: ``<p>x</p>`` a million
times, 8 MB, ~12 KB gzipped) is what a crawl may meet; extraction must grow
linearly with it.  Measured in this process: seconds for the whole page, and for
an eighth of it (the baseline: eight times that is what linear growth predicts;
a quadratic step makes the ratio climb towards 8); the peak RSS of the process.
In a crawl the page never runs this long: the extraction worker's budget
(``PORTAL_ARCHIVE_EXTRACT_TIMEOUT``, ``PORTAL_ARCHIVE_EXTRACT_MEMORY_MB``) stops it
and the page ends ``too-complex``.

Usage: python bench/bench_page_budget.py [--quick] [--json]
"""

from __future__ import annotations

import argparse
import json
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from portal_spider.extract import extract_article  # noqa: E402
from portal_spider.sample_portal.faults import tiny_paragraphs_page  # noqa: E402

URL = "https://english.guiyang.gov.cn/2024-06/30/c_3000030.htm"


def seconds(paragraphs: int) -> float:
    page = tiny_paragraphs_page(paragraphs)
    started = time.perf_counter()
    extract_article(page, URL, {"Content-Type": "text/html"})
    return time.perf_counter() - started


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="a quarter of the page (250,000 paragraphs)")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    size = 250_000 if args.quick else 1_000_000
    seconds(1000)  # warm-up (imports, caches)
    eighth = min(seconds(size // 8) for _ in range(3))
    whole = seconds(size)
    result = [{"name": f"extract_article on {size:,} tiny paragraphs, s (baseline: 8 × an eighth of the page)",
               "value": round(whole, 2), "baseline": round(8 * eighth, 2), "ratio": round(whole / (8 * eighth), 2),
               "target": "≤ 1.5× (linear)", "met": whole / (8 * eighth) <= 1.5},
              {"name": f"peak RSS extracting {size:,} tiny paragraphs, MB",
               "value": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024), "baseline": None,
               "ratio": None, "target": "stopped by the worker's budget in a crawl (192 MB)"}]
    if args.json:
        print(json.dumps(result, indent=1, ensure_ascii=False))
    else:
        for r in result:
            print(f"{r['name']}: {r['value']} (baseline {r['baseline']}, ratio {r['ratio']}, target {r['target']})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

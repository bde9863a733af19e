#!/usr/bin/env python3
"""Run every benchmark and print one table (or ``--json``): name, value, baseline, ratio, target.

Each figure is a ratio against a baseline measured in the same run, because the
machines are shared and noisy.  ``--quick`` runs everything at a reduced size in
about a minute; the full run takes much longer (the 2,000-article pipeline
comparison, a 100,000-article crawl for memory, archives of 100k and 1M articles).

    python bench/run.py [--quick] [--json] [--only pipeline,extract,dates,recrawl,search,memory,page]

Benchmarks (each is also a script of its own in bench/):

1. pipeline  bench_pipeline.py --only pipeline   full crawl vs bare Scrapy, pages/s (≥ 0.8×)
2. extract   bench_extract.py                    extract_article vs trafilatura, pages/s (≥ 5×)
3. dates     bench_dates.py                      normalise_date vs dateparser, µs/call (≥ 50×)
4. recrawl   bench_pipeline.py --only recrawl    requests of an unchanged / grown portal's recrawl
5. search    bench_search.py                     archive at scale: ingest, size, search p50/p95 vs LIKE
6. memory    bench_pipeline.py --only memory     peak RSS of large crawls, growth with size (≤ 300 MB)
7. page      bench_page_budget.py                extract_article on a million tiny paragraphs: linear growth
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = {
    "pipeline": ["bench_pipeline.py", "--only", "pipeline"],
    "extract": ["bench_extract.py"],
    "dates": ["bench_dates.py"],
    "recrawl": ["bench_pipeline.py", "--only", "recrawl"],
    "search": ["bench_search.py"],
    "memory": ["bench_pipeline.py", "--only", "memory"],
    "page": ["bench_page_budget.py"],
}


def run_one(name: str, quick: bool) -> tuple[list[dict], float, str]:
    script, *args = BENCHES[name]
    if not (HERE / script).exists():
        return [], 0.0, f"{script} not found"
    command = [sys.executable, str(HERE / script), *args, "--json", *(["--quick"] if quick else [])]
    started = time.monotonic()
    proc = subprocess.run(command, capture_output=True, text=True, cwd=HERE.parent)
    seconds = time.monotonic() - started
    if proc.returncode != 0:
        return [], seconds, (proc.stderr.strip().splitlines() or [f"exit {proc.returncode}"])[-1]
    try:
        figures = json.loads(proc.stdout[proc.stdout.index("["):])
    except ValueError:
        return [], seconds, "no JSON output"
    for f in figures:
        f["bench"] = name
    return figures, seconds, ""


def fmt(value) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:,.2f}" if abs(value) < 100 else f"{value:,.0f}"
    return f"{value:,}" if isinstance(value, int) else str(value)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="every benchmark at a reduced size (about a minute)")
    ap.add_argument("--json", action="store_true", help="print the figures as JSON")
    ap.add_argument("--only", default=",".join(BENCHES), help="comma-separated subset of: " + ", ".join(BENCHES))
    args = ap.parse_args(argv)
    names = [n.strip() for n in args.only.split(",") if n.strip()]
    unknown = [n for n in names if n not in BENCHES]
    if unknown:
        ap.error(f"unknown benchmark {', '.join(unknown)}")
    figures, problems = [], []
    for name in names:
        got, seconds, problem = run_one(name, args.quick)
        figures += got
        if problem:
            problems.append(f"{name}: {problem}")
        if not args.json:
            print(f"  ran {name} in {seconds:.0f} s" + (f" ({problem})" if problem else ""), file=sys.stderr)
    if args.json:
        print(json.dumps([{k: f.get(k) for k in ("bench", "name", "value", "baseline", "ratio", "target")}
                          for f in figures], indent=1, ensure_ascii=False))
    else:
        width = max([len(f["name"]) for f in figures] + [10])
        print(f"{'benchmark':<{width}}  {'value':>10}  {'baseline':>10}  {'ratio':>7}  target")
        for f in figures:
            print(f"{f['name']:<{width}}  {fmt(f['value']):>10}  {fmt(f.get('baseline')):>10}  "
                  f"{fmt(f.get('ratio')):>7}  {f.get('target') or ''}")
    for problem in problems:
        print(f"warning: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

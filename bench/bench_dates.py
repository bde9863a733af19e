#!/usr/bin/env python3
"""Benchmark portal_spider.dates.normalise_date against dateparser's search_dates.

Both read every date-like literal quoted in docs/families.md (date lines, list
items, meta values, rejects), in the same process:

* speed: µs per call, averaged over all lines, after a warm-up (dateparser's
  first call, ~170 ms of imports and language loading, is excluded);
* accuracy: fraction of lines whose result has the expected ISO date part
  (``None`` expected for the non-dates), dateparser's answer being the first
  date ``search_dates`` returns.

dateparser is configured as carefully as the engineering notes advise:
``languages=['en', 'zh']``, ``REQUIRE_PARTS=['day', 'month', 'year']``,
``TIMEZONE='Asia/Shanghai'``, ``RETURN_AS_TIMEZONE_AWARE=False``.

Usage: python bench/bench_dates.py [--quick] [--json] [--verbose]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from portal_spider.dates import normalise_date  # noqa: E402

# (line as printed on the portals (docs/families.md), expected iso or None)
LINES: list[tuple[str, str | None]] = [
    # F1 date lines and mirrors
    ("english.guiyang.gov.cn |Updated: 2024-01-31 18:17:01", "2024-01-31T18:17:01+08:00"),
    ("english.guiyang.gov.cn|Updated: 2022-04-28", "2022-04-28"),
    ("english.guiyang.gov.cn| Updated: 2020-07-21", "2020-07-21"),
    ("english.guiyang.gov.cn|Updated: 2022-10-12", "2022-10-12"),
    ("chinadaily.com.cn|Updated: 2024-02-23", "2024-02-23"),
    ("Updated: 2019-05-13", "2019-05-13"),
    ("(english.guiyang.gov.cn)|2023-12-15", "2023-12-15"),
    ("eguangzhou.gov.cn | Updated:2023-09-26", "2023-09-26"),
    ("Some headline here | Updated:2022-01-18", "2022-01-18"),
    ("(fao.xm.gov.cn) Updated:2022-02-28", "2022-02-28"),
    ("www.ehangzhou.gov.cn| Updated: January 4, 2022 L M S", "2022-01-04"),
    ("(ezhejiang.gov.cn) Updated : 2020-04-10", "2020-04-10"),
    ("ezhejiang.gov.cn| Updated: January 20, 2022", "2022-01-20"),
    ("By WANG KEJU and YANG JUN in Guiyang | chinadaily.com.cn| Updated: 2017-12-22 Print", "2017-12-22"),
    ("By Yang Cheng| (chinadaily.com.cn)| Updated : 2022-10-20", "2022-10-20"),
    ("Updated: 2014-06-09", "2014-06-09"),
    # catalogue "Date line as printed" and other literals
    ("Updated: Aug 15,2016 2:09 PM", "2016-08-15T14:09+08:00"),
    ("Beijing | 10 a.m. June 5, 2024", "2024-06-05T10:00+08:00"),
    ("Date:\nJune 5, 2024", "2024-06-05"),
    ("MOFCOM Regular Press Conference (July 11, 2024)", "2024-07-11"),
    ("2020/12/18", "2020-12-18"),
    ("Dispatch date:\n2015-07-20", "2015-07-20"),
    ("Updated: October 15, 2019 Source: Belt and Road Portal", "2019-10-15"),
    ("Time: 2019-05-14 22:38:17 Source: Belt and Road Portal", "2019-05-14T22:38:17+08:00"),
    ("2024-02-05  |  ", "2024-02-05"),
    ("Date: 2022-09-29", "2022-09-29"),
    ("February 28, 2026", "2026-02-28"),
    ("Title - December 18, 2023", "2023-12-18"),
    ("2017年09月27日", "2017-09-27"),
    ("( 2026.01.14 )", "2026-01-14"),
    ("Shanghai Weekly Bulletin (Issue 127 No.2, January 2026) ( 2026.01.14 )", "2026-01-14"),
    ("Updated: 2019-10-24", "2019-10-24"),
    ("Title | 2019-09-20", "2019-09-20"),
    ("Date: 2016-10-24", "2016-10-24"),
    ("2018-03-27   Source:Guiyang China", "2018-03-27"),
    ("2018-09-27   Source:Guiyang China", "2018-09-27"),
    ("date:2025-09-05 17:03:04 source:Xinhua", "2025-09-05T17:03:04+08:00"),
    ("2015-01-30 11:09:40", "2015-01-30T11:09:40+08:00"),
    ("2012-05-26 23:37:41", "2012-05-26T23:37:41+08:00"),
    ("Date:2021-07-30 16:34", "2021-07-30T16:34+08:00"),
    ("english.jinan.gov.cn2022-01-21", "2022-01-21"),
    ("Qingdao Government | DECEMBER 24,2021", "2021-12-24"),
    ("Origin:成都市人民政府外事侨务办公室 Release Time:2018-06-27 16:06 Read: Degree", "2018-06-27T16:06+08:00"),
    ("2017-01-13 14:26:46 , Source : The Government Website of Shaanxi Province", "2017-01-13T14:26:46+08:00"),
    ("General Office of Xi'an Municipal People’s Government     Updated: 2018-02-07", "2018-02-07"),
    ("Date:2017-10-10 16:01:00", "2017-10-10T16:01:00+08:00"),
    ("Source: Shenyang Portal Website 2020-02-13", "2020-02-13"),
    ("by HU ZHONGXIONG (China Daily)|2022-03-08", "2022-03-08"),
    ("15 July 2015", "2015-07-15"),
    ("2020-12-15 10:00:00", "2020-12-15T10:00:00+08:00"),
    ("2026/01/19 10:00", "2026-01-19T10:00+08:00"),
    # literals that hold no full date
    ("Date: Tmp: 中文版 Easy Web Browsing", None),
    ("Copyright ©2013 - Guizhou Provincial Information Office All Rights Reserved.", None),
    ("[Photo/hangzhou2022.cn]", None),
    ("黔ICP备05001922号", None),
    ("粤ICP备09176539号-5", None),
    ("00304546852_52dad08d.jpg", None),
]

DP_SETTINGS = {
    "REQUIRE_PARTS": ["day", "month", "year"],
    "TIMEZONE": "Asia/Shanghai",
    "RETURN_AS_TIMEZONE_AWARE": False,
}


def ours(text: str) -> str | None:
    d = normalise_date(text)
    return None if d is None else d.iso


def make_dateparser():
    from dateparser.search import search_dates

    def baseline(text: str) -> str | None:
        found = search_dates(text, languages=["en", "zh"], settings=DP_SETTINGS)
        return found[0][1].isoformat() if found else None

    return baseline


def per_call_us(fn, lines: list[str], rounds: int, repeats: int) -> tuple[float, list[float]]:
    """Mean µs per call over all lines, and the per-line figures.

    Each line is timed ``repeats`` times over ``rounds`` calls and the fastest
    block is kept (as timeit does): other processes on the machine only ever
    add time, so the minimum is the least noisy estimate.
    """
    per_line = []
    clock = time.perf_counter
    for text in lines:
        best = float("inf")
        for _ in range(repeats):
            t0 = clock()
            for _ in range(rounds):
                fn(text)
            best = min(best, clock() - t0)
        per_line.append(best / rounds * 1e6)
    return statistics.fmean(per_line), per_line


def accuracy(fn) -> tuple[float, list[tuple[str, str | None, str | None]]]:
    misses = []
    for text, expected in LINES:
        got = fn(text)
        if (got[:10] if got else None) != (expected[:10] if expected else None):
            misses.append((text, expected, got))
    return 1 - len(misses) / len(LINES), misses


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--quick", action="store_true", help="fewer rounds (well under a minute)")
    ap.add_argument("--json", action="store_true", help="print a JSON list of {name, value, baseline, ratio, target}")
    ap.add_argument("--verbose", action="store_true", help="per-line timings")
    args = ap.parse_args(argv)
    # (calls per block, blocks) for each side
    (ours_rounds, ours_rep), (dp_rounds, dp_rep) = ((100, 3), (1, 3)) if args.quick else ((500, 7), (2, 5))

    texts = [t for t, _ in LINES]
    t0 = time.perf_counter()
    baseline = make_dateparser()
    baseline(texts[0])  # first call: imports, language data (excluded)
    first_call_ms = (time.perf_counter() - t0) * 1e3
    for t in texts:  # warm-up both
        baseline(t)
        ours(t)

    ours_acc, ours_misses = accuracy(ours)
    dp_acc, dp_misses = accuracy(baseline)
    exact = sum(ours(t) == e for t, e in LINES) / len(LINES)

    ours_us, ours_lines = per_call_us(ours, texts, ours_rounds, ours_rep)
    dp_us, dp_lines = per_call_us(baseline, texts, dp_rounds, dp_rep)
    ratio = dp_us / ours_us
    ratios = [d / o for d, o in zip(dp_lines, ours_lines)]

    results = [
        {"name": "date line µs/call (mean over the catalogue's lines)", "value": round(ours_us, 2),
         "baseline": round(dp_us, 2), "ratio": round(ratio, 1), "target": "≥ 50×"},
        {"name": "date line µs/call (median line)", "value": round(statistics.median(ours_lines), 2),
         "baseline": round(statistics.median(dp_lines), 2), "ratio": round(statistics.median(ratios), 1),
         "target": "≥ 50×"},
        {"name": "accuracy (expected ISO date part)", "value": round(ours_acc, 4), "baseline": round(dp_acc, 4),
         "ratio": round(ours_acc / dp_acc, 3) if dp_acc else None, "target": "1.0"},
    ]
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=1))
        return 0

    print(f"{len(LINES)} literals from docs/families.md; best of {ours_rep}×{ours_rounds} calls a line (ours), "
          f"{dp_rep}×{dp_rounds} (dateparser)")
    print(f"dateparser first call (excluded): {first_call_ms:.0f} ms")
    if args.verbose:
        for t, o, d in zip(texts, ours_lines, dp_lines):
            print(f"  {o:8.2f} µs {d:10.1f} µs  {d / o:7.0f}×  {t[:60]!r}")
    print(f"normalise_date      : {ours_us:8.2f} µs/call (median line {statistics.median(ours_lines):.2f}, "
          f"max {max(ours_lines):.2f})  accuracy {ours_acc:.1%}  (full iso incl. time: {exact:.1%})")
    print(f"dateparser baseline : {dp_us:8.1f} µs/call (median line {statistics.median(dp_lines):.1f})"
          f"  accuracy {dp_acc:.1%}")
    print(f"speed ratio         : {ratio:.0f}× (median per line {statistics.median(ratios):.0f}×), target ≥ 50×")
    for name, misses in (("normalise_date", ours_misses), ("dateparser", dp_misses)):
        for text, expected, got in misses:
            print(f"  {name} miss: {text!r}: expected {expected}, got {got}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

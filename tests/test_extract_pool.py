"""The extraction workers: the same answer as extracting in-process; a dead worker fails its pages
(the spider then extracts them itself) and is replaced at the next page."""

from __future__ import annotations

import asyncio
import os
import signal

import pytest

from portal_spider.extract import extract_article
from portal_spider.middlewares.extract_pool import WorkerDied, _Pool
from tests.conftest import ROOT

PAGE = ROOT / "portal_spider/sample_portal/sites/english.guiyang.gov.cn/2024-01/31/c_1000101.htm"
URL = "https://english.guiyang.gov.cn/2024-01/31/c_1000101.htm"
HEADERS = {"Content-Type": "text/html; charset=utf-8"}


def test_workers_answer_as_in_process_and_survive_a_dead_worker():
    body = PAGE.read_bytes()

    async def scenario():
        pool = _Pool(1)
        try:
            answers = await asyncio.gather(*(pool.extract(body, URL, HEADERS) for _ in range(5)))
            first = pool.workers[0]
            os.kill(first.process.pid, signal.SIGKILL)
            with pytest.raises(WorkerDied):
                await pool.extract(body, URL, HEADERS)
            again = await pool.extract(body, URL, HEADERS)
            return answers, again, pool.workers[0] is not first
        finally:
            pool.close()

    answers, again, replaced = asyncio.run(scenario())
    expected = extract_article(body, URL, HEADERS)
    assert answers == [expected] * 5
    assert again == expected and replaced

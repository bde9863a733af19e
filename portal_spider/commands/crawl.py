"""``scrapy crawl NAME``, with the checks of ``portal-archive crawl`` before anything runs.

Scrapy's own command, plus (see :mod:`portal_spider.options`): ``-s NAME=VALUE``
values must read as their setting's type (an unknown name gets a one-line
warning naming the closest setting), the crawl window must be well-formed, and
``-a since=`` must be a day (``2024-06-05``, ``2024-06`` or ``2024``).  A bad
option is one line on stderr and exit status 2.
"""

from __future__ import annotations

import sys

from scrapy.commands.crawl import Command as ScrapyCrawlCommand

from ..exits import Exit
from ..options import check_settings, check_window, since_day
from ..project import project_settings


class Command(ScrapyCrawlCommand):
    def process_options(self, args, opts) -> None:
        super().process_options(args, opts)
        try:
            # against the defaults: the command's own settings already hold the -s values
            _, warnings = check_settings(opts.set, project_settings())
            check_window(self.settings)
            if "since" in opts.spargs:
                opts.spargs["since"] = since_day(opts.spargs["since"], "-a since")
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            sys.exit(Exit.USAGE)
        for warning in warnings:
            print(warning, file=sys.stderr)

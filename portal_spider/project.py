"""The crawler's Scrapy settings, loaded from the installed package whatever the working directory.

Scrapy's ``get_project_settings`` looks for ``scrapy.cfg`` in the working directory (or one
of its parents): from anywhere else it finds no spiders, and in another Scrapy project's
folder it would load that project's settings.  Every command loads them from here instead
(``$SCRAPY_SETTINGS_MODULE`` still chooses another settings module, as for Scrapy).
"""

from __future__ import annotations

import os

SETTINGS_MODULE = "portal_spider.settings"


def project_settings():
    """A fresh copy of the project's settings (Scrapy's defaults below them): ``portal_spider.settings``,
    or the module ``$SCRAPY_SETTINGS_MODULE`` names (Scrapy's own way to run a project with other settings).

    >>> settings = project_settings()
    >>> settings["BOT_NAME"], settings.getfloat("DOWNLOAD_DELAY"), settings.get("RETRY_HTTP_CODES")[:2]
    ('portal_spider', 1.0, [500, 502])
    """
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule(os.environ.get("SCRAPY_SETTINGS_MODULE") or SETTINGS_MODULE, priority="project")
    return settings


def spider_loader(settings=None):
    """Scrapy's spider loader over the project's spiders."""
    from scrapy.spiderloader import SpiderLoader

    return SpiderLoader.from_settings(settings if settings is not None else project_settings())

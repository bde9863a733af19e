"""Base spiders: one shared ``PortalSpider`` plus one subclass per CMS family."""

from .portal import PortalSpider
from .china_daily_cms import ChinaDailyCmsSpider

__all__ = ["ChinaDailyCmsSpider", "PortalSpider"]

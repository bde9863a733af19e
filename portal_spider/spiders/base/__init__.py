"""Base spiders: one shared ``PortalSpider`` plus one subclass per CMS family.

Which base serves which family is the ``spider_base`` of :data:`portal_spider.families.FAMILIES`.
"""

from .portal import PortalSpider
from .family import FamilySpider
from .china_daily_cms import ChinaDailyCmsSpider
from .generic import GenericPortalSpider
from .hanweb import HanwebSpider
from .legacy_china_daily import LegacyChinaDailySpider
from .legacy_guiyang import LegacyGuiyangSpider
from .shaanxi import ShaanxiPortalSpider
from .shanghai import ShanghaiJspSpider, ShanghaiCmsSpider
from .sichuan import SichuanPortalSpider
from .state_council import StateCouncilSpider
from .trs import TrsSpider

__all__ = ["ChinaDailyCmsSpider", "FamilySpider", "GenericPortalSpider", "HanwebSpider",
           "LegacyChinaDailySpider", "LegacyGuiyangSpider", "PortalSpider", "ShaanxiPortalSpider", "ShanghaiJspSpider",
           "ShanghaiCmsSpider", "SichuanPortalSpider", "StateCouncilSpider", "TrsSpider"]

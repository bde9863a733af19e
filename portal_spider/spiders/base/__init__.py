"""Base spiders: one shared ``PortalSpider`` plus one subclass per CMS family."""

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

#: family id -> base spider (the scaffold and the registry read it)
FAMILY_BASES = {
    "F1": ChinaDailyCmsSpider, "F2": LegacyChinaDailySpider, "F3": StateCouncilSpider, "F4": TrsSpider,
    "F5": HanwebSpider, "F6": ShanghaiCmsSpider, "F6b": ShanghaiJspSpider, "F7": SichuanPortalSpider, "F8": ShaanxiPortalSpider,
    "F9": GenericPortalSpider, "F10": LegacyGuiyangSpider,
}

__all__ = ["FAMILY_BASES", "ChinaDailyCmsSpider", "FamilySpider", "GenericPortalSpider", "HanwebSpider",
           "LegacyChinaDailySpider", "LegacyGuiyangSpider", "PortalSpider", "ShaanxiPortalSpider", "ShanghaiJspSpider",
           "ShanghaiCmsSpider", "SichuanPortalSpider", "StateCouncilSpider", "TrsSpider"]

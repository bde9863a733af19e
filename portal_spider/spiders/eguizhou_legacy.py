from .base import LegacyChinaDailySpider


class EguizhouLegacySpider(LegacyChinaDailySpider):
    name = "eguizhou_legacy"
    portal_name = "Guizhou 2013-14 (www.eguizhou.gov.cn, legacy template)"
    hosts = ("www.eguizhou.gov.cn",)
    # plausible China Daily channel node page
    sections = {
        "News": "http://www.eguizhou.gov.cn/node_100121.htm",
    }
    level = "province"
    province = "Guizhou"
    city = None

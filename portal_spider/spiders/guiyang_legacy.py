from .base import LegacyGuiyangSpider


class GuiyangLegacySpider(LegacyGuiyangSpider):
    name = "guiyang_legacy"
    portal_name = "Guiyang, legacy portal (en.www.guiyang.gov.cn)"
    hosts = ("en.www.guiyang.gov.cn",)
    # plausible section page (only article URLs are known)
    sections = {
        "Mayor speech": "http://en.www.guiyang.gov.cn/c5300/index.html",
    }
    level = "city"
    province = "Guizhou"
    city = "Guiyang"

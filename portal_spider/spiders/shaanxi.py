from .base import ShaanxiPortalSpider


class ShaanxiSpider(ShaanxiPortalSpider):
    name = "shaanxi"
    portal_name = "Shaanxi (english.shaanxi.gov.cn)"
    hosts = ("english.shaanxi.gov.cn",)
    # column folder of the known article URLs
    sections = {
        "Top news": "http://english.shaanxi.gov.cn/octzwosx/top/index.htm",
    }
    level = "province"
    province = "Shaanxi"
    city = None

from .base import TrsSpider


class ShenzhenSpider(TrsSpider):
    name = "shenzhen"
    portal_name = "Shenzhen Government Online (www.sz.gov.cn/en_szgov)"
    hosts = ("www.sz.gov.cn", "english.sz.gov.cn",)
    # first page of /en_szgov/news/latest/index_6.html; english.sz.gov.cn is the old host (same paths under /en_szgov)
    sections = {
        "Latest": "https://www.sz.gov.cn/en_szgov/news/latest/index.html",
    }
    level = "city"
    province = "Guangdong"
    city = "Shenzhen"

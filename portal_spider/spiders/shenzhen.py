from .base import TrsSpider


class ShenzhenSpider(TrsSpider):
    name = "shenzhen"
    portal_name = "Shenzhen Government Online (www.sz.gov.cn/en_szgov)"
    hosts = ("www.sz.gov.cn", "english.sz.gov.cn",)
    # english.sz.gov.cn is the old host (same paths under /en_szgov)
    mirror_hosts = {"english.sz.gov.cn": "www.sz.gov.cn/en_szgov"}
    # first page of /en_szgov/news/latest/index_6.html
    sections = {
        "Latest": "https://www.sz.gov.cn/en_szgov/news/latest/index.html",
    }
    level = "city"
    province = "Guangdong"
    city = "Shenzhen"

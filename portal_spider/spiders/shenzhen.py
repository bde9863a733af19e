from .base import TrsSpider


class ShenzhenSpider(TrsSpider):
    name = "shenzhen"
    portal_name = "Shenzhen Government Online (www.sz.gov.cn/en_szgov)"
    hosts = ("www.sz.gov.cn", "english.sz.gov.cn",)
    sections = {
        "Latest": "https://www.sz.gov.cn/en_szgov/news/latest/index.html",
    }
    level = "city"
    province = "Guangdong"
    city = "Shenzhen"

from .base import TrsSpider


class NanningSpider(TrsSpider):
    name = "nanning"
    portal_name = "Nanning (english.nanning.gov.cn)"
    hosts = ("english.nanning.gov.cn",)
    # section folder of the known article URL
    sections = {
        "Top stories": "https://english.nanning.gov.cn/city_life/city_news/top_stories/index.html",
    }
    level = "city"
    province = "Guangxi"
    city = "Nanning"

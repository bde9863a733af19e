from .base import GenericPortalSpider


class WuhuSpider(GenericPortalSpider):
    name = "wuhu"
    portal_name = "Wuhu (www.wuhu.gov.cn/English)"
    hosts = ("www.wuhu.gov.cn",)
    # not seen: /English/News/<id>.html is cited elsewhere
    sections = {
        "News": "https://www.wuhu.gov.cn/English/News/index.html",
    }
    article_pattern = r"^/English/News/\d+\.html$"
    level = "city"
    province = "Anhui"
    city = "Wuhu"

from .base import GenericPortalSpider


class YidaiyiluSpider(GenericPortalSpider):
    name = "yidaiyilu"
    portal_name = "Belt and Road Portal (eng.yidaiyilu.gov.cn)"
    hosts = ("eng.yidaiyilu.gov.cn",)
    # plausible list page
    sections = {
        "News": "https://eng.yidaiyilu.gov.cn/info/iList.jsp?cat_id=10076",
    }
    article_pattern = r"^/(?:p/\d+\.html|[A-Za-z]+/[A-Za-z]+/\d+\.htm)$"
    level = "state"
    province = None
    city = None

from .base import GenericPortalSpider


class ChengduSpider(GenericPortalSpider):
    name = "chengdu"
    portal_name = "Chengdu FAO (cdfao.chengdu.gov.cn)"
    hosts = ("cdfao.chengdu.gov.cn",)
    # plausible list page of column c107818
    sections = {
        "News": "http://cdfao.chengdu.gov.cn/cdwqb/c107818/list.shtml",
    }
    article_pattern = r"/\d{4}-\d{2}/\d{2}/content_[0-9a-f]{32}\.shtml$"
    level = "city"
    province = "Sichuan"
    city = "Chengdu"

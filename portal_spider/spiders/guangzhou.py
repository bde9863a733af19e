from .base import GenericPortalSpider


class GuangzhouSpider(GenericPortalSpider):
    name = "guangzhou"
    portal_name = "Guangzhou 2010 (english.gz.gov.cn)"
    hosts = ("english.gz.gov.cn",)
    # plausible list page of column s3709
    sections = {
        "Government": "http://english.gz.gov.cn/gzgoven/s3709/list.shtml",
    }
    article_pattern = r"/gzgoven/s\d+/\d{6}/\d+\.shtml$"
    level = "city"
    province = "Guangdong"
    city = "Guangzhou"

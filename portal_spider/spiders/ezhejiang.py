from .base import ChinaDailyCmsSpider


class EzhejiangSpider(ChinaDailyCmsSpider):
    name = "ezhejiang"
    portal_name = "Zhejiang (www.ezhejiang.gov.cn)"
    hosts = ("www.ezhejiang.gov.cn",)
    # first page of /jinhua/latest_200.html
    sections = {
        "Jinhua": "https://www.ezhejiang.gov.cn/jinhua/latest.html",
    }
    level = "province"
    province = "Zhejiang"
    city = None

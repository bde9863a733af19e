from .base import ChinaDailyCmsSpider


class GuiyangSpider(ChinaDailyCmsSpider):
    name = "guiyang"
    portal_name = "Guiyang (english.guiyang.gov.cn)"
    hosts = (
        "english.guiyang.gov.cn",
        "nanming.english.guiyang.gov.cn", "jw.english.guiyang.gov.cn", "baiyun.english.guiyang.gov.cn",
        "yunyan.english.guiyang.gov.cn", "hx.english.guiyang.gov.cn", "wudang.english.guiyang.gov.cn",
        "wlj.english.guiyang.gov.cn",
    )
    sections = {
        "News": "https://english.guiyang.gov.cn/news.html",
        "Foreign Affairs Office": "https://english.guiyang.gov.cn/wsb/foreignaffairsofficenews.html",
        "Nanming": "https://nanming.english.guiyang.gov.cn/news.html",
    }
    level = "city"
    province = "Guizhou"
    city = "Guiyang"

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
    # the district subdomains mirror a folder of the city portal
    mirror_hosts = {
        "nanming.english.guiyang.gov.cn": "english.guiyang.gov.cn/nanming",
        "baiyun.english.guiyang.gov.cn": "english.guiyang.gov.cn/baiyun",
        "yunyan.english.guiyang.gov.cn": "english.guiyang.gov.cn/yunyan",
        "wudang.english.guiyang.gov.cn": "english.guiyang.gov.cn/wudang",
        "hx.english.guiyang.gov.cn": "english.guiyang.gov.cn/huaxi",
        "jw.english.guiyang.gov.cn": "english.guiyang.gov.cn/jw",
        "wlj.english.guiyang.gov.cn": "english.guiyang.gov.cn/wlj",
    }
    sections = {
        "News": "https://english.guiyang.gov.cn/news.html",
        "Foreign Affairs Office": "https://english.guiyang.gov.cn/wsb/foreignaffairsofficenews.html",
        "Nanming": "https://nanming.english.guiyang.gov.cn/news.html",
    }
    level = "city"
    province = "Guizhou"
    city = "Guiyang"

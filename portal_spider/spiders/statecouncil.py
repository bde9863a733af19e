from .base import StateCouncilSpider


class StatecouncilSpider(StateCouncilSpider):
    name = "statecouncil"
    portal_name = "State Council (english.www.gov.cn)"
    hosts = ("english.www.gov.cn", "english.gov.cn", "english1.english.gov.cn",)
    mirror_hosts = {"english.gov.cn": "english.www.gov.cn"}  # serves the same paths
    # section folders from the article URLs
    sections = {
        "Top news": "https://english.www.gov.cn/news/topnews/",
        "Policy watch": "https://english.www.gov.cn/policies/policy_watch/",
    }
    level = "state"
    province = None
    city = None

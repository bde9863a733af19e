"""Writes the held-out corpus: ``pages/<family>_<nn>.html`` (raw bytes) + ``pages/<family>_<nn>.json``.

Run ``python tests/heldout/make_pages.py`` to regenerate.  All text is invented; the markup
imitates 2015-2026 Chinese government CMS pages but deliberately differs from the sample-portal
fixtures.  ``expected`` is derived from the same paragraph lists that the HTML is built from,
so the truth cannot drift from the page.  Field rules: see tests/heldout/README.md.
"""

from __future__ import annotations

import html as _html
import json
import re
from pathlib import Path
from urllib.parse import urljoin

PAGES: list[dict] = []


def text_of(fragment: str) -> str:
    """Visible text of an inline HTML fragment, whitespace collapsed."""
    s = re.sub(r"<[^>]+>", "", fragment)
    return " ".join(_html.unescape(s).split())


def body_of(paras: list[str]) -> str:
    return "\n\n".join(t for t in (text_of(p) for p in paras) if t)


def P(paras: list[str], tag: str = "<p>{}</p>", sep: str = "\n") -> str:
    return sep.join(tag.format(p) for p in paras)


def photo(page_url: str, src: str, caption: str | None, credit: str | None = None) -> dict:
    return {"src": urljoin(page_url, src), "caption": caption, "credit": credit}


def add(family: str, nn: int, url: str, markup: str, expected: dict, *, encoding: str = "utf-8",
        content_type: str = "text/html; charset=utf-8", notes: str | None = None) -> None:
    exp = {"is_article": True, "byline": None, "section": [], "photos": [], "source": None}
    exp.update(expected)
    if not exp["is_article"]:
        exp = {"is_article": False}
    PAGES.append({"name": f"{family}_{nn:02d}", "url": url, "markup": markup, "encoding": encoding,
                  "headers": {"Content-Type": content_type}, "expected": exp, "notes": notes})


def write(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*"):
        old.unlink()
    for page in PAGES:
        raw = page["markup"].encode(page["encoding"], errors="xmlcharrefreplace")
        (out / f"{page['name']}.html").write_bytes(raw)
        meta = {"url": page["url"], "headers": page["headers"], "expected": page["expected"]}
        if page["notes"]:
            meta["notes"] = page["notes"]
        (out / f"{page['name']}.json").write_text(json.dumps(meta, ensure_ascii=False, indent=1) + "\n", "utf-8")


GY_FOOT = """<div class="footer">
  <p>Guiyang China &copy; The Guiyang Municipal People's Government. All Rights Reserved.</p>
  <p>Presented by China Daily.</p>
  <p><a href="https://beian.miit.gov.cn/" target="_blank">黔ICP备05001922号</a></p>
</div>"""

# =====================================================================================  F1
# ---------------------------------------------------------------- F1_01 english.guiyang, h1, time with seconds
u = "https://english.guiyang.gov.cn/2024-01/31/c_1001452.htm"
t = "Guiyang opens 12 new community canteens for senior residents"
paras = [
    "Guiyang, capital of Southwest China's Guizhou province, has opened 12 new community canteens for senior residents, the city's civil affairs bureau said on Jan 30.",
    "The canteens, located in Yunyan, Nanming, Guanshanhu and Baiyun districts, serve more than 3,000 meals a day at prices between 8 and 15 yuan. Residents aged over 80 receive a further discount of 3 yuan per meal.",
    "&quot;I used to cook only once a day because it was too tiring,&quot; said Wang Shuzhen, 82, who lives alone near Qianling Park. &quot;Now I walk five minutes, chat with my neighbors and get a hot lunch.&quot;",
    "Each canteen is run by a community service center and supervised by the local market regulation authority. Menus are published a week in advance and adjusted for residents with diabetes or high blood pressure.",
    "The bureau said it had spent 4.6 million yuan on kitchen equipment and renovation, while local companies donated tableware and delivery tricycles.",
    "For residents who cannot leave home, volunteers deliver meals twice a day. More than 400 households have signed up for the service since it was tested in December.",
    "By the end of 2024, the city plans to have 60 community canteens covering all of its urban subdistricts, according to the bureau.",
    "Guiyang had about 790,000 residents aged 60 or above at the end of 2023, accounting for 12.8 percent of its population.",
    "The city has also introduced smart wristbands for elderly people living alone, which alert community workers if the wearer falls or stays still for too long.",
]
m = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{t}</title>
<link rel="stylesheet" href="//english.guiyang.gov.cn/static/css/common.css">
<style>.main-w{{width:1200px;margin:0 auto}} #Content p{{line-height:1.8;margin:12px 0}}</style>
<script src="//english.guiyang.gov.cn/static/js/jquery.min.js"></script>
</head>
<body>
<div class="top-bar"><div class="main-w"><a href="http://www.guiyang.gov.cn/">中文</a> | <a href="/sitemap.html">Site Map</a></div></div>
<div class="header main-w">
  <a href="/"><img src="//english.guiyang.gov.cn/static/images/logo.png" alt="Guiyang China" class="logo"></a>
  <ul class="nav"><li><a href="/">Home</a></li><li><a href="/news.html">News</a></li><li><a href="/resources.html">Resources</a></li>
  <li><a href="/profile.html">Profile</a></li><li><a href="/achievements.html">Achievements</a></li><li><a href="/aboutus.html">About Us</a></li></ul>
</div>
<div class="main-w">
  <div class="crumb"><a href="/">Home</a>&gt; <a href="/news.html">News</a></div>
  <div class="article">
    <h1>{t}</h1>
    <div class="info">english.guiyang.gov.cn |Updated: 2024-01-31 18:17:01</div>
    <div id="Content">
<p align="center"><img src="//english.guiyang.gov.cn/images/2024-01/31/0b7f6a3e-4a51-4c2e-9d0e-canteen.jpg" width="600" border="0"></p>
<p align="center">Residents have lunch at a community canteen in Yunyan district, Guiyang. [Photo/guiyang.gov.cn]</p>
{P(paras)}
    </div>
    <div class="share">Share: <a href="#"><img src="/static/images/share_fb.png" alt="Facebook"></a> <a href="#"><img src="/static/images/share_tw.png" alt="Twitter"></a> <a href="#"><img src="/static/images/share_wb.png" alt="Weibo"></a></div>
  </div>
</div>
{GY_FOOT}
<div class="qr"><img src="/static/images/qrcode_wechat.jpg" alt="WeChat"><span>Follow us on WeChat</span></div>
<script>var _hmt = _hmt || []; (function(){{var hm=document.createElement("script");hm.src="https://hm.baidu.com/hm.js?abc";}})();</script>
</body>
</html>
"""
add("F1", 1, u, m, {"title": t, "published": "2024-01-31T18:17:01+08:00", "date_source": "printed",
    "source": "english.guiyang.gov.cn", "section": ["Home", "News"],
    "photos": [photo(u, "//english.guiyang.gov.cn/images/2024-01/31/0b7f6a3e-4a51-4c2e-9d0e-canteen.jpg",
                     "Residents have lunch at a community canteen in Yunyan district, Guiyang.", "guiyang.gov.cn")],
    "body": body_of(paras)})

# ---------------------------------------------------------------- F1_02 nanming, span breadcrumb, figure + lazy img, related w/ thumbs
u = "https://nanming.english.guiyang.gov.cn/2024-02/23/c_964620.htm"
t = "Nanming's retail sales top 26.71 billion yuan in 2023"
paras = [
    "Retail sales of consumer goods in Nanming district reached 26.71 billion yuan ($3.71 billion) in 2023, up 6.2 percent year-on-year, according to the district's statistics bureau.",
    "Catering revenue grew fastest, rising 14.5 percent as night markets along the Nanming River and the Qingyun Road food street drew large crowds after 6 pm.",
    "The district held more than 40 shopping festivals and promotional events last year, handing out consumption vouchers worth 30 million yuan.",
    "Online retail also climbed, with local livestreaming hosts selling Guizhou chili sauce, sour soup and tea to buyers across the country.",
    "Officials said Nanming would renovate two old commercial streets this year and add parking spaces near its busiest shopping areas.",
    "The district aims to keep retail sales growth at around 6 percent in 2024.",
]
m = f"""<!doctype html>
<html>
<head>
<meta charset="utf-8">
<title>{t}_Nanming District</title>
<meta name="keywords" content="Nanming, retail, consumption">
<link href="/css/nm.css" rel="stylesheet" type="text/css">
</head>
<body>
<div id="hd"><img src="/images/nm_banner.jpg" alt="Nanming"><div class="lang"><a href="http://www.gznm.gov.cn/">中文</a></div></div>
<div id="menu"><a href="/">Home</a><a href="/news.html">News</a><a href="/investment.html">Investment</a><a href="/travel.html">Travel</a></div>
<div class="position"><span><a href="/">Home</a></span><span>&gt;</span><span><a href="/news.html">News</a></span></div>
<div class="cont-left">
  <div class="title">{t}</div>
  <div class="source"><span>chinadaily.com.cn</span><span>|</span><span>Updated: 2024-02-23</span></div>
  <div class="txt" id="Content">
    <figure class="pic">
      <img src="/images/loading.gif" data-src="//nanming.english.guiyang.gov.cn/images/2024-02/23/6f1e2c.jpeg" class="lazy" alt="">
      <figcaption>Shoppers visit a night market along the Nanming River in Guiyang. [Photo/CFP]</figcaption>
    </figure>
    {P(paras)}
  </div>
  <div class="related">
    <h3>Related stories</h3>
    <ul>
      <li><a href="/2024-02/20/c_963901.htm"><img src="/images/2024-02/20/thumb_a.jpg"></a><a href="/2024-02/20/c_963901.htm">Nanming launches spring job fair for graduates</a></li>
      <li><a href="/2024-02/18/c_963722.htm"><img src="/images/2024-02/18/thumb_b.jpg"></a><a href="/2024-02/18/c_963722.htm">Lantern show lights up Qianming Temple area</a></li>
    </ul>
  </div>
</div>
<div class="cont-right">
  <h4>Most Viewed</h4>
  <p>Nanming district covers 209 square kilometers and is home to 1.1 million residents.</p>
  <ol><li><a href="/2024-01/05/c_955120.htm">Guiyang's oldest bookstore reopens</a></li><li><a href="/2024-01/02/c_954800.htm">New metro station opens in Nanming</a></li></ol>
</div>
{GY_FOOT}
<script>$(function(){{$("img.lazy").each(function(){{this.src=this.getAttribute("data-src");}});}});</script>
</body>
</html>
"""
add("F1", 2, u, m, {"title": t, "published": "2024-02-23", "date_source": "printed", "source": "chinadaily.com.cn",
    "section": ["Home", "News"],
    "photos": [photo(u, "//nanming.english.guiyang.gov.cn/images/2024-02/23/6f1e2c.jpeg",
                     "Shoppers visit a night market along the Nanming River in Guiyang.", "CFP")],
    "body": body_of(paras)})

# ---------------------------------------------------------------- F1_03 jw, date split into spans, caption after <br> in same <p>
u = "https://jw.english.guiyang.gov.cn/2019-05/13/c_552360.htm"
t = "Foreign students experience Miao embroidery in Guiyang"
paras = [
    "More than 30 international students from Guizhou University tried their hand at Miao embroidery at a cultural workshop in the Guiyang Economic and Technological Development Zone on May 11.",
    "Guided by local artisans, the students from Thailand, Pakistan, Laos and Ghana learned basic stitches and made small bookmarks decorated with butterfly patterns.",
    "&quot;The colors are so bright, and every pattern tells a story,&quot; said Somchai, a student from Thailand. &quot;I will give my bookmark to my mother.&quot;",
    "The workshop is part of a series of events organized by the zone to introduce the cultures of Guizhou's ethnic groups to foreign residents.",
]
m = f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>Guiyang Economic and Technological Development Zone - {t}</title>
<style type="text/css">
body{{font-family:Arial;font-size:14px}} .wz a{{color:#333}}
</style>
</head>
<body>
<div style="width:1000px;margin:0 auto;">
  <div style="height:120px;background:url(/images/jw_top.jpg)"></div>
  <div style="padding:8px 0;" class="wz"><a href="/">Home</a>&gt; <a href="/news.html">News</a></div>
  <div style="border:1px solid #ddd;padding:20px;">
    <h2 style="font-size:24px;text-align:center;">{t}</h2>
    <div style="text-align:center;color:#999;font-size:12px;"><span>Updated:</span>&nbsp;<span>2019-05-13</span></div>
    <div style="margin-top:20px;" id="Content">
      <p>{paras[0]}</p>
      <p align="center"><img src="../../images/2019-05/13/1.jpg" style="max-width:600px"><br>Students from Guizhou University learn Miao embroidery at the workshop. [Photo provided to english.guiyang.gov.cn]</p>
      {P(paras[1:])}
    </div>
    <div style="text-align:right;"><a href="javascript:window.print()">Print</a> <a href="javascript:window.close()">Close</a></div>
  </div>
</div>
{GY_FOOT}
</body>
</html>
"""
add("F1", 3, u, m, {"title": t, "published": "2019-05-13", "date_source": "printed", "source": None,
    "section": ["Home", "News"],
    "photos": [photo(u, "../../images/2019-05/13/1.jpg",
                     "Students from Guizhou University learn Miao embroidery at the workshop.",
                     "provided to english.guiyang.gov.cn")],
    "body": body_of(paras)})

# ---------------------------------------------------------------- F1_04 huaxi, title=site, headline in <strong>, glued file name, caption before 2nd image
u = "https://english.guiyang.gov.cn/huaxi/2023-08/04/c_910650.htm"
t = "Huaxi wetland park draws summer visitors"
paras = [
    "The Huaxi National Urban Wetland Park in Guiyang's Huaxi district received more than 260,000 visitors in July, up 18 percent from a year earlier, the park's management office said.",
    "With an average July temperature of about 24 C, the park has become a popular destination for tourists escaping the heat in Chongqing, Changsha and Wuhan.",
    "The park has added 12 kilometers of cycling paths along the Huaxi River this year, linking the wetland with Shiban town and the Qingyan Ancient Town scenic area. Bicycles can be rented and returned at eight stations along the route, and the first hour is free for holders of a Guiyang transport card.",
    "Evening concerts are held on the lawn near the main gate every Saturday until the end of August.",
]
cap1 = "View of the Huaxi National Urban Wetland Park in summer."
cap2 = "Visitors ride bicycles along the Huaxi River greenway."
m = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>Guiyang China</title>
</head>
<body>
<div class="hx-head"><img src="/huaxi/images/hx_logo.png" alt="Discover beautiful Huaxi" /></div>
<div class="hx-nav"><a href="/huaxi/">Huaxi</a> <a href="/huaxi/news.html">News</a> <a href="/huaxi/travel.html">Travel</a></div>
<div class="hx-crumb">Home&gt; Discover beautiful Huaxi</div>
<div class="hx-main">
  <div class="hx-title"><strong>{t}</strong></div>
  <div class="hx-info">(english.guiyang.gov.cn)|2023-08-04</div>
  <div id="Content" class="hx-text">
<p style="text-align:center"><img src="../../images/2023-08/04/1692006441170038930.png" alt="1692006441170038930.png" title="1692006441170038930.png" /></p>
<p style="text-align:center">1692006441170038930.png{cap1} [Photo/gywb.cn]</p>
<p>{paras[0]}</p>
<p>{paras[1]}</p>
<p style="text-align:center">{cap2} [Photo/Guiyang Daily]</p>
<p style="text-align:center"><img src="../../images/2023-08/04/1692006441170041126.jpg" alt="" /></p>
<p>{paras[2]}</p>
<p>{paras[3]}</p>
  </div>
</div>
<div class="hx-links"><span>Links:</span> <a href="http://www.gov.cn/">Gov.cn</a> <a href="http://www.guizhou.gov.cn/">Guizhou</a></div>
<div class="footer">Guiyang China &copy; The Guiyang Municipal People's Government. All Rights Reserved.<br/>Presented by China Daily.</div>
</body>
</html>
"""
add("F1", 4, u, m, {"title": t, "published": "2023-08-04", "date_source": "printed", "source": "english.guiyang.gov.cn",
    "section": ["Home", "Discover beautiful Huaxi"],
    "photos": [photo(u, "../../images/2023-08/04/1692006441170038930.png", cap1, "gywb.cn"),
               photo(u, "../../images/2023-08/04/1692006441170041126.jpg", cap2, "Guiyang Daily")],
    "body": body_of(paras)},
    notes="caption of the 2nd photo is printed BEFORE the image; the 1st caption has the file name glued to it")
# ---------------------------------------------------------------- F1_05 eguangzhou, headline and date on one line, title=site, related bullets, carousel
u = "https://www.eguangzhou.gov.cn/2022-01/18/c_751310.htm"
t = "Guangzhou opens registration for spring festival flower fairs"
paras = [
    "Guangzhou will hold its traditional Spring Festival flower fairs in 11 districts this year, and vendors can register for stalls online from Jan 18 to Jan 21, the city's market regulation authority announced.",
    "The fairs, a custom dating back several hundred years, will run from Jan 29 to Jan 31. Visitors will need to show a green health code and wear masks.",
    "The Yuexiu district fair on Xihu Road will have 180 stalls, while the Liwan district fair will again be held in Lychee Bay.",
    "Peach blossoms, kumquat trees and orchids are expected to be the top sellers. Growers in Chencun, a flower town in neighboring Foshan, said prices were similar to last year.",
    "Organizers have set up a ticketless reservation system to limit crowds at peak hours in the evening.",
]
m = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>eguangzhou.gov.cn</title>
<link rel="stylesheet" href="/css/2021/style.css">
</head>
<body>
<div class="topbar"><div class="w"><span class="search"><input type="text" placeholder=""><a href="/search.html">Search</a></span>
<a href="http://www.gz.gov.cn/">简体</a> <a href="#wechat">Wechat</a></div></div>
<div class="w logo"><a href="/"><img src="/images/2021/egz_logo.png" alt="eGuangzhou"></a></div>
<div class="w crumbs"><a href="/">Home</a> &gt; <a href="/gzlatest.html">Latest</a></div>
<div class="w detail">
  <div class="detail-title">{t} | Updated:2022-01-18</div>
  <div class="detail-body" id="Content">
    <p><img src="/images/2022-01/18/flowerfair.jpg" alt=""></p>
    <p>A vendor arranges potted kumquat trees at a flower fair in Guangzhou. [Photo/Guangzhou Daily]</p>
    {P(paras)}
  </div>
  <div class="relate">
    <ul>
      <li>• <a href="/2022-01/17/c_751120.htm">Guangzhou's Lunar New Year light show returns to Haixinsha</a></li>
      <li>• <a href="/2022-01/14/c_750804.htm">Metro extends hours during Spring Festival travel rush</a></li>
      <li>• <a href="/2022-01/12/c_750611.htm">Foreign consuls visit Chencun flower market</a></li>
    </ul>
  </div>
</div>
<div class="w slider">
  <ul class="pics"><li><a href="/2022-01/10/c_750301.htm"><img src="/images/2022-01/10/s1.jpg"></a></li><li><a href="/2022-01/09/c_750299.htm"><img src="/images/2022-01/09/s2.jpg"></a></li>
  <li><a href="/2022-01/08/c_750212.htm"><img src="/images/2022-01/08/s3.jpg"></a></li><li><a href="/2022-01/07/c_750145.htm"><img src="/images/2022-01/07/s4.jpg"></a></li></ul>
  <div class="num"><span>1</span> <span>2</span> <span>3</span> <span>4</span></div>
</div>
<div class="footer">
<p>Copyright &copy; Foreign Affairs Office of Guangzhou Municipal Government,</p>
<p>Hong Kong and Macao Affairs Office of Guangzhou Municipal Government All rights reserved.</p>
<p>Presented by China Daily.</p>
<p>粤ICP备09176539号-5</p>
</div>
</body>
</html>
"""
add("F1", 5, u, m, {"title": t, "published": "2022-01-18", "date_source": "printed", "source": None,
    "section": ["Home", "Latest"],
    "photos": [photo(u, "/images/2022-01/18/flowerfair.jpg",
                     "A vendor arranges potted kumquat trees at a flower fair in Guangzhou.", "Guangzhou Daily")],
    "body": body_of(paras)},
    notes="headline and date line printed in one element: '<headline> | Updated:2022-01-18'; <title> is the site name only")

# ---------------------------------------------------------------- F1_06 eguangzhou, og: meta, text-indent paragraphs, no photo
u = "https://www.eguangzhou.gov.cn/2023-09/26/c_925060.htm"
t = "Consuls in Guangzhou tour Nansha's new science city"
paras = [
    "Diplomats from 18 consulates general in Guangzhou visited the Nansha Science City on Sept 25 to learn about its research facilities and talent policies.",
    "The group toured the Guangzhou branch of a national marine science laboratory and a robotics company that makes inspection robots for offshore wind farms.",
    "&quot;The speed at which these labs were built is impressive,&quot; said the consul general of Chile in Guangzhou. &quot;We see many opportunities for cooperation in marine research.&quot;",
    "Nansha has introduced subsidies for overseas researchers, including housing allowances of up to 5,000 yuan a month and fast-track work permits.",
    "Officials from the Nansha district government briefed the diplomats on the Guangdong-Hong Kong-Macao Greater Bay Area plan and the area's role in it.",
    "The visit was organized by the Foreign Affairs Office of Guangzhou Municipal Government as part of its &quot;Consuls' Guangzhou Tour&quot; program.",
    "Since 2019 the program has taken diplomats to 27 sites across the city's 11 districts.",
]
m = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta property="og:type" content="article">
<meta property="og:title" content="{t}">
<meta property="og:url" content="{u}">
<meta property="og:site_name" content="eguangzhou">
<meta property="og:image" content="https://www.eguangzhou.gov.cn/images/2021/share_logo.png">
<title>{t} - eguangzhou</title>
</head>
<body>
<header><div class="bar">Search 简体 Wechat</div><a href="/"><img src="/images/2021/egz_logo.png" alt="logo"></a></header>
<nav class="crumbs"><a href="/">Home</a> &gt; <a href="/consulates.html">Foreign consulates in Guangzhou</a></nav>
<article>
  <h1 class="art-title">{t}</h1>
  <p class="art-info">eguangzhou.gov.cn | Updated:2023-09-26</p>
  <section class="art-text">
    {P(paras, '<p style="text-indent:2em;">{}</p>')}
  </section>
  <div class="share-box"><span>Share to:</span><a class="wx" href="javascript:;"></a><a class="wb" href="javascript:;"></a><a class="fb" href="javascript:;"></a></div>
</article>
<footer>
<p>Copyright &copy; Foreign Affairs Office of Guangzhou Municipal Government,</p>
<p>Hong Kong and Macao Affairs Office of Guangzhou Municipal Government All rights reserved.</p>
<p>Presented by China Daily.</p>
<p>粤ICP备09176539号-5</p>
</footer>
</body>
</html>
"""
add("F1", 6, u, m, {"title": t, "published": "2023-09-26", "date_source": "printed", "source": "eguangzhou.gov.cn",
    "section": ["Home", "Foreign consulates in Guangzhou"], "body": body_of(paras)})

# ---------------------------------------------------------------- F1_07 Xiamen FAO, file-name line, WeChat credit, inline-style div soup
u = "https://en.fao.xm.gov.cn/2022-02/28/c_721790.htm"
t = "Xiamen holds online briefing for foreign-funded enterprises"
paras = [
    "The Xiamen Foreign Affairs Office held an online briefing on Feb 25 to explain this year's support measures for foreign-funded enterprises to more than 120 company representatives.",
    "Officials from the city's commerce, taxation and human resources departments answered questions on export credit insurance, tax refunds and visa extensions for foreign staff.",
    "Representatives of companies from Singapore, Germany and the Republic of Korea raised questions about shipping costs and international flights.",
    "The office said it would set up a hotline for foreign-funded enterprises, staffed in English, Japanese and Korean, by the end of March.",
    "Xiamen had 11,600 foreign-invested enterprises at the end of 2021, according to the city's commerce bureau.",
]
m = f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{t}_Xiamen Foreign Affairs Office</title>
</head>
<body style="margin:0;background:#f2f2f2">
<div style="background:#0b4ea2;height:90px"><img src="/images/xmfao_logo.png" style="margin:15px 0 0 40px" alt="Xiamen Foreign Affairs Office"></div>
<div style="width:1100px;margin:10px auto;font-size:13px;color:#666">Home &gt; News Center&gt; News</div>
<div style="width:1100px;margin:0 auto;background:#fff;padding:30px 40px">
  <div style="font-size:26px;font-weight:bold;line-height:40px;text-align:center">{t}</div>
  <div style="text-align:center;color:#888;margin:10px 0 25px">(fao.xm.gov.cn) Updated:2022-02-28</div>
  <div id="Content" style="font-size:16px;line-height:30px">
<div style="text-align:center"><img src="../../images/2022-02/28/00304546852_52dad08d.jpg" alt=""></div>
<div style="text-align:center">00304546852_52dad08d.jpg</div>
<div style="text-align:center">Officials answer questions from company representatives during the online briefing. [Photo/WeChat account: XIAMENFAO]</div>
{P(paras, '<div style="margin:14px 0">{}</div>')}
  </div>
</div>
<div style="width:1100px;margin:0 auto;padding:20px 0;text-align:center;color:#999">Copyright &copy; China Daily. All rights reserved. Presented by China Daily.</div>
</body>
</html>
"""
add("F1", 7, u, m, {"title": t, "published": "2022-02-28", "date_source": "printed", "source": "fao.xm.gov.cn",
    "section": ["Home", "News Center", "News"],
    "photos": [photo(u, "../../images/2022-02/28/00304546852_52dad08d.jpg",
                     "Officials answer questions from company representatives during the online briefing.",
                     "WeChat account: XIAMENFAO")],
    "body": body_of(paras)},
    notes="paragraphs are <div>s, not <p>s; a file-name line sits between image and caption")
# ---------------------------------------------------------------- F1_08 ehangzhou, month-name date + L M S, caption with another year, carousel digits
u = "https://www.ehangzhou.gov.cn/2022-01/04/c_279150.htm"
t = "Hangzhou volunteers start English training for Asian Games"
paras = [
    "About 2,000 volunteers for the 19th Asian Games began a series of English training courses in Hangzhou on Jan 3, the Games' organizing committee said.",
    "The courses cover greetings, directions, venue information and emergency phrases. Volunteers who pass an oral test will receive a certificate.",
    "Teachers from Zhejiang University and Hangzhou Normal University designed the materials, which include videos of typical situations at stadiums, hotels and metro stations.",
    "&quot;Many visitors will come to Hangzhou for the first time, and we want them to feel welcome,&quot; said Chen Yu, a volunteer who works at a hotel near West Lake.",
    "The organizing committee plans to recruit a total of 37,000 volunteers for the Games and the Asian Para Games.",
    "Training in Japanese, Korean, Arabic and Thai will be offered later this year.",
]
m = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>www.ehangzhou.gov.cn - {t}</title>
<script type="text/javascript">
function doZoom(size){{ document.getElementById('Content').style.fontSize = size + 'px'; }}
</script>
</head>
<body>
<div class="head"><a href="/"><img src="/images/ehz/logo.png" alt="ehangzhou"></a><div class="navs"><a href="/">Home</a><a href="/latest.html">Latest</a><a href="/business.html">Business</a><a href="/living.html">Living</a></div></div>
<div class="mbx"><a href="/">Home</a>&gt; <a href="/latest.html">Latest</a></div>
<div class="main">
  <div class="left">
    <h1 class="tit">{t}</h1>
    <div class="tip">www.ehangzhou.gov.cn| Updated: January 4, 2022 <span class="zoom"><a href="javascript:doZoom(18)">L</a> <a href="javascript:doZoom(16)">M</a> <a href="javascript:doZoom(14)">S</a></span></div>
    <div id="Content">
      <p style="text-align: center;"><img src="../../images/2022-01/04/asiangames_vol.jpg" /></p>
      <p style="text-align: center;">Volunteers attend an English class for the Asian Games, which were then scheduled for Sept 10-25, 2022, in Hangzhou. [Photo/hangzhou2022.cn]</p>
      {P(paras)}
    </div>
  </div>
  <div class="right">
    <div class="box"><h3>Photos</h3>
      <div class="focus"><a href="/2021-12/30/c_278901.htm"><img src="/images/2021-12/30/f1.jpg"></a><a href="/2021-12/28/c_278755.htm"><img src="/images/2021-12/28/f2.jpg"></a><a href="/2021-12/26/c_278623.htm"><img src="/images/2021-12/26/f3.jpg"></a><a href="/2021-12/21/c_278411.htm"><img src="/images/2021-12/21/f4.jpg"></a></div>
      <div class="dots">1 2 3 4</div>
    </div>
    <div class="box"><h3>Hangzhou at a glance</h3><p>Hangzhou is the capital of Zhejiang province and home to the West Lake, a UNESCO World Heritage Site.</p></div>
  </div>
</div>
<div class="foot">Copyright &copy; China Daily. All rights reserved.<br>Presented by China Daily.<br>浙ICP备05015247号-3</div>
</body>
</html>
"""
add("F1", 8, u, m, {"title": t, "published": "2022-01-04", "date_source": "printed", "source": "www.ehangzhou.gov.cn",
    "section": ["Home", "Latest"],
    "photos": [photo(u, "../../images/2022-01/04/asiangames_vol.jpg",
                     "Volunteers attend an English class for the Asian Games, which were then scheduled for Sept 10-25, 2022, in Hangzhou.",
                     "hangzhou2022.cn")],
    "body": body_of(paras)})

# ---------------------------------------------------------------- F1_09 eguizhou page 1 of 3, time without seconds, meta PubDate with seconds
u = "https://www.eguizhou.gov.cn/2024-03/13/c_970760.htm"
t = "Guizhou's big data industry posts double-digit growth"
paras = [
    "Guizhou's big data and digital economy sector grew by 15.2 percent in 2023, according to a report released by the provincial big data development administration on March 12.",
    "The province now hosts 37 key data centers, including facilities run by major telecom operators and internet companies, with more than 2.2 million servers installed in total.",
    "Gui'an New Area, which lies between Guiyang and Anshun, accounts for more than half of the capacity. Its cool climate and cheap hydropower help lower cooling costs.",
    "The report said computing power would be the focus of investment this year, as companies train artificial intelligence models that need large clusters of chips.",
]
m = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="ArticleTitle" content="{t}">
<meta name="PubDate" content="2024-03-13 09:12:00">
<meta name="ContentSource" content="eguizhou.gov.cn">
<title>{t} - eguizhou</title>
</head>
<body>
<div class="header"><img src="/images/eguizhou_logo.png" alt="eGuizhou"><span class="slogan">Colorful Guizhou, Cool Summer Resort</span></div>
<div class="crumb">Home &nbsp;&gt;&nbsp;&nbsp; <a href="/2023guizhoulatest.html">Latest</a></div>
<div class="main-con">
  <h1>{t}</h1>
  <div class="date-line">eguizhou.gov.cn | Updated: 2024-03-13 09:12</div>
  <div id="Content">
    <p align="center"><img src="//www.eguizhou.gov.cn/images/2024-03/13/gui-an-datacenter.jpg"></p>
    <p align="center">A data center in Gui'an New Area, Guizhou province. [Photo/colorful Guizhou network]</p>
    {P(paras)}
  </div>
  <div class="pager" id="div_currpage"><span class="cur">1</span> <a href="c_970760_2.htm">2</a> <a href="c_970760_3.htm">3</a> <a href="c_970760_2.htm">&gt;</a></div>
</div>
<div class="footer"><p>Copyright &copy; China Daily. All rights reserved.</p><p>Presented by China Daily.</p></div>
</body>
</html>
"""
add("F1", 9, u, m, {"title": t, "published": "2024-03-13T09:12+08:00", "date_source": "printed", "source": "eguizhou.gov.cn",
    "section": ["Home", "Latest"],
    "photos": [photo(u, "//www.eguizhou.gov.cn/images/2024-03/13/gui-an-datacenter.jpg",
                     "A data center in Gui'an New Area, Guizhou province.", "colorful Guizhou network")],
    "body": body_of(paras)},
    notes="page 1 of 3: body = this page's paragraphs only (the extractor sees one page); pager excluded")

# ---------------------------------------------------------------- F1_10 guizhou mirror page 2, byline + source + Print, unbracketed credit, pager '< 1 2'
u = "http://guizhou.chinadaily.com.cn/2017-12/22/c_330650_2.htm"
t = "Guiyang bets on cloud computing to lift rural incomes"
paras = [
    "In Kaiyang county, farmers who once sold their tea leaves to middlemen now take orders from buyers in Shanghai and Shenzhen through an online platform built with data from the province's cloud services.",
    "&quot;Last year I sold 1,500 kilograms of tea at 20 percent more than before,&quot; said Luo Guangming, a grower in Nanjiang township.",
    "The county government said 4,300 households had joined the platform, which tracks weather, soil moisture and prices for each plot.",
    "Officials said the next step was to train young villagers as data technicians so that they could find jobs without leaving home.",
    "Guiyang plans to extend the program to 200 villages by 2020.",
]
m = f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{t} - Chinadaily.com.cn</title>
<meta name="author" content="chinadaily.com.cn">
</head>
<body>
<div class="topNav"><a href="http://www.chinadaily.com.cn/">China Daily</a> | <a href="http://guizhou.chinadaily.com.cn/">Guizhou</a></div>
<div class="logo"><img src="http://guizhou.chinadaily.com.cn/images/gz_logo.jpg" alt="Guizhou"></div>
<div class="dh">Home &nbsp;&gt; &nbsp; <a href="http://guizhou.chinadaily.com.cn/foreigneyes.html">Guizhou in Foreign Eyes</a></div>
<div class="lft_art">
  <h1>{t}</h1>
  <div class="info_l">By WANG KEJU and YANG JUN in Guiyang | chinadaily.com.cn| Updated: 2017-12-22 <a href="javascript:window.print();">Print</a></div>
  <div id="Content">
    <p><img src="images/attachement/jpg/site1/20171222/f04da2db1122155a3f4e09.jpg" border="0" /></p>
    <p>A worker checks servers at a data center in Guiyang. WU WEI/FOR CHINA DAILY</p>
    {P(paras)}
  </div>
  <div id="div_currpage"><a href="c_330650.htm">&lt;</a> <a href="c_330650.htm">1</a> <span>2</span></div>
</div>
<div class="rt"><h3>Most popular</h3><ul><li><a href="/2017-12/20/c_330101.htm">Huangguoshu waterfall glows at night</a></li><li><a href="/2017-12/19/c_329988.htm">Guizhou to build 10 new airports</a></li></ul></div>
<div class="foot">Copyright &copy; China Daily. All rights reserved.</div>
</body>
</html>
"""
add("F1", 10, u, m, {"title": t, "published": "2017-12-22", "date_source": "printed", "source": "chinadaily.com.cn",
    "byline": "WANG KEJU and YANG JUN", "section": ["Home", "Guizhou in Foreign Eyes"],
    "photos": [photo(u, "images/attachement/jpg/site1/20171222/f04da2db1122155a3f4e09.jpg",
                     "A worker checks servers at a data center in Guiyang.", "WU WEI/FOR CHINA DAILY")],
    "body": body_of(paras)},
    notes="page 2 of 2 (c_<id>_2.htm); byline keeps the names only, not 'in Guiyang'")

# ---------------------------------------------------------------- F1_11 regional mirror, 'By X| (site)| Updated : date', no breadcrumb, [Photo by X/for China Daily]
u = "http://regional.chinadaily.com.cn/tianjin/binhain/2022-10/20/c_822700.htm"
t = "Binhai port handles record container volume in September"
paras = [
    "Tianjin Port in the Binhai New Area handled 2.05 million twenty-foot equivalent units of containers in September, a monthly record, the port group said on Oct 19.",
    "Automated terminals, where driverless trucks move containers between cranes and yards, accounted for nearly a third of the volume.",
    "New shipping routes to Southeast Asia and the Middle East launched this year helped offset weaker demand on routes to Europe.",
    "The port has also expanded sea-rail services to inland cities such as Xi'an and Urumqi, shortening delivery times for exporters in northwestern China.",
    "From January to September, container throughput rose 4.1 percent year-on-year to 16.9 million TEUs.",
    "The port group expects to complete a second automated terminal at its northern harbor area next year.",
]
m = f"""<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>{t}</title></head>
<body>
<div class="header-cd"><a href="//www.chinadaily.com.cn"><img src="//regional.chinadaily.com.cn/img/cd_logo.png" alt="China Daily"></a> <span>Tianjin Binhai</span></div>
<div class="main_art">
  <h1 class="dabiaoti">{t}</h1>
  <p class="xinf-le">By Yang Cheng| (chinadaily.com.cn)| Updated : 2022-10-20</p>
  <div id="Content">
    <figure class="image" style="display:table;margin:0 auto">
      <img src="//regional.chinadaily.com.cn/images/2022-10/20/binhai-port.jpeg" alt="">
      <figcaption>Driverless trucks carry containers at an automated terminal of Tianjin Port. [Photo by Jiang Yangbo/for China Daily]</figcaption>
    </figure>
    {P(paras)}
  </div>
</div>
<div class="foot">Copyright 1995 - 2022. All rights reserved. The content (including but not limited to text, photo, multimedia information, etc) published in this site belongs to China Daily Information Co (CDIC).</div>
</body>
</html>
"""
add("F1", 11, u, m, {"title": t, "published": "2022-10-20", "date_source": "printed", "source": "chinadaily.com.cn",
    "byline": "Yang Cheng",
    "photos": [photo(u, "//regional.chinadaily.com.cn/images/2022-10/20/binhai-port.jpeg",
                     "Driverless trucks carry containers at an automated terminal of Tianjin Port.", "Jiang Yangbo/for China Daily")],
    "body": body_of(paras)})

# ---------------------------------------------------------------- F1_12 yunyan photo story: captions only, empty body, lazy images
u = "https://yunyan.english.guiyang.gov.cn/2026-07/22/c_1199310.htm"
t = "In photos: Yunyan's summer night market"
caps = [("Stalls light up Zhonghua Road North during the summer night market in Yunyan district.", "Guiyang news network"),
        ("A vendor grills tofu, a popular snack in Guiyang.", "Tianyan news network"),
        ("Tourists take photos at the Jiaxiu Pavilion near the market.", "gzwd.gov.cn")]
imgs = ["../../images/2026-07/22/ym1.jpg", "../../images/2026-07/22/ym2.jpg", "../../images/2026-07/22/ym3.jpg"]
blocks = "\n".join(
    f'<p style="text-align:center"><img class="lazyload" src="data:image/gif;base64,R0lGODlhAQABAIAAAAAAAP///yH5BAEAAAAALAAAAAABAAEAAAIBRAA7" data-src="{s}"></p>\n'
    f'<p style="text-align:center">{c} [Photo/{cr}]</p>' for s, (c, cr) in zip(imgs, caps))
m = f"""<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>{t}</title>
<script src="/js/lazysizes.min.js" async></script></head>
<body>
<div class="yy-top"><img src="/images/yy_logo.png" alt="Yunyan"><a href="/">Home</a> <a href="/news.html">News</a> <a href="/culture.html">Culture</a></div>
<div class="yy-loc"><a href="/">Home</a>&gt; <a href="/news.html">News</a></div>
<div class="yy-art">
<h1>{t}</h1>
<p class="yy-date">english.guiyang.gov.cn| Updated: 2026-07-22</p>
<div id="Content">
{blocks}
</div>
</div>
{GY_FOOT}
</body>
</html>
"""
add("F1", 12, u, m, {"title": t, "published": "2026-07-22", "date_source": "printed", "source": "english.guiyang.gov.cn",
    "section": ["Home", "News"],
    "photos": [photo(u, s, c, cr) for s, (c, cr) in zip(imgs, caps)], "body": ""},
    notes="photo story: no body paragraphs (empty body is valid)")

# ---------------------------------------------------------------- F1_13 no date line -> URL date, event date in body
u = "https://english.guiyang.gov.cn/2025-03/20/c_1077790.htm"
t = "Guiyang marathon runners raise funds for mountain schools"
paras = [
    "Runners in the Guiyang International Marathon on Feb 16 raised 1.2 million yuan for schools in mountainous areas of Guizhou province, the organizers said.",
    "Each participant could donate through a mini program when registering, and the organizing committee matched every donation up to 500,000 yuan.",
    "The money will be used to buy books and sports equipment for 40 rural primary schools in Kaiyang, Xifeng and Xiuwen counties.",
]
m = f"""<html><head><meta charset="utf-8"><title>{t}</title></head>
<body>
<div class="header"><a href="/"><img src="/static/images/logo.png" alt="Guiyang China"></a></div>
<table width="1000" align="center"><tr><td>
<div style="font-size:22px;font-weight:700;padding:20px 0">{t}</div>
<div id="Content">{P(paras)}</div>
</td></tr></table>
{GY_FOOT}
</body></html>
"""
add("F1", 13, u, m, {"title": t, "published": "2025-03-20", "date_source": "url", "body": body_of(paras)},
    notes="no date line and no breadcrumb; the Feb 16 event date in the body must not be used")

# ---------------------------------------------------------------- F1_14 eguangzhou post_ variant: no date line, no URL date, meta PubDate
u = "https://www.eguangzhou.gov.cn/gzbusiness/content/post_31920.html"
t = "Guangzhou extends rent subsidies for start-ups run by returnees"
paras = [
    "Guangzhou has extended its rent subsidies for start-ups founded by overseas returnees until the end of 2025, the municipal human resources and social security bureau said.",
    "Eligible companies registered in the city within the last three years can receive up to 80 percent of their office rent for the first year and 50 percent for the second.",
    "Founders must hold a degree from an overseas university and have worked or studied abroad for at least one year.",
    "Applications can be submitted online through the Guangzhou government services portal.",
]
m = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="SiteName" content="eguangzhou">
<meta name="ArticleTitle" content="{t}">
<meta name="PubDate" content="2023-05-16 10:24">
<meta name="ColumnName" content="Business">
<title>eguangzhou - {t}</title>
</head>
<body>
<div class="topbar">Search 简体 Wechat</div>
<div class="crumbs"><a href="/">Home</a> &gt; <a href="/gzbusiness/">Business</a></div>
<div class="article">
  <h2>{t}</h2>
  <div class="content">{P(paras)}</div>
</div>
<div class="footer">
<p>Copyright &copy; Foreign Affairs Office of Guangzhou Municipal Government,</p>
<p>Hong Kong and Macao Affairs Office of Guangzhou Municipal Government All rights reserved.</p>
<p>Presented by China Daily.</p><p>粤ICP备09176539号-5</p>
</div>
</body>
</html>
"""
add("F1", 14, u, m, {"title": t, "published": "2023-05-16T10:24+08:00", "date_source": "meta",
    "section": ["Home", "Business"], "body": body_of(paras)},
    notes="post_ variant: no printed date, no URL date; only <meta name=PubDate>")

# ---------------------------------------------------------------- F1_15 listing page (not an article)
u = "https://english.guiyang.gov.cn/wsb/foreignaffairsofficenews_37.html"
items = [("2021-03/12/c_375728", "Foreign Affairs Office holds spring training for interpreters",
          "The office trained 40 interpreters for upcoming international events in the city."),
         ("2021-03/08/c_375401", "Consular officials visit Guiyang enterprises",
          "Officials visited three companies in the Guiyang High-tech Zone to learn about overseas orders."),
         ("2021-03/02/c_374988", "Guiyang receives delegation from Laos",
          "A delegation from Vientiane discussed cooperation in agriculture and education."),
         ("2021-02/25/c_374510", "Office publishes guide for foreign residents",
          "The bilingual guide covers housing, health care, transport and emergency numbers.")]
lis = "\n".join(f'<li><a href="/wsb/{h}.htm"><p class="sum">{s}</p></a><span class="hide">{ti}</span></li>' for h, ti, s in items)
m = f"""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Foreign Affairs Office News</title></head>
<body>
<div class="header"><a href="/"><img src="/static/images/logo.png" alt="Guiyang China"></a></div>
<div class="crumb"><a href="/">Home</a>&gt; <a href="/wsb/">Foreign Affairs Office</a></div>
<ul class="list">
{lis}
</ul>
<div class="page"><a href="foreignaffairsofficenews_36.html">&lt;</a> <a href="foreignaffairsofficenews.html">1</a> ... <a href="foreignaffairsofficenews_36.html">36</a> <span>37</span> <a href="foreignaffairsofficenews_38.html">38</a> <a href="foreignaffairsofficenews_38.html">&gt;</a></div>
{GY_FOOT}
</body></html>
"""
add("F1", 15, u, m, {"is_article": False}, notes="listing page")
# ---------------------------------------------------------------- F1_16 ezhejiang mirror, last page '< 1 ... 4 5 6', carousel '1 2 3 4 5', comment form
u = "https://zhejiang.chinadaily.com.cn/2020-04/10/c_420395_6.htm"
t = "Jinhua's Yiwu market reopens to foreign buyers"
paras = [
    "Foreign traders who returned to Yiwu were offered free health checks and help with visa extensions at a service center in the market's fifth district.",
    "&quot;Business is slowly coming back,&quot; said Ahmed, a buyer from Yemen who has lived in Yiwu for nine years. &quot;My customers are asking for masks, thermometers and toys.&quot;",
    "The market management company said more than 90 percent of its 75,000 booths had reopened by April 9.",
]
m = f"""<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>{t} - Chinadaily.com.cn</title></head>
<body>
<div class="zj-top"><a href="//www.chinadaily.com.cn/"><img src="//zhejiang.chinadaily.com.cn/img/cd_logo.png" alt="China Daily"></a><span>ezhejiang</span></div>
<div class="zj-crumb"><a href="/">Home</a> &gt; <a href="/jinhua/">Jinhua</a></div>
<div class="zj-art">
  <h1>{t}</h1>
  <div class="zj-info">(ezhejiang.gov.cn) Updated : 2020-04-10</div>
  <div id="Content">
    <p style="text-align:center"><img src="//zhejiang.chinadaily.com.cn/images/2020-04/10/yiwu6.jpg"></p>
    <p style="text-align:center">A foreign buyer checks samples at the Yiwu International Trade City. [Photo/zjol.com.cn]</p>
    {P(paras)}
  </div>
  <div id="div_currpage"><a href="c_420395_5.htm">&lt;</a> <a href="c_420395.htm">1</a> ... <a href="c_420395_4.htm">4</a> <a href="c_420395_5.htm">5</a> <span>6</span></div>
  <div class="comment">
    <h3>Leave a comment</h3>
    <form action="/comment/submit" method="post">
      <p>Name: <input type="text" name="name"></p>
      <p>Comment:</p><textarea name="content" rows="5" cols="60"></textarea>
      <p>Please be polite. Comments are reviewed before they are published.</p>
      <input type="submit" value="Submit">
    </form>
  </div>
</div>
<div class="zj-slide">
  <a href="/2020-04/09/c_420201.htm"><img src="/images/2020-04/09/s1.jpg"></a><a href="/2020-04/08/c_420110.htm"><img src="/images/2020-04/08/s2.jpg"></a>
  <a href="/2020-04/07/c_420033.htm"><img src="/images/2020-04/07/s3.jpg"></a><a href="/2020-04/06/c_419980.htm"><img src="/images/2020-04/06/s4.jpg"></a><a href="/2020-04/05/c_419911.htm"><img src="/images/2020-04/05/s5.jpg"></a>
  <p class="nums">1 2 3 4 5</p>
</div>
<div class="foot">Copyright &copy; China Daily. All rights reserved.</div>
</body>
</html>
"""
add("F1", 16, u, m, {"title": t, "published": "2020-04-10", "date_source": "printed", "source": "ezhejiang.gov.cn",
    "section": ["Home", "Jinhua"],
    "photos": [photo(u, "//zhejiang.chinadaily.com.cn/images/2020-04/10/yiwu6.jpg",
                     "A foreign buyer checks samples at the Yiwu International Trade City.", "zjol.com.cn")],
    "body": body_of(paras)},
    notes="last page (6 of 6) of a mirror article; pager, carousel digits and comment form excluded")

# ---------------------------------------------------------------- F1_17 eguizhou/guiyang: long unlinked sidebar text, image+caption in a <table>
u = "https://www.eguizhou.gov.cn/guiyang/2020-06/25/c_730290.htm"
t = "Guiyang residents celebrate Dragon Boat Festival on Nanming River"
paras = [
    "Thousands of residents lined the banks of the Nanming River in Guiyang on June 25 to watch dragon boat races held to celebrate the Dragon Boat Festival.",
    "Twelve teams from communities, companies and universities took part in the 500-meter race. A team of Buyi villagers from Huaxi district won the final.",
    "Vendors along the river sold zongzi, or sticky rice dumplings, with fillings of bacon, chestnuts and red beans, a local favorite.",
    "The festival, which falls on the fifth day of the fifth month of the Chinese lunar calendar, commemorates Qu Yuan, a poet of the Warring States Period.",
    "City authorities said the river's water quality had improved markedly after years of pollution control, making water sports possible again.",
]
cap = "Teams compete in a dragon boat race on the Nanming River in Guiyang."
side = [
    "Guizhou province is located in Southwest China, on the eastern part of the Yunnan-Guizhou Plateau. It covers an area of 176,000 square kilometers, and 92.5 percent of its area is mountains and hills.",
    "The province has a subtropical humid monsoon climate. Summers are cool and the annual average temperature is about 15 C, which has earned Guiyang the name of a summer resort.",
    "Guizhou is home to 49 ethnic groups, including the Miao, Buyi, Dong, Tujia and Yi, whose festivals, songs and embroidery are known across the country.",
]
m = f"""<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>{t}</title></head>
<body>
<div class="header"><img src="/images/eguizhou_logo.png" alt="eGuizhou"></div>
<div class="crumb">Home &nbsp;&gt;&nbsp;&nbsp; <a href="/guiyang/">Guiyang</a></div>
<div class="wrap" style="overflow:hidden">
<div class="left" style="float:left;width:760px">
  <h1>{t}</h1>
  <div class="date-line">english.guiyang.gov.cn| Updated: 2020-06-25</div>
  <div id="Content">
    <table align="center" border="0" cellpadding="0" cellspacing="0"><tbody>
      <tr><td align="center"><img src="../../images/2020-06/25/dragonboat.jpg" border="0"></td></tr>
      <tr><td align="center">{cap} [Photo/Guiyang news network]</td></tr>
    </tbody></table>
    {P(paras)}
  </div>
</div>
<div class="right" style="float:right;width:300px">
  <h3>Guizhou at a glance</h3>
  {P(side)}
  <h3>Contact</h3>
  <p>Information Office of Guizhou Provincial People's Government. Tel: 0851-86828366</p>
</div>
</div>
<div class="footer"><p>Copyright &copy; China Daily. All rights reserved.</p><p>Presented by China Daily.</p></div>
</body>
</html>
"""
add("F1", 17, u, m, {"title": t, "published": "2020-06-25", "date_source": "printed", "source": "english.guiyang.gov.cn",
    "section": ["Home", "Guiyang"],
    "photos": [photo(u, "../../images/2020-06/25/dragonboat.jpg", cap, "Guiyang news network")],
    "body": body_of(paras)},
    notes="sidebar with long unlinked paragraphs (not body); image and caption in a layout <table>")

# =====================================================================================  F2
# ---------------------------------------------------------------- F2_01 eguizhou 2014, GB2312 declared in <meta> only, table + <br><br> body
u = "http://www.eguizhou.gov.cn/2014-06/09/content_17573850.htm"
t = "Guizhou villages turn terraced fields into tourist attractions"
paras = [
    "Farmers in Congjiang county, in the southeast of Guizhou province, are earning extra income by opening their terraced rice fields to visitors, local officials said.",
    "The Jiabang terraces, built by Miao and Dong people over hundreds of years, attracted about 150,000 tourists last year, most of them photographers from Guangdong and Hunan.",
    "Each household that keeps its fields in traditional cultivation receives a subsidy of 800 yuan per mu (0.07 hectare) from the county government.",
    "&ldquo;We used to leave the village to find work in factories,&rdquo; said Wu Laoyao, 46, who now runs a guesthouse with six rooms. &ldquo;Now the visitors come to us.&rdquo;",
    "The county plans to build a 30-kilometer scenic road linking the terraces with the Basha Miao village, famous for its gun-carrying tradition.",
    "Officials said they would limit the number of new buildings near the fields to protect the landscape.",
]
caps = [("Rice terraces in Jiabang township, Congjiang county, in early summer.", "China Daily Guizhou Office"),
        ("A Miao woman carries rice seedlings to the fields.", "Wu Dengfeng")]
m = f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{t}</title>
<style>td{{font-size:12px;font-family:Verdana}} .title{{font-size:20px;font-weight:bold}}</style>
</head>
<body topmargin="0" leftmargin="0">
<table width="950" border="0" cellspacing="0" cellpadding="0" align="center">
<tr><td height="26" align="right">| <a href="http://guizhou.chinadaily.com.cn/">中国日报网贵州频道</a> | <a href="http://www.chinaguizhou.gov.cn/">中国贵州网</a> |</td></tr>
<tr><td><img src="../../images/eguizhou_top.jpg" width="950" height="140"></td></tr>
<tr><td height="30" bgcolor="#9c1b1f"><a href="/"><font color="#ffffff">Home</font></a> <a href="/news.html"><font color="#ffffff">News</font></a> <a href="/travel.html"><font color="#ffffff">Travel</font></a></td></tr>
</table>
<table width="950" border="0" cellspacing="0" cellpadding="0" align="center">
<tr>
<td width="680" valign="top">
  <table width="100%" border="0" cellpadding="8">
  <tr><td class="title" align="center">{t}</td></tr>
  <tr><td align="center"><font color="#666666">By Gu Ruoqi and Li Jun ( chinadaily.com.cn )</font></td></tr>
  <tr><td align="center"><font color="#666666">Updated: 2014-06-09</font></td></tr>
  <tr><td id="Content" style="line-height:22px">
&nbsp;&nbsp;&nbsp;&nbsp;{paras[0]}<br><br>
&nbsp;&nbsp;&nbsp;&nbsp;{paras[1]}<br><br>
<div align="center"><img src="../../attachement/jpg/site1/20140609/a41f726b05111500f4e60a.jpg" alt="{t}" border="0"></div>
<div align="center">{caps[0][0]}(Photo/{caps[0][1]})</div><br>
&nbsp;&nbsp;&nbsp;&nbsp;{paras[2]}<br><br>
&nbsp;&nbsp;&nbsp;&nbsp;{paras[3]}<br><br>
<div align="center"><img src="../../attachement/jpg/site1/20140609/a41f726b05111500f4e60b.jpg" alt="{t}" border="0"></div>
<div align="center">{caps[1][0]}(Photo/{caps[1][1]})</div><br>
&nbsp;&nbsp;&nbsp;&nbsp;{paras[4]}<br><br>
&nbsp;&nbsp;&nbsp;&nbsp;{paras[5]}
  </td></tr>
  <tr><td align="right"><a href="javascript:window.print()">Print</a> | <a href="javascript:window.close()">Close</a></td></tr>
  </table>
</td>
<td width="20"></td>
<td width="250" valign="top" bgcolor="#f4f4f4">
  <p><b>Ethnic Culture</b></p>
  <p>Guizhou is home to 17 ethnic groups that have lived in the province for generations, including the Miao, Buyi, Dong and Yi.</p>
  <p><a href="/2014-06/06/content_17567001.htm">Miao Sisters Festival opens in Taijiang</a></p>
</td>
</tr>
</table>
<table width="950" align="center"><tr><td align="center">
<a href="/about.html">Contact us</a><br>
Copyright &copy;2013 - Guizhou Provincial Information Office All Rights Reserved.
</td></tr></table>
</body>
</html>
"""
add("F2", 1, u, m, {"title": t, "published": "2014-06-09", "date_source": "printed", "source": "chinadaily.com.cn",
    "byline": "Gu Ruoqi and Li Jun",
    "photos": [photo(u, "../../attachement/jpg/site1/20140609/a41f726b05111500f4e60a.jpg", caps[0][0], caps[0][1]),
               photo(u, "../../attachement/jpg/site1/20140609/a41f726b05111500f4e60b.jpg", caps[1][0], caps[1][1])],
    "body": body_of(paras)},
    encoding="gb2312", content_type="text/html",
    notes="charset only in <meta> (gb2312); body is one <td> split by <br><br>; curly quotes are GB2312 bytes")

# ---------------------------------------------------------------- F2_02 guizhou channel 2018, 'Previous Page 1 2 Next Page', byline ( China Daily )
u = "http://guizhou.chinadaily.com.cn/2018-01/16/content_35511990.htm"
t = "Zunyi's red tourism sites welcome record winter visitors"
paras = [
    "Revolutionary heritage sites in Zunyi, Guizhou province, received 1.3 million visitors in December, a record for the winter season, the city's tourism bureau said.",
    "The Zunyi Conference site, where the Communist Party of China held a key meeting during the Long March in 1935, was the most visited.",
    "Schools and companies from across the country organize study tours to the city, and new high-speed rail links have cut travel time from Chongqing to about two hours.",
    "Hotels in the city center reported occupancy rates above 70 percent, compared with about 45 percent in previous winters.",
]
m = f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{t}</title>
</head>
<body>
<table width="960" align="center" cellpadding="0" cellspacing="0">
<tr><td>| 中国日报网贵州频道 | 中国贵州网 |</td></tr>
<tr><td><img src="/images/gz_banner2017.jpg"></td></tr>
</table>
<table width="960" align="center">
<tr><td valign="top" width="660">
<h2 align="center">{t}</h2>
<p align="center" style="color:#777">By Yang Jun ( China Daily )&nbsp;&nbsp;&nbsp;Updated: 2018-01-16 10:45</p>
<div id="Content">
<p align="center"><img src="../../attachement/jpg/site1/20180116/zunyi_conference.jpg" alt="{t}"></p>
<p align="center">Visitors line up outside the Zunyi Conference site.(Photo/Yang Jun)</p>
{P(paras)}
</div>
<div id="div_currpage" align="center"><a href="content_35511990.htm">Previous Page</a> <span>1</span> <a href="content_35511990_2.htm">2</a> <a href="content_35511990_2.htm">Next Page</a></div>
</td>
<td width="280" valign="top"><b>Latest</b><br><a href="/2018-01/15/content_35501234.htm">Guiyang metro Line 1 passes test run</a><br><a href="/2018-01/12/content_35489901.htm">Tea exports rise in Meitan</a></td>
</tr></table>
<div align="center">Copyright &copy; China Daily. All rights reserved.</div>
</body>
</html>
"""
add("F2", 2, u, m, {"title": t, "published": "2018-01-16T10:45+08:00", "date_source": "printed", "source": "China Daily",
    "byline": "Yang Jun",
    "photos": [photo(u, "../../attachement/jpg/site1/20180116/zunyi_conference.jpg",
                     "Visitors line up outside the Zunyi Conference site.", "Yang Jun")],
    "body": body_of(paras)},
    notes="byline and date line on one line; page 1 of 2 (pager excluded)")

# =====================================================================================  F3
# ---------------------------------------------------------------- F3_01 State Council 2016, 12-hour month-name date
u = "http://english.www.gov.cn/policies/policy_watch/2016/08/15/content_281475417938355.htm"
t = "State Council moves to cut logistics costs for businesses"
paras = [
    "The State Council has approved a plan to reduce logistics costs for businesses, including lower highway tolls for container trucks and simpler procedures for multimodal transport.",
    "Under the plan, provinces will review toll charges on expressways and cancel unreasonable fees by the end of the year.",
    "Railway operators will be encouraged to offer discounted rates for containers that continue their journey by sea.",
    "The plan also calls for a unified national platform for logistics information, so that trucks, trains and ships can share data on cargo and capacity.",
    "Logistics costs accounted for about 16 percent of China's GDP in 2015, much higher than in developed economies, according to official figures.",
]
m = f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{t}</title>
<meta name="keywords" content="logistics,costs,State Council">
<meta name="description" content="The State Council has approved a plan to reduce logistics costs for businesses.">
</head>
<body>
<div class="topbar"><div class="topR"><a href="/app/">App</a> | <a href="http://www.gov.cn/">中文</a> |</div></div>
<div class="header"><img src="/images/gov_logo.png" alt="The State Council of the People's Republic of China"></div>
<div class="nav"><a href="/">Home</a> <a href="/premier/">Premier</a> <a href="/state_council/">State Council</a> <a href="/news/">News</a> <a href="/policies/">Policies</a> <a href="/services/">Services</a></div>
<div class="BreadcrumbNav"><a href="/">Home</a> &gt; <a href="/policies/">Policies</a> &gt; <a href="/policies/policy_watch/">Policy Watch</a></div>
<div class="article">
  <div class="arti_title">{t}</div>
  <div class="arti_info"><span class="arti_date">Updated: Aug 15,2016 2:09 PM</span></div>
  <div class="article-content">
    {P(paras)}
  </div>
  <div class="share"><span>Share on</span> <a href="#">Facebook</a> <a href="#">Twitter</a> <a href="#">LinkedIn</a></div>
  <div class="related"><h4>Related Stories</h4><ul><li><a href="content_281475417512345.htm">Premier Li calls for lower costs for enterprises</a></li></ul></div>
</div>
<div class="footer">Copyright&copy; www.gov.cn | Contact us | 京ICP备05070218号</div>
</body>
</html>
"""
add("F3", 1, u, m, {"title": t, "published": "2016-08-15T14:09+08:00", "date_source": "printed",
    "section": ["Home", "Policies", "Policy Watch"], "body": body_of(paras)})

# ---------------------------------------------------------------- F3_02 newer WS page with JSON-LD, source line
u = "https://english.www.gov.cn/news/202407/26/content_WS66a2d827c6d0868f4e8e9911.html"
t = "China expands trade-in program for household appliances"
paras = [
    "China will allocate additional funds to support consumers who trade in old household appliances for energy-efficient models, according to a notice issued on Thursday.",
    "Buyers of refrigerators, washing machines, televisions and air conditioners with top energy-efficiency ratings will receive a subsidy of 15 percent of the sale price, capped at 2,000 yuan per item.",
    "Each consumer can receive subsidies for up to eight appliances in different categories.",
    "Local governments are required to simplify the application process and pay subsidies directly at the point of sale where possible.",
    "The notice said the program would help boost domestic demand and reduce energy consumption.",
    "Retailers welcomed the move. Several large chains said they had added staff to handle collection of old appliances.",
    "Sales of home appliances rose 2.3 percent year-on-year in the first half of the year, official data showed.",
    "The trade-in program was first announced in March as part of a broader plan to upgrade equipment and consumer goods.",
]
ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle", "headline": t,
                 "datePublished": "2024-07-26T15:20:00+08:00", "dateModified": "2024-07-26T15:20:00+08:00",
                 "publisher": {"@type": "Organization", "name": "english.www.gov.cn",
                               "logo": {"@type": "ImageObject", "url": "https://english.www.gov.cn/images/ws_logo.png"}},
                 "mainEntityOfPage": u}, ensure_ascii=False)
m = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>{t}</title>
<script type="application/ld+json">{ld}</script>
<link rel="stylesheet" href="/css/ws2023.css">
</head>
<body>
<header class="ws-header"><a href="/"><img src="/images/ws_logo.png" alt="english.gov.cn"></a><nav><a href="/news/">News</a><a href="/policies/">Policies</a><a href="/archive/">Archive</a></nav><span class="tools">App | 中文 |</span></header>
<main>
  <div class="crumb"><a href="/">Home</a> &gt; <a href="/news/">News</a></div>
  <h1 class="ws-title">{t}</h1>
  <div class="ws-info"><span>Updated: July 26, 2024 15:20</span> <span>Source: Xinhua</span></div>
  <div class="ws-text">
    {P(paras)}
  </div>
  <aside class="ws-recommend"><h3>Recommended</h3><a href="/news/202407/25/content_WS66a1c0fdc6d0868f4e8e9600.html"><img src="/images/2024-07/25/rec1.jpg"><span>Premier calls for stronger domestic demand</span></a></aside>
</main>
<footer>Copyright&copy; www.gov.cn | About us | Contact us | 京ICP备05070218号</footer>
</body>
</html>
"""
add("F3", 2, u, m, {"title": t, "published": "2024-07-26T15:20+08:00", "date_source": "printed", "source": "Xinhua",
    "section": ["Home", "News"], "body": body_of(paras)},
    notes="JSON-LD page (datePublished has seconds; the printed line has none and wins)")
# =====================================================================================  F4
# ---------------------------------------------------------------- F4_01 english.beijing news, TRS_Editor, meta tags, span breadcrumb, './W0...jpg'
u = "https://english.beijing.gov.cn/latest/news/202407/t20240727_3760850.html"
t = "Beijing Central Axis celebrates World Heritage inscription"
paras = [
    "Residents and tourists gathered at Yongdingmen Gate on Saturday evening to celebrate the inscription of the Beijing Central Axis on the UNESCO World Heritage List.",
    "The 7.8-kilometer axis runs from Yongdingmen in the south to the Bell and Drum Towers in the north, and includes the Forbidden City, Tian'anmen Square and Jingshan Park.",
    "The World Heritage Committee made the decision at its 46th session in New Delhi on July 27.",
    "City officials said conservation work over the past decade had included relocating factories and housing that blocked historic views, and restoring temples and gates along the axis.",
    "Museums along the axis will extend their opening hours during the summer holidays, and a new walking route with bilingual signs will open next month.",
]
m = f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<meta charset="utf-8">
<meta name="SiteName" content="Beijing International Web Portal">
<meta name="ColumnName" content="News">
<meta name="ArticleTitle" content="{t}">
<meta name="PubDate" content="2024-07-27 21:40:00">
<meta name="ContentSource" content="Beijing Daily App">
<title>{t}</title>
<script src="/images/jquery-1.12.4.min.js"></script>
</head>
<body>
<div class="header"><div class="w1200"><a href="/"><img src="/images/logo2021.png" alt="Beijing International Web Portal"></a>
<div class="lang"><a href="http://www.beijing.gov.cn/">中文</a> <a href="/fr/">Français</a></div></div></div>
<div class="nav w1200"><a href="/">Home</a><a href="/latest/">Latest</a><a href="/government/">Government</a><a href="/investinginbeijing/">Investing</a><a href="/travellinginbeijing/">Travel</a></div>
<div class="w1200 location"><span><a href="/">Home</a></span> <span>&gt;</span> <span><a href="/latest/">Latest</a></span> <span>&gt;</span> <span><a href="/latest/news/">News</a></span></div>
<div class="w1200 article">
  <h2 class="atitle">{t}</h2>
  <div class="ainfo"><span>2024-07-27</span>&nbsp;&nbsp;|&nbsp;&nbsp;<span>Source: Beijing Daily App</span><span class="bdsharebuttonbox"><a class="bds_weixin"></a><a class="bds_tsina"></a></span></div>
  <div class="TRS_Editor">
<p style="text-align: center;"><img src="./W020240727689451238765.jpg" oldsrc="W020240727689451238765.jpg" /></p>
<p style="text-align: center;">People celebrate at Yongdingmen Gate in Beijing on July 27. [Photo/Beijing Daily App]</p>
{P(paras, '<p style="text-indent: 2em;">{}</p>')}
  </div>
</div>
<div class="footer w1200"><p>Sponsored by: The People's Government of Beijing Municipality</p><p>Copyright &copy; The People's Government of Beijing Municipality. All Rights Reserved.</p><p>京ICP备05060933号 京公网安备11010502030777号</p></div>
</body>
</html>
"""
add("F4", 1, u, m, {"title": t, "published": "2024-07-27", "date_source": "printed", "source": "Beijing Daily App",
    "section": ["Home", "Latest", "News"],
    "photos": [photo(u, "./W020240727689451238765.jpg", "People celebrate at Yongdingmen Gate in Beijing on July 27.", "Beijing Daily App")],
    "body": body_of(paras)},
    notes="printed date only (2024-07-27) beats meta PubDate with a time")

# ---------------------------------------------------------------- F4_02 english.beijing report: publisher line, 'date  |  ' + empty share slot, footnote numerals
u = "https://english.beijing.gov.cn/government/reports/202402/t20240205_3556790.html"
t = "Report on the Work of the Government (Part III)"
paras = [
    "III. Major tasks for 2024",
    "This year, we will focus on the following ten areas of work.",
    "1. We will strengthen Beijing's role as an international center for innovation. We will support the construction of national laboratories and build three innovation belts7 linking universities, research institutes and industrial parks.",
    "2. We will expand domestic demand. We will hold more consumption festivals, upgrade commercial districts such as Wangfujing and Sanlitun, and promote the trade-in of automobiles and household appliances.",
    "3. We will deepen reform and opening-up. We will implement the comprehensive pilot program for expanding opening-up in the services sector and improve the business environment for foreign-funded companies8.",
    "4. We will improve the living environment. We will renovate 300 old residential compounds and add 1,000 kilometers of cycling lanes and walkways.",
    "5. We will ensure and improve public wellbeing. We will create 260,000 new urban jobs and add 30,000 kindergarten places.",
    "We are confident that, with the joint efforts of all residents, we will accomplish the goals and tasks for this year.",
]
m = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>{t}-Beijing International Web Portal</title>
</head>
<body>
<div class="header"><a href="/"><img src="/images/logo2021.png" alt="Beijing International"></a></div>
<div class="location"><a href="/">Home</a> &gt; <a href="/government/">Government</a> &gt; <a href="/government/reports/">Reports</a></div>
<div class="container">
  <div class="header-title"><p class="title">{t}</p></div>
  <div class="publisher">Foreign Affairs Office of the People's Government of Beijing Municipality</div>
  <div class="date-share"><span class="date">2024-02-05</span>&nbsp;&nbsp;|&nbsp;&nbsp;<span class="share" id="shareSlot"></span></div>
  <div class="view TRS_UEDITOR trs_paper_default trs_web">
    {P(paras)}
  </div>
  <div class="sibling"><p><a href="t20240205_3556724.html">Previous: Report on the Work of the Government (Part II)</a></p></div>
</div>
<div class="footer"><p>Copyright &copy; The People's Government of Beijing Municipality. All Rights Reserved.</p><p>京ICP备05060933号</p></div>
</body>
</html>
"""
add("F4", 2, u, m, {"title": t, "published": "2024-02-05", "date_source": "printed",
    "source": "Foreign Affairs Office of the People's Government of Beijing Municipality",
    "section": ["Home", "Government", "Reports"], "body": body_of(paras)},
    notes="source = the publisher line printed above the date (judgement call); footnote numerals glued to words stay ('belts7'); "
          "the short heading 'III. Major tasks for 2024' is part of the body")

# ---------------------------------------------------------------- F4_03 wb.beijing: Date:/Source: lines, fontSize widget, table layout, printed date != URL date
u = "https://wb.beijing.gov.cn/en/public_service/public_diplomacy/202301/t20230117_2902690.html"
t = "Foreign diplomats experience traditional crafts in Dongcheng"
paras = [
    "More than 40 diplomats and their families from 20 countries visited the Dongcheng district of Beijing to learn about traditional crafts, including cloisonne, kite-making and paper-cutting.",
    "At a workshop near the Temple of Heaven, they painted enamel on small copper plates under the guidance of a cloisonne master whose family has practiced the craft for four generations.",
    "The event was part of the Beijing Foreign Affairs Office's public diplomacy program, which invites foreign guests to explore the capital's history and culture.",
    "&quot;It is one thing to see cloisonne in a museum, and quite another to make it yourself,&quot; said a diplomat from Argentina.",
]
m = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>Beijing Foreign Affairs Office</title>
</head>
<body>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">
  <tr><td><img src="/en/images/top_banner.jpg" width="1000" height="150" /></td></tr>
  <tr><td class="nav"><a href="/en/">Home</a> | <a href="/en/news/">News</a> | <a href="/en/public_service/">Public Service</a></td></tr>
  <tr><td class="position">Home &gt; Public Service &gt; Public Diplomacy</td></tr>
</table>
<table width="1000" border="0" align="center" cellpadding="0" cellspacing="0">
  <tr><td align="center" class="bt" style="font-size:22px;font-weight:bold;padding:20px">{t}</td></tr>
  <tr><td align="center" style="color:#666">
    <span>Date: 2022-09-29</span>&nbsp;&nbsp;&nbsp;
    <span>Source: Beijing Foreign Affairs Office</span>&nbsp;&nbsp;&nbsp;
    <span>fontSize:&nbsp;&nbsp; <a href="javascript:setFont(18)">big</a> <a href="javascript:setFont(16)">middle</a> <a href="javascript:setFont(14)">small</a></span>
  </td></tr>
  <tr><td class="con" style="padding:20px 40px;line-height:28px">
    <div class="TRS_Editor">{P(paras, '<p>&nbsp;&nbsp;&nbsp;&nbsp;{}</p>')}</div>
  </td></tr>
</table>
<table width="1000" align="center"><tr><td align="center">Beijing Foreign Affairs Office &nbsp; Address: No. 2 Zhengyi Road, Dongcheng District, Beijing &nbsp; Tel: 010-65192645<br />京ICP备05060933号</td></tr></table>
</body>
</html>
"""
add("F4", 3, u, m, {"title": t, "published": "2022-09-29", "date_source": "printed", "source": "Beijing Foreign Affairs Office",
    "section": ["Home", "Public Service", "Public Diplomacy"], "body": body_of(paras)},
    notes="printed date (2022-09-29) differs from URL date (2023-01-17)")

# ---------------------------------------------------------------- F4_04 english.sz: masthead, From:/Updated:, <font> body, uncredited caption after the body
u = "http://english.sz.gov.cn/news/photos/201910/t20191024_18456480.htm"
t = "Drone light show marks opening of Shenzhen Bay park"
paras = [
    "More than 1,000 drones lit up the sky over Shenzhen Bay on Wednesday night to mark the opening of a new section of the Shenzhen Bay coastal park.",
    "The drones formed images of the city skyline, a mangrove forest and migratory birds, drawing crowds of residents along the waterfront.",
    "The 2.5-kilometer park section includes a boardwalk, a bird-watching platform and two playgrounds.",
    "The city's urban management bureau said the park would be open 24 hours a day.",
]
cap = "Drones form the shape of a black-faced spoonbill over Shenzhen Bay."
m = f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{t}</title>
</head>
<body bgcolor="#ffffff">
<table width="980" align="center" cellpadding="0" cellspacing="0">
<tr><td class="masthead"><img src="../../../images/sz_logo.gif" align="absmiddle"> <font size="5" color="#004b8d"><b>Shenzhen Government Online</b></font></td></tr>
<tr><td><a href="/">Home</a> | <a href="/news/">News</a> | <a href="/business/">Business</a> | <a href="/lis/">Live in Shenzhen</a></td></tr>
</table>
<table width="980" align="center" cellpadding="10">
<tr><td align="center"><font size="4"><b>{t}</b></font></td></tr>
<tr><td align="center"><font color="#888888">From: Shenzhen Daily</font></td></tr>
<tr><td align="center"><font color="#888888">Updated: 2019-10-24</font></td></tr>
<tr><td>
<div class="TRS_Editor">
{P(paras, '<p><font face="Arial" size="3">{}</font></p>')}
<p align="center"><img src="./W020191024368221547733.jpg" border="0" OLDSRC="W020191024368221547733.jpg" /></p>
<p align="center"><font color="#333333">{cap}</font></p>
</div>
</td></tr>
</table>
<table width="980" align="center"><tr><td align="center"><font size="2">Copyright &copy; The People's Government of Shenzhen Municipality. All rights reserved. 粤ICP备05080437号</font></td></tr></table>
</body>
</html>
"""
add("F4", 4, u, m, {"title": t, "published": "2019-10-24", "date_source": "printed", "source": "Shenzhen Daily",
    "photos": [photo(u, "./W020191024368221547733.jpg", cap, None)], "body": body_of(paras)},
    notes="uncredited caption AFTER the body, under the image")

# ---------------------------------------------------------------- F4_05 Qingdao: masthead, 'Qingdao Government | DECEMBER 24,2021', id=zoom
u = "http://english.qingdao.gov.cn/about/qingdao/202112/t20211224_4133690.shtml"
t = "Qingdao at a glance: climate and geography"
paras = [
    "Qingdao lies on the southern tip of the Shandong Peninsula, facing the Yellow Sea to the east and south.",
    "The city has a temperate monsoon climate influenced by the ocean. Summers are cool and winters are mild compared with inland cities at the same latitude.",
    "The average annual temperature is about 13 C, and August is the warmest month, with an average of about 25 C.",
    "Qingdao administers seven districts and three county-level cities, with a total area of 11,293 square kilometers.",
    "Its coastline stretches more than 900 kilometers and includes 49 bays and 120 islands.",
    "Laoshan Mountain, rising 1,133 meters above sea level, is the highest coastal mountain in China's mainland.",
]
m = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="ArticleTitle" content="{t}">
<meta name="PubDate" content="2021-12-24 10:12">
<title>{t}_Qingdao</title>
</head>
<body>
<div class="top"><span>Welcome To Qingdao Government Affairs Website!</span> <a href="http://www.qingdao.gov.cn/">中文</a> <a href="/ja/">日本語</a> <a href="/ko/">한국어</a></div>
<div class="banner"><img src="/images/qd_banner.jpg" alt="Qingdao"></div>
<div class="dqwz">Home&gt;About Qingdao</div>
<div class="detail">
  <h3>{t}</h3>
  <div class="detail-info">Qingdao Government | DECEMBER 24,2021</div>
  <div id="zoom">{P(paras)}</div>
  <div class="detail-tools"><a href="javascript:window.print()">Print</a> <a href="javascript:window.close()">Close</a></div>
</div>
<div class="foot">Sponsored by the General Office of Qingdao Municipal People's Government &nbsp; 鲁ICP备05001955号</div>
</body>
</html>
"""
add("F4", 5, u, m, {"title": t, "published": "2021-12-24", "date_source": "printed", "source": "Qingdao Government",
    "section": ["Home", "About Qingdao"], "body": body_of(paras)},
    notes="printed upper-case month date beats the meta PubDate with a time")

# ---------------------------------------------------------------- F4_06 Suzhou 2017: GB2312 via header, junk 'Date: Tmp:' lines, <td> body split by <br><br>, U+3000 indents
u = "http://english.suzhou.gov.cn/gltj2/201710/t20171010_913420.shtml"
t = "Suzhou industrial output rises 9.1 percent in first three quarters"
paras = [
    "\u3000\u3000Industrial output of enterprises above a designated size in Suzhou rose 9.1 percent year-on-year in the first three quarters, the municipal statistics bureau said on Tuesday.",
    "\u3000\u3000Output of new energy, biomedicine and new materials industries grew faster than the average, while traditional textile output fell slightly.",
    "\u3000\u3000The Suzhou Industrial Park and the Suzhou National New and Hi-tech Industrial Development Zone together contributed more than 40 percent of the growth.",
    "\u3000\u3000Exports rose 12.3 percent, helped by strong demand for electronic components.",
]
m = f"""<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0 Transitional//EN">
<HTML>
<HEAD>
<META http-equiv=Content-Type content="text/html; charset=gb2312">
<TITLE>Suzhou</TITLE>
</HEAD>
<BODY>
<TABLE width=1000 align=center border=0>
<TR><TD>Date: Tmp: <A href="http://www.suzhou.gov.cn/">中文版</A> <A href="/wza/">Easy Web Browsing</A></TD></TR>
<TR><TD><IMG src="/images/sz_top.jpg" width=1000></TD></TR>
<TR><TD>Home &gt; Suzhou Today</TD></TR>
</TABLE>
<TABLE width=1000 align=center border=0>
<TR>
<TD width=220 valign=top>
<TABLE><TR><TD><B>Surveys</B></TD></TR><TR><TD>Which Suzhou garden do you like most?</TD></TR><TR><TD>recommended 2</TD></TR></TABLE>
</TD>
<TD valign=top>
<TABLE width="100%">
<TR><TD align=center><B><FONT size=4>{t}</FONT></B></TD></TR>
<TR><TD align=center>Date: Tmp: </TD></TR>
<TR><TD align=center>Date:2017-10-10 16:01:00</TD></TR>
<TR><TD class=content style="LINE-HEIGHT: 24px">
{"<BR><BR>".join(paras)}
</TD></TR>
</TABLE>
</TD>
</TR>
</TABLE>
<TABLE width=1000 align=center><TR><TD align=center>Copyright &copy; Suzhou Municipal People's Government 苏ICP备10215464号</TD></TR></TABLE>
</BODY>
</HTML>
"""
add("F4", 6, u, m, {"title": t, "published": "2017-10-10T16:01:00+08:00", "date_source": "printed",
    "section": ["Home", "Suzhou Today"], "body": body_of(paras)},
    encoding="gb2312", content_type="text/html; charset=GB2312",
    notes="junk 'Date: Tmp:' lines before the real date line; body is one <td> split by <BR><BR> with U+3000 indents")

# ---------------------------------------------------------------- F4_07 Hunan: no date line, caption printed 3x, source/translator trailer
u = "http://www.enghunan.gov.cn/hneng/News/Localnews/202210/t20221031_29110990.html"
t = "Changsha's Orange Isle hosts autumn music festival"
paras = [
    "The Orange Isle in the Xiangjiang River in Changsha hosted a three-day autumn music festival that ended on Sunday, drawing about 60,000 visitors.",
    "Bands from Hunan, Guangdong and Sichuan performed on two outdoor stages, and food stalls offered stinky tofu, rice noodles and sugar-oil cakes.",
    "The festival was organized by the Yuelu district government to promote night-time tourism along the river.",
    "Organizers said shuttle buses from metro stations carried more than 20,000 passengers during the event.",
]
cap = "Visitors enjoy a performance at the Orange Isle in Changsha."
m = f"""<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>{t}</title></head>
<body>
<div class="header"><img src="/hneng/images/hunan_logo.png" alt="Hunan"><span class="mast">15 July 2015</span></div>
<div class="nav"><a href="/hneng/">Home</a> <a href="/hneng/News/">News</a> <a href="/hneng/Travel/">Travel</a></div>
<div class="main">
  <div class="tit">{t}</div>
  <div class="TRS_Editor">
<p style="text-align:center"><img src="./W020221031512399841325.jpg" title="{cap}" alt="{cap}"></p>
<p style="text-align:center">{cap} (Photo/Xu Xing, Hunan Daily)</p>
<div class="pic-intro">{cap} (Photo/Xu Xing, Hunan Daily)</div>
<p>{cap} (Photo/Xu Xing, Hunan Daily)</p>
{P(paras)}
<p>Chinese source: hunantoday</p>
<p>Translator: Xiao Juan</p>
<p>This article is from the Hunan Provincial Government www.enghunan.gov.cn.</p>
  </div>
</div>
<div class="footer">Copyright &copy; Hunan Provincial People's Government. All Rights Reserved. 湘ICP备05000934号</div>
</body>
</html>
"""
add("F4", 7, u, m, {"title": t, "published": "2022-10-31", "date_source": "url", "source": "hunantoday",
    "photos": [photo(u, "./W020221031512399841325.jpg", cap, "Xu Xing, Hunan Daily")], "body": body_of(paras)},
    notes="no date line (stale masthead date '15 July 2015' must be rejected); one caption printed 3 times -> one photo; "
          "source taken from 'Chinese source: hunantoday' (judgement call)")

# ---------------------------------------------------------------- F4_08 Wuhan: no date line, ends with 'Editor:'
u = "http://www.wuhan.gov.cn/wwwz/ywwz_1/H_1/NWP/202306/t20230607_2213090.shtml"
t = "Wuhan opens 15 new bus routes to serve new residential areas"
paras = [
    "Wuhan will open 15 new bus routes on June 10 to serve residential areas in the Optics Valley, Hanyang and Dongxihu districts, the municipal transport bureau said.",
    "Five of the routes will connect with metro stations on Lines 11 and 19, and three will run until midnight.",
    "The bureau said the routes were chosen based on residents' suggestions collected through an online survey in April.",
]
m = f"""<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>{t}--Wuhan</title></head>
<body>
<div class="wz-head"><img src="/wwwz/images/wh_logo.png"><span>Wuhan</span></div>
<div class="wz-nav"><a href="/wwwz/">Home</a> <a href="/wwwz/ywwz_1/">News</a></div>
<div class="wz-article">
  <h1>{t}</h1>
  <div class="wz-share"><span>Share:</span> <a href="#">WeChat</a> <a href="#">Weibo</a></div>
  <div class="wz-text">
    {P(paras)}
    <p style="text-align:right">Editor: Nie Yang</p>
  </div>
</div>
<div class="wz-foot">Copyright &copy; Wuhan Municipal People's Government 鄂ICP备05012587号</div>
</body>
</html>
"""
add("F4", 8, u, m, {"title": t, "published": "2023-06-07", "date_source": "url", "body": body_of(paras)})

# ---------------------------------------------------------------- F4_09 Shenzhen 'Just a moment...' challenge (HTTP 200): not an article
u = "https://www.sz.gov.cn/en_szgov/news/latest/202601/t20260105_4455610.htm"
m = """<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title><meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><meta http-equiv="X-UA-Compatible" content="IE=Edge"><meta name="robots" content="noindex,nofollow"><meta name="viewport" content="width=device-width,initial-scale=1"><style>*{box-sizing:border-box;margin:0;padding:0}html{line-height:1.15;color:#313131;font-family:system-ui}body{display:flex;flex-direction:column;height:100vh;min-height:100vh}.main-content{margin:8rem auto;max-width:60rem;padding-left:1.5rem}</style></head><body class="no-js"><div class="main-wrapper" role="main"><div class="main-content"><h1 class="zone-name-title h1">www.sz.gov.cn</h1><h2 class="h2" id="challenge-running">Checking if the site connection is secure</h2><noscript><div id="challenge-error-title"><div class="h2"><span class="icon-wrapper"></span><span id="challenge-error-text">Enable JavaScript and cookies to continue</span></div></div></noscript><div id="challenge-body-text" class="core-msg spacer">www.sz.gov.cn needs to review the security of your connection before proceeding.</div></div></div><script>(function(){window._cf_chl_opt={cvId:'3',cZone:"www.sz.gov.cn",cType:'managed',cRay:'8f1a2b3c4d5e6f70',cH:'Qx1d0mE.aZ1'};var a=document.createElement('script');a.src='/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1?ray=8f1a2b3c4d5e6f70';document.getElementsByTagName('head')[0].appendChild(a);}());</script><div class="footer" role="contentinfo"><div class="footer-inner"><div class="clearfix diagnostic-wrapper"><div class="ray-id">Ray ID: <code>8f1a2b3c4d5e6f70</code></div></div><div class="text-center" id="footer-text">Performance &amp; security by Cloudflare</div></div></div></body></html>"""
add("F4", 9, u, m, {"is_article": False}, notes="HTTP 200 challenge page")
# =====================================================================================  F5
# ---------------------------------------------------------------- F5_01 english.zj 2015: empty breadcrumb '>  >', bare date-time, id=zoom, Hanweb tables
u = "http://english.zj.gov.cn/art/2015/1/30/art_1150_2065240.html"
t = "Zhejiang to build 1,000 rural cultural halls this year"
paras = [
    "Zhejiang province will build 1,000 rural cultural halls in 2015 to give villagers places for reading, performances and traditional festivals, the provincial department of culture said.",
    "Each hall will have a library corner, a stage and an exhibition room on local history. Some will be converted from old ancestral halls and schools.",
    "The province built 1,700 such halls in 2013 and 2014, and they have become popular venues for village opera troupes and square dancing.",
    "Provincial funds of 50,000 yuan will be provided for each new hall, with counties and villages covering the rest.",
    "The department said volunteers from universities would be organized to teach calligraphy, painting and music in the halls during school holidays.",
]
m = f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{t}</title>
<meta name="SiteName" content="Zhejiang China">
<meta name="ArticleTitle" content="{t}">
<meta name="PubDate" content="2015-01-30 11:09">
<script language="javascript" src="/script/hanweb.js"></script>
</head>
<body>
<table width="1000" border="0" cellspacing="0" cellpadding="0" align="center">
<tr><td><img src="/picture/0/zj_banner.jpg" width="1000" height="130"></td></tr>
<tr><td height="32" class="dh"><a href="/">HOME</a>&nbsp;&nbsp;<a href="/col/col1150/">NEWS</a>&nbsp;&nbsp;<a href="/col/col1151/">GOVERNMENT</a></td></tr>
</table>
<table width="1000" border="0" cellspacing="0" cellpadding="0" align="center">
<tr><td class="bt_link" height="30">&gt;&nbsp;&nbsp;&gt;</td></tr>
<tr><td align="center" class="title" style="font-size:20px;font-weight:bold;padding-top:15px">{t}</td></tr>
<tr><td align="center" style="color:#888;padding:8px">2015-01-30 11:09:40</td></tr>
<tr><td style="padding:10px 30px"><div id="zoom">{P(paras)}</div></td></tr>
<tr><td align="right">【<a href="javascript:window.print()">Print</a>】 【<a href="javascript:window.close()">Close</a>】</td></tr>
</table>
<table width="1000" align="center"><tr><td align="center">Copyright &copy; The People's Government of Zhejiang Province. All Rights Reserved.<br>浙ICP备05000431号</td></tr></table>
</body>
</html>
"""
add("F5", 1, u, m, {"title": t, "published": "2015-01-30T11:09:40+08:00", "date_source": "printed", "section": [],
    "body": body_of(paras)},
    notes="empty breadcrumb '>  >' -> []; meta PubDate has no seconds but the printed line does")

# ---------------------------------------------------------------- F5_02 Shaoxing: 'Date:YYYY-MM-DD HH:MM', [Photo by X/Y], Eyesight Protection widget
u = "http://en.sx.gov.cn/art/2021/7/30/art_1501262_57916180.html"
t = "Shaoxing opens Lu Xun cultural tourism season"
paras = [
    "Shaoxing launched its summer cultural tourism season on July 29 with a series of events at the Lu Xun Native Place scenic area in the old city.",
    "Visitors can watch Shaoxing opera performances, take boat rides on black-awning boats and try local dishes such as fermented bean curd and drunken chicken.",
    "The city is also offering free admission to 12 museums for students during the summer vacation.",
    "Shaoxing received 23.6 million domestic tourists in the first half of the year, local tourism authorities said.",
    "The season will run until Oct 7 and include a rice wine festival in September.",
    "Organizers said all events would follow local epidemic prevention rules, with visitor limits at indoor venues.",
]
caps = [("Tourists take a black-awning boat ride in Shaoxing's old city.", "Liang Zhen/zjol.com.cn"),
        ("A Shaoxing opera performance at the Lu Xun Native Place scenic area.", "zjol.com.cn")]
m = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="ArticleTitle" content="{t}">
<title>{t}</title>
</head>
<body>
<div class="sx-top"><a href="/"><img src="/picture/sx_logo.png" alt="Shaoxing"></a><span>Eyesight Protection: <a href="javascript:;">Off</a></span></div>
<div class="sx-pos"><a href="/">Home</a> &gt; <a href="/col/col1501262/">Hot News</a></div>
<div class="sx-art">
  <div class="sx-tit">{t}</div>
  <div class="sx-info"><span>Date:2021-07-30 16:34</span>&nbsp;&nbsp;<span>Views:<script>document.write(1286)</script></span></div>
  <div id="zoom">
    <p style="text-align:center"><img src="/picture/0/2107301634125498760.jpg" border="0"></p>
    <p style="text-align:center">{caps[0][0]} [Photo by {caps[0][1]}]</p>
    {P(paras[:3])}
    <p style="text-align:center"><img src="/picture/0/2107301634132011443.jpg" border="0"></p>
    <p style="text-align:center">{caps[1][0]} [Photo/{caps[1][1]}]</p>
    {P(paras[3:])}
  </div>
</div>
<div class="sx-foot">Copyright &copy; Shaoxing Municipal People's Government 浙ICP备05000358号</div>
</body>
</html>
"""
add("F5", 2, u, m, {"title": t, "published": "2021-07-30T16:34+08:00", "date_source": "printed",
    "section": ["Home", "Hot News"],
    "photos": [photo(u, "/picture/0/2107301634125498760.jpg", *caps[0]), photo(u, "/picture/0/2107301634132011443.jpg", *caps[1])],
    "body": body_of(paras)})

# ---------------------------------------------------------------- F5_03 Jinan: glued 'english.jinan.gov.cnYYYY-MM-DD', [Photo/] x3, Hanweb footer
u = "http://english.jinan.gov.cn/art/2018/10/31/art_29558_2702640.html"
t = "Autumn colors paint Jinan's Hongye Valley"
paras = [
    "Maple and smoke trees in Hongye Valley, a scenic area in Jinan's Licheng district, have turned red, attracting large numbers of visitors.",
    "The valley has more than 20 kinds of trees whose leaves change color in autumn, and the best viewing period is expected to last until mid-November.",
    "Shuttle buses run from the Jinan East Railway Station to the valley every 30 minutes on weekends.",
]
caps = ["Red leaves cover the hills in Hongye Valley.", "Visitors walk along a trail in the valley.", "A pavilion surrounded by autumn leaves."]
imgs = ["/picture/0/1810311020341236598.jpg", "/picture/0/1810311020357845128.jpg", "/picture/0/1810311020369904512.jpg"]
m = f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>Jinan China</title>
</head>
<body>
<div class="top"><img src="/images/jn_logo.png" alt="Jinan China"></div>
<div class="position">Home &gt; News</div>
<div class="con">
  <h2 style="text-align:center">{t}</h2>
  <div class="info" style="text-align:center"><span>english.jinan.gov.cn</span><span>2018-10-31</span></div>
  <div id="zoom">
<p style="text-align:center"><img src="{imgs[0]}"></p>
<p style="text-align:center">{caps[0]} [Photo/]</p>
<p>{paras[0]}</p>
<p style="text-align:center"><img src="{imgs[1]}"></p>
<p style="text-align:center">{caps[1]} [Photo/]</p>
<p>{paras[1]}</p>
<p style="text-align:center"><img src="{imgs[2]}"></p>
<p style="text-align:center">{caps[2]} [Photo/]</p>
<p>{paras[2]}</p>
  </div>
</div>
<div class="foot">Copyright &copy; Jinan Municipal People's Government<br>Produced By 大汉网络 大汉版通发布系统</div>
</body>
</html>
"""
add("F5", 3, u, m, {"title": t, "published": "2018-10-31", "date_source": "printed", "source": "english.jinan.gov.cn",
    "section": ["Home", "News"],
    "photos": [photo(u, s, c, None) for s, c in zip(imgs, caps)], "body": body_of(paras)},
    notes="source and date glued in the visible text ('english.jinan.gov.cn2018-10-31'); empty [Photo/] credits -> null")
# =====================================================================================  F6
# ---------------------------------------------------------------- F6_01 english.shanghai: no printed date -> URL YYYYMMDD
u = "https://english.shanghai.gov.cn/en-PolicyInsights/20260107/cfa92967afff4c5699e48e94cd6ee7a1.html"
t = "Policy insight: Shanghai's new rules on cross-border data flows"
paras = [
    "Shanghai has issued a list of data categories that companies in the Lingang Special Area can transfer abroad without a separate security assessment.",
    "The list covers data generated in international trade, shipping, cross-border e-commerce and clinical research, and will be updated every year.",
    "Companies must still keep records of what they transfer and to whom, and submit an annual report to the local cyberspace authority.",
    "Who benefits? Foreign-invested companies that need to share customer or supply chain data with their headquarters are expected to benefit most.",
    "What is not covered? Personal information of more than 1 million people and data classified as important remain subject to national rules.",
    "The Lingang administration said it had set up a service center to answer companies' questions in English and Chinese.",
]
m = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<meta property="og:title" content="{t}">
<meta property="og:description" content="Shanghai has issued a list of data categories that companies can transfer abroad.">
<title>{t}</title>
<link rel="stylesheet" href="/assets/css/en2024.css">
</head>
<body>
<header class="sh-header"><a class="logo" href="/"><img src="/assets/images/sh_logo.svg" alt="Shanghai"></a>
<ul class="menu"><li><a href="/en-Latest-WhatsNew/">What's New</a></li><li><a href="/en-PolicyInsights/">Policy Insights</a></li><li><a href="/en-UsefulApps/">Useful Apps</a></li></ul></header>
<div class="sh-detail">
  <h1 class="sh-detail-title">{t}</h1>
  <div class="sh-detail-tools"><a class="print" href="javascript:window.print()"><i class="icon-print"></i></a><a class="share" href="javascript:;"><i class="icon-share"></i></a></div>
  <div class="sh-detail-content">
    {P(paras)}
  </div>
  <div class="sh-prev-next"><a href="/en-PolicyInsights/20251230/0a6c9b4e2f1d4e8a9c7b5d3e1f2a4b6c.html">Previous: Policy insight: residence permits for foreign talent</a></div>
</div>
<footer class="sh-footer"><p>Copyright &copy; The Shanghai Municipal People's Government. All Rights Reserved.</p><p>沪ICP备05004630号</p></footer>
</body>
</html>
"""
add("F6", 1, u, m, {"title": t, "published": "2026-01-07", "date_source": "url", "body": body_of(paras)})

# ---------------------------------------------------------------- F6_02 wsb.sh weekly bulletin: '( 2026.01.14 )' after the heading
u = "https://wsb.sh.gov.cn/ztzl/shzxzb/20260114/ca34166ea80a439690aec38c18e74501.html"
t = "Shanghai Weekly Bulletin (Issue 127 No.2, January 2026)"
paras = [
    "1. Shanghai extends 240-hour visa-free transit to two more ports of entry. Foreign travelers from eligible countries can now also enter through the Wusongkou International Cruise Terminal and Shanghai South Railway Station.",
    "2. Metro Line 21 Phase I enters trial operation. The new line connects Pudong International Airport with the Zhangjiang Science City.",
    "3. International medical service hotline launched. Foreign residents can call 12345 and press 7 for help in English, Japanese or Korean when seeking medical care.",
    "4. Registration opens for the 2026 Shanghai Half Marathon. Foreign runners can register online until Feb 10.",
]
m = f"""<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>Shanghai Foreign Affairs Office</title></head>
<body>
<div class="wsb-head"><img src="/images/wsb_logo.png" alt="Shanghai Foreign Affairs Office"><a href="/">中文</a></div>
<div class="wsb-main">
  <div class="wsb-title"><h2 style="display:inline">{t}</h2> <span class="wsb-date">( 2026.01.14 )</span></div>
  <div class="wsb-content">
    {P(paras)}
  </div>
</div>
<div class="wsb-foot">上海市人民政府外事办公室 版权所有 沪ICP备12013212号-1</div>
</body>
</html>
"""
add("F6", 2, u, m, {"title": t, "published": "2026-01-14", "date_source": "printed", "body": body_of(paras)},
    notes="date '( 2026.01.14 )' printed beside the heading; title excludes it")

# ---------------------------------------------------------------- F6_03 empty template shell: not an article
u = "https://english.shanghai.gov.cn/en-Transportation/20250612/4b1f0d6e8a2c4c7fa9e3b51d2c6e7f80.html"
m = """<!DOCTYPE html>
<html lang="en">
<head><meta charset="UTF-8"><title>Shanghai</title><link rel="stylesheet" href="/assets/css/en2024.css"></head>
<body>
<header class="sh-header"><a class="logo" href="/"><img src="/assets/images/sh_logo.svg" alt="Shanghai"></a>
<ul class="menu"><li><a href="/en-Latest-WhatsNew/">What's New</a></li><li><a href="/en-PolicyInsights/">Policy Insights</a></li><li><a href="/en-Transportation/">Transportation</a></li></ul></header>
<div class="sh-detail">
  <h1 class="sh-detail-title"></h1>
  <div class="sh-detail-tools"><a class="print" href="javascript:window.print()"><i class="icon-print"></i></a></div>
  <div class="sh-detail-content">

  </div>
</div>
<footer class="sh-footer"><p>Copyright &copy; The Shanghai Municipal People's Government. All Rights Reserved.</p><p>沪ICP备05004630号</p></footer>
<script>/* content loaded by ajax: getDetail('4b1f0d6e8a2c4c7fa9e3b51d2c6e7f80') */</script>
</body>
</html>
"""
add("F6", 3, u, m, {"is_article": False}, notes="empty template shell (content would load by script)")

# =====================================================================================  F7
# ---------------------------------------------------------------- F7_01 Sichuan 2024: inside the Chinese tree, two-space indents, no date
u = "https://www.sc.gov.cn/10462/10758/10760/10765/2024/2/7/af03c6a54b374b77a9f47960d6c859b2.shtml"
t = "Sichuan's giant panda national park receives new monitoring network"
paras = [
    "  A network of 1,200 infrared cameras and 80 acoustic sensors has been completed in the Sichuan section of the Giant Panda National Park, the provincial forestry and grassland administration said.",
    "  The equipment transmits images and sound recordings in real time to a data center in Chengdu, where artificial intelligence software identifies species and individual pandas.",
    "  Rangers recorded wild pandas more than 300 times last year, as well as rare species such as the golden snub-nosed monkey and the Chinese serow.",
    "  The administration said the network would help scientists track how pandas move between isolated habitats through newly built wildlife corridors.",
    "  Sichuan's section covers about 20,000 square kilometers, nearly three quarters of the park's total area.",
]
m = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="SiteName" content="四川省人民政府">
<meta name="ColumnName" content="Open Governance">
<title>{t}- 四川省人民政府网站</title>
</head>
<body>
<div class="sc-top"><a href="/">四川省人民政府</a> | <a href="/10462/10758/">English</a> | <a href="/wza/">无障碍</a></div>
<div class="sc-banner"><img src="/images/sc_banner2023.jpg" alt="四川省人民政府"></div>
<div class="sc-column">Open Governance</div>
<div class="sc-content">
  <div class="sc-title"><h1>{t}</h1></div>
  <div class="sc-text">
{P(paras, '<p style="white-space:pre-wrap">{}</p>')}
  </div>
  <div class="sc-tools"><a href="javascript:window.print()">【打印本页】</a> <a href="javascript:window.close()">【关闭窗口】</a></div>
</div>
<div class="sc-foot">主办：四川省人民政府办公厅 &nbsp; 网站标识码：5100000062 &nbsp; 蜀ICP备05003005号</div>
</body>
</html>
"""
add("F7", 1, u, m, {"title": t, "published": "2024-02-07", "date_source": "url", "body": body_of(paras)},
    notes="paragraphs start with two literal spaces; Chinese tools and footer")

# ---------------------------------------------------------------- F7_02 Sichuan 2018: GBK header + gb2312 meta, table, &nbsp;&nbsp; indents
u = "http://www.sc.gov.cn/10462/10758/10760/10765/2018/5/23/10451620.shtml"
t = "Sichuan marks 10th anniversary of Wenchuan earthquake reconstruction"
paras = [
    "Ten years after the Wenchuan earthquake, towns rebuilt in the quake zone have become centers of tourism, tea production and logistics, provincial officials said.",
    "More than 29,000 reconstruction projects were completed in 39 counties hit hardest by the earthquake, including new schools, hospitals and roads built to higher safety standards.",
    "Yingxiu town, near the epicenter, now receives about 3 million visitors a year. A memorial and the ruins of a collapsed school have been preserved.",
]
m = f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{t}</title>
</head>
<body>
<table width="1000" align="center" border="0" cellpadding="0" cellspacing="0">
<tr><td><img src="/images/sc_top2016.jpg"></td></tr>
<tr><td class="lm"><b>Open Governance</b></td></tr>
</table>
<table width="1000" align="center" border="0" cellpadding="0" cellspacing="0">
<tr><td align="center" height="60"><font style="font-size:20px"><strong>{t}</strong></font></td></tr>
<tr><td><div id="cmsContent">
{P(paras, '<p>&nbsp;&nbsp;{}</p>')}
</div></td></tr>
</table>
<table width="1000" align="center"><tr><td align="center">四川省人民政府办公厅主办 &nbsp; 蜀ICP备05003005号</td></tr></table>
</body>
</html>
"""
add("F7", 2, u, m, {"title": t, "published": "2018-05-23", "date_source": "url", "body": body_of(paras)},
    encoding="gbk", content_type="text/html; charset=GBK")

# =====================================================================================  F8
# ---------------------------------------------------------------- F8_01 Shaanxi: 'date time , Source : X', uncredited caption right under the date line
u = "http://english.shaanxi.gov.cn/octzwosx/top/57905.htm"
t = "Shaanxi sees boom in winter tourism to Qinling ski resorts"
paras = [
    "Ski resorts in the Qinling Mountains received more than 400,000 visitors during the first two weeks of January, an increase of 35 percent over the same period last year, the Shaanxi Provincial Tourism Development Committee said.",
    "The province now has 11 ski resorts, most within two hours' drive of Xi'an. Several have added night skiing and hot spring facilities.",
    "Local farmers have opened guesthouses and restaurants near the resorts, and some work as ski instructors during the winter months.",
    "The committee expects winter tourism revenue to exceed 2 billion yuan this season.",
]
cap = "Skiers at a resort in the Qinling Mountains, Shaanxi province."
m = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>{t}</title>
</head>
<body>
<div id="top"><img src="/images/shaanxi_logo.jpg" alt="Shaanxi China" /></div>
<div id="menu"><a href="/">Home</a> <a href="/octzwosx/top/">Top News</a> <a href="/news/shaanxinews/">Shaanxi News</a></div>
<div id="main">
  <div class="bt">{t}</div>
  <div class="sj">2017-01-13 14:26:46 , Source : The Government Website of Shaanxi Province</div>
  <div class="nr">
    <p align="center"><img src="/attached/image/20170113/20170113142512_3451.jpg" /></p>
    <p align="center">{cap}</p>
    {P(paras)}
  </div>
</div>
<div id="bottom">Powered by: E-government Office of Shaanxi Province &nbsp;&nbsp;&nbsp; Commerce Department of Shaanxi Province &nbsp; Tel: 029-63913620</div>
</body>
</html>
"""
add("F8", 1, u, m, {"title": t, "published": "2017-01-13T14:26:46+08:00", "date_source": "printed",
    "source": "The Government Website of Shaanxi Province",
    "photos": [photo(u, "/attached/image/20170113/20170113142512_3451.jpg", cap, None)], "body": body_of(paras)},
    notes="uncredited caption directly under the date line (the image is invisible in text)")

# ---------------------------------------------------------------- F8_02 Shaanxi news: date without seconds, <br><br> body in a div, breadcrumb
u = "http://english.shaanxi.gov.cn/news/shaanxinews/89790.htm"
t = "Xi'an-Europe freight trains top 2,000 trips in first five months"
paras = [
    "The Chang'an freight train service between Xi'an and European cities made 2,013 trips from January to May, up 22 percent year-on-year, the operator said.",
    "Cargo included automobiles, electronics and solar panels on outbound trips, and machinery, food and wine on return trips.",
    "The Xi'an International Port has added customs clearance counters to cut the waiting time for trains at the border.",
    "Routes now reach 45 countries and regions, according to the operator.",
    "Officials said they would open more routes to Central Asia this year.",
]
m = f"""<html>
<head><meta charset="utf-8"><title>{t}</title></head>
<body>
<div id="top"><img src="/images/shaanxi_logo.jpg" alt="Shaanxi China" /></div>
<div class="dqwz">Home &gt; News &gt; Shaanxi News</div>
<div id="main">
  <h3 class="bt">{t}</h3>
  <div class="sj">2023-06-02 09:15 , Source : Shaanxi Daily</div>
  <div class="nr">{"<br/><br/>".join(paras)}</div>
</div>
<div id="bottom">Powered by: E-government Office of Shaanxi Province &nbsp;&nbsp;&nbsp; Commerce Department of Shaanxi Province</div>
</body>
</html>
"""
add("F8", 2, u, m, {"title": t, "published": "2023-06-02T09:15+08:00", "date_source": "printed", "source": "Shaanxi Daily",
    "section": ["Home", "News", "Shaanxi News"], "body": body_of(paras)})
# =====================================================================================  F9
# ---------------------------------------------------------------- F9_01 SAFE: label block with values on the next lines (dl/dt/dd)
u = "https://www.safe.gov.cn/en/2015/0720/1172.html"
t = "SAFE Simplifies Foreign Exchange Registration for Direct Investment"
paras = [
    "To further facilitate cross-border investment, the State Administration of Foreign Exchange (SAFE) has decided to simplify the administration of foreign exchange registration for direct investment.",
    "From June 1, 2015, banks will directly review and handle foreign exchange registration for both inward and outward direct investment, and SAFE and its branches will supervise the registration indirectly through banks.",
    "The confirmation of foreign exchange registration of foreign investors' non-monetary contributions and of capital verification will be cancelled.",
    "Enterprises are no longer required to file annual inspection reports on foreign exchange for direct investment; they should instead report their stock of equity by themselves.",
    "SAFE will strengthen monitoring and ex-post supervision, and punish violations of laws and regulations in accordance with the law.",
]
m = f"""<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<title>SAFE Simplifies Foreign Exchange Registration for Direct Investment-State Administration of Foreign Exchange</title>
</head>
<body>
<div class="header"><img src="/en/images/safe_en_logo.png" alt="State Administration of Foreign Exchange"><div class="lang"><a href="/">中文</a></div></div>
<div class="nav"><a href="/en/">Home</a><a href="/en/news/">News</a><a href="/en/policies/">Policies</a><a href="/en/statistics/">Data and Statistics</a></div>
<div class="location">Home &gt; News</div>
<div class="detail">
  <dl class="detail_info">
    <dt>Index number:</dt><dd>0100000003/2015-00071</dd>
    <dt>Dispatch date:</dt><dd>2015-07-20</dd>
    <dt>Publish organization:</dt><dd>State Administration of Foreign Exchange</dd>
  </dl>
  <div class="detail_tit">{t}</div>
  <div class="detail_content">{P(paras)}</div>
  <div class="detail_tools"><a href="javascript:window.print()">Print</a> <a href="javascript:window.close()">Close</a></div>
</div>
<div class="footer">Copyright &copy; State Administration of Foreign Exchange. All Rights Reserved. 京ICP备06017241号</div>
</body>
</html>
"""
add("F9", 1, u, m, {"title": t, "published": "2015-07-20", "date_source": "printed",
    "source": "State Administration of Foreign Exchange", "section": ["Home", "News"], "body": body_of(paras)},
    notes="label block BEFORE the headline, values on the next lines; source = 'Publish organization' value (judgement call)")

# ---------------------------------------------------------------- F9_02 SCIO press room: 'Beijing | 10 a.m. June 5, 2024', later 'Date:' / 'June 5, 2024'
u = "http://english.scio.gov.cn/m/pressroom/node_9008093.htm"
t = "SCIO briefing on the development of the low-altitude economy"
paras = [
    "The State Council Information Office held a press conference on the development of the low-altitude economy.",
    "Officials from the Civil Aviation Administration of China and the Ministry of Industry and Information Technology introduced new rules for drone flights and the certification of electric vertical take-off and landing aircraft.",
    "They said drone deliveries had been tested in more than 20 cities, and that air traffic management for low-altitude flights would be improved with a unified digital platform.",
    "Journalists from domestic and foreign media asked about safety standards, noise control and insurance for passengers of air taxis.",
]
m = f"""<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>SCIO briefing on the development of the low-altitude economy | english.scio.gov.cn</title></head>
<body>
<div class="m-head"><img src="/m/images/scio_logo.png" alt="SCIO"><a href="/m/">Home</a></div>
<div class="m-art">
  <h2 class="m-tit">{t}</h2>
  <p class="m-place">Beijing | 10 a.m. June 5, 2024</p>
  <div class="m-text">{P(paras)}</div>
  <div class="m-meta"><p>Date:</p><p>June 5, 2024</p></div>
</div>
<div class="m-foot">Copyright &copy; The State Council Information Office of the People's Republic of China. All rights reserved.</div>
</body>
</html>
"""
add("F9", 2, u, m, {"title": t, "published": "2024-06-05T10:00+08:00", "date_source": "printed", "source": None,
    "body": body_of(paras)},
    notes="'Beijing' in the date line is the place, not a source; '10 a.m.' -> 10:00")

# ---------------------------------------------------------------- F9_03 MOFCOM: date only in the title -> URL month
u = "http://english.mofcom.gov.cn/article/newsrelease/press/202407/20240703524420.shtml"
t = "MOFCOM Regular Press Conference (July 11, 2024)"
paras = [
    "He Yadong, Spokesperson of the Ministry of Commerce, answered questions from reporters at the regular press conference.",
    "Q: Could you give an update on the trade-in program for consumer goods?",
    "A: Since the program was launched, local commerce departments have organized more than 4,000 promotional events. Sales of new energy vehicles and energy-efficient appliances have grown steadily.",
    "Q: How does MOFCOM view the recent anti-subsidy investigation launched by a trading partner?",
    "A: China firmly opposes protectionist measures and will take all necessary steps to safeguard the legitimate rights and interests of Chinese companies.",
    "Q: What measures will be taken to stabilize foreign investment?",
    "A: We will continue to shorten the negative list, hold investment promotion events and address the concerns of foreign-funded enterprises in a timely manner.",
]
m = f"""<!DOCTYPE html>
<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{t}</title>
</head>
<body>
<div id="header"><img src="/images/mofcom_en_logo.gif" alt="Ministry of Commerce People's Republic of China"><span class="lang"><a href="http://www.mofcom.gov.cn/">中文</a></span></div>
<div id="nav"><a href="/">Home</a> <a href="/article/newsrelease/">News</a> <a href="/article/policyrelease/">Policy</a></div>
<div class="crumb"><a href="/">Home</a> &gt; <a href="/article/newsrelease/">News</a>&gt;<a href="/article/newsrelease/press/">Press Conference</a></div>
<div class="art-con">
  <h1 class="art-title">{t}</h1>
  <div class="art-text" id="zoom">{P(paras)}</div>
  <div class="art-tools"><a href="javascript:window.print();">Print</a> <a href="javascript:window.close();">Close</a></div>
</div>
<div id="footer">Sponsored by Ministry of Commerce, PRC &nbsp; 京ICP备05004257号</div>
</body>
</html>
"""
add("F9", 3, u, m, {"title": t, "published": "2024-07", "date_source": "url",
    "section": ["Home", "News", "Press Conference"], "body": body_of(paras)},
    notes="no date line; the event date in the title must not be used; the URL carries only YYYYMM -> ISO 8601 reduced precision '2024-07'")

# ---------------------------------------------------------------- F9_04 Chengdu FAO: 'Origin:… Release Time:… Read: Degree', Chinese widgets, GBK
u = "http://cdfao.chengdu.gov.cn/cdwqb/c107818/2018-06/27/content_3283a1e425ab4943913a4a16fb1e2e61.shtml"
t = "Chengdu and Lodz mark five years of sister city ties"
paras = [
    "A delegation from Lodz, Poland, visited Chengdu on Feb 1 to mark the fifth anniversary of the sister city relationship between the two cities.",
    "The two sides agreed to expand cooperation in logistics, education and culture, building on the success of the Chengdu-Europe Express rail service, whose first route linked Chengdu and Lodz.",
    "Students from Sichuan University and the University of Lodz will take part in a summer exchange program, and a Polish film week will be held in Chengdu in October.",
]
m = f"""<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gbk" />
<title>{t}</title>
</head>
<body>
<div class="top"><img src="/cdwqb/images/cdfao_top.jpg" /></div>
<div class="nav"><a href="/cdwqb/">Home</a> <a href="/cdwqb/c107818/">News</a></div>
<div class="content">
  <h1>{t}</h1>
  <div class="info"><span>Origin:成都市人民政府外事侨务办公室</span>&nbsp;&nbsp;<span>Release Time:2018-06-27 16:06</span>&nbsp;&nbsp;<span>Read: <span id="hits"></span>Degree</span></div>
  <div class="tool">〖Size:<a href="javascript:doZoom(16)">Big</a> <a href="javascript:doZoom(14)">Hit</a> <a href="javascript:doZoom(12)">Small</a>〗 〖background Color:<a href="javascript:;">杏仁黄</a> <a href="javascript:;">秋叶褐</a> <a href="javascript:;">胭脂红</a>〗【<a href="javascript:window.print()">Print</a>】【<a href="javascript:window.close()">Close</a></div>
  <div class="text">{P(paras, '<p style="text-indent:2em">{}</p>')}</div>
</div>
<div class="foot">成都市人民政府外事办公室 版权所有 蜀ICP备05015434号</div>
</body>
</html>
"""
add("F9", 4, u, m, {"title": t, "published": "2018-06-27T16:06+08:00", "date_source": "printed",
    "source": "成都市人民政府外事侨务办公室", "body": body_of(paras)},
    encoding="gbk", content_type="text/html",
    notes="charset only in <meta> (gbk); event date Feb 1 in the body must not be used; the widget row ends with an unclosed 【Close")

# ---------------------------------------------------------------- F9_05 Dongguan: 'date:… source:…', 「Photo news」, font size widget
u = "http://fipc.dg.gov.cn/ywb/newsevents/photonews/content/post_4430950.html"
t = "Dongguan hosts international furniture fair"
paras = [
    "The 54th International Famous Furniture Fair opened in Dongguan on Sept 5, with more than 1,200 exhibitors from 30 countries and regions.",
    "Smart furniture, including beds that adjust to sleeping positions and sofas with built-in speakers, attracted many buyers.",
    "Organizers said over 300,000 visits were expected during the four-day event.",
    "Dongguan is one of China's largest furniture production bases, with more than 7,000 furniture companies.",
]
cap = "Visitors look at sofas at the International Famous Furniture Fair in Dongguan."
m = f"""<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>{t}</title>
<meta name="ArticleTitle" content="{t}"><meta name="PubDate" content="2025-09-05 17:03"><meta name="ContentSource" content="Xinhua"></head>
<body>
<div class="dg-head"><img src="/ywb/images/dg_logo.png"><div class="dg-lang"><a href="/">中文</a> | <a href="/ywb/">English</a></div></div>
<div class="dg-col">「Photo news」</div>
<div class="dg-pos"><a href="/ywb/">Home</a> &gt; <a href="/ywb/newsevents/">News &amp; Events</a> &gt; <a href="/ywb/newsevents/photonews/">Photo News</a></div>
<div class="dg-art">
  <h1>{t}</h1>
  <div class="dg-info">date:2025-09-05 17:03:04&nbsp;&nbsp;&nbsp;source:Xinhua&nbsp;&nbsp;&nbsp;【font size: <a href="javascript:;">Big</a><a href="javascript:;">in</a><a href="javascript:;">small</a></div>
  <div class="dg-text">
    <p style="text-align:center"><img src="/ywb/newsevents/photonews/content/post_4430950/image/1757063011234.jpg"></p>
    <p style="text-align:center">{cap} [Photo/Xinhua]</p>
    {P(paras)}
  </div>
  <div class="dg-qr"><img src="/ywb/images/qrcode.png"><p>Scan to share</p></div>
</div>
<div class="dg-foot">Dongguan Municipal People's Government Foreign Affairs Bureau 粤ICP备11086298号</div>
</body>
</html>
"""
add("F9", 5, u, m, {"title": t, "published": "2025-09-05T17:03:04+08:00", "date_source": "printed", "source": "Xinhua",
    "section": ["Home", "News & Events", "Photo News"],
    "photos": [photo(u, "/ywb/newsevents/photonews/content/post_4430950/image/1757063011234.jpg", cap, "Xinhua")],
    "body": body_of(paras)})

# ---------------------------------------------------------------- F9_06 Xi'an: bulleted breadcrumb, publisher + Updated on one line, mixed apostrophes
u = "http://en.xa.gov.cn/government/workreport/1131.htm"
t = "Xi'an outlines key tasks for 2018"
paras = [
    "The Xi’an Municipal People’s Government has outlined its key tasks for 2018, focusing on building a national central city and improving residents' living standards.",
    "The city will speed up the construction of metro lines 4, 5, 6 and 9, with a total length of more than 150 kilometers.",
    "It will also continue the &quot;Xi'an Blue Sky&quot; campaign to reduce air pollution, replacing coal-fired heating with electricity and natural gas in 200,000 households.",
    "In addition, Xi'an plans to attract 300,000 university graduates to settle in the city by simplifying household registration procedures.",
]
m = f"""<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>Xi'an China</title></head>
<body>
<div class="head"><img src="/images/xa_logo.png" alt="Xi'an China"></div>
<ul class="crumb"><li>• <a href="/">Home</a></li><li>• &gt;</li><li>• <a href="/government/">Government</a></li><li>• <a href="/government/workreport/">Work report</a></li></ul>
<div class="art">
  <div class="art-tit">{t}</div>
  <div class="art-info">General Office of Xi'an Municipal People’s Government&nbsp;&nbsp;&nbsp;&nbsp; Updated: 2018-02-07</div>
  <div class="art-con">{P(paras)}</div>
</div>
<div class="foot">Copyright &copy; Xi'an Municipal People's Government. All Rights Reserved. 陕ICP备05003405号</div>
</body>
</html>
"""
add("F9", 6, u, m, {"title": t, "published": "2018-02-07", "date_source": "printed",
    "source": "General Office of Xi'an Municipal People’s Government",
    "section": ["Home", "Government", "Work report"], "body": body_of(paras)},
    notes="breadcrumb items carry '•' bullets and a lone '>' item; the source keeps its mixed apostrophes")

# ---------------------------------------------------------------- F9_07 Belt and Road portal: 'Updated: Month D, YYYY Source: X', fontLarger fontSmaller
u = "https://eng.yidaiyilu.gov.cn/p/106920.html"
t = "China-Laos Railway carries over 1 million passengers in first month"
paras = [
    "The China-Laos Railway carried more than 1 million passengers in its first month of operation, the operator said.",
    "Freight trains on the line transported over 170,000 tonnes of goods, including rubber, fertilizer and fruit.",
    "The 1,035-km railway links Kunming in Yunnan province with Vientiane, the Lao capital.",
]
m = f"""<!DOCTYPE html>
<html>
<head><meta charset="utf-8"><title>{t} - Belt and Road Portal</title></head>
<body>
<div class="header"><img src="/images/ydyl_logo.png" alt="Belt and Road Portal"><span>中文 | English | Français | Русский | Español | عربي</span></div>
<div class="bread"><a href="/">Home</a> &gt; <a href="/p/news/">News</a></div>
<div class="main_content">
  <h1 class="main_content_title">{t}</h1>
  <div class="main_content_date">Updated: January 4, 2022 <span>Source: Belt and Road Portal</span> <span class="fz"><a href="javascript:;">fontLarger</a> <a href="javascript:;">fontSmaller</a></span></div>
  <div class="content">{P(paras)}</div>
</div>
<div class="footer">Copyright &copy; State Information Center. All rights reserved. 京ICP备05052393号</div>
</body>
</html>
"""
add("F9", 7, u, m, {"title": t, "published": "2022-01-04", "date_source": "printed", "source": "Belt and Road Portal",
    "section": ["Home", "News"], "body": body_of(paras)})

# ---------------------------------------------------------------- F9_08 MFA: 'YYYY/MM/DD' under the title, language bar
u = "https://www.fmprc.gov.cn/mfa_eng/wjbxw/t1841950.shtml"
t = "Foreign Ministry Spokesperson's Remarks on the Adoption of a Resolution on Cooperation in Public Health"
paras = [
    "China welcomes the adoption of the resolution, which reflects the common aspiration of the international community to strengthen cooperation in public health.",
    "China has always supported multilateralism and the central role of the World Health Organization in global health governance.",
    "We stand ready to work with all parties to implement the resolution and contribute to building a global community of health for all.",
]
m = f"""<!DOCTYPE html>
<html>
<head><meta http-equiv="Content-Type" content="text/html; charset=utf-8"><title>{t}</title></head>
<body>
<div class="lang">عربي Español Русский Français 简体中文</div>
<div class="logo"><img src="/mfa_eng/images/mfa_logo.png" alt="Ministry of Foreign Affairs of the People's Republic of China"></div>
<div class="nav"><a href="/mfa_eng/">Home</a> <a href="/mfa_eng/wjbxw/">News</a></div>
<div class="content">
  <div class="title">{t}</div>
  <div class="time"><span>2020/12/18</span></div>
  <div id="News_Body_Txt_A" class="content_text">{P(paras)}</div>
  <div class="print"><a href="javascript:window.print()">Print</a></div>
</div>
<div class="footer">Copyright &copy; Ministry of Foreign Affairs, the People's Republic of China</div>
</body>
</html>
"""
add("F9", 8, u, m, {"title": t, "published": "2020-12-18", "date_source": "printed", "body": body_of(paras)})

# =====================================================================================  F10
# ---------------------------------------------------------------- F10_01 legacy Guiyang: table, GB2312 header, 'date   Source:X', side word
u = "http://en.www.guiyang.gov.cn/c5344/index.html"
t = "Mayor's speech at the Guiyang Big Data Expo opening ceremony"
paras = [
    "Distinguished guests, ladies and gentlemen, good morning.",
    "On behalf of the Guiyang Municipal People's Government, I warmly welcome all of you to the Big Data Expo.",
    "Over the past few years, Guiyang has grown from a city with few high-tech industries into one of China's leading big data hubs. Our data centers now serve companies across the country.",
    "We will continue to open our government data, improve our business environment and welcome enterprises and talent from home and abroad.",
    "I wish the expo a complete success. Thank you.",
]
m = f"""<html>
<head>
<meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>Guiyang China</title>
</head>
<body leftmargin="0" topmargin="0">
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0">
<tr><td><img src="/images/en_top.jpg" width="980" height="160"></td></tr>
<tr><td height="30" background="/images/nav_bg.gif"><a href="/">Home</a> | <a href="/c5340/">Government</a> | <a href="/c5350/">Investment</a> | <a href="/c5360/">Tourism</a></td></tr>
</table>
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0">
<tr>
<td width="200" valign="top" bgcolor="#eef3f8"><div class="side"><b>General Survey</b></div><div><a href="/c5341/">Overview</a><br><a href="/c5342/">History</a></div></td>
<td valign="top" style="padding:10px 20px">
<table width="100%">
<tr><td class="wz">home &gt; Government &gt; Mayor speech</td></tr>
<tr><td align="center"><font size="4" color="#00357a"><b>{t}</b></font></td></tr>
<tr><td align="center"><font color="#999999">2018-03-27&nbsp;&nbsp;&nbsp;Source:Guiyang China</font></td></tr>
<tr><td style="line-height:24px">{P(paras, '<p>&nbsp;&nbsp;&nbsp;&nbsp;{}</p>')}</td></tr>
</table>
</td>
</tr>
</table>
<table width="980" align="center"><tr><td align="center">Copyright &copy; Guiyang Municipal People's Government &nbsp; 黔ICP备05001922号</td></tr></table>
</body>
</html>
"""
add("F10", 1, u, m, {"title": t, "published": "2018-03-27", "date_source": "printed", "source": "Guiyang China",
    "section": ["home", "Government", "Mayor speech"], "body": body_of(paras)},
    encoding="gb2312", content_type="text/html; charset=gb2312")

# ---------------------------------------------------------------- F10_02 legacy Guiyang: photo with [Photo/...], breadcrumb in <span>s
u = "http://en.www.guiyang.gov.cn/c16405/index.html"
t = "Guiyang's Qingyan Ancient Town named national 5A scenic area"
paras = [
    "Qingyan Ancient Town in Guiyang's Huaxi district has been named a 5A scenic area, the highest rating for tourist attractions in China.",
    "Built as a military fortress more than 600 years ago, the town is known for its stone walls, temples and the tofu dishes sold along its main street.",
    "The town received 7.8 million visitors last year. Officials said they would limit daily visitor numbers during holidays to protect the old buildings.",
]
cap = "The south gate of Qingyan Ancient Town in Guiyang."
m = f"""<html>
<head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"><title>Guiyang China</title></head>
<body>
<table width="980" align="center"><tr><td><img src="/images/en_top.jpg"></td></tr></table>
<table width="980" align="center">
<tr><td class="wz"><span>home</span> &gt; <span>Tourism</span> &gt; <span>News</span></td></tr>
<tr><td align="center"><b>{t}</b></td></tr>
<tr><td align="center">2018-09-27&nbsp;&nbsp;&nbsp;Source:Guiyang China</td></tr>
<tr><td>
<p align="center"><img src="/c16405/W020180927601248732311.jpg"></p>
<p align="center">{cap} [Photo/Guiyang Daily]</p>
{P(paras)}
</td></tr>
</table>
<table width="980" align="center"><tr><td align="center">Copyright &copy; Guiyang Municipal People's Government &nbsp; 黔ICP备05001922号</td></tr></table>
</body>
</html>
"""
add("F10", 2, u, m, {"title": t, "published": "2018-09-27", "date_source": "printed", "source": "Guiyang China",
    "section": ["home", "Tourism", "News"],
    "photos": [photo(u, "/c16405/W020180927601248732311.jpg", cap, "Guiyang Daily")], "body": body_of(paras)},
    encoding="gb2312", content_type="text/html")


if __name__ == "__main__":
    write(Path(__file__).resolve().parent / "pages")
    print(f"wrote {len(PAGES)} pages")

<html><head><meta charset="utf-8"><title>Shanghai News</title></head><body>
<ul>
<li><a href="zfxw_content_en.jsp?id=9200001&siteId=300">Shanghai hosts forum on Yangtze River Delta integration</a> - December 18, 2023</li>
<li><a href="http://61.129.132.137/jsp/zfxw_content_en.jsp?siteId=300&id=9200001">Shanghai hosts forum on Yangtze River Delta integration</a> - December 18, 2023</li>
</ul>
<div><a href="javascript:nextPage()">Next</a></div>
</body></html>

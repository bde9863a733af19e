<html><head><meta charset="utf-8"><title>News</title></head><body>
<ul><li><a href="/p/9500071.html">Rail freight to Europe keeps growing</a></li>
<li><a href="/DigitalValley/HotNews/9500072.htm">Belt and Road forum publishes list of deliverables</a></li></ul>
</body></html>

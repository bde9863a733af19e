<html><head><meta charset="utf-8"><title>Shanghai hosts forum on Yangtze River Delta integration</title></head><body>
<div class="t">Shanghai hosts forum on Yangtze River Delta integration</div>
<div class="d">Source: Shanghai Municipal Information Office&nbsp;&nbsp;&nbsp;2023-12-18</div>
<div class="c">Officials from Shanghai, Jiangsu, Zhejiang and Anhui met in Shanghai on Monday to discuss joint projects in transport and environmental protection.<br><br>
They agreed to open two more cross-border bus lines next year.<br><br>
<a href="/upload/2023/forum-agenda.pdf">Forum agenda</a></div>
</body></html>

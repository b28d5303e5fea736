"""Plan comparison and version diff as one standalone HTML file (styles inside, no scripts), for
``planwatch compare/diff --format html``: a file people mail around and open anywhere."""

from __future__ import annotations

from jinja2 import Environment, select_autoescape

from planwatch.export.compare_tables import ITEM_KIND_NAMES, STATUS_NAMES
from planwatch.model.comparison import Comparison, VersionDiff

_STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2rem;color:#222}
h1{font-size:1.4rem}h2{font-size:1.15rem;margin-top:2rem;border-bottom:1px solid #ccc}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #ccc;padding:.3rem .5rem;
vertical-align:top;text-align:left}th{background:#f1f3f5}.num{text-align:right;white-space:nowrap}
.no{color:#b02a37}.yes{color:#146c43}ins{background:#d1f0d8;text-decoration:none}
del{background:#f8d7da}.muted{color:#666}.tag{display:inline-block;padding:0 .35rem;border-radius:3px;
background:#e9ecef;margin:0 .2rem .2rem 0}
"""

_COMPARE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>规划比对：{{ c.a.title }} ↔ {{ c.b.title }}</title><style>{{ style }}</style></head><body>
<h1>规划比对</h1>
<p>本规划：<b>{{ c.a.title }}</b>（{{ c.a.units }} 个条目）<br>对照规划：<b>{{ c.b.title }}</b>（{{ c.b.units }} 个条目）</p>
<p>对照规划的 {{ d.coverage.total }} 个条目中，{{ d.coverage.covered }} 个在本规划中有承接（相似度 ≥ {{ c.threshold }}），
占 {{ "%.0f"|format(d.coverage.ratio * 100) }}%。</p>
<h2>条目对齐</h2>
<table><tr><th>本规划条目</th><th>最相近的对照条目</th><th class="num">相似度</th><th>共同关键词</th></tr>
{% for al in c.alignments %}{% if al.matches %}{% for m in al.matches %}<tr>
{% if loop.first %}<td rowspan="{{ al.matches|length }}">{{ al.a_label }} {{ al.a_title }}</td>{% endif %}
<td>{{ m.b_label }} {{ m.b_title }}</td><td class="num">{{ "%.3f"|format(m.score) }}</td>
<td>{% for t in m.shared_terms %}<span class="tag">{{ t }}</span>{% endfor %}</td></tr>{% endfor %}
{% else %}<tr><td>{{ al.a_label }} {{ al.a_title }}</td><td class="muted" colspan="3">无相近条目</td></tr>{% endif %}{% endfor %}
</table>
<h2>承接情况（对照规划各条目）</h2>
<table><tr><th>对照条目</th><th>是否承接</th><th class="num">最高相似度</th><th>最接近的本规划条目</th></tr>
{% for cv in c.coverage %}<tr><td>{{ cv.b_label }} {{ cv.b_title }}</td>
<td class="{{ 'yes' if cv.covered else 'no' }}">{{ '承接' if cv.covered else '未承接' }}</td>
<td class="num">{{ "%.3f"|format(cv.score) }}</td><td>{{ cv.best_a_label or '—' }}</td></tr>{% endfor %}
</table>
<h2>关键词与提法</h2>
<table><tr><th></th><th>仅本规划</th><th>仅对照规划</th><th>两者共有</th></tr>
{% for key, name in kinds %}<tr><th>{{ name }}</th>
{% for side in (c.only_in_a, c.only_in_b, c.shared) %}<td>{% for t in side.get(key, ()) %}<span class="tag">{{ t }}</span>{% endfor %}</td>{% endfor %}</tr>
{% endfor %}</table>
<h2>指标对照</h2>
{% if c.quantities %}<table><tr><th>本规划</th><th>对照规划</th><th>单位</th></tr>
{% for q in c.quantities %}<tr><td>{{ q.text_a }}</td><td>{{ q.text_b }}</td><td>{{ q.unit }}</td></tr>{% endfor %}
</table>{% else %}<p class="muted">两份规划没有主语和单位都对得上的数量指标。</p>{% endif %}
<p class="muted">由 PlanWatch 生成。相似度为 TF-IDF 余弦（rjieba 分词与字二元组），供人工核对。</p>
</body></html>"""

_DIFF = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<title>版本对照：{{ d.new.title }}</title><style>{{ style }}</style></head><body>
<h1>版本对照</h1>
<p>旧版：{{ d.old.title }}{% if d.old.version %}（第 {{ d.old.version }} 版）{% endif %}<br>
新版：{{ d.new.title }}{% if d.new.version %}（第 {{ d.new.version }} 版）{% endif %}</p>
<p>条目：修改 {{ s.get('units_changed', 0) }}，新增 {{ s.get('units_added', 0) }}，删除 {{ s.get('units_removed', 0) }}，
未变 {{ s.get('units_unchanged', 0) }}。句子：修改 {{ s.get('sentences_changed', 0) }}，新增 {{ s.get('sentences_added', 0) }}，
删除 {{ s.get('sentences_removed', 0) }}。</p>
{% for u in d.units if u.status != 'unchanged' %}
<h2>{{ u.label }} {{ u.title }} <span class="tag">{{ names[u.status] }}</span></h2>
{% if u.old_title and u.old_title != u.title %}<p class="muted">原标题：{{ u.old_title }}</p>{% endif %}
<table>{% for ch in u.changes %}<tr><td class="muted" style="width:4rem">{{ names[ch.op] }}</td><td>
{% if ch.op == 'changed' %}{% for seg in ch.segments %}{% if seg.op == 'insert' %}<ins>{{ seg.text }}</ins>{% elif seg.op == 'delete' %}<del>{{ seg.text }}</del>{% else %}{{ seg.text }}{% endif %}{% endfor %}
{% elif ch.op == 'added' %}<ins>{{ ch.new }}</ins>{% else %}<del>{{ ch.old }}</del>{% endif %}</td></tr>{% endfor %}</table>
{% endfor %}
<h2>任务、数量与实体的变化</h2>
<table><tr><th>类别</th><th>变化</th><th>原</th><th>新</th></tr>
{% for i in d.items if i.op != 'unchanged' %}<tr><td>{{ kinds[i.kind] }}</td><td>{{ names[i.op] }}</td>
<td>{{ i.old or '' }}</td><td>{{ i.new or '' }}</td></tr>{% endfor %}</table>
<p class="muted">由 PlanWatch 生成。</p></body></html>"""

_ENV = Environment(autoescape=select_autoescape(default=True), trim_blocks=True, lstrip_blocks=True)


def comparison_html(c: Comparison) -> str:
    kinds = (("terms", "关键词"), ("formulations", "提法"), ("projects", "项目"))
    return _ENV.from_string(_COMPARE).render(c=c, d=c.to_dict(), kinds=kinds, style=_STYLE)


def diff_html(d: VersionDiff) -> str:
    return _ENV.from_string(_DIFF).render(
        d=d, s=d.summary, names=STATUS_NAMES, kinds=ITEM_KIND_NAMES, style=_STYLE
    )

"""What a sentence of a later document says about a task: deployed, reported or mentioned.

The outline decides first: a work report reviews last year (一、2023年工作回顾, 过去一年工作回顾) and
then sets this year's programme (今年工作安排, 重点工作, 政府工作任务). A sentence of the review reports,
unless it lists a difficulty (在肯定成绩的同时…仍有不少短板); a sentence of the programme deploys. Where
the outline says nothing (a bulletin, a plan, a preamble), the document's genre and the sentence's
verbs decide: 建成/投运/完成/开工建设 report, 推进/实施/开工/加快 deploy.
"""

from __future__ import annotations

import re

from planwatch.model import Analysis
from planwatch.model.trace import EvidenceKind

REVIEW_TITLE = re.compile(
    r"回顾|过去|上年|去年|一年来|五年来|工作总结|成绩|成就|成效|主要进展|执行情况|完成情况"
)
_TITLE_YEAR = re.compile(r"(?<!\d)(\d{4})年")
PROGRAMME_TITLE = re.compile(
    r"建议|任务|安排|部署|重点工作|总体要求|政策取向|主要目标|预期目标|工作思路|计划|今年|\d{4}年(?!工作回顾)"
)
# A document that only reports (a bulletin, a summary) or only deploys (a plan, a programme).
REVIEW_GENRE = re.compile(r"公报|工作总结|执行情况|完成情况|年鉴")
PROGRAMME_GENRE = re.compile(r"规划|方案|意见|要点|计划|纲要|行动")

# Completion and result verbs: a sentence outside any review part reports only with one of these.
REPORTED = re.compile(
    r"建成|投运|投产|竣工|通车|完工|完成|开工建设|启动|实现|达到|突破|增长|下降|提高到|提升到|出台|"
    r"印发|举办|取得|成功|累计|新增|惠及"
)
DIRECTIVE = re.compile(
    r"要|将|推进|实施|加快|开工|推动|建设|加强|完善|深化|支持|确保|力争|抓好|做好|落实|培育|打造|健全|"
    r"强化|提升|促进|坚持|着力|扩大|优化|保持|稳定|防范|化解|统筹|提高|增加|发展|拟|目标|"
    r"保障|巩固|拓展|践行|放宽|缩减|取消|抓|开展|鼓励|引导|规范|严守|严格|坚决|维护|弘扬|贯彻|构建|"
    r"探索|用好|办好|守住|兜牢|筑牢|改善|降低|减少|整治|治理"
)
# work done on a problem (排查整治隐患, 解决…问题): a report even though it names a difficulty
REVIEW_ACTION = re.compile(r"开展|整治|排查|解决|狠抓|推进|实施|加强|化解|处置|整改|治理|出台")
# a review's list of shortcomings (面临的困难和挑战) mentions a subject without reporting on it
DIFFICULTY = re.compile(
    r"不足|短板|困难|挑战|仍然|仍有|仍较|还不|任重道远|不容忽视|不到位|隐患|压力|紧张|问题|偏弱|堵点|干扰"
)
MILESTONES = ("开工", "建成", "投产", "投运", "竣工", "通车", "完工", "启用", "运营")

ROLES = ("review", "programme", "")


def _title_role(title: str, year: int | None) -> str:
    if REVIEW_TITLE.search(title):
        return "review"
    # 2025年主要工作 in a report for 2026: the year before the document's is looked back on
    years = [int(y) for y in _TITLE_YEAR.findall(title)]
    if year is not None and years and max(years) < year:
        return "review"
    if PROGRAMME_TITLE.search(title):
        return "programme"
    return ""


def node_roles(analysis: Analysis, year: int | None = None) -> dict[str, str]:
    """Each node's role: ``review``, ``programme`` or "" (unknown), inherited from the nearest
    ancestor whose title names one; ``year`` is the document's own (a part titled with an earlier
    year reviews). Front and back matter (title, preamble, epilogue) stay unknown."""
    by_id = {n.id: n for n in analysis.outline}
    roles: dict[str, str] = {}
    for node in analysis.outline:  # parents come before their children
        if node.kind in ("title", "preamble", "epilogue", "closing", "appendix"):
            roles[node.id] = ""
            continue
        own = _title_role(node.title, year)
        parent = roles.get(node.parent or "", "") if node.parent in by_id else ""
        roles[node.id] = parent or own
    return roles


def genre(title: str) -> str:
    """The role a whole document plays when its outline does not say: ``review`` for a bulletin or a
    summary, ``programme`` for a plan or programme, "" otherwise (a work report: parts decide)."""
    if REVIEW_GENRE.search(title):
        return "review"
    if "工作报告" not in title and PROGRAMME_GENRE.search(title):
        return "programme"
    return ""


def sentence_kind(text: str, role: str) -> EvidenceKind:
    """``deployed``, ``reported`` or ``mentioned`` for one sentence whose part plays ``role``."""
    if role == "review":
        if DIFFICULTY.search(text) and not REPORTED.search(text) and not REVIEW_ACTION.search(text):
            return "mentioned"
        return "reported"
    if role == "programme":
        return "deployed" if DIRECTIVE.search(text) else "mentioned"
    if REPORTED.search(text) and not re.search(r"要|将|力争|确保", text):
        return "reported"
    if DIRECTIVE.search(text):
        return "deployed"
    return "mentioned"


def milestones(text: str) -> tuple[str, ...]:
    return tuple(m for m in MILESTONES if m in text)

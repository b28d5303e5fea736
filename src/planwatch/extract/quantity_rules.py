"""Shapes and general-purpose word lists for reading quantities out of folded Chinese text.

Nothing here names a particular document: units, multipliers, qualifier verbs and metric head
nouns are the general vocabulary of Chinese statistical writing.
"""

from __future__ import annotations

import re
from importlib import resources

from planwatch.model import yaml_read
from planwatch.model.units import unit_table


def _subject_lexicon() -> tuple[dict[str, list[str]], dict[str, list[str]], dict[str, dict[str, list[str]]]]:
    """The subject vocabulary shipped in ``data/quantities/subjects.yaml``: the word lists, the
    paired words with their members, and the members some paired words take by head."""
    path = resources.files("planwatch").joinpath("data", "quantities", "subjects.yaml")
    loaded = yaml_read.safe_load(path.read_text(encoding="utf-8"))
    pairs = loaded.pop("paired_words")
    by_head = loaded.pop("paired_word_heads")
    lists = {str(k): [str(w) for w in v] for k, v in loaded.items()}
    heads = {str(k): {str(h): [str(m) for m in ms] for h, ms in v.items()} for k, v in by_head.items()}
    return lists, {str(k): [str(m) for m in v] for k, v in pairs.items()}, heads


_LEX, _PAIRS, _PAIR_HEADS = _subject_lexicon()

ARABIC = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?![\d,])|\d+(?:\.\d+)?"
CN_NUM = r"[〇零一二两三四五六七八九十百千]+(?:点[〇零一二三四五六七八九]+)?"
# A Chinese numeral with a 万/亿 section (二千三百五十万, 一亿两千万, 一万三千亿): it opens with a
# digit, so 千万/亿万/万一 are not numbers, and it is rarely part of a name, so any unit may follow.
CN_BIG = (
    r"[一二两三四五六七八九十][〇零一二两三四五六七八九十百千]*[万亿][〇零一二两三四五六七八九十百千万亿]*"
)
MULT = r"万亿|亿|万"
# A round amount without its 一 (超千亿元, 近万亿元, 超过万亿元, 保持在千亿元以上) is a number only right
# after one of these.
ROUND_BEFORE = "超近逾达约破过在"
MORE = r"多|余"
SEP = r"[—–~\-]|至|到"

# The units read in text, in the order of data/units.yaml (longest first where one unit is the
# start of another: 个百分点 before 个, 家庭 before 家).
UNITS = unit_table().read_patterns()
UNIT = "|".join(UNITS)
# Chinese numerals are everywhere in names (一体, 三个中心, 十四五); only these units, and only
# after a quantity verb (checked in code), make one a measurement.
CN_UNIT = r"个百分点|百分点|倍|年|个月|天|次|岁|小时|成"
# Last character of each CN_UNIT (where the search for a Chinese-numeral measurement starts), and
# what may stand between the numeral and that character (个 of 个月, 百分 of 百分点, 多, 万).
CN_UNIT_LAST_CHARS = "年次倍点月天岁时万亿成"
CN_GLUE_SET = frozenset("个百分小多余万亿")
CN_NUMERAL_SET = frozenset("〇零一二两三四五六七八九十百千")

NUMBER = re.compile(
    rf"百分之(?P<pn1>{ARABIC}|{CN_NUM})(?:(?P<psep>{SEP})(?:百分之)?(?P<pn2>{ARABIC}|{CN_NUM}))?"
    rf"|(?P<n1>{ARABIC})(?P<more1>{MORE})?(?P<m1>{MULT})?(?P<more1b>{MORE})?(?P<u1>{UNIT})?"
    rf"(?:(?P<sep>{SEP})(?P<n2>{ARABIC})(?P<more2>{MORE})?(?P<m2>{MULT})?(?P<more2b>{MORE})?(?P<u2>{UNIT}))?"
    rf"|(?P<b1>{CN_BIG})(?P<bmore>{MORE})?(?P<bu>{UNIT})?"
    rf"|(?<=[{ROUND_BEFORE}])(?P<z1>[百千]?(?:万亿|亿|万))(?:(?P<zu>{UNIT})|(?=[,，。;；、]))"
    rf"|(?P<c1>{CN_NUM})(?P<cmore>{MORE})?(?P<cm>{MULT})?(?P<cu>{CN_UNIT})"
)

# The divisor of a compound unit printed after the unit (万元/人, 人/百亿元, 百亿亿次/秒).
PER_UNIT = re.compile(r"/(?:[百千万亿]*)(?:元|人|吨|秒|立方米|平方米|千瓦时|户|年|天|日|公里|亩)")
# Alternative counters printed in brackets after a unit (8条（个）幸福河湖, 2813.8万辆（艘、架、列）次):
# the bracket names the other kinds counted, so it belongs to the unit as printed.
ALT_UNIT = re.compile(r"\((?:[个家项所座处条件部套间辆艘架台批种类张名位户列场栋](?:、(?=[^)]))?)+\)次?")
POST_QUALIFIER = re.compile(r"及以上|及以下|以上|以下|以内|之内|左右|上下")

# Verbs and markers that put a number in relation to its subject. Longest first matters only
# for readability: the tail pattern below takes them as tokens.
QUALIFIERS = (
    "始终保持在",
    "保持在",
    "稳定在",
    "控制在",
    "维持在",
    "提高到",
    "提高至",
    "提升到",
    "提升至",
    "增长到",
    "增长至",
    "增加到",
    "增加至",
    "上升到",
    "上升至",
    "下降到",
    "下降至",
    "降低到",
    "降低至",
    "减少到",
    "减少至",
    "压减到",
    "压减至",
    "压缩到",
    "压缩至",
    "扩大到",
    "扩大至",
    "缩短到",
    "缩短至",
    "增至",
    "升至",
    "降到",
    "降至",
    "减至",
    "净减少",
    "净增加",
    "净增",
    "提高",
    "提升",
    "增长",
    "增加",
    "上升",
    "下降",
    "降低",
    "减少",
    "压减",
    "压缩",
    "扩大",
    "缩短",
    "上涨",
    "回落",
    "下调",
    "上调",
    "增产",
    "减产",
    "实际增长",
    "精简",
    "扩容至",
    "跃升到",
    "跃升至",
    "拓展到",
    "拓展至",
    "压降",
    "整合为",
    "合并为",
    "改善",
    "跨过",
    "保持",
    "不低于",
    "不少于",
    "至少",
    "不足",
    "不超过",
    "不高于",
    "不到",
    "达到",
    "超过",
    "突破",
    "迈上",
    "跃上",
    "站上",
    "高于",
    "低于",
    "接近",
    "将近",
    "大约",
    "平均为",
    "拟按",
    "按",
    "拟安排",
    "安排",
    "累计",
    "年均",
    "惠及",
    "覆盖",
    "再延长",
    "延长",
    "连续",
    "连年",
    "新增",
    "新建",
    "新签",
    "新培育",
    "新设",
    "新推出",
    "历时",
    "共计",
    "合计",
    "总计",
    # 社会消费品零售总额实现4.6万亿元: only links the total to its amount.
    "实现",
    "达",
    "超",
    "逾",
    "近",
    "约",
    "仅",
    "为",
    "是",
    "占",
    "翻",
)
# Words between a subject and its verb that belong to neither.
ADVERBS = (
    "分别",
    "均",
    "都",
    "始终",
    "一直",
    "稳步",
    "持续",
    "接连",
    "继续",
    "进一步",
    "大幅",
    "明显",
    "显著",
    "同比",
    "平均",
    "已",
    "将",
    "拟",
    "预计",
    "力争",
    "再",
    "首次",
    "全部",
    "全年",
    "累计",
)
# The base of a change: 比上年, 较2020年, 比“十三五”时期, 比十三五末, 比三年前. The group ``base``
# is what Quantity.compared_to keeps.
_PLAN_BASE = r"(?:“|\")?[一二三四五六七八九十]{1,3}五(?:”|\")?(?:时期|期间|期末|末)?"
COMPARATOR = (
    r"(?:比|较)(?:上年(?:同期|末|底)?|去年(?:同期|末|底)?|上年年初预算|[一二三四五六七八九十\d]+年前"
    r"|(?:19|20)\d\d年(?:同期|末|底)?|" + _PLAN_BASE + ")"
)
# 高于全国0.4个百分点: the rest of the country is the base.
FROM_YEAR = re.compile(r"从((?:19|20)\d\d)年(?:底|末)?的?")
# 高于全省平均2个百分点: a whole of which the subject is a part (全省平均) is the base as printed.
NATIONAL_BASE = re.compile(r"(?:高于|低于|快于|慢于)(全国(?:平均)?|全[省市区](?:平均)?)")
# The same comparison closing the words before the number: the verb is its qualifier.
NATIONAL_BASE_END = re.compile(r"(高于|低于|快于|慢于)(?:全国|全[省市区])(?:平均(?:水平)?)?$")
_BASE_WORDS = re.compile(r"^(?:比|较)|[“”\"]|时期$|期间$")


def compared_to(token: str) -> str:
    """``比“十三五”时期`` → 十三五, ``比上年`` → 上年, ``较2020年`` → 2020, ``比上年同期`` → 上年同期."""
    base = _BASE_WORDS.sub("", token)
    base = _BASE_WORDS.sub("", base)
    m = re.fullmatch(r"((?:19|20)\d\d)年", base)
    if m:
        return m.group(1)
    # 比去年 and 比上年 name the same base.
    return "上年" + base[2:] if base.startswith("去年") else base


_QUAL_ALT = "|".join(sorted(QUALIFIERS, key=len, reverse=True))
_ADV_ALT = "|".join(sorted(ADVERBS, key=len, reverse=True))
QUALIFIER_SET = frozenset(QUALIFIERS)
QUALIFIERS_LONGEST_FIRST = tuple(sorted(QUALIFIERS, key=len, reverse=True))
ADVERB_SET = frozenset(ADVERBS)
TOKEN_MAX = max(len(w) for w in (*QUALIFIERS, *ADVERBS))
# One-character words that may only sit right before the number: further left they are more
# often the last character of the subject (行为, 总量) than a word of their own.
SINGLE_NEAR_ONLY = frozenset(w for w in (*QUALIFIERS, *ADVERBS) if len(w) == 1) - set("均都已将拟再按")
COMPARATOR_END = re.compile(rf"{COMPARATOR}$")
COMPARATOR_SEARCH = re.compile(COMPARATOR)
# A clause opening with one of these continues the statement before it (增长114% after 2825家).
# A digit opens a dependent piece (、5倍) unless it starts a model name (5G工厂).
DEPENDENT_START = re.compile(rf"(?:{COMPARATOR}|比|较|{_ADV_ALT}|{_QUAL_ALT}|\d(?![\d.]*[A-Za-z]))")
# Set-up words at the head of a clause that are not part of what is measured.
# Verbs after a driver naming what it drove (基金带动社会投资): the figure measures the latter.
CAUSE_VERB = re.compile(r"带动|拉动|撬动")
# A plan period opening a clause (“十五五”时期地区生产总值…) says when, not what.
_PLAN_TIME = r"(?:“|\")?[一二三四五六七八九十]{1,3}五(?:”|\")?(?:时期|期间)"
_SPAN = r"(?:19|20)\d\d年以来|(?:过去|近)?[一二三四五六七八九十两\d]+年(?:来|间|中)?|多年来?|每年|历年|十年来|五年来"
# Verbs that steer a target (确保粮食产量…, 严守耕地保有量…): the subject is what they govern.
_STEER = r"确保|推动|推进|促进|严守|守住|守牢|实现|努力|争取|坚持|坚决"
# The issuer's own jurisdiction opening a subject (全市地区生产总值): the issuer is implied, unlike
# 全国/全社会, which name a different whole.
_SCOPE = r"(?:全|我)(?:省|市|区|县|州|盟)(?![性域级内外])"
SCOPE = re.compile(_SCOPE)
# Verbs that frame what is measured without being part of it (实施200个项目, 开通3条地铁新线).
# A verb that opens a compound noun stays (建设用地规模, 实施方案).
_FRAMING = (
    r"制定实施|精准帮扶|获批建设|实施(?!方案|意见|细则)|推进|加快|建设(?!用地|工程|项目|资金|投资|规模|任务)"
    r"|建成(?!区)|完成(?!率|额|值)|支持(?!率)|开展|建立|发行(?!量|额)|打造|提供|办理(?!量|率)|开通|继续"
    r"|创建|再创建|获批|落地|推出|" + "|".join((*_LEX["framing_frames"], *_LEX["framing_verbs"]))
)
LEADING = re.compile(
    rf"(?:全年|年末|年底|去年底|去年|今年|当年|目前|当前|其中|同时|此外|并且|并|且|而|还|已|共(?![济享建同性识])|总计|预计|首批|"
    rf"截至目前|截至[^,，]{{1,8}}底|将|把|拟安排|拟|力争|{_STEER}|{_SCOPE}|{_FRAMING}|{_PLAN_TIME}|"
    rf"(?:到|至)(?:(?:19|20)\d\d|二[〇零][〇零一二三四五六七八九]{{2}})年(?:底|末)?|{_SPAN})+"
)
# 建设改造 / 建设提升: a framing verb joined to a verb of work is one compound work noun.
WORK_PAIR_SECOND = ("改造", "提升")
PAIRED_WORK = re.compile(r"建设$")
KINDS_BEFORE_CLAUSE = re.compile(r"各类(?=[^的，,、]{1,8}的)")
# A framing verb after the previous count's noun (175家企业发行各类债券1193只) opens the next subject.
FRAMING_VERB = re.compile(_FRAMING)
# 完成 between the words before a number (重大工程投资完成2510亿元) frames them; 完成率 is a metric.
INNER_FRAMING = re.compile(r"完成(?![率额值])")
# An agent and a verb of handing out or setting up before the thing measured (金融机构发放贷款,
# 龙头企业牵头组建创新联合体): the things given out or set up are measured, not the agent.
AGENT_VERB = re.compile(r"(?:牵头|联动|组团)?(?:发放|组建|实施)")
# 居全国前10位 / 进入全国前5名: a rank, not an amount.
RANK_BEFORE = re.compile(r"(?:居|列|进入|跻身|位于)[^,，。;；]{0,5}前$")
RANK_UNITS = frozenset(("位", "名"))
# A time span closing the words before a number (比例每年都保持在) belongs to neither side.
TRAILING_TIME = re.compile(rf"(?:{_SPAN})$")
# 到/至 between a starting value and its target, with the words that may stand around them.
TO_GAP = re.compile(
    r"[^\d,，]{0,4}?(?:到|至|整合为|合并为|调整为)(?:目前的?|现在的?)?(?:平均|约|近|不超过|不到)?"
)
TO_VERB = re.compile(
    r"(?:提高|提升|增长|增加|上升|下降|降低|减少|压减|压缩|扩大|缩短|降|增|升|减)?(?:到|至)|整合为|合并为|调整为"
)
# What follows a bare 万/亿 count that makes it part of a noun phrase (14亿多中国人的饭碗).
# Units of reach and age that, directly before a noun and without a verb, name a kind of thing
# (1小时通勤圈, 30公里范围内, 3岁以下婴幼儿) rather than measure one.
SPAN_UNITS = frozenset(("小时", "分钟", "公里", "千米", "岁"))
CJK = re.compile(r"[\u4e00-\u9fff]")
MODIFIER_AFTER = re.compile(r"[\u4e00-\u9fff]{1,6}的")
# Units after which the words that follow name what is counted (13个国家医学中心, 1万亿元国债).
COUNTED_UNITS = frozenset("个家项所座处条件部套辆艘架台批种类张名位户届元人款支栋场列轮起") | {
    "美元",
    "人次",
    "班次",
    "批次",
    "架次",
    "辆次",
    "艘次",
    "头",
    "株",
}
# Predicates that follow what a count counts (…万纳税人受益, …国债支持…).
PREDICATE = re.compile(
    r"支持|用于|受益|参与|实现|提供|发放|享受|落户|完成|投入|覆盖|惠及|带动|吸纳|保持|位居|达到|获得|全部|均|已|将"
    r"|(?<![宜安定聚新])居(?![住民家所室])"
    r"|引入|启用|试运行|取得|获批|被|得到|显著|全线|排险|设置|稳定|成功|入选|通过|纳入|建设(?!示范|项目|试点)|提质|升级|发展成为|"
    + "|".join(_LEX["predicates"])
)
# Units of a share (50%以上号源, 九成以上城乡社区): the noun right after names what it is a share of.
SHARE_UNITS = frozenset(("%", "成", "‰"))
# A share of a printed whole right before the number (占全国9成) and the measure it names.
SHARE_OF_WHOLE = re.compile(r"占(全国|全省|全市|全区|全球|世界)$")
SHARE_HEAD = "比重"
# Verbs whose object after the number is what is measured (覆盖九成以上城乡社区).
OBJECT_VERBS = frozenset(_LEX["object_verbs"])
# Countable things (企业, 学校) and what may follow them inside a counted noun that runs on into
# an event or attribute of theirs (19家企业战略性重组 → 企业).
COUNTED_HEADS = tuple(sorted(_LEX["counted_heads"], key=len, reverse=True))
EVENT_TAILS = tuple(_LEX["event_tails"])
EVENT_MODIFIER_MAX = 4
# A coordinator after a counted noun whose next conjunct holds a number of its own.
COORDINATED_COUNT = re.compile(r"[和与及][^、,，:：;；。和与及的]*?\d")
# 3个万亿级和7个千亿级产业集群: a class word (…级) coordinated with another before one head.
CLASS_SUFFIX = "级"
GAPPED_HEAD = re.compile(
    r"[和与及、][\d一二三四五六七八九十两]+[个家项所座处条]?[^、,，:：;；。]{1,6}?级"
    r"(?:[\u4e00-\u9fff]{1,4}规模的)?(?P<head>[\u4e00-\u9fff]{2,})"
)
HAS_DIGIT = re.compile(r"\d")
# A 的-phrase that is a comparison base (较上年的, 从2020年的), not a modifier of a counted noun.
COMPARED_MODIFIER = re.compile(r"(?:从|较|比|由)[^的]*的$")
# A 的 between a counted noun and the next number: the first things own the second count.
OWNED_COUNT = re.compile(r"的(?:近|约|超过|超|逾)?\d")
HAS_NUMBER = re.compile(r"[\d〇零一二两三四五六七八九十百千万亿]")
# The counted noun after examples ending in 等 (洛阳等10个国家物流枢纽): the examples are not it.
EXAMPLES_END = "等"
# A class label of letters and digits opening a counted noun (3家5A级景区).
CLASS_LABEL = re.compile(r"[0-9A-Za-z]+级[\u4e00-\u9fff]")
# 过 between a count and an amount (3个过三千亿元城市): the amount names a class.
PASSED = "过"
# How long a listed name before a count may be (武汉东湖、襄阳、宜昌3家高新区).
LISTED_NAME_MAX = 8
PIECE_END = re.compile(r"[、,，:：;；。]")
# Qualifiers that open a subject rather than sit before the number (新增高新技术企业2825家).
INNER_FLOW = "累计"
LEADING_FLOW = re.compile(r"累计|平均|连续(?!性)|连年|年均(?!增速|增幅|增长率)")
# 平均压减时间58% / 减材料54%: a cut named before the thing cut; the word qualifies the figure
# (C5's change words) and is no part of the subject. 减 alone is matched only here, as a whole
# word at the head of a subject, never off the end of one (削减, 缩减).
LEADING_CHANGE = frozenset(("压减", "压降", "压缩", "精简", "减"))
LEADING_QUALIFIER = re.compile(
    r"^(?:新增|净增|新推出|累计|年均|新建设|新建|新改建|新[（(]改[）)]建|新设|新签|新开工|新培育|新认定|新登记|新引进"
    r"|新入选|新创建)"
)

# A verb after 第N次 / N次 that makes the count an achievement or an action count, not a session.
COUNT_VERB = re.compile(
    r"荣获|获得|获评|获批|入选|当选|蝉联|夺得|被评为|被授予|举办|承办|降低|下调|上调|提高|延长|召开"
)
# Time spans used as adverbials (五年来, 40多年来, 三年行动), not as measurements.
YEAR_ADVERBIAL_NEXT = "代底末初前后来间度级份年中多"
# N年 naming a programme (三年行动, 五年计划) rather than measuring a span.
PROGRAM_AFTER_YEAR = re.compile(r"行动|计划|规划|工程|攻坚")
# Metric heads shared by coordinated subjects in 分别 statements (A及B占比 → A占比, B占比).
HEADS = tuple(
    sorted(
        (
            "占比",
            "比重",
            "比例",
            "增速",
            "增幅",
            "增长率",
            "占有率",
            "覆盖率",
            "普及率",
            "利用率",
            "达标率",
            "总额",
            "总量",
            "规模",
            "投资",
            "增加值",
            "产量",
            "收入",
            "支出",
            "面积",
            "数量",
            "人数",
            "起数",
            "人次",
            "花费",
            "消费",
            "率",
        ),
        key=len,
        reverse=True,
    )
)
GROWTH_RATE = "增速"
# A total or rate standing alone after another figure (…1357家、总数突破1万家; 参保率达93%): it
# measures the things of that figure.
BARE_TOTAL = re.compile(r"总(?:数|量|规模|产量|产值|人数|额)|[\u4e00-\u9fff]{2}率")
TOTAL_COUNT = "总数"
# Heads a list of modifiers shares (限上新能源汽车、节能家电零售额), longest first.
LIST_HEADS = tuple(sorted({*HEADS, *_LEX["shared_heads"]}, key=len, reverse=True))
# How far into a clause without figures its topic noun may reach (进出口总值创历史新高).
TOPIC_MAX = 12
# A scope opening the first conjunct that every conjunct shares (每千人托位、养老床位数).
SHARED_MODIFIER = re.compile("|".join(_LEX["shared_modifiers"]))
# Words that open with a coordinator character (和美乡村): the character is no conjunction there.
COORDINATOR_WORDS = tuple(_LEX["coordinator_words"])
# Verbs that say what is measured (改造棚户区), shared by a bare noun listed after the figure.
MEASURED_VERBS = frozenset(_LEX["measured_verbs"])
# Words naming two things at once (城乡 → 城镇, 农村), spread over two numbers.
PAIRED_WORDS = {str(k): [str(m) for m in v] for k, v in _PAIRS.items()}


def paired_members(word: str, subject: str) -> list[str]:
    """The members ``word`` stands for in ``subject``: 城乡低保 → 城市, 农村, but 城乡居民 → 城镇,
    农村 (the thing named decides which split is meant)."""
    for head, members in _PAIR_HEADS.get(word, {}).items():
        if head in subject:
            return members
    return PAIRED_WORDS[word]


# The last character of an amount word without a listed head (发电量, 案损数).
AMOUNT_END = ("量", "数")
# A label counting the members listed before it (…和商务服务三大产业).
ENUMERATION_LABEL = re.compile(r"[两二三四五六七八九十\d]+大[\u4e00-\u9fff]")
CONJUNCTION = re.compile(r"[、和及与]")
# not the comma of a digit group (1,234家: ARABIC reads it as one number, so the clause keeps it whole)
CLAUSE_CUT = re.compile(r"(?<!\d)[,，]|[,，](?!\d{3}(?!\d))|[:：]")
PIECE_CUT = re.compile("、")

# Classifier units count things, so a bound after them still counts (1000个以上省重点项目); other
# units with 以上/以下 right before a noun name a class (20户以上自然村, 10万千瓦及以下燃煤机组).
CLASSIFIERS = frozenset(("个", "项", "家", "所", "座", "处", "条", "件", "部", "套", "辆", "艘", "架"))
CLASSIFIERS |= frozenset(
    ("台", "批", "种", "类", "张", "名", "位", "款", "支", "栋", "场", "列", "班次", "批次")
)
CLASSIFIERS |= frozenset(("%", "成", "‰", "个百分点", "百分点"))  # 50%以上号源: a share of them
THRESHOLD_POSTS = frozenset(("以上", "以下", "及以上", "及以下"))
# What the counted things have, measured against a threshold that picks them (191家工业企业营业收入
# 超百亿元): the amount names the class counted, it is no quantity of its own.
ATTRIBUTE_THRESHOLD = re.compile(rf"(?:{'|'.join(_LEX['entity_attributes'])})均?(?:超过|超|突破|达到|达)$")
RESPECTIVELY = "分别"
# Bound words after the last number of a 分别 list that bound every number of it.
SPREAD_BOUNDS = frozenset(("以上", "以下", "以内", "左右", "及以上", "及以下"))
# A bound amount right before the noun it picks, which another number then counts (超200亿元县2个).
BOUND_BEFORE = ("超过", "超", "突破")
# After a bound amount: 的有 counts what passes it (超过10%的有44种); a bare noun to the end of a
# clause with 成为 names the class joined (成为生产总值超千亿元县).
THRESHOLD_PICK = re.compile(r"的有")
BECOME = re.compile(r"成为")
CLASS_NOUN_END = re.compile(r"的?[\u4e00-\u9fff]{1,8}(?=[,，。;；、]|$)")
CLASS_THEN_COUNT = re.compile(r"[\u4e00-\u9fff]{1,8}?[\d一二三四五六七八九十两]+[个家项所座处条件名户]")
# Verbs of passing a milestone (迈上4万亿、5万亿两个台阶), checked with 台阶 after the number.
_MILESTONE_VERBS = r"迈上|跃上|站上|迈过|跨上|跨越|登上"
MILESTONE_VERB = re.compile(_MILESTONE_VERBS)
# The milestone clause itself closing the words before a later figure (地区生产总值连续迈上4个万亿元
# 台阶、达14.2万亿元): it is no part of that figure's subject.
MILESTONE_CLAUSE = re.compile(rf"(?:连续)?(?:{_MILESTONE_VERBS})[^,，;；。]*?台阶、?$")

# -- one qualifier per item, by priority (the lead's convention C5) ----------------------------------
# A bound or approximation word says how the figure relates to the true amount; it outranks a
# change word, which outranks the words that say what kind of count it is.
BOUND_WORDS = frozenset(
    (
        "及以上",
        "及以下",
        "以上",
        "以下",
        "以内",
        "之内",
        "左右",
        "上下",
        "超过",
        "超",
        "突破",
        "逾",
        "近",
        "接近",
        "将近",
        "约",
        "大约",
        "多",
        "余",
        "不低于",
        "不少于",
        "至少",
        "不足",
        "不超过",
        "不高于",
        "不到",
    )
)
NEW_WORDS = frozenset(
    (
        "新增",
        "新建",
        "新培育",
        "新设",
        "新签",
        "新开工",
        "新认定",
        "新登记",
        "新推出",
        "新引进",
        "新改建",
        "新（改）建",
        "新(改)建",
        "新建设",
        "新入选",
        "新创建",
    )
)
# A change verb right before an extent of land or a number of buildings names the work done
# (森林抚育提升200万亩, 农房风貌提升26.4万户), not a change of a level.
WORK_VERBS = frozenset(("提升",))
WORK_UNITS = frozenset(("亩", "公顷", "公里", "千米", "平方米", "平方公里", "户", "套", "座", "所", "处"))
LINK_ONLY = frozenset(("实现",))
FLOW_WORDS = frozenset(("累计", "连续", "连年", "平均"))
LEVEL_WORDS = frozenset(("达到", "达"))
# Verbs that put a figure in place without saying anything about it (控制在5%以内: 以内 says it).
NOT_QUALIFIERS = frozenset(
    (
        "始终保持在",
        "保持在",
        "稳定在",
        "控制在",
        "维持在",
        "历时",
        "为",
        "是",
        "占",
        "按",
        "拟按",
        "安排",
        "拟安排",
        "惠及",
        "覆盖",
        "共计",
        "合计",
        "总计",
        "实现",
        "仅",
        "翻",
        "迈上",
        "跨过",
        "保持",
        "跃上",
        "站上",
    )
)
# Two tokens read as one change word (年均 增长 → 年均增长).
_AVERAGE_IS = {"平均为": "平均"}
_JOINED = frozenset(
    ("年均增长", "年均下降", "年均提高", "年均上涨", "年均增加", "年均减少", "实际增长", "再延长")
)


def _rank(word: str) -> int:
    if word in BOUND_WORDS:
        return 5
    if word in NEW_WORDS:
        return 3
    if word in FLOW_WORDS or word == "年均":
        return 2
    if word in LEVEL_WORDS:
        return 1
    if word in LEADING_CHANGE:
        return 4
    if word in NOT_QUALIFIERS or word not in QUALIFIER_SET:
        return 0
    return 4


# Change words whose object is the base of the comparison (高于全国), not a subject.
BASE_VERBS = frozenset(("高于", "低于", "快于", "慢于"))


def is_change_word(word: str) -> bool:
    """增长, 压减, 提高…: a word that says how a figure changed (rank of C5's change words)."""
    return _rank(word) == 4


def choose_qualifier(words: list[str]) -> str | None:
    """The one qualifier of an item from the words around its number, in reading order: the
    highest rank wins, and among equals the word nearest the number (the last)."""
    merged: list[str] = []
    for w in words:
        # 平均为4.2%: the figure is an average, 为 only links it.
        w = _AVERAGE_IS.get(w, w)
        if merged and merged[-1] + w in _JOINED:
            merged[-1] += w
        elif len(merged) > 1 and merged[-1] == "分别" and merged[-2] + w in _JOINED:
            # 年均分别增长: 分别 between the two words does not part them.
            merged[-2] += w
        else:
            merged.append(w)
    best: str | None = None
    best_rank = 0
    for w in merged:
        r = 4 if w in _JOINED else _rank(w)
        if r and r >= best_rank:
            best, best_rank = w, r
    return best

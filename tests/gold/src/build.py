"""Build tests/gold/<name>.json from the hand-written label files next to this script.

The labels (quantities as ``text|subject|value|value_max|unit|qualifier|compared_to`` lines under
``@period`` headers, outline, task counts) are hand judgements; this script only locates each
``text`` in the document to fill in ``offset`` (searching forward from the previous item, so the
labels must be in document order) and writes the JSON.

    python tests/gold/src/build.py
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
GOLD = HERE.parent
REPO = GOLD.parent.parent

ABOUT = (
    "Hand-labelled gold for one government work report (a province's 2026 report, or the State "
    "Council's 2023 report) (outline, quantities, "
    "task sentences per section). Every item is a human judgement from the text; offsets are "
    "0-based character indices into the file decoded as UTF-8, exactly as it is on disk (page "
    'debris included). Items with "optional": true are judgement calls: scoring neither '
    "requires nor penalises them. See notes for the labelling conventions."
)

NOTES = [
    "Decided after the agreement check: 压减/减 are change words (like 精简/压降) and beat 平均 (C5): "
    "平均压减时间58%、材料52% -> subjects 时间, 材料, qualifier 压减 (Hubei's 平均减时间83% -> 减).",
    "Aligned across the ten golds (lead's decisions D1-D5, latest; they win over the entries below): "
    "D1 a count after listed examples or after 包括… is a quantity (洛阳等10个国家物流枢纽 -> 10 个; "
    "推进人工智能、…、先进材料等6个重大科技专项 -> 6 个 重大科技专项; 庆阳、张掖、天水3个省级区域医疗中心 "
    "-> 3 个; 包括…南水北调西线6个工程 -> 6 个 工程; 8条进出川综合交通走廊 -> 8 条), while labels of "
    "enumerations that name a set stay not-quantities (7大产业集群, 三大产业, 六大科技专项, 东南西北4个方向, "
    "酒泉、天水两个区域中心城市, 四个端点城市). Sichuan's glossary (名词解释) is therefore labelled like "
    "Guangdong's appendix (period 2026; packages, 方面 counts, 4个省份之一 and 6部门 optional). "
    "D2 no change or bound word of the figure inside a subject (C6): 民间投资增长5% -> subject 民间投资, "
    "qualifier 增长; 民间投资增长2.1%、高于全国8.5个百分点 -> 民间投资, 高于; 省级一般性支出下降超10% -> "
    "省级一般性支出, qualifier 超 (the bound word wins, C5); 林草产业产值年均增长超10% -> 林草产业产值, 超. "
    "Only a 减量-type noun that itself names the reduction stays (城乡建设用地规模减量约50平方公里, "
    "低效建设用地减量7平方公里); thresholds that define a class stay (经济总量超千亿元的县域, "
    "亿元以上项目) and so do nouns naming the work counted (农房风貌提升, 林分优化提升). "
    "D3 a subject comes from the figure's own sentence, never from an earlier one (a run-in lead such as "
    "经营主体稳中培优。 does not lend its noun: 总量达1461.4万户 -> 总量, 新登记147万户 -> 新登记); "
    "国家公布产量的104种工业产品中，我省在全国占比超过10%的有44种 keeps 在全国占比超过10%的工业产品 "
    "because 工业产品 is in the same sentence. D4 any printed baseline is a compared_to "
    "(当地最低生活保障标准的1.6倍 -> 当地最低生活保障标准). D5 a whole predicate is acceptable as the "
    "subject of a streak or rank when no noun phrase exists (成为全国唯一出生人口超百万的省份 for 连续6年).",
    "Aligned after all golds were made (lead's decisions): 年均/累计 before 新增 leave the subject like "
    "累计 (年均新增就业岗位 -> subject 新增就业岗位, qualifier 新增); 完成 inside 完成投资 is a framing "
    "verb and leaves the subject (省重大项目投资), as in Henan and Jiangsu; 筹措 stays (it says what is "
    "counted). 开工 before a counted object leaves the subject too (开工改造城镇老旧小区 -> "
    "改造城镇老旧小区; the Jiangsu label was changed to match).",
    "Quantity fields follow the lead's round-2 conventions (C1-C7, shared with the extractor); they "
    "replaced the first labeller's notes on compared_to (now only printed baselines), period of "
    "plan-period levels (now the end year 2030), 新增-type qualifiers (now the qualifier) and subjects.",
    "Outline: parts (一、…) and sections (（一）…) in order, label as printed, title as printed; "
    "for a run-in section heading the title is the text up to the first 。. The 一是…六是 paragraphs "
    "of a review and the ——坚持… paragraphs of a five-year outlook are not sections.",
    "Quantity = a number (Arabic or Chinese numeral, incl. 万/亿 multipliers, 成 shares, 千亿/万亿 "
    "without a leading 一) with a unit or %, stating a measured or targeted amount. text = the "
    "shortest contiguous span that makes the figure self-contained (subject + qualifier + number + "
    "unit); two figures sharing one clause (分别…和…, X亿元、增长Y%) each get an item with the "
    "shared clause as text.",
    "Not quantities: dates and years (2030年前), ordinals and editions (第十八届, 第四次, 第二轮, "
    "第三批, 第一), anniversaries (80周年), labels of enumerations (7大产业集群, 6大, 三大产业, 四大流域, "
    "四个端点城市, 两个关键小事, 三条文化带), names of programmes/projects/campaigns containing a "
    "number (百亿斤粮食产能提升工程, 万名大学生助企服务专项计划, 三年行动, 百万亩造林绿化工程, "
    "0.1微克攻坚行动, “3个100”, 开一备三, “九五”普法, 一区三中心, 八站两场), version numbers (2.0任务, "
    "3.0方案), model or product designations (25兆瓦级风电主轴轴承, 全球最高10米液压支架, 5G-A, 6G, "
    "PM2.5, M102线, 22号线, 朱雀三号), threshold words that define a category rather than measure "
    "it (20户以上自然村, 年运量150万吨以上的物流园区, 10万千瓦及以下燃煤机组, 二级以上医疗机构, "
    "50米内换乘, 千亿级投资规模), level classes (三级综合医院, Ⅱ类), milestones passed (迈上4万亿、5万亿"
    "两个台阶), 翻番 without a number, 全球首个/首台, time frames (今后五年, 再奋斗五年).",
    "Counts are quantities even when examples are listed before them (洛阳等10个国家物流枢纽 -> 10 个) "
    "and when the unit is a bare multiplier (71.3万监测对象 -> unit 万). 连续N年 streaks are "
    "quantities (unit 年, qualifier 连续), as in the Dalian seed gold.",
    "value = the number as written before the unit (6.66 for 6.66万亿元; 5 for 5万余个; 1 for 超万亿元; "
    "1000 for 超千亿元, because 千 is a numeral and 亿元 the unit; 5 for 超五成); value_max only for "
    "ranges (4.5%-5%). unit as written, multiplier and compound units included (C7: 万亿元, 万户, "
    "万个, 万场, 万列, 个百分点, 成, 万元/人, 人/百亿元, 微克/立方米, 百亿亿次/秒); counted units such as "
    "款, 支, 栋, 场, 班次, 项, 件 are units.",
    "subject (C6) = the noun phrase measured: no framing verb (实施, 推进, 推动, 加快, 建设, 建成, 完成, "
    "实现, 确保, 力争, 支持, 开展, 建立, 发行, 争取, 打造, 提供, 办理, 开通, 制定实施, 精准帮扶, and "
    "likewise 举办, 纳入, 提请…审议, 再创建), no qualifier, no leading scope word of the issuer "
    "(全省/全市 dropped: 全省PM2.5浓度 -> PM2.5浓度; 全国/全社会 and the adjective 全市性 kept), no "
    "listed examples before 等 (世界乒联中国大满贯等198项精品赛事 -> 精品赛事). When the counted noun "
    "follows the number, the subject is that noun phrase and a verb before the number or a clause "
    "after it is not part of it (308个便民事项实现跨省自助办 -> 便民事项; 为380个老旧小区引入物业服务 -> "
    "老旧小区; 11个县被认定为… -> 县; 70%村卫生室实现… -> 村卫生室); a possessor noun right before the "
    "number stays (重点产业链36项卡点攻关 -> 重点产业链卡点攻关; 二级以上医疗机构97%门诊量). When the "
    "number follows the noun phrase, verbs that say what is measured stay (改造农村危房, 治理违法建设, "
    "筹集保障性租赁住房, 竣工各类保障房, 疏解提质一般制造业企业, 植树造林, 开挖疏浚沟渠, 立改废政府规章); "
    "a 减量-type noun that names the reduction stays (城乡建设用地规模减量约50平方公里 -> "
    "城乡建设用地规模减量, qualifier 约), other change words do not (D2). 新增/新建/… heading the count stay in the subject (C3). "
    "分别 lists distribute the head (食品抽检合格率, 药品抽检合格率). Where the text gives no compact "
    "noun phrase the subject is reworded minimally (白名单企业占全部企业比重). Subjects are the least "
    "reproducible field.",
    "qualifier (C3-C5) = one word per item, by priority: a bound/approximation word (以上, 以下, 以内, "
    "左右, 超过, 超, 突破, 近, 约, 多, 余, 不低于, 不少于, 至少, 不足) > a change word (增长, 实际增长, "
    "下降, 提高, 增加, 净增, 年均增长, 高于, 低于, 精简, 提升至, 提高到, 扩容至, 再延长) > 新增/新建/"
    "新培育/新设/新改建/净增 when the word heads the count (新增经营主体370万户 -> 新增; 新设8所本科院校 -> "
    "新设; not when it sits inside a name after a scope: 城镇新增就业, 自贸试验区新设企业, "
    "雄安新区中关村科技园新增入驻企业 -> null) > 累计/连续/平均 > 达到/达 > null. Words as written "
    "(5000余户 -> 余, 7000多所 -> 多). 控制在/保持在/稳定在/历时 alone are not qualifiers. A qualifier "
    "applies to the second item of a 、-list only when that item has no subject of its own (累计创建42个"
    "示范村、22个示范片区 -> both 累计; 国家高新技术企业达到1.5万家、科技型中小企业3.2万家 -> second "
    "null; 新增城市金角银边100处、社区微花园50个 -> second null); 分别 spreads.",
    'period (C2) = what the figure speaks about: "十四五" for the five-year review (过去五年/“十四五”时期… '
    'paragraphs), "2025" for last year\'s results (一年来/过去一年 and the 2025 review sections), '
    '"2026" for this year\'s targets and tasks, "YYYY" for a printed 到YYYY年 or 从YYYY年的… (the base '
    "item). Plan-period targets: a level aimed at (达到65%左右, 控制在5%以内, 占比6%以上, 58万元/人左右) "
    '-> the plan\'s end year "2030"; an annual average or a cumulative change over the period (年均增长5%, '
    '城镇新增就业500万人以上) -> "十五五".',
    "compared_to (C1) = only a baseline printed in the text, traceable to the sentence: 比上年/比去年/"
    '较上年/同比 -> "上年"; 比“十三五”时期 -> "十三五"; 比“十三五”末 -> "十三五末"; 较2020年 / '
    '从2020年的… -> "2020"; 高于全国… -> "全国". No printed baseline -> null: an ordinary 增长5.6%, a '
    "年均增长, a 从75.6%提升至76.5% without a printed year, and every level or count.",
    "Optional items: national policy parameters (土地承包再延长30年), counts of the plan's own "
    "indicators/tasks/dimensions (29项主要指标, 13项任务举措, 6个维度), named packages of measures (十条支持措施, 30条防汛避险救灾硬措施), "
    "shares given as words (近一半), a lead time (提前两周), a scale inside a project name (200万亩整区域…"
    "项目), 18条乡村富民产业链 (a set named by its count), and the starting value of 从X提升至Y (a "
    "baseline rather than a result: 从75.6%, 从2020年的82.4岁).",
    "Tasks: per section (and per part without sections) the number of directive sentences, a "
    "sentence ending with 。 or ！ that says what the government will do (a ；-chain inside one "
    "sentence counts once). Review sentences (achievements), rhetoric, thanks and problem statements "
    "count 0, so review sections are 0. The bold run-in lead of a paragraph (突出重点事项攻坚。) is a "
    "heading and is not counted; a section's unbolded opening sentence (坚持…，…。) is counted. "
    "Paragraphs after the last section that open the closing (各位代表！…/ government self-building) "
    "do not belong to it; the 国防/民族宗教 paragraphs before the closing do.",
    "Tasks in a five-year outlook part without sections: the ——坚持… lead sentences and the sentences "
    "after them are directives; descriptions of the period, of how the plan document was drafted and "
    "of what it contains are not, except where the text lists the plan's measures as actions. "
    "Henan 二 = 17: the eight ——坚持 paragraphs hold 17 sentences (2 each, 3 in the reform one; a "
    "second review counted them again after the first review's 15, which missed one paragraph); the "
    "opening paragraph (“十五五”时期是…关键阶段。根据…这里概述几个方面。) describes the period and the "
    "document and the closing 各位代表！… is rhetoric (the first pass had 17 by counting the opening and missing a paragraph).",
    "Beijing 二 = 2. The 十四五 paragraphs are review (0). Of the 十五五 paragraphs: 我们要保持战略定力，"
    "…不断开创首都各项事业发展新局面。 states what will be done (1); the drafting principles (在《纲要草案》"
    "编制过程中，注意把握以下几点：一是…) describe how the document was drafted (0); the seven goals "
    "(一是首都功能持续提升…) and the 2035 vision are outcomes, not actions (0); the 29 indicators are "
    "targets (0); 《纲要草案》具体部署了13项任务举措：一是坚守职责使命，全力服务保障政治中心功能；…十三是"
    "统筹发展安全，确保首都和谐稳定。 lists the plan's measures as verb-object actions for the period, "
    "which a planning office takes as tasks, so it counts, as one sentence (1); 展望未来，我们有信心… is "
    "rhetoric (0). The first pass had 1 (it left out the 13 measures).",
    "Jiangsu (labelled after Henan and Beijing, held out from the extractor's development): "
    "增至 (增至3022家) is a change word like 提升至/扩容至 and is the qualifier, as is 改善 "
    "(较“十三五”末改善16.5%); 新登记 heading a count is a 新-type qualifier (C3); shares printed as "
    "fractions (全国1/10以上, 占全国1/3以上, 占全国增量的1/4) are optional and valued in % like 近一半. "
    "Tasks: the 十五五 part has numbered sections (（一）…（五）), so it is counted per section; "
    "run-in section titles and the bold run-in topic leads inside a paragraph (更大力度提振消费。) "
    "are headings and not counted, short standalone directives between them (创新发展数字贸易。, "
    "加快推动内外贸一体化。, 做好对口支援协作合作工作。) are counted. 三（十） includes the "
    "国防/双拥 paragraph (2).",
    "Shaanxi (held-out, labelled without running the extractor): the text prints the full-width ％; "
    "units are written % (the scorer folds widths). Change words not in the C5 list are kept as "
    "written when the figure is a change or a level reached by a change (PM2.5浓度改善10.8％ -> 改善; "
    "城镇化率增至67.17％, 每千人床位数增至 -> 增至; 由162个整合为123个 -> 整合为; 从1795亿元增加到5260亿元 "
    "-> 增加到). One number shared by two subjects without 分别 is one item with the joint subject "
    "(工业投资、民间投资年均增长6％左右), as Henan's 新建200个智能车间、智能工厂; two numbers are two items "
    "even without 分别 (国内游客人次、总花费增长5.6％、7.5％). 新认定 heading a count stays in the subject "
    "and is its qualifier (the lead's decision, as 新登记/新推出 in Jiangsu and Shanghai: C3); 首期/首批 "
    "are dropped from a subject. 跨过3万亿元 is a milestone passed (optional); fractions "
    "of the national total (全国1/4、1/3) and a ratio without unit (收入比缩小至2.54) are optional. "
    "Tasks: a sentence that only states targets (社会消费品零售总额增长6％左右。 / 力争货物和服务进出口"
    "增长6％。 / 力争新增规模以上企业1000家，千亿级产业链达到12条，…。) is an outcome, not an action, "
    "and counts 0, as Beijing's indicators; the run-in lead 统筹推进新型城镇化和乡村全面振兴。 is a "
    "heading (0). Part 二 = 14: the 一是/二是/三是 leads and the 坚持…/加快…/强化… sentences after "
    "them (5 + 5 + 4); the opening paragraphs (纲要 drafting, description of the period) count 0.",
    "Shanghai (held-out, labelled without running the extractor): the 十五五 part 二 has run-in "
    "sections (（一）…（四）), counted per section like Jiangsu (9, 4, 4, 4); part 四 (government "
    "self-building) is a numbered part of its own and its sections are counted (2, 4, 5, 4); the "
    "国防 paragraph closes 三（十） (1) and the 大道至简… and 各位代表，蓝图已绘就… paragraphs are "
    "rhetoric (0). 上涨, 拓展到, 增长到 are change words kept as written (like 增至/增加到); 新推出 "
    "heading a count is a 新-type qualifier like 新设/新登记; a verb spread over a count-first list "
    "stays on both items (新建7家…平台和6家…孵化器 -> both 新建, as Jiangsu's 新建…、30家标杆孵化器), "
    "but not over a noun-first list (新建绿道100公里、绿地500公顷 -> second null); 万套（间） is kept "
    "as written. Optional: the converted amount 折合1148亿元人民币, named packages (“80条”, “33条”, "
    "“26条”, 58条改革举措), milestones (经济总量突破5万亿元, 年吞吐量超过5000万标准箱), the 59 "
    "test points of the World Bank survey, 翻一番, the plan's 四个方面 and every 从X base.",
    "Gansu (held-out, labelled without running the extractor): the three parts are plain lines "
    "without 一、 (“十四五”时期工作回顾, “十五五”时期的主要目标任务, 2026年重点工作); the outline gold "
    'gives them label "" (nothing is printed) and the line as title, which a parser that keeps '
    'printed labels matches exactly. Task rows then carry part "" plus part_title, because a part '
    "label no longer tells the parts apart (the scorer, which finds a part by label alone, needs the "
    "title to do so). Tasks: part 一 (review, lessons, problems) = 0; part 二 = 15 (我们要把思想和行动"
    "统一到… and, in the 一是…八是 goals, the sentences led by an action verb; the 一是… leads are goals "
    "and target-only sentences such as 全省地区生产总值年均增长5%以上。 or 打造4个…集群… count 0); in "
    "part 三 a paragraph's closing 我们要…/我们将…/我们承诺… sentence says what the government will do "
    "and counts (as Beijing's 我们要保持战略定力 and Jiangsu's 我们将…支持国防), a closing maxim without "
    "a commitment (甘肃老工业基地的地位，奠基于资源能源…) counts 0, a sentence of counts led by 新增 or "
    "a level (新增省级创新平台30个…, …良种覆盖率达到97%以上。) counts 0, one led by 改造/新建 counts. "
    "Quantities: 超年度计划28% -> qualifier 超, compared_to 年度计划 (a printed baseline); 压降 kept as "
    "written (融资平台…压降81.3%); 城乡X分别… -> 城市X, 农村X; 城乡居民人均可支配收入分别增长5%、6.5%左右 "
    "-> 城镇/农村, 左右 on both; streaks in quarters or months (连续16个季度) like 连续N年 with the unit "
    "as written; earthquake magnitudes (6.2级地震), rank positions (排名由369位上升到235位) and the scale "
    "of a named base (兰白千万吨炼化基地) are optional.",
    "Hubei (held-out, labelled without running the extractor): the review part 一 has no numbered "
    "sections (the ——经济实力… and ——扎实抓好… paragraphs are not sections), so its tasks are one row "
    "(0); part 四 (government self-building) has run-in sections counted like Shanghai's (2, 1, 1, 2, "
    "5). Part 二 = 9: 我们要多维研判形势… (1), the 指导思想是：坚持…深入实施… sentence, which states "
    "the period's course as actions (1), and the sentences after the short 一是…六是 leads (1, 1, 1, "
    "2, 1, 1); the leads themselves are headings like bold run-in leads (unlike Shaanxi's long 一是 "
    "sentences), and the descriptions of the period, its opportunities and risks count 0. Part 三: "
    "the bold leads of the paragraphs are headings, also the long ones (协同推进招商引资体制、园区"
    "运营模式改革。); 湖北正以高水平开放…我们愿… and 我们热忱欢迎… are appeals (0); the paragraph "
    "各位代表！…今年将继续实施10大类60项民生实事项目… closes 三（九） (its last sentence counts, the "
    "first two are rhetoric). Quantities: 升至 and 减 (平均减时间83%) are change words kept as written; "
    "one number shared by two subjects with 均 is one item with the joint subject; 迈上6万亿元台阶 "
    "(milestone), N大类 category counts, 7大要素交易服务平台 and the restated 5.5%左右的预期增长目标 "
    "are optional; 突破4000亿元、达到4211亿元 gives two items.",
    "Zhejiang (held-out, labelled without running the extractor): 新认定/新登记/新推出, and likewise "
    "新入选/新开发, heading a count are C3 qualifiers (subject keeps the word); 带动 stays in the subject "
    "(带动面上产业投资); a qualifier before the first item of a 、-list without 分别 applies only to items "
    "without a subject of their own (新增高新技术企业超6000家、科技型中小企业1.76万家 -> second null); "
    "首批/首期 are dropped from subjects; ranks (稳居全国第4位, 从全球第11位跃升至第7位, “保7争6”) are "
    "ordinals, not quantities; 降至/跃升到 are change words kept as written; 高于全省平均 -> compared_to "
    "全省平均. A printed 从2020年的…提高到2025年的… gives the base period 2020 and the result period 2025 "
    "(compared_to 2020). Optional: milestones (出口规模突破4万亿元, 收入突破7万元, 旅客吞吐量突破5000万人次), "
    "unitless indices (收入倍差, 公众满意度), “十连丰”, 万名青年, 17个重点传统制造业 (a set named by its "
    "count), named packages (20条举措, “民营经济32条”, “13条政策”, 29项促消费政策) and the 十方面民生实事. "
    "Outline: part 一 and 二 sections are run-in (title up to the first 。), part 三 sections are lines. "
    "Tasks: part 二 is counted per section (12, 15, 5, 19, 8, 17; the 五个更加注重 preamble before （一） "
    "belongs to no section); the ten 民生实事 items (1.…10.) stand between 三（九） and （十） and are "
    "counted in （九） (35 = 12 + the 今年我们要…办好十方面民生实事 sentence + 22 item sentences: the "
    "numbered 方面 headings count 0, sentences led by 新增 or stating an outcome only (…“零自付”, "
    "…全覆盖, 全域幸福河湖建设700公里) count 0, the others count).",
    "Sichuan (held-out, labelled without running the extractor): part 一 has no numbered sections "
    "(一是…六是 paragraphs of the 2025 review, then the 五年来 paragraphs of the 十四五 review) and part 二 "
    "none, so each is one task row; the glossary (名词解释) after the closing is not in the outline "
    "(its figures are labelled since D1, see the first note). Tasks: part 二 = 21: 我们要在服务和融入…与重庆共同打造… (1) and the sentences after the short "
    "一是…四是 leads (4, 4, 6, 6); the 主要考虑 rationale (…必须乘势而为, …必须推动经济保持增长) and the "
    "descriptions of the period and of the 纲要 count 0. Part 三: every sentence after the bold leads is "
    "an action (21, 15, 47, 27, 13, 15, 19, 47, 30, 15). Quantities: 新开工 and 新（改）建 heading a "
    "count are C3 qualifiers (subject keeps the word); 新增 after the noun (铁路运营里程新增1700公里) is the "
    "qualifier and leaves the subject; verbs not in the framing list stay when the noun precedes the "
    "number (引进营业性演出, 开发政策性岗位, 释放低空空域资源), 兑现/发放/出台/投用/获 are framing; a count-first "
    "改造1万户农村危房 -> 农村危房 (C6). Optional: packages (“21条”, “18条”, “15条”, 30件民生实事, 10件事), "
    "国家102项重大工程, 7类, the plan's 23个主要指标 and 四个方面, milestones (跨上3万亿元台阶, 迈上万亿元台阶, "
    "均达到万亿元规模, 过万亿元), 惠及3400万人 (scale of a named project), 破亿度, the ratio 2.2 and every 从X base.",
    "Guangdong (held-out, labelled without running the extractor): outline = the three parts and "
    "the fourteen sections of part 三 (heading lines, title without the closing 。); the 一是…六是 "
    "leads of the review and the 一是…五是 points of part 二 are not sections; 附件1 (ten 民生实事, "
    "一、…十、) and 附件2 (名词解释) are not in the outline. The appendix's figures are labelled (period "
    "2026), so the whole document is scored. No task counts were labelled (the gold has no tasks). "
    "Quantities: 新建改造/新建和改造提升/新开工改造/新建设 heading a count keep the phrase in the subject "
    "with the 新-word as qualifier (新建, 新开工, 新建设); X的1.6倍 with 不低于 -> unit 倍, compared_to "
    "the printed reference (当地最低生活保障标准); 每人每月2375元 -> unit 元 (the rate stays in the "
    "text); a bound word after the last of a 分别 list (分别达2050万吨、4200万吨、19万吨以上) spreads to "
    "every item, without 分别 only to its own figure (粮食播种面积3320万亩、产量1285万吨以上 -> first null); "
    "占全国9成 -> a share in 成; counts of places after a number with a clause (11家企业入选…, 5个地级市…"
    "新获评…) take the counted noun. Optional: every 从X base, milestones (进出口总额接连突破8万亿元、"
    "9万亿元, 大湾区经济总量突破15万亿元), 城乡居民收入比 (no unit), 约占全国1/10, 十件民生实事, "
    "新增两批重点事项, the plan's 5个方面 and 14个方面, 出生人口超百万 inside a streak, 提前两年, "
    "再延长30年, 21个地级以上市全覆盖. Not quantities: 三次产业比重4.0∶37.7∶58.3 (a ratio), "
    "超千亿元县 and 第4个吞吐量超千万人次的机场 (threshold classes), 万卡级到百万卡级, 每天24小时.",
    "National 2023 (the State Council's report, held-out, labelled without running the extractor): "
    "two parts, ten run-in review sections in 一 and eight run-in task sections in 二 (title up to the "
    'first 。). Periods: the 2022 review (一年来 paragraphs before 过去五年, and 去年底 counts) -> "2022"; '
    'the 过去五年/五年来 review -> "2018-2022", the extractor\'s label for a run of five report years that '
    "is no plan period (it straddles 十三五 and 十四五, so no plan label fits and no end year either, "
    "since levels and flows are both reported over the run); the 2023 targets and tasks -> "
    '"2023". Ten-year figures inside the five-year review (十年增加近70万亿元, 十年来…涨幅稳定在2%左右, '
    '十年1.4亿农村人口) are optional with period "2013-2022". The issuer is national, so no scope word is '
    "dropped (全国贫困县, 全国居民人均可支配收入, 全国负面清单条数). 较五年前/比五年前/比制度建立之初/是十年前的 "
    "are printed baselines (compared_to 五年前, 制度建立之初, 十年前); 降到, 上涨, 年均上涨, 增加到, 减少到, "
    "上升到, 压减, 净减少, 增产 and 年均 (年均临时救助1100万人次) are kept as written; 均达50%以上 is one "
    "item with the joint subject; 新签和升级/新建改建 heading a count keep the phrase (qualifier 新签/新建). "
    "Optional: every 从X/由X base, 突破40万亿元 (milestone), 翻一番, 14亿多人口/中国人, 上亿人, 上千万农村人口, "
    "是十年前的3倍, 再延长30年. Not quantities: 分两期/分三批, 40多年来新高, 三年多来, 三年行动, 十年禁渔, "
    "千亿斤粮食产能提升行动, 建军一百年, 75周年. Tasks: part 一 is review (0 per section); in 二 the "
    "run-in title is a heading, 开放的中国大市场，一定能… is rhetoric (0), and 二（八） runs to the "
    "closing 各位代表！奋斗铸就辉煌…: the government self-building sentence and the 我们要… paragraphs on "
    "民族宗教, 国防, 港澳, 台湾 and 外交 before it are counted there (13 + 1 + 15 = 29), as the 国防 "
    "paragraphs are elsewhere; the preamble of 二 before （一） belongs to no section.",
]


def _quantities(spec: str, text: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    period = None
    pos = 0
    for raw in spec.splitlines():
        line = raw.strip()
        if not line:
            continue
        if line.startswith("@"):
            period = line[1:]
            continue
        optional = line.startswith("?")
        fields = line.lstrip("?").split("|")
        if len(fields) != 7:
            sys.exit(f"bad line: {raw}")
        span, subject, value, vmax, unit, qual, cmp = fields
        at = text.find(span, pos)
        if at < 0:
            sys.exit(f"not found after {pos}: {span}")
        pos = at
        item: dict[str, Any] = {
            "text": span,
            "offset": at,
            "subject": subject,
            "value": float(value),
            "value_max": float(vmax) if vmax else None,
            "unit": unit,
            "qualifier": qual or None,
            "period": period,
            "compared_to": cmp or None,
        }
        if optional:
            item["optional"] = True
        out.append(item)
    return out


def _outline(text: str, heads: list[tuple[str, str, str]]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    pos = 0
    for kind, label, title in heads:
        printed = f"{label}、{title}" if kind == "part" else f"{label}{title}"
        at = text.find(printed, pos)
        if at < 0:
            sys.exit(f"heading not found: {printed}")
        pos = at
        out.append({"kind": kind, "label": label, "title": title, "offset": at})
    return out


def _directives(text: str, start_marker: str, end_marker: str) -> list[str]:
    """First words of the counted sentences of one section (paragraph leads dropped)."""
    a = text.index(start_marker)
    b = text.index(end_marker, a + 1) if end_marker else len(text)
    found: list[str] = []
    for para in text[a:b].split("\n")[1:]:
        sents = [s for s in re.split(r"(?<=[。！])", para) if s.strip()]
        if sents and len(sents[0]) <= 16 and not sents[0].startswith("坚持"):
            sents = sents[1:]
        found.extend(s[:12] for s in sents)
    return found


def build(name: str, doc: str, heads: list[tuple[str, str, str]], tasks: list[dict[str, Any]]) -> None:
    text = (REPO / doc).read_text(encoding="utf-8")
    spec = (HERE / f"{name}.quantities").read_text(encoding="utf-8")
    gold = {
        "_about": ABOUT,
        "document": doc,
        "notes": NOTES,
        "outline": _outline(text, heads),
        "quantities": _quantities(spec, text),
        "tasks": tasks,
    }
    (GOLD / f"{name}.json").write_text(
        json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


HENAN = "../shared/corpus/provinces-2026-dev/河南省.txt"
BEIJING = "../shared/corpus/provinces-2026-dev/北京市.txt"
SHAANXI = "../shared/corpus/provinces-2026-dev/陕西省.txt"

HENAN_HEADS = [
    ("part", "一", "“十四五”时期和2025年工作回顾"),
    ("section", "（一）", "千方百计稳就业稳企业稳市场稳预期"),
    ("section", "（二）", "全面加快融入服务全国统一大市场建设"),
    ("section", "（三）", "全力以赴强治理防风险守底线"),
    ("section", "（四）", "用心用情办好群众关心事操心事"),
    ("section", "（五）", "从严从实开展深入贯彻中央八项规定精神学习教育"),
    ("part", "二", "“十五五”时期主要目标任务"),
    ("part", "三", "2026年重点工作安排"),
    ("section", "（一）", "纵深推进融入和服务全国统一大市场"),
    ("section", "（二）", "大力拓展内需增长新空间"),
    ("section", "（三）", "加快建设现代化产业体系"),
    ("section", "（四）", "扎实推进乡村全面振兴"),
    ("section", "（五）", "着力推动城乡区域协调发展"),
    ("section", "（六）", "统筹推进深层次改革高水平开放"),
    ("section", "（七）", "全面激发文化创新创造活力"),
    ("section", "（八）", "加力促进经济社会全面绿色转型"),
    ("section", "（九）", "更大力度保障和改善民生"),
    ("section", "（十）", "有力有效防范化解重点领域风险"),
]
BEIJING_HEADS = [
    ("part", "一", "2025年工作回顾"),
    ("part", "二", "“十四五”时期发展成就和“十五五”时期主要目标任务"),
    ("part", "三", "2026年重点工作"),
    ("section", "（一）", "深入落实城市总体规划，推动京津冀协同发展走深走实"),
    ("section", "（二）", "增强内需主导能力，巩固拓展经济稳中向好势头"),
    ("section", "（三）", "持续推动教育科技人才一体发展，构建有竞争优势的新质生产力发展格局"),
    ("section", "（四）", "推进深层次改革高水平开放，增强高质量发展动力活力"),
    ("section", "（五）", "丰富优质文化供给，增强全国文化中心影响力"),
    ("section", "（六）", "加快超大城市发展方式转型，提升城市精细化治理水平"),
    ("section", "（七）", "推进农业农村现代化，促进城乡区域协调发展"),
    ("section", "（八）", "优化公共服务供给，解决好群众的身边事贴心事具体事"),
    ("section", "（九）", "推动减污降碳扩绿协同增效，建设人与自然和谐共生的美丽北京"),
    ("section", "（十）", "全面推进韧性城市建设，筑牢首都安全防线"),
]
SHAANXI_HEADS = [
    ("part", "一", "2025年工作回顾"),
    ("section", "（一）", "聚焦扩大内需，确保经济平稳运行"),
    ("section", "（二）", "强化科技创新，建设现代化产业体系"),
    ("section", "（三）", "推动城乡融合，促进百姓共同富裕"),
    ("section", "（四）", "加强生态建设，推进发展方式转型"),
    ("section", "（五）", "扩大内外开放，打造内陆改革开放高地"),
    ("section", "（六）", "防范化解风险，维护社会和谐稳定"),
    ("part", "二", "“十五五”时期主要目标和重大举措"),
    ("part", "三", "2026年重点工作"),
    ("section", "（一）", "着力扩大有效需求，推动经济稳中向好"),
    ("section", "（二）", "提升创新体系效能，引领新质生产力发展"),
    ("section", "（三）", "加快产业体系建设，发展壮大实体经济"),
    ("section", "（四）", "深化重点领域改革，扩大高水平对外开放"),
    ("section", "（五）", "优化三大区域布局，促进城乡融合发展"),
    ("section", "（六）", "推动绿色低碳转型，加快美丽陕西建设"),
    ("section", "（七）", "加快建设文化强省，丰富群众精神生活"),
    ("section", "（八）", "持续保障改善民生，增进三秦百姓福祉"),
    ("section", "（九）", "守牢安全发展底线，维护社会和谐稳定"),
]


JIANGSU = "../shared/corpus/provinces-2026-dev/江苏省.txt"
JIANGSU_HEADS = [
    ("part", "一", "“十四五”时期和2025年工作回顾"),
    ("section", "（一）", "更好统筹质的有效提升和量的合理增长，经济实力显著增强"),
    ("section", "（二）", "坚持创新驱动发展，重点产业持续做大做优做强"),
    ("section", "（三）", "全面深化改革扩大开放，发展动能和竞争力更强"),
    ("section", "（四）", "在发展中增进民生福祉，全体人民共同富裕扎实推进"),
    ("section", "（五）", "加强生态环境保护，美丽江苏生动图景日益展现"),
    ("section", "（六）", "积极推动高效能治理，社会文明程度不断提升"),
    ("part", "二", "“十五五”时期工作总体要求和目标任务"),
    ("section", "（一）", "因地制宜加快发展新质生产力"),
    ("section", "（二）", "统筹推进深层次改革和高水平开放"),
    ("section", "（三）", "大力促进区域协调和城乡融合发展"),
    ("section", "（四）", "加快推动经济社会发展全面绿色转型"),
    ("section", "（五）", "不断提高共同富裕水平"),
    ("part", "三", "2026年重点工作"),
    ("section", "（一）", "不断巩固拓展经济稳中向好势头"),
    ("section", "（二）", "加力推动科技创新和产业创新深度融合"),
    ("section", "（三）", "加快建设现代化产业体系"),
    ("section", "（四）", "更大力度深化改革开放"),
    ("section", "（五）", "更高水平促进城乡融合发展"),
    ("section", "（六）", "进一步强化区域联动"),
    ("section", "（七）", "深入推进绿色低碳发展"),
    ("section", "（八）", "更加注重以文化赋能经济社会发展"),
    ("section", "（九）", "加大保障和改善民生力度"),
    ("section", "（十）", "更好统筹发展和安全"),
]


def build_jiangsu() -> None:
    counts_two = [2, 3, 4, 4, 5]
    counts_three = [13, 18, 11, 20, 7, 10, 16, 9, 19, 18]
    tasks = [
        *(_t("一", f"（{n}）", 0) for n in "一二三四五六"),
        *(_t("二", f"（{n}）", c) for n, c in zip("一二三四五", counts_two, strict=True)),
        *(_t("三", f"（{n}）", c) for n, c in zip("一二三四五六七八九十", counts_three, strict=True)),
    ]
    build("jiangsu-2026", JIANGSU, JIANGSU_HEADS, tasks)


SHANGHAI = "../shared/corpus/provinces-2026-dev/上海市.txt"
SHANGHAI_HEADS = [
    ("part", "一", "2025年工作回顾"),
    ("section", "（一）", "全力促进经济平稳健康发展"),
    ("section", "（二）", "聚力落实国家重大战略任务"),
    ("section", "（三）", "深入推进城市治理现代化"),
    ("section", "（四）", "着力加强民生建设"),
    ("section", "（五）", "持续加强政府自身建设"),
    ("part", "二", "关于《上海市国民经济和社会发展第十五个五年规划纲要（草案）》的说明"),
    ("section", "（一）", "坚定不移加快“五个中心”建设"),
    ("section", "（二）", "坚持不懈实施高水平改革开放"),
    ("section", "（三）", "协同发力促进区域协调发展"),
    ("section", "（四）", "用心用情推进人民城市建设"),
    ("part", "三", "2026年主要任务"),
    ("section", "（一）", "着力强化内需主导作用，服务构建新发展格局"),
    ("section", "（二）", "着力加强核心功能建设，持续提升“五个中心”能级"),
    ("section", "（三）", "着力推进科技创新和产业创新深度融合，培育发展新质生产力"),
    ("section", "（四）", "着力实施高水平改革开放，增强高质量发展动力活力"),
    ("section", "（五）", "着力推动城市内涵式发展，加快转变城市发展方式"),
    ("section", "（六）", "着力推进乡村全面振兴，促进城乡融合发展"),
    ("section", "（七）", "着力深化国际文化大都市建设，激发文化创新创造活力"),
    ("section", "（八）", "着力推进经济社会发展全面绿色低碳转型，加快建设美丽上海"),
    ("section", "（九）", "着力保障和改善民生，进一步提升人民生活品质"),
    ("section", "（十）", "着力推动城市高效能治理，提高超大城市安全韧性水平"),
    ("part", "四", "深入推进政府治理创新"),
    ("section", "（一）", "坚持政治引领，不折不扣贯彻落实党中央决策部署"),
    ("section", "（二）", "加强改革创新，促进政府服务管理提质增效"),
    ("section", "（三）", "深化依法行政，推动政府运行更加严格规范"),
    ("section", "（四）", "推进正风肃纪，增强政府系统创造力凝聚力战斗力"),
]


def build_shanghai() -> None:
    counts_two = [9, 4, 4, 4]
    counts_three = [21, 21, 14, 17, 15, 12, 16, 13, 23, 16]
    counts_four = [2, 4, 5, 4]
    tasks = [
        *(_t("一", f"（{n}）", 0) for n in "一二三四五"),
        *(_t("二", f"（{n}）", c) for n, c in zip("一二三四", counts_two, strict=True)),
        *(_t("三", f"（{n}）", c) for n, c in zip("一二三四五六七八九十", counts_three, strict=True)),
        *(_t("四", f"（{n}）", c) for n, c in zip("一二三四", counts_four, strict=True)),
    ]
    build("shanghai-2026", SHANGHAI, SHANGHAI_HEADS, tasks)


GANSU = "../shared/corpus/provinces-2026-dev/甘肃省.txt"
# parts are printed as plain lines without 一、: label "" (what the document prints) and the line as title
GANSU_PARTS = ["“十四五”时期工作回顾", "“十五五”时期的主要目标任务", "2026年重点工作"]
GANSU_SECTIONS = [
    "放大促消费扩投资政策效应",
    "加快建设现代化产业体系",
    "持续释放改革开放动能活力",
    "深化城乡融合和区域联动发展",
    "坚决筑牢国家西部生态安全屏障",
    "加快推进文旅强省建设",
    "加大保障和改善民生力度",
    "更好统筹发展和安全",
]


def build_gansu() -> None:
    text = (REPO / GANSU).read_text(encoding="utf-8")
    heads = [("part", "", t) for t in GANSU_PARTS]
    heads += [("section", f"（{n}）", t) for n, t in zip("一二三四五六七八", GANSU_SECTIONS, strict=True)]
    outline: list[dict[str, Any]] = []
    pos = 0
    for kind, label, title in heads:
        # an unnumbered part title is a whole line of its own
        m = re.compile(rf"^{re.escape(label + title)}$", re.M).search(text, pos)
        if m is None:
            sys.exit(f"heading not found: {label}{title}")
        pos = m.start()
        outline.append({"kind": kind, "label": label, "title": title, "offset": m.start()})
    counts_three = [20, 39, 21, 27, 26, 23, 32, 20]
    tasks = [
        {**_t("", None, 0), "part_title": GANSU_PARTS[0]},
        {**_t("", None, 15), "part_title": GANSU_PARTS[1]},
        *(
            {**_t("", f"（{n}）", c), "part_title": GANSU_PARTS[2]}
            for n, c in zip("一二三四五六七八", counts_three, strict=True)
        ),
    ]
    spec = (HERE / "gansu-2026.quantities").read_text(encoding="utf-8")
    gold = {
        "_about": ABOUT,
        "document": GANSU,
        "notes": NOTES,
        "outline": outline,
        "quantities": _quantities(spec, text),
        "tasks": tasks,
    }
    (GOLD / "gansu-2026.json").write_text(
        json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


HUBEI = "../shared/corpus/provinces-2026-dev/湖北省.txt"
HUBEI_HEADS = [
    ("part", "一", "“十四五”时期和2025年工作回顾"),
    ("part", "二", "“十五五”时期工作的主要考虑"),
    ("part", "三", "2026年的重点工作"),
    ("section", "（一）", "坚持供需两端协同发力，努力推动经济稳定均衡可持续增长"),
    (
        "section",
        "（二）",
        "大力推进科技创新、产业创新和金融创新深度融合发展，加快构建体现湖北优势的现代化产业体系",
    ),
    ("section", "（三）", "深化重点领域改革，切实增强高质量发展的内生动力"),
    ("section", "（四）", "更大力度扩大高水平开放，加快打造内陆开放高地"),
    ("section", "（五）", "坚持协调发展，促进城乡融合、区域联动和共同富裕"),
    ("section", "（六）", "深入推进文化强省建设，加快打造世界知名文化旅游目的地"),
    ("section", "（七）", "加快经济社会发展全面绿色转型，着力增强绿色发展动能"),
    ("section", "（八）", "坚持多手并用、联动施策防风险，以高水平安全保障高质量发展"),
    ("section", "（九）", "坚持尽力而为、量力而行保民生，持续增进民生福祉"),
    ("part", "四", "努力建设让人民满意的法治型服务型政府"),
    ("section", "（一）", "旗帜鲜明讲政治"),
    ("section", "（二）", "牢固树立和坚定践行正确的政绩观"),
    ("section", "（三）", "切实加强法治政府建设"),
    ("section", "（四）", "持续推动政府职能转变、管理创新和服务变革"),
    ("section", "（五）", "大力弘扬务实、高效、清廉的优良作风"),
]


def build_hubei() -> None:
    counts_three = [13, 15, 15, 7, 16, 12, 9, 13, 18]
    counts_four = [2, 1, 1, 2, 5]
    tasks = [
        _t("一", None, 0),
        _t("二", None, 9),
        *(_t("三", f"（{n}）", c) for n, c in zip("一二三四五六七八九", counts_three, strict=True)),
        *(_t("四", f"（{n}）", c) for n, c in zip("一二三四五", counts_four, strict=True)),
    ]
    build("hubei-2026", HUBEI, HUBEI_HEADS, tasks)


ZHEJIANG = "../shared/corpus/provinces-2026-dev/浙江省.txt"
ZHEJIANG_HEADS = [
    ("part", "一", "2025年主要工作和“十四五”发展成就"),
    ("section", "（一）", "强化创新驱动发展，创新浙江建设成效明显"),
    ("section", "（二）", "巩固实体经济根基，现代化产业体系建设步伐加快"),
    ("section", "（三）", "千方百计扩大内需，高质量发展内生动力持续增强"),
    ("section", "（四）", "扩大高水平对外开放，高能级开放强省建设蹄疾步稳"),
    ("section", "（五）", "加大改革攻坚力度，营商环境持续优化"),
    ("section", "（六）", "加快城乡区域一体融合发展，省域均衡发展水平不断提高"),
    ("section", "（七）", "繁荣发展文化事业文化产业，高水平文化强省建设迈上新台阶"),
    ("section", "（八）", "全力推进绿色低碳发展，美丽浙江品牌进一步擦亮"),
    ("section", "（九）", "持续增进民生福祉，全体人民共同富裕取得新进展"),
    ("section", "（十）", "切实筑牢安全防线，平安浙江法治浙江底座更加稳固"),
    ("part", "二", "“十五五”时期的主要目标任务"),
    ("section", "（一）", "聚焦加快建设创新浙江，因地制宜发展新质生产力"),
    ("section", "（二）", "聚焦服务融入新发展格局，有效畅通经济循环、促进内外联动"),
    ("section", "（三）", "聚焦担负起新时代的文化使命，不断激发文化创新创造活力"),
    ("section", "（四）", "聚焦共同富裕先行示范，推动城乡一体融合高质量发展"),
    ("section", "（五）", "聚焦经济社会全面绿色转型，加快建设更高水平生态省"),
    ("section", "（六）", "聚焦统筹发展和安全，打造更高水平平安浙江法治浙江"),
    ("part", "三", "2026年重点工作"),
    ("section", "（一）", "着力提振市场信心增强社会预期"),
    ("section", "（二）", "着力提升创新体系整体效能"),
    ("section", "（三）", "着力完善以先进制造业为骨干的现代化产业体系"),
    ("section", "（四）", "着力推动消费转型升级"),
    ("section", "（五）", "着力抓项目优投资促招商"),
    ("section", "（六）", "着力全面深化改革扩大高水平对外开放"),
    ("section", "（七）", "着力推动城乡区域协调发展"),
    ("section", "（八）", "着力增强群众获得感幸福感安全感"),
    ("section", "（九）", "着力促进高质量发展和高水平安全良性互动"),
    ("section", "（十）", "着力加强政府自身建设"),
]


def build_zhejiang() -> None:
    counts_two = [12, 15, 5, 19, 8, 17]
    counts_three = [15, 18, 10, 10, 7, 19, 16, 25, 35, 9]
    tasks = [
        *(_t("一", f"（{n}）", 0) for n in "一二三四五六七八九十"),
        *(_t("二", f"（{n}）", c) for n, c in zip("一二三四五六", counts_two, strict=True)),
        *(_t("三", f"（{n}）", c) for n, c in zip("一二三四五六七八九十", counts_three, strict=True)),
    ]
    build("zhejiang-2026", ZHEJIANG, ZHEJIANG_HEADS, tasks)


SICHUAN = "../shared/corpus/provinces-2026-dev/四川省.txt"
SICHUAN_HEADS = [
    ("part", "一", "2025年工作回顾和“十四五”发展主要成绩"),
    ("part", "二", "“十五五”发展的主要考虑"),
    ("part", "三", "2026年工作安排"),
    ("section", "（一）", "突出扩大内需战略基点，更大力度统筹促消费扩投资"),
    ("section", "（二）", "突出科技创新全链发力，加紧培育壮大发展新动能"),
    ("section", "（三）", "突出壮大实体经济根基，加快建设现代化产业体系"),
    ("section", "（四）", "突出深化改革扩大开放，着力增强发展动力活力"),
    ("section", "（五）", "突出相互赋能协同联动，构建区域协调发展新格局"),
    ("section", "（六）", "突出城乡融合一体发展，统筹新型城镇化和乡村全面振兴"),
    ("section", "（七）", "突出加快全面绿色转型，持续筑牢长江黄河上游生态屏障"),
    ("section", "（八）", "突出提高民生工作质效，更好满足人民群众对美好生活的向往"),
    ("section", "（九）", "突出发展安全良性互动，建设更高水平平安四川法治四川"),
    ("section", "（十）", "突出政府履职效能，切实加强自身建设"),
]


def build_sichuan() -> None:
    counts_three = [21, 15, 47, 27, 13, 15, 19, 47, 30, 15]
    tasks = [
        _t("一", None, 0),
        _t("二", None, 21),
        *(_t("三", f"（{n}）", c) for n, c in zip("一二三四五六七八九十", counts_three, strict=True)),
    ]
    build("sichuan-2026", SICHUAN, SICHUAN_HEADS, tasks)


GUANGDONG = "../shared/corpus/provinces-2026-dev/广东省.txt"
GUANGDONG_HEADS = [
    ("part", "一", "2025年和“十四五”时期工作回顾"),
    ("part", "二", "“十五五”时期的主要目标和重点任务"),
    ("part", "三", "2026年工作安排"),
    ("section", "（一）", "久久为功推动粤港澳大湾区建设，打造富有活力和国际竞争力的一流湾区和世界级城市群"),
    ("section", "（二）", "坚持实体经济为本、制造业当家，加快构建更加强大的现代化产业体系"),
    ("section", "（三）", "打造具有全球影响力的产业科技创新中心，加快培育和发展新质生产力"),
    (
        "section",
        "（四）",
        "推动供需高水平动态适配，在建设强大国内市场中努力扩大有潜能的消费、有需求的生产、有效益的投资",
    ),
    ("section", "（五）", "坚定不移深化改革，充分激发全社会创新创造活力和高质量发展的澎湃动能"),
    ("section", "（六）", "扩大高水平对外开放，在服务和融入新发展格局中展现更大作为"),
    (
        "section",
        "（七）",
        "坚定自觉把“百县千镇万村高质量发展工程”持续抓下去，提升城乡区域发展平衡性协调性",
    ),
    ("section", "（八）", "推动城市高质量发展，建设现代化人民城市"),
    ("section", "（九）", "推动海洋经济高质量发展，加快打造海上新广东"),
    ("section", "（十）", "牢固树立和践行绿水青山就是金山银山的理念，加快建设美丽中国先行区"),
    ("section", "（十一）", "繁荣发展社会主义文化，高水平推进文化强省建设"),
    (
        "section",
        "（十二）",
        "用心用情用力办好群众身边大大小小的事，更好满足人民群众日益增长的美好生活需要",
    ),
    ("section", "（十三）", "统筹高质量发展和高水平安全，守牢安全发展底线"),
    ("section", "（十四）", "全面加强政府自身建设，努力建设人民满意的法治政府、廉洁政府、服务型政府"),
]


def build_guangdong() -> None:
    # no task counts were labelled (time), so the gold has no "tasks" key and the scorer skips tasks
    text = (REPO / GUANGDONG).read_text(encoding="utf-8")
    spec = (HERE / "guangdong-2026.quantities").read_text(encoding="utf-8")
    gold = {
        "_about": ABOUT,
        "document": GUANGDONG,
        "notes": NOTES,
        "outline": _outline(text, GUANGDONG_HEADS),
        "quantities": _quantities(spec, text),
    }
    (GOLD / "guangdong-2026.json").write_text(
        json.dumps(gold, ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
    )


NATIONAL = "../shared/corpus/national-government-work-report-2023.txt"
NATIONAL_HEADS = [
    ("part", "一", "过去一年和五年工作回顾"),
    ("section", "（一）", "创新宏观调控，保持经济运行在合理区间"),
    ("section", "（二）", "如期打赢脱贫攻坚战，巩固拓展脱贫攻坚成果"),
    ("section", "（三）", "聚焦重点领域和关键环节深化改革，更大激发市场活力和社会创造力"),
    ("section", "（四）", "深入实施创新驱动发展战略，推动产业结构优化升级"),
    ("section", "（五）", "扩大国内有效需求，推进区域协调发展和新型城镇化"),
    ("section", "（六）", "保障国家粮食安全，大力实施乡村振兴战略"),
    ("section", "（七）", "坚定扩大对外开放，深化互利共赢的国际经贸合作"),
    ("section", "（八）", "加强生态环境保护，促进绿色低碳发展"),
    ("section", "（九）", "切实保障和改善民生，加快社会事业发展"),
    ("section", "（十）", "推进政府依法履职和社会治理创新，保持社会大局稳定"),
    ("part", "二", "对今年政府工作的建议"),
    ("section", "（一）", "着力扩大国内需求"),
    ("section", "（二）", "加快建设现代化产业体系"),
    ("section", "（三）", "切实落实“两个毫不动摇”"),
    ("section", "（四）", "更大力度吸引和利用外资"),
    ("section", "（五）", "有效防范化解重大经济金融风险"),
    ("section", "（六）", "稳定粮食生产和推进乡村振兴"),
    ("section", "（七）", "推动发展方式绿色转型"),
    ("section", "（八）", "保障基本民生和发展社会事业"),
]


def build_national() -> None:
    # 二（八） runs to the closing 各位代表！奋斗铸就辉煌…: 13 in its own paragraph, 1 for the
    # government self-building sentence and 15 in the 我们要… paragraphs (民族宗教, 国防, 港澳, 台湾, 外交)
    counts_two = [4, 7, 3, 6, 3, 12, 4, 29]
    tasks = [
        *(_t("一", f"（{n}）", 0) for n in "一二三四五六七八九十"),
        *(_t("二", f"（{n}）", c) for n, c in zip("一二三四五六七八", counts_two, strict=True)),
    ]
    build("national-2023", NATIONAL, NATIONAL_HEADS, tasks)


def _t(part: str, section: str | None, count: int, sentences: list[str] | None = None) -> dict[str, Any]:
    d: dict[str, Any] = {"part": part, "section": section, "count": count}
    if sentences is not None:
        d["sentences"] = sentences
    return d


def main() -> None:
    htext = (REPO / HENAN).read_text(encoding="utf-8")
    btext = (REPO / BEIJING).read_text(encoding="utf-8")
    henan_tasks = [
        *(_t("一", f"（{n}）", 0) for n in "一二三四五"),
        _t("二", None, 17),
        _t("三", "（一）", 12, _directives(htext, "（一）纵深推进", "（二）大力拓展")),
        _t("三", "（二）", 13),
        _t("三", "（三）", 17),
        _t("三", "（四）", 13, _directives(htext, "（四）扎实推进", "（五）着力推动")),
        _t("三", "（五）", 16),
        _t("三", "（六）", 12),
        _t("三", "（七）", 12),
        _t("三", "（八）", 13),
        _t("三", "（九）", 22, _directives(htext, "（九）更大力度", "（十）有力有效")),
        _t("三", "（十）", 18),
    ]
    beijing_tasks = [
        _t("一", None, 0),
        _t("二", None, 2),
        _t("三", "（一）", 14, _directives(btext, "（一）深入落实", "（二）增强内需")),
        _t("三", "（二）", 9, _directives(btext, "（二）增强内需", "（三）持续推动")),
        _t("三", "（三）", 16),
        _t("三", "（四）", 14),
        _t("三", "（五）", 12),
        _t("三", "（六）", 13),
        _t("三", "（七）", 11),
        _t("三", "（八）", 17, _directives(btext, "（八）优化公共", "（九）推动减污")),
        _t("三", "（九）", 9),
        _t("三", "（十）", 13),
    ]
    stext = (REPO / SHAANXI).read_text(encoding="utf-8")
    shaanxi_tasks = [
        *(_t("一", f"（{n}）", 0) for n in "一二三四五六"),
        _t("二", None, 14),
        _t("三", "（一）", 16),
        _t("三", "（二）", 16, _directives(stext, "（二）提升创新", "（三）加快产业")),
        _t("三", "（三）", 20),
        _t("三", "（四）", 19),
        _t("三", "（五）", 19),
        _t("三", "（六）", 14, _directives(stext, "（六）推动绿色", "（七）加快建设")),
        _t("三", "（七）", 16),
        _t("三", "（八）", 17, _directives(stext, "（八）持续保障", "（九）守牢安全")),
        _t("三", "（九）", 15, _directives(stext, "（九）守牢安全", "各位代表！做好今年")),
    ]
    build("henan-2026", HENAN, HENAN_HEADS, henan_tasks)
    build("beijing-2026", BEIJING, BEIJING_HEADS, beijing_tasks)
    build_jiangsu()
    build("shaanxi-2026", SHAANXI, SHAANXI_HEADS, shaanxi_tasks)
    build_shanghai()
    build_gansu()
    build_hubei()
    build_zhejiang()
    build_sichuan()
    build_guangdong()
    build_national()


if __name__ == "__main__":
    main()

"""The CLI's wording of the hints that name what to do next: a command to run. Keyed by error code
(``model/error_codes.py``); a template names the error's ``params``; None keeps the error's own hint."""

from __future__ import annotations

from planwatch.model import ErrorCode
from planwatch.model.error_codes import HintTable

HINTS: HintTable = {
    ErrorCode.ERROR: None,
    ErrorCode.INPUT_INVALID: None,
    ErrorCode.NOT_FOUND: None,
    ErrorCode.CONFLICT: None,
    ErrorCode.FORBIDDEN: None,
    ErrorCode.PLAN_NOT_FOUND: "运行 `planwatch plans` 查看已导入的规划及其编号、名称和版本。",
    ErrorCode.PLAN_SINGLE_VERSION: "用同一名称导入修改后的文件会生成第 2 版：planwatch import 文件 --name {plan}。",
    ErrorCode.PLAN_REF_NOT_FOUND: "请给出文件路径，或已导入规划的编号/名称（可加 @版本号，如 大连建议@1）；"
    "planwatch plans 列出已导入的规划。",
    ErrorCode.PLAN_NAME_MISSING: "请用 --name 指定规划名称。",
    ErrorCode.PLAN_NAME_TOO_LONG: "请用 --name 指定较短的名称。",
    ErrorCode.PLAN_NOT_SAME: "如是另一份规划，请用 --name 另起一个规划名称；如确是同一规划的新版本，"
    "请加 --force 重新导入。",
    ErrorCode.ISSUER_NAME_MISSING: "请同时写发文机关名称，如 --issuer 四川省。",
    ErrorCode.ISSUER_LEVEL_UNKNOWN: "请写完整名称（如 四川省、大连市、长海县、国务院），或用 --level 指明层级。",
    ErrorCode.NODE_NOT_FOUND: "节点可写作编号路径（如 p3.a7）、原文标号（如 (7)、第二章）或条目序号（如 7）；"
    "用 planwatch show 规划 查看全部节点。",
    ErrorCode.TASK_NOT_FOUND: "任务编号形如 p3.a7.t2；用 planwatch show {plan} --tasks 查看。",
    ErrorCode.USER_NOT_FOUND: "用 planwatch users list 查看全部用户。",
    ErrorCode.DEPARTMENT_NOT_FOUND: "可写全称、简称或别名；用 planwatch departments list 查看全部单位。",
    ErrorCode.CATALOGUE_NOT_LOADED: "先用 planwatch departments load 文件.yaml 加载，或选择 auto / issuer。",
    ErrorCode.DIVISION_WORKBOOK_FOREIGN: "请先用 planwatch export-division 规划 导出 Excel，"
    "填写后原样导入（不要复制到新文件）。",
    ErrorCode.DIVISION_WORKBOOK_OTHER_PLAN: "请用 planwatch import-division 导入它所属的规划。",
    ErrorCode.ASSIGNMENT_NOT_STALE: "只有因任务文字改变而未生效的调整需要重新关联；"
    "planwatch reattach {plan} 列出它们。",
    ErrorCode.PROGRESS_NOT_STALE: "只有所针对的任务在新版本中已改写或删除的报告需要重新关联；"
    "planwatch reattach {plan} 列出它们。",
    ErrorCode.INDICATOR_NOT_FOUND: "{close}运行 `planwatch indicators list {plan}` 查看全部指标。",
    ErrorCode.INDICATOR_NAME_TAKEN: "请换一个名称，或用 `planwatch indicators edit {plan} {name}` 修改已有指标。",
    ErrorCode.INDICATOR_NONE_REAL: "请先建立指标：planwatch indicators import（导入主要指标表）、"
    "from-quantities（从规划目标创建）或 add（新增）。",
    ErrorCode.INDICATOR_SAMPLE_ADDED: "示例数据只能用 `planwatch indicators sample` 加载。",
    ErrorCode.INDICATOR_SAMPLE_READONLY: "如不再需要，请用 `planwatch indicators sample {plan} --remove` 删除。",
    ErrorCode.INDICATOR_SAMPLE_RECORDED: "请先用 planwatch indicators add 新增一个真实指标，再为它录入数据。",
    ErrorCode.INDICATOR_IMPORT_REJECTED: "请按提示逐行改正后重新导入；如只想导入没有错误的行，请加 --skip-bad。",
    ErrorCode.OBSERVE_THRESHOLD_INVALID: "--accept-above 取 0 到 1 之间的数，如 0.9；省略则全部留待人工审核。",
    ErrorCode.PROPOSAL_NOT_FOUND: "运行 `planwatch observe list {plan}` 查看编号。",
    ErrorCode.PROPOSAL_REVIEWED: "如需更正数值，请用 planwatch indicators record 直接录入。",
    ErrorCode.PROGRESS_CLOSE_UNMET: "销号需任务已完成、进度 100% 并提供佐证材料（--evidence 文件）。",
    ErrorCode.PROGRESS_COMMENT_MISSING: "请用 --comment 说明退回原因。",
    ErrorCode.REPORT_KIND_INVALID: "报告类型（--kind）可选 annual（年度监测报告）或 midterm（中期评估报告）。",
    ErrorCode.REPORT_FORMAT_INVALID: "报告格式（--format）可选 docx、pdf 或 html。",
    ErrorCode.REPORT_YEAR_OUT_OF_RANGE: "--year 请填写 {first} 到 {last} 之间的年份。",
    ErrorCode.BACKUP_UNRECOGNISED: "请选择用 planwatch backup 生成的文件；数据库未做任何更改。",
    ErrorCode.RESTORE_TARGET_NOT_EMPTY: "确认要用备份替换现有数据时，加 --force 重新运行"
    "（建议先用 planwatch backup 备份现有数据）。",
    # The web server's own refusals: the command line never meets them.
    ErrorCode.METHOD_NOT_ALLOWED: None,
    ErrorCode.REQUEST_MALFORMED: None,
    ErrorCode.REQUEST_TOO_LARGE: None,
    ErrorCode.MEDIA_TYPE_UNSUPPORTED: None,
    ErrorCode.LOGIN_REQUIRED: None,
    ErrorCode.LOGIN_FAILED: None,
    ErrorCode.LOGIN_THROTTLED: None,
    ErrorCode.DATABASE_BUSY: None,
    ErrorCode.WRITE_CONFLICT: None,
    ErrorCode.VALUE_OUT_OF_RANGE: None,
}

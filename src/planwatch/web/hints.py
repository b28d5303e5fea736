"""The web's wording of the hints that name what to do next: a page to open. Keyed by error code
(``model/error_codes.py``); a template names the error's ``params``; None keeps the error's own hint
(as for the errors only the command line can meet: backup and restore)."""

from __future__ import annotations

from planwatch.model import ErrorCode
from planwatch.model.error_codes import HintTable

HINTS: HintTable = {
    ErrorCode.ERROR: None,
    ErrorCode.INPUT_INVALID: None,
    ErrorCode.NOT_FOUND: None,
    ErrorCode.CONFLICT: None,
    ErrorCode.FORBIDDEN: None,
    ErrorCode.PLAN_NOT_FOUND: "在“规划列表”页查看已导入的规划及其编号、名称和版本。",
    ErrorCode.PLAN_SINGLE_VERSION: "在“导入规划”页用同一名称（{plan}）导入修改后的文件，即生成第 2 版。",
    ErrorCode.PLAN_REF_NOT_FOUND: "请选择已导入规划的编号/名称（可加 @版本号，如 大连建议@1）；"
    "全部规划见“规划列表”页。",
    ErrorCode.PLAN_NAME_MISSING: "请在“规划名称”中填写名称。",
    ErrorCode.PLAN_NAME_TOO_LONG: "请在“规划名称”中填写较短的名称。",
    ErrorCode.PLAN_NOT_SAME: "如是另一份规划，请另起一个规划名称；如确是同一规划的新版本，"
    "请勾选“确认作为新版本导入”后重新导入。",
    ErrorCode.ISSUER_NAME_MISSING: "请同时填写“发文机关”，如 四川省。",
    ErrorCode.ISSUER_LEVEL_UNKNOWN: "请写完整名称（如 四川省、大连市、长海县、国务院），或选择“层级”。",
    ErrorCode.NODE_NOT_FOUND: "请从“规划文本”页的目录中选择节点。",
    ErrorCode.TASK_NOT_FOUND: "任务编号形如 p3.a7.t2，可在“任务分工”页查看。",
    ErrorCode.USER_NOT_FOUND: "在“用户管理”页查看全部用户。",
    ErrorCode.DEPARTMENT_NOT_FOUND: "可写全称、简称或别名；全部单位见“部门目录”页。",
    ErrorCode.CATALOGUE_NOT_LOADED: "请先在“部门目录”页加载部门目录，或选择 auto / issuer。",
    ErrorCode.DIVISION_WORKBOOK_FOREIGN: "请先在“分工方案”页面下载 Excel，填写后原样上传（不要复制到新文件）。",
    ErrorCode.DIVISION_WORKBOOK_OTHER_PLAN: "请在对应规划的“分工方案”页面上传。",
    ErrorCode.ASSIGNMENT_NOT_STALE: "只有因任务文字改变而未生效的调整需要重新关联；“版本对照”页列出它们。",
    ErrorCode.PROGRESS_NOT_STALE: "只有所针对的任务在新版本中已改写或删除的报告需要重新关联；"
    "“版本对照”页列出它们。",
    ErrorCode.INDICATOR_NOT_FOUND: "{close}全部指标见“监测指标”页。",
    ErrorCode.INDICATOR_NAME_TAKEN: "请换一个名称，或在“监测指标”页修改已有指标。",
    ErrorCode.INDICATOR_NONE_REAL: "请先建立指标：在“监测指标”页导入主要指标表、从规划目标创建或新增。",
    ErrorCode.INDICATOR_SAMPLE_ADDED: None,
    ErrorCode.INDICATOR_SAMPLE_READONLY: "如不再需要，请在“监测指标”页删除示例数据。",
    ErrorCode.INDICATOR_SAMPLE_RECORDED: "请先在“监测指标”页“新增指标”，再为它录入数据。",
    ErrorCode.INDICATOR_IMPORT_REJECTED: None,
    ErrorCode.OBSERVE_THRESHOLD_INVALID: None,
    ErrorCode.PROPOSAL_NOT_FOUND: "请从“从文件提取数据”页的待审列表中选择。",
    ErrorCode.PROPOSAL_REVIEWED: "如需更正数值，请在指标页“录入数据”中直接录入。",
    ErrorCode.PROGRESS_CLOSE_UNMET: "销号需任务已完成、进度 100% 并上传或选择佐证材料。",
    ErrorCode.PROGRESS_COMMENT_MISSING: "请在“退回意见”中说明退回原因。",
    ErrorCode.REPORT_KIND_INVALID: "报告类型可选 年度监测报告 或 中期评估报告。",
    ErrorCode.REPORT_FORMAT_INVALID: "报告格式可选 Word、PDF 或 HTML。",
    ErrorCode.REPORT_YEAR_OUT_OF_RANGE: "“年份”请填写 {first} 到 {last} 之间的年份，或留空用默认年份。",
    ErrorCode.BACKUP_UNRECOGNISED: None,
    ErrorCode.RESTORE_TARGET_NOT_EMPTY: None,
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

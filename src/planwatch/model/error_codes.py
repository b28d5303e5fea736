"""The closed set of error codes. A code names what went wrong, stably and in English; the front-ends
key their own wording of a hint on it (``cli/hints.py`` names a command, ``web/hints.py`` a page), so
a service never has to say how a person would act on the error.

A new error whose hint needs to name a command or a page: add its code here, raise it with the code
and a neutral hint, and give it a line in both front-ends' tables (a test checks they cover every code).
"""

from __future__ import annotations

from collections.abc import Mapping
from enum import StrEnum


class ErrorCode(StrEnum):
    # One per error class, for the many errors whose own hint serves every front-end.
    ERROR = "error"
    INPUT_INVALID = "input.invalid"
    NOT_FOUND = "not_found"
    CONFLICT = "conflict"
    FORBIDDEN = "forbidden"
    # Errors whose hint depends on where the person is.
    PLAN_NOT_FOUND = "plan.not_found"
    PLAN_SINGLE_VERSION = "plan.single_version"
    PLAN_REF_NOT_FOUND = "plan.ref_not_found"  # neither a file nor a stored plan (compare, diff)
    PLAN_NAME_MISSING = "plan.name_missing"
    PLAN_NAME_TOO_LONG = "plan.name_too_long"
    PLAN_NOT_SAME = "plan.not_same"  # an import under a plan's name whose text is another plan's
    ISSUER_NAME_MISSING = "issuer.name_missing"
    ISSUER_LEVEL_UNKNOWN = "issuer.level_unknown"
    NODE_NOT_FOUND = "node.not_found"
    TASK_NOT_FOUND = "task.not_found"
    USER_NOT_FOUND = "user.not_found"
    DEPARTMENT_NOT_FOUND = "department.not_found"
    CATALOGUE_NOT_LOADED = "catalogue.not_loaded"
    DIVISION_WORKBOOK_FOREIGN = "division.workbook_foreign"  # not a 分工方案 this system wrote
    DIVISION_WORKBOOK_OTHER_PLAN = "division.workbook_other_plan"
    ASSIGNMENT_NOT_STALE = "assignment.not_stale"
    PROGRESS_NOT_STALE = "progress.not_stale"
    INDICATOR_NOT_FOUND = "indicator.not_found"
    INDICATOR_NAME_TAKEN = "indicator.name_taken"
    INDICATOR_NONE_REAL = "indicator.none_real"
    INDICATOR_SAMPLE_ADDED = "indicator.sample_added"
    INDICATOR_SAMPLE_READONLY = "indicator.sample_readonly"
    INDICATOR_SAMPLE_RECORDED = "indicator.sample_recorded"
    INDICATOR_IMPORT_REJECTED = "indicator.import_rejected"
    OBSERVE_THRESHOLD_INVALID = "observe.threshold_invalid"
    PROPOSAL_NOT_FOUND = "proposal.not_found"
    PROPOSAL_REVIEWED = "proposal.reviewed"
    PROGRESS_CLOSE_UNMET = "progress.close_unmet"
    PROGRESS_COMMENT_MISSING = "progress.comment_missing"
    REPORT_KIND_INVALID = "report.kind_invalid"
    REPORT_FORMAT_INVALID = "report.format_invalid"
    REPORT_YEAR_OUT_OF_RANGE = "report.year_out_of_range"
    BACKUP_UNRECOGNISED = "backup.unrecognised"
    RESTORE_TARGET_NOT_EMPTY = "restore.target_not_empty"
    # Refusals of the web server itself (web/errors.py, web/auth.py): no service raises them, and the
    # wording they carry serves as it is, but a client keys on the code as on any other.
    METHOD_NOT_ALLOWED = "method_not_allowed"
    REQUEST_MALFORMED = "request.malformed"  # a body that cannot be parsed
    REQUEST_TOO_LARGE = "request.too_large"
    MEDIA_TYPE_UNSUPPORTED = "request.media_type_unsupported"
    LOGIN_REQUIRED = "auth.login_required"
    LOGIN_FAILED = "auth.login_failed"
    LOGIN_THROTTLED = "auth.login_throttled"
    DATABASE_BUSY = "database.busy"  # a write that waited for a lock in vain
    WRITE_CONFLICT = "database.write_conflict"  # a unique constraint lost to a concurrent request
    VALUE_OUT_OF_RANGE = "database.value_out_of_range"  # a number or text the column cannot hold


# A front-end's wording per code: a ``str.format`` template over the error's ``params``, or None
# where the error's own hint serves (the table still lists the code, so that none is forgotten).
HintTable = Mapping[ErrorCode, str | None]

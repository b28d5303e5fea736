"""监测评估报告: the data a report is laid out from is the report itself (``model.report``, plain
dataclasses that pydantic reads as they are), so its documented shape cannot drift from it."""

from __future__ import annotations

from planwatch.model.report import EvaluationReport as ReportData

__all__ = ["ReportData"]

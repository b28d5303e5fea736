"""PlanWatch 规划实施监测评估平台."""

__version__ = "0.1.0"

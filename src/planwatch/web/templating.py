"""The Jinja2 environment shared by every page."""

from __future__ import annotations

from pathlib import Path

from fastapi.templating import Jinja2Templates

from planwatch.model.user import ROLE_NAMES

templates = Jinja2Templates(directory=str(Path(__file__).parent / "templates"))
templates.env.globals["ROLE_NAMES"] = ROLE_NAMES
templates.env.globals["ENTITY_KINDS"] = {
    "project": "重大项目",
    "organization": "机构",
    "place": "地点",
    "formulation": "提法",
}

"""Page data: one module per page area (named after ``web/routes/<area>.py``), JSON-ready dicts."""

"""Page data: one module per page area (named after ``web/pages/<area>.py``), JSON-ready dicts."""

"""outline layer (see DESIGN.md)."""

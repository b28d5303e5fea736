"""Documentary evidence: tracing a plan's tasks through later documents, stored sources, coverage."""

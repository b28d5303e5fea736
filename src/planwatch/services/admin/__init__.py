"""Administration: users, the audit log, backup and restore."""

"""store layer (see docs/architecture.md): the database, behind model objects.

- ``engine``: ``make_engine(url)``, ``session_factory(engine)``, ``transaction(engine)``; it installs
  the change-revision hooks (``revisions``) and so imports the ORM and every table
- ``connect``: ``make_engine`` alone, Core only, for commands that just read (``planwatch plans``)
- ``plan_listing``: plans and version summaries read with Core SQL (the repository uses it too)
- ``column_types``: ``UTCDateTime`` and ``utcnow``, shared by the tables and the Core queries
- ``migrate``: ``upgrade``, ``downgrade``, ``current_revision``, ``head_revision`` (Alembic, packaged)
- ``repositories``: ``PlanRepository(session)``, returning ``planwatch.model`` objects
- ``assignments``: ``AssignmentRepository(session)``: a person's overrides of task assignments, kept
  per plan across versions, and the assignments in effect
- ``catalogues``: ``CatalogueRepository(session)``: department catalogues people load, with history
- ``tables``: the SQLAlchemy tables (internal to the store)
- ``users``: users, login attempts, the audit log and app settings
- ``search``: the ``SearchIndex`` interface over sentences
- ``sqlite`` / ``postgresql`` / ``search_sqlite`` / ``search_postgresql``: the only places with
  dialect-specific SQL

Nothing is re-exported here so that importing one part does not pull in Alembic.
"""

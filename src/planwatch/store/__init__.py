"""store layer (see DESIGN.md): the database, behind model objects.

- ``engine``: ``make_engine(url)``, ``session_factory(engine)``, ``transaction(engine)``
- ``migrate``: ``upgrade``, ``downgrade``, ``current_revision``, ``head_revision`` (Alembic, packaged)
- ``repositories``: ``PlanRepository(session)``, returning ``planwatch.model`` objects
- ``tables``: the SQLAlchemy tables (internal to the store)
- ``sqlite`` / ``postgresql``: the only places with dialect-specific SQL

Nothing is re-exported here so that importing one part does not pull in Alembic.
"""

"""The released schema migrations, one module each (``m0001_initial`` ...): its ``NAME``
as recorded in a project's ``_sqlite_migrations``, and ``apply(db)``. They run in the order
``coder.project.schema.RELEASED`` lists them; a released one is never edited."""

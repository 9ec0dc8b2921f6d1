"""The event store: every fact of an exercise, appended to SQLite before anyone sees it.

Imports only the scenario layer (ids and types). See shared/design/architecture.md.
"""

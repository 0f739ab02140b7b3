"""Loading many rows at once (benchmark data sets, bulk imports)."""

from contextlib import contextmanager

from django.core.exceptions import EmptyResultSet
from django.db import connection

_CONSTRAINTS = """
    SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
    FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])
"""
_INDEXES = """
    SELECT indexrelid::regclass::text, pg_get_indexdef(indexrelid)
    FROM pg_index
    WHERE indrelid = ANY(%s::regclass[]) AND NOT indisprimary AND NOT indisunique
"""


@contextmanager
def bulk_load(models):
    """Write the tables of `models` without their foreign keys and plain indexes, then build
    each again in one pass, as pg_restore does (the rows are checked and indexed all the
    same, an order of magnitude faster than row by row), and ANALYZE the tables, so that
    queries right after the load are planned for the rows it wrote. PostgreSQL only
    (elsewhere nothing changes); use it inside a transaction, which holds the tables locked
    until it ends."""
    if connection.vendor != "postgresql":
        yield
        return
    tables = sorted({model._meta.db_table for model in models})
    # Foreign keys are checked at commit: rows written earlier in the transaction (a --clear
    # before the load) leave checks pending, and a table with pending checks cannot be
    # altered. Run them now.
    connection.check_constraints()
    with connection.cursor() as cursor:
        cursor.execute(_CONSTRAINTS, [tables])
        foreign_keys = cursor.fetchall()
        cursor.execute(_INDEXES, [tables])
        indexes = cursor.fetchall()
        for table, name, _definition in foreign_keys:
            cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
        for index, _definition in indexes:
            cursor.execute(f"DROP INDEX {index}")
    yield
    with connection.cursor() as cursor:
        for _index, definition in indexes:
            cursor.execute(definition)
        for table, name, definition in foreign_keys:
            cursor.execute(
                f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}"
            )
        cursor.execute(f"ANALYZE {', '.join(tables)}")


def insert_select(model, rows):
    """`INSERT INTO <model's table> SELECT …`: store the rows a values() queryset computes,
    without bringing them to Python. Each value's name in `rows.values(…)` is the field of
    `model` it fills (the SELECT keeps the order of values(), Django ≥ 5.2)."""
    fields = [model._meta.get_field(name) for name in rows.query.selected]
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    try:
        sql, params = rows.query.sql_with_params()
    except EmptyResultSet:  # a filter no row can meet (`pk__in=[]`)
        return
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {model._meta.db_table} ({columns}) {sql}", params)

"""The test database as a URL, for processes the tests start (gunicorn, pg_dump …)."""

from django.db import connection


def database_url(name=None):
    """A postgres:// URL of the test cluster: the test database, or another one by name."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}:{db['PORT']}/{name or db['NAME']}"

"""Scaling out: the public's reads go to a read replica (`DATABASE_REPLICA_URL`), everything
else — writes, officials' reads, the database cache — to the primary.

A request only the public can have sent (a GET without token or session, core.scoping) is
marked by PublicReadsMiddleware; the router sends that request's reads to the replica. The
replica must apply each commit before the primary confirms it (synchronous replication with
`synchronous_commit = remote_apply`, docs/deployment.md "Scaling out"): a figure computed
from the replica after a write's cache tokens change then includes that write.
"""

from contextvars import ContextVar

from .scoping import is_public_request

REPLICA = "replica"
_public_read = ContextVar("public_read", default=False)


class PublicReadsMiddleware:
    """Marks the requests whose reads may go to the replica (settings add it with one)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        mark = _public_read.set(request.method == "GET" and is_public_request(request))
        try:
            return self.get_response(request)
        finally:
            _public_read.reset(mark)


class PublicReadsRouter:
    def db_for_read(self, model, **hints):
        # The database cache is a shared store the primary keeps: never read a copy of it.
        if _public_read.get() and model._meta.app_label != "django_cache":
            return REPLICA
        return None

    def db_for_write(self, model, **hints):
        return None

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA

"""Empty the shared cache and have every worker forget the version tokens it kept.

    python manage.py clear_cache

After a database restore (scripts/restore runs it): what is cached was computed from the
data before the restore, under tokens no restored write replaces. The database's cache is
the one of DATABASE_URL's database; Redis's (REDIS_URL) is emptied whole. Fails, saying
so, when the cache cannot be reached: then nothing may be served from it.
"""

from django.core.management.base import BaseCommand, CommandError

from core.cache import CACHE_ERRORS, strict_cache
from core.watch import WATCH


class Command(BaseCommand):
    help = "Empty the shared cache (after a database restore) and tell every worker."

    def handle(self, **options):
        try:
            strict_cache().clear()
            WATCH.announce()
        except CACHE_ERRORS as error:
            raise CommandError(f"the cache could not be emptied: {error}") from error
        self.stdout.write("clear_cache: the shared cache is empty")

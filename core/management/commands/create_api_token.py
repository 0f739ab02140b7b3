"""Give another system an API token acting as a user, and print its key once.

    python manage.py create_api_token USERNAME [--name N] [--days D]

The key is printed alone on the last line (for scripts: `| tail -n 1`); only its hash is
stored, so it cannot be shown again. A token of the same user and name is replaced.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from core.tokens import api_token_create


class Command(BaseCommand):
    help = "Create an API token for a user and a client system; prints the key once."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument(
            "--name", default="default", help="The client system that will use the token."
        )
        parser.add_argument(
            "--days", type=int, help="Days until the token expires (default: API_TOKEN_DAYS)."
        )

    def handle(self, username, name, days=None, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No user named {username!r}.")
        try:
            token, key = api_token_create(user=user, name=name, days=days)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        expiry = token.expiry.date().isoformat()
        self.stderr.write(f"API token {name!r} for {username}, valid until {expiry}:")
        self.stdout.write(key)

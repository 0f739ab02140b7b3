"""Every `manage.py` command in the README's shell blocks works as written (issue 11): run in
the README's order on a database with the district the examples name."""

import io
import re
import shlex
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from core.models import ApiToken
from tests.factories import DistrictFactory

README = Path(settings.BASE_DIR) / "README.md"


def documented_commands():
    """The argument lists after `manage.py` of each command line in a ```sh block."""
    text = README.read_text(encoding="utf-8")
    for block in re.findall(r"```sh\n(.*?)```", text, flags=re.S):
        for line in block.splitlines():
            if "manage.py " in line:
                yield shlex.split(line.split("manage.py ", 1)[1], comments=True)


def test_the_readme_documents_the_account_commands():
    names = [args[0] for args in documented_commands()]
    assert {"migrate", "collectstatic", "check", "create_official", "create_api_token"} <= set(
        names
    )
    assert "drf_create_token" not in README.read_text(encoding="utf-8")


@pytest.mark.django_db
def test_every_documented_command_runs(settings, tmp_path, monkeypatch):
    settings.STATIC_ROOT = tmp_path / "static"
    # Set for Playwright by the browser tests; `check --deploy` rightly refuses it.
    monkeypatch.delenv("DJANGO_ALLOW_ASYNC_UNSAFE", raising=False)
    DistrictFactory(code="hualong", name="华龙区")
    for args in documented_commands():
        out = io.StringIO()
        try:
            call_command(*args, stdout=out, stderr=io.StringIO())
        except Exception as exc:  # noqa: BLE001 - report which line failed, and how
            pytest.fail(f"manage.py {shlex.join(args)} failed: {exc!r}")
        if args[0] == "create_api_token":
            key = out.getvalue().splitlines()[-1]
            assert ApiToken.objects.get(user__username=args[1]).token_key == key[:15]

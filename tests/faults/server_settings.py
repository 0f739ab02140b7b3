"""The production settings, with static files by their plain names (as the tests have them,
tests/conftest.py): pages render without a `collectstatic` run."""

from config.settings import *  # noqa: F403
from config.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

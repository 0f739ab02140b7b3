"""The admin tests' two districts with an official of every role (tests/admin/conftest.py)."""

from tests.admin.conftest import world  # noqa: F401 - a fixture, shared

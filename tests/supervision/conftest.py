"""The admin tests' two districts with an official of every role (tests/admin/conftest.py)."""

from tests.admin.conftest import _admin_world_rows, world  # noqa: F401 - fixtures, shared

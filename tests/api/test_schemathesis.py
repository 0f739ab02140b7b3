"""Property-based API tests generated from the OpenAPI schema (schemathesis, pinned in
requirements-dev.txt) against a live server with the Puyang demo loaded.

The run passes only when no request gets a server error and every response agrees with the
schema: a documented status code, content type, headers and body. It runs twice: as the
public (no token) and as a city administrator's token, which reaches every write and
officials-only resource. Deselect with `-m "not schemathesis"` for a quick run.
"""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from core.roles import Role
from core.tokens import api_token_create
from tests.factories import OfficialFactory, UserFactory

# The live server reads the session's committed demo (tests/conftest.py); the test itself
# only needs the database unblocked for the server's threads.
pytestmark = [pytest.mark.schemathesis, pytest.mark.django_db]

CHECKS = ",".join(
    [
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
    ]
)
# Examples per operation and phase; the coverage phase adds its own boundary cases.
MAX_EXAMPLES = os.environ.get("SCHEMATHESIS_MAX_EXAMPLES", "10")


def schemathesis_cli():
    local = Path(sys.executable).with_name("st")
    return str(local) if local.exists() else shutil.which("st")


@pytest.fixture(scope="module")
def demo_token(demo_db, django_db_blocker):
    """A city administrator's token, committed beside the demo so the live server sees it."""
    with django_db_blocker.unblock():
        admin = OfficialFactory(role=Role.CITY_ADMIN, user=UserFactory(username="st-admin")).user
        return api_token_create(user=admin, name="schemathesis")[1]


@pytest.mark.parametrize("viewer", ["anonymous", "city_admin"])
def test_api_agrees_with_its_schema(live_url, demo_token, viewer, tmp_path):
    command = [
        schemathesis_cli(),
        "run",
        f"{live_url}/api/v1/schema/",
        "--checks",
        CHECKS,
        "--max-examples",
        MAX_EXAMPLES,
        "--seed",
        "20220408",
        "--workers",
        "1",
        "--no-shrink",
        "--suppress-health-check",
        "all",
        "--report",
        "junit",
        "--report-dir",
        str(tmp_path),
    ]
    if viewer == "city_admin":
        command += ["--header", f"Authorization: Token {demo_token}"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=900, cwd=tmp_path)
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]

"""The example client of docs/api.md (scripts/sync_client.py), run as a program against a live
server: the first run pulls every published row, a later run applies exactly what changed
(an edit, an unpublishing, a new project) and a run after nothing changed applies nothing."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from projects.models import Project
from tests.factories import DistrictFactory, ProjectFactory

CLIENT = Path(__file__).resolve().parents[2] / "scripts" / "sync_client.py"


def run(url, copy):
    done = subprocess.run(
        [sys.executable, str(CLIENT), url, str(copy)],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


@pytest.mark.django_db(transaction=True)
def test_the_example_client_pulls_then_follows_the_changes(live_server, tmp_path):
    # Rows another test committed (the session's demo) may be there: they are pulled too.
    before = Project.objects.filter(is_published=True).count()
    district = DistrictFactory(code="sync-test", name="同步测试区")
    kept = ProjectFactory(code="p-kept", district=district, is_published=True)
    withdrawn = ProjectFactory(code="p-withdrawn", district=district, is_published=True)
    ProjectFactory(code="p-hidden", district=district, is_published=False)
    copy = tmp_path / "copy.json"

    output = run(live_server.url, copy)
    assert output.startswith(f"pulled: 0 changes applied; {before + 2} project")
    projects = json.loads(copy.read_text())["resources"]["project"]
    assert len(projects) == before + 2 and "p-hidden" not in projects
    assert {"p-kept", "p-withdrawn"} <= set(projects)

    kept.name = "改名后的项目"
    kept.save()
    withdrawn.is_published = False
    withdrawn.save()
    ProjectFactory(code="p-new", district=district, is_published=True)
    output = run(live_server.url, copy)
    assert output.startswith(f"synced: 3 changes applied; {before + 2} project")
    projects = json.loads(copy.read_text())["resources"]["project"]
    assert {"p-kept", "p-new"} <= set(projects) and "p-withdrawn" not in projects
    assert projects["p-kept"]["name"] == "改名后的项目"

    assert run(live_server.url, copy).startswith("synced: 0 changes applied")

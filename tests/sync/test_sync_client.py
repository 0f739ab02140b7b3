"""The example client of docs/api.md (scripts/sync_client.py), run as a program against a live
server: the first run pulls every published row, a later run applies exactly what changed
(an edit, an unpublishing, a new project) and a run after nothing changed applies nothing."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

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
    district = DistrictFactory(code="hualong", name="华龙区")
    kept = ProjectFactory(code="p-kept", district=district, is_published=True)
    withdrawn = ProjectFactory(code="p-withdrawn", district=district, is_published=True)
    ProjectFactory(code="p-hidden", district=district, is_published=False)
    copy = tmp_path / "copy.json"

    output = run(live_server.url, copy)
    assert output.startswith("pulled: 0 changes applied; 2 project, 1 district")
    projects = json.loads(copy.read_text())["resources"]["project"]
    assert sorted(projects) == ["p-kept", "p-withdrawn"]

    kept.name = "改名后的项目"
    kept.save()
    withdrawn.is_published = False
    withdrawn.save()
    ProjectFactory(code="p-new", district=district, is_published=True)
    output = run(live_server.url, copy)
    assert output.startswith("synced: 3 changes applied; 2 project")
    projects = json.loads(copy.read_text())["resources"]["project"]
    assert sorted(projects) == ["p-kept", "p-new"]
    assert projects["p-kept"]["name"] == "改名后的项目"

    assert run(live_server.url, copy).startswith("synced: 0 changes applied")

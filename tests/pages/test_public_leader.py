"""A project's leader in charge (分包领导: an official's name and post) is public, like the
owner: governments publish who leads each key project. It is shown alike on the project
page, in the API and in the exports, and it can never carry a phone number (private)."""

import csv
import io

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db

LEADER = "张伟（市发展和改革委员会主任）"


@pytest.fixture
def project(site):
    project = site["first"]
    project.leader = LEADER
    project.save()
    return project


def test_the_leader_is_on_the_public_page_and_in_the_api(client, project):
    assert LEADER in client.get(f"/projects/{project.code}/").content.decode()
    api = APIClient().get(f"/api/v1/projects/{project.code}/")
    assert api.json()["leader"] == LEADER


def test_the_leader_is_in_both_public_exports(client, project):
    response = client.get(f"/projects/export.csv?search={project.code}")
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[1][rows[0].index("分包领导")] == LEADER

    response = client.get(f"/projects/export.xlsx?search={project.code}")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    header, first = list(sheet.iter_rows(values_only=True))[:2]
    assert first[header.index("分包领导")] == LEADER


@pytest.mark.parametrize(
    "leader", ["张伟 13900000000", "王强（0393-8881234）", "李娜 139 0000 0000"]
)
def test_a_phone_number_never_goes_into_the_public_leader_field(project, leader):
    project.leader = leader
    with pytest.raises(ValidationError) as refused:
        project.full_clean()
    assert "leader" in refused.value.message_dict

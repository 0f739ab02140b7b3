"""/projects/<code>/: facts, figures from projects.stats, chart + table, nothing private."""

import json
import re

import pytest
from django.utils import translation

from core.period import resolve_period
from core.templatetags.figures import amount
from projects.progress import monthly_completion, project_progress

from .conftest import assert_valid_html
from .data import DRAFT_NARRATIVE, OWNER_PHONE, XSS_NAME, YEAR
from .helpers import figure

pytestmark = pytest.mark.django_db


def test_project_page_shows_the_figures_of_the_formulas_module(client, site):
    project = site["first"]
    response = client.get(f"/projects/{project.code}/?year={YEAR}")
    assert response.status_code == 200
    assert_valid_html(response.content)
    progress = project_progress(project, period=resolve_period(YEAR))
    # Amounts by the money rule, in the page's language (600.00 万元 = CNY 6.00 million).
    with translation.override(response["Content-Language"]):
        completed = amount(progress["completed_investment"])
    assert figure(response, "completed_investment") == completed
    assert figure(response, "completion_rate") == f"{progress['completion_rate']}%"
    assert figure(response, "points_ahead") == f"{progress['points_ahead']}"
    html = response.content.decode()
    assert f"light-{progress['warning']}" in html


def test_chart_data_and_table_hold_the_same_monthly_figures(client, site):
    project = site["first"]
    response = client.get(f"/projects/{project.code}/?year={YEAR}")
    html = response.content.decode()
    data = json.loads(
        re.search(
            r'<script id="monthly-chart-data" type="application/json">(.*?)</script>', html, re.S
        ).group(1)
    )
    months = monthly_completion(project, period=resolve_period(YEAR))
    cumulative = [str(row["cumulative_investment"]) for row in months]
    monthly = [str(row["completed_investment"]) for row in months]
    assert data["series"][0]["data"] == cumulative
    assert data["series"][1]["data"] == monthly
    assert data["mark_line"]["value"] == "12000.00"  # the annual plan
    # Only the closed months (January to March): April is open and not drawn as zero.
    assert len(data["categories"]) == 3
    table = re.search(r'<table class="data monthly">(.*?)</table>', html, re.S).group(1)
    cells = re.findall(r'<td class="num">([^<]+)</td>', table)
    with translation.override(response["Content-Language"]):
        assert cells[:3] == [amount(v) for v in monthly]
        totals = re.findall(r'<td class="num cumulative">([^<]+)</td>', table)
        assert totals == [amount(v) for v in cumulative]
    assert data["money"] is True  # labels and tooltips say them by the rule (charts.js)
    assert "vendor/echarts/echarts.min.js" in html


def test_milestones_are_marked_done_overdue_or_due(client, site):
    response = client.get(f"/projects/{site['first'].code}/")
    states = [item["state"] for item in response.context["milestones"]]
    assert states == ["done", "overdue", "due"]
    html = response.content.decode()
    for state in ("done", "overdue", "due"):
        assert f"milestone-{state}" in html


def test_sections_list_funding_approvals_rounds_and_approved_reports(client, site):
    project = site["first"]
    html = client.get(f"/projects/{project.code}/").content.decode()
    assert "80.0%" in html  # 800 of 1000 disbursed
    assert "建设用地规划许可" in html
    assert f"#round-{site['round'].code}" in html
    assert f"{project.name}第3月主体施工" in html
    assert "项目现场全景" in html  # the project's own photo caption
    assert site["owner"].name in html and site["owner"].credit_code in html


def test_private_data_never_reaches_the_page(client, site):
    html = client.get(f"/projects/{site['first'].code}/").content.decode()
    assert DRAFT_NARRATIVE not in html
    assert "草稿附带照片" not in html  # the photo of an unapproved report
    assert OWNER_PHONE not in html
    assert site["owner"].contact_person not in html


def test_unknown_and_unpublished_projects_are_404(client, site):
    assert client.get("/projects/no-such-project/").status_code == 404
    response = client.get(f"/projects/{site['hidden'].code}/")
    assert response.status_code == 404
    assert site["hidden"].name not in response.content.decode()


def test_script_in_a_project_is_escaped(client, site):
    response = client.get(f"/projects/{site['xss'].code}/")
    html = response.content.decode()
    assert XSS_NAME not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert_valid_html(html)


def test_bad_year_is_answered_on_the_page(client, site):
    response = client.get(f"/projects/{site['first'].code}/?year=20x2")
    assert response.status_code == 400
    assert 'class="errorlist' in response.content.decode()

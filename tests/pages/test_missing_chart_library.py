"""A deployment without the chart library (static/vendor/, copied from npm) cannot go out:
`check --deploy` and `collectstatic` refuse; if it happens anyway, chart pages render their
tables without the chart instead of failing."""

import shutil
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.management import call_command
from django.core.management.base import SystemCheckError

pytestmark = pytest.mark.django_db

STATIC = Path(django_settings.BASE_DIR) / "static"


@pytest.fixture
def without_echarts(settings, tmp_path):
    """The project's static files, less static/vendor/."""
    source = tmp_path / "static"
    shutil.copytree(STATIC, source, ignore=shutil.ignore_patterns("vendor"))
    settings.STATICFILES_DIRS = [source]
    settings.STATIC_ROOT = tmp_path / "collected"
    return settings


def test_check_deploy_fails_without_the_chart_library(without_echarts):
    with pytest.raises(SystemCheckError, match="vendor/echarts/echarts.min.js"):
        call_command("check", "--deploy")


def test_collectstatic_refuses_without_the_chart_library(without_echarts):
    with pytest.raises(SystemCheckError, match="core.E001"):
        call_command("collectstatic", "--noinput", verbosity=0, skip_checks=False)
    assert not Path(without_echarts.STATIC_ROOT).exists()


def test_chart_pages_render_without_the_chart_when_it_is_missing_anyway(
    without_echarts, client, site
):
    """Production's manifest storage, collected without the file (checks skipped)."""
    without_echarts.STORAGES = {
        **without_echarts.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
    }
    call_command("collectstatic", "--noinput", verbosity=0)
    for url in ("/", "/rankings/", f"/projects/{site['first'].code}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "echarts" not in html
        assert "js/charts." in html  # still there for the print buttons
        assert "<table" in html

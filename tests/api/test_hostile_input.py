"""Hostile input to the API answers 400, 404 or 413 with a JSON `detail`, never a 500:
NUL characters (which PostgreSQL refuses in text), JSON nested too deep for Python's parser,
and bodies larger than the public may send."""

import pytest

from enterprises.models import Problem

from .test_enterprises import FEEDBACK


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/problems/track/%00/",
        "/api/v1/problems/track/WQ-%00/",
    ],
)
def test_a_nul_in_the_path_is_a_json_404(world, url):
    response = world.client("anonymous").get(url)
    assert response.status_code == 404
    assert list(response.json()) == ["detail"]


@pytest.mark.parametrize(
    ("viewer", "url"),
    [
        ("anonymous", "/api/v1/projects/?search=%00"),
        ("anonymous", "/api/v1/projects/?district=%00"),
        ("anonymous", "/api/v1/projects/?ordering=%00"),
        ("anonymous", "/api/v1/enterprises/?search=a%00b"),
        ("anonymous", "/api/v1/stats/problems/?district=%00"),
        ("reporter", "/api/v1/problems/?search=%00"),
        ("reporter", "/api/v1/problems/?tracking_code=%00"),
        ("reporter", "/api/v1/progress-reports/?project=%00"),
        ("reporter", "/api/v1/visits/?%00=1"),
    ],
)
def test_a_nul_in_a_parameter_is_a_json_400(world, viewer, url):
    response = world.client(viewer).get(url)
    assert response.status_code == 400
    assert list(response.json()) == ["detail"]


@pytest.mark.parametrize(
    ("viewer", "url"),
    [("anonymous", "/api/v1/problems/"), ("reporter", "/api/v1/progress-reports/")],
)
def test_json_nested_too_deep_is_a_400(world, viewer, url):
    response = world.client(viewer).post(url, "[" * 5000, content_type="application/json")
    assert response.status_code == 400
    assert "nested too deeply" in response.json()["detail"]


def test_an_anonymous_body_over_the_cap_is_a_413_and_nothing_is_stored(world):
    body = {**FEEDBACK, "description": "问" * 1_000_000}
    response = world.client("anonymous").post("/api/v1/problems/", body, format="json")
    assert response.status_code == 413
    assert "anonymous requests may send at most 128 KB" in response.json()["detail"]
    assert not Problem.objects.filter(title=FEEDBACK["title"]).exists()

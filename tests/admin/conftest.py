"""Fixtures of the admin tests: two districts, an official of every role, and a client per
official (English UI, so assertions read data, not Chinese labels)."""

import copy
import datetime
from dataclasses import dataclass

import pytest

from core.roles import Role
from tests.factories import (
    AnnualPlanFactory,
    AssignmentFactory,
    CadreFactory,
    DistrictFactory,
    EnterpriseFactory,
    ProjectFactory,
)
from tests.helpers import shared_rows

from .helpers import client_for, make_official


@dataclass
class World:
    """Hualong (ours) and Jingkai (someone else's), each with a project and an enterprise."""

    hualong: object
    jingkai: object
    project: object
    other_project: object
    enterprise: object
    other_enterprise: object
    reporter: object
    reviewer: object
    other_reporter: object
    cadre_user: object
    cadre: object
    city_admin: object

    def client(self, user):
        return client_for(user)


def build_world():
    hualong = DistrictFactory(code="hualong", name="华龙区")
    jingkai = DistrictFactory(code="jingkai", name="开发区")
    project = ProjectFactory(district=hualong, code="hl-001", name="华龙氢能产业园项目")
    other_project = ProjectFactory(district=jingkai, code="jk-001", name="开发区化工新材料项目")
    enterprise = EnterpriseFactory(district=hualong, name="濮阳华龙新材料有限公司")
    other_enterprise = EnterpriseFactory(district=jingkai, name="开发区某化工有限公司")
    cadre_user = make_official(Role.CADRE, username="cadre")
    cadre = CadreFactory(user=cadre_user, district=hualong, name="王伟")
    AssignmentFactory(cadre=cadre, enterprise=enterprise, start=datetime.date(2022, 1, 1))
    return World(
        hualong=hualong,
        jingkai=jingkai,
        project=project,
        other_project=other_project,
        enterprise=enterprise,
        other_enterprise=other_enterprise,
        reporter=make_official(Role.REPORTER, hualong, username="reporter"),
        reviewer=make_official(Role.REVIEWER, hualong, username="reviewer"),
        other_reporter=make_official(Role.REPORTER, jingkai, username="other_reporter"),
        cadre_user=cadre_user,
        cadre=cadre,
        city_admin=make_official(Role.CITY_ADMIN, username="city_admin"),
    )


_admin_world_rows = shared_rows(build_world)


@pytest.fixture
def world(_admin_world_rows, db):
    """Built once per module (see `shared_rows`); each test gets its own copy."""
    return copy.deepcopy(_admin_world_rows)


@pytest.fixture
def planned(world):
    """The world's projects on the 2022 list: reports are filed against a year's plan."""
    return [AnnualPlanFactory(project=p, year=2022) for p in (world.project, world.other_project)]

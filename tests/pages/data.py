"""A small public site built with the factories, which the page tests read (`site`).

Two units under the city, projects in several stages with 2022 plans and approved reports,
a round, problems, funding; plus what must never show publicly: an unpublished project, a
draft report, a photo of that draft, the owner's contact phone.
"""

import datetime
from decimal import Decimal

from core.models import ReportingPeriod
from districts.models import DistrictKind
from enterprises.choices import ProblemSource
from projects.choices import Level, RoundList, Stage
from tests.factories import (
    AnnualPlanFactory,
    ApprovalItemFactory,
    DistrictFactory,
    EnterpriseFactory,
    FundingFactory,
    IndustryFactory,
    MilestoneFactory,
    PhotoFactory,
    ProblemFactory,
    ProgressReportFactory,
    ProjectFactory,
    RoundEntryFactory,
    RoundFactory,
)

YEAR = 2022
STAGES = [Stage.PLANNED, Stage.UNDER_CONSTRUCTION, Stage.IN_PRODUCTION]
LISTS = [RoundList.SIGNED, RoundList.STARTED, RoundList.IN_PRODUCTION]
OWNER_PHONE = "0393-7654321"
DRAFT_NARRATIVE = "草稿：尚未审核的进度说明"
XSS_NAME = "<script>alert(1)</script>"


def build_site(projects_per_unit=6, units=2, reports=True):
    """The site's data; returns the objects tests refer to by name."""
    # The reporting cycle: January to March closed ("now" is March), April open.
    for month in (1, 2, 3, 4):
        ReportingPeriod.objects.create(
            year=YEAR, month=month, status="closed" if month < 4 else "open"
        )
    city = DistrictFactory(code="puyang", name="濮阳市", kind=DistrictKind.CITY, order=0)
    names = ["华龙区", "经开区", "示范区", "工业园区", "清丰县", "南乐县", "范县", "台前县"]
    codes = [
        "hualong",
        "jingkai",
        "shifanqu",
        "gongyeyuan",
        "qingfeng",
        "nanle",
        "fanxian",
        "taiqian",
    ]
    districts = [
        DistrictFactory(code=codes[i], name=names[i], parent=city, order=i + 1)
        for i in range(units)
    ]
    industry = IndustryFactory(code="hydrogen", name="氢能")
    owner = EnterpriseFactory(
        district=districts[0],
        industry=industry,
        name="中心泰康氢能有限公司",
        contact_phone=OWNER_PHONE,
    )
    round_ = RoundFactory(code="round-1", number=1, name="第一期“三个一批”")
    projects = []
    for unit_index, district in enumerate(districts):
        for i in range(projects_per_unit):
            n = unit_index * projects_per_unit + i
            project = ProjectFactory(
                code=f"{district.code}-{i + 1:03d}",
                district=district,
                industry=industry,
                stage=STAGES[n % len(STAGES)],
                level=Level.PROVINCIAL if n % 2 else Level.CITY,
                total_investment=Decimal(10000 + 1000 * n),
                owner=owner if n == 0 else None,
            )
            AnnualPlanFactory(project=project, year=YEAR, planned_investment=Decimal("12000"))
            if reports:
                for month in (1, 2, 3):
                    ProgressReportFactory(
                        project=project,
                        year=YEAR,
                        month=month,
                        completed_investment=Decimal(100 * (unit_index + 1) * month),
                        narrative=f"{project.name}第{month}月主体施工",
                        approved=True,
                    )
            RoundEntryFactory(round=round_, project=project, round_list=LISTS[n % len(LISTS)])
            projects.append(project)
    first = projects[0]
    MilestoneFactory(
        project=first,
        kind="signing",
        planned_date=datetime.date(YEAR, 1, 10),
        actual_date=datetime.date(YEAR, 1, 12),
    )
    MilestoneFactory(project=first, kind="start", planned_date=datetime.date(YEAR, 6, 30))
    MilestoneFactory(project=first, kind="production", planned_date=datetime.date(2099, 6, 30))
    FundingFactory(project=first, year=YEAR, secured=Decimal("1000"), disbursed=Decimal("800"))
    ApprovalItemFactory(project=first)
    draft = ProgressReportFactory(project=first, year=YEAR, month=4, narrative=DRAFT_NARRATIVE)
    PhotoFactory(project=first, report=draft, caption="草稿附带照片")
    PhotoFactory(project=first, caption="项目现场全景")
    hidden = ProjectFactory(
        code="unpublished", name="未公开项目", district=districts[0], is_published=False
    )
    xss = ProjectFactory(
        code="xss", name=XSS_NAME, district=districts[0], construction_content=XSS_NAME
    )
    ProblemFactory(district=districts[0], raised_on=datetime.date(YEAR, 5, 1), closed=True)
    ProblemFactory(district=districts[0], raised_on=datetime.date(YEAR, 5, 2), accepted=True)
    feedback = ProblemFactory(
        district=districts[0],
        raised_on=datetime.date(YEAR, 5, 3),
        source=ProblemSource.FEEDBACK,
        submitter_name="王伟",
        submitter_phone="13900001111",
        resolved=True,
    )
    return {
        "city": city,
        "districts": districts,
        "industry": industry,
        "owner": owner,
        "round": round_,
        "projects": projects,
        "first": first,
        "hidden": hidden,
        "xss": xss,
        "feedback": feedback,
    }

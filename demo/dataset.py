"""The Puyang (濮阳) demo data set behind `manage.py load_demo`.

* `demo/data/reference.toml` and `article.toml` hold the rows the newspaper article (the
  design's `seed/puyang-key-projects-article.txt`) names, with its figures where it gives
  them, and its aggregates (华龙区 2022: 29 projects, 59.2 亿元 completed, 37 points ahead;
  经开区 funding; 示范区 and 工业园区 problem ledgers …); `campaign.toml` the campaign's.
* The builders (`demo/builders/`) add sample rows (`is_sample=True`) whose figures are
  chosen so that the app's own formulas (`projects.stats`) reproduce exactly those
  aggregates, drawing names from `pools.toml`.
* Everything is deterministic (seeded `random.Random`, fixed dates). The data set is a
  snapshot as of `SNAPSHOT` (10 May 2023, soon after the article reported the 2022 results):
  2022 is complete, 2023 has reports for January–April (April in every workflow status).

Credit codes are placeholders: valid by GB 32100-2015 but made up, with the organisation
part starting `DM` (demo). Coordinates are approximate (the unit's centre plus an offset).
Article-named projects without an investment figure in the article, and all invented rows,
are flagged `is_sample`; the article's enterprises are not (they are real, only their credit
codes are placeholders). Where the article gives only an aggregate (a unit's completed
investment, 3 亿元 of tax relief …), the split over projects, months or enterprises is
invented; the aggregate is not.
"""

from typing import NamedTuple

from .builders.approvals import ApprovalSteps
from .builders.base import ARTICLE, SNAPSHOT, BuilderBase, DemoData
from .builders.campaign import CampaignSteps
from .builders.counties import CountySteps
from .builders.enterprises import EnterpriseSteps
from .builders.ledger import LedgerSteps
from .builders.pipeline import PipelineSteps
from .builders.projects import ProjectSteps
from .builders.reports import ReportSteps

__all__ = ["ARTICLE_ENTERPRISES", "HYDROGEN_SUMMIT", "SNAPSHOT", "Builder", "DemoData"]

HYDROGEN_SUMMIT = ARTICLE["hydrogen_summit"]


class ArticleEnterprise(NamedTuple):
    """An enterprise or institute the article names; `options`: above_scale, kind."""

    key: str
    name: str
    district: str
    industry: str | None
    options: dict


ARTICLE_ENTERPRISES = [
    ArticleEnterprise(
        e["key"],
        e["name"],
        e["district"],
        e.get("industry"),
        {k: v for k, v in e.items() if k not in ArticleEnterprise._fields},
    )
    for e in ARTICLE["enterprises"]
]


class Builder(
    EnterpriseSteps,
    ProjectSteps,
    ReportSteps,
    ApprovalSteps,
    CampaignSteps,
    CountySteps,
    LedgerSteps,
    PipelineSteps,
    BuilderBase,
):
    """Builds `DemoData`: the article's rows plus deterministic sample rows around them.

    The steps run in this order because later ones look up what earlier ones built (owners
    of projects, subjects of visits, meetings of problems …).
    """

    def build(self):
        self.reference_data()
        self.enterprises()
        self.projects()
        self.plans_and_reports()
        self.flagged_reports()
        self.milestones()
        self.rounds()
        self.funding()
        self.approvals()
        self.pipeline()
        self.cadres()
        self.assignments()
        self.meetings()
        self.visits()
        self.problem_routes()
        self.problems()
        self.support()
        self.enterprise_rows()
        self.project_rows()
        return self.data

"""Every list endpoint of API v1 once, with how to name its rows and who sees which.

The shared tests read this table: a new endpoint added here is checked for its permission
matrix, its filters refusing garbage, its query count (test_lists.py), and every filter's
positive case (tests/filtersets.py) and every ordering both ways (test_filtersets.py).
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from core.filtersets import NotificationFilterSet, ReportingPeriodFilterSet
from districts.filtersets import DistrictFilterSet
from enterprises.filtersets import (
    AssignmentFilterSet,
    CadreFilterSet,
    EnterpriseFilterSet,
    MeetingFilterSet,
    ProblemFilterSet,
    SupportFilterSet,
    VisitFilterSet,
)
from projects.filtersets import (
    FundingFilterSet,
    IndustryFilterSet,
    MilestoneFilterSet,
    PoolReviewFilterSet,
    ProgressReportFilterSet,
    ProjectFilterSet,
    RoundFilterSet,
)

PUBLIC = ("anonymous", "plain")
HUALONG = ("reporter", "reviewer")


@dataclass
class Endpoint:
    name: str
    filterset: type
    key: Callable  # a result row -> what identifies it in the expectations
    # viewer -> expected keys (a callable of the World), or an HTTP status for a refusal
    sees: dict
    # The field naming a row both in a result and on its model object (filter cases).
    row_id: str = "id"
    # Ordering keys whose value a row shows under another name.
    sort_fields: dict = field(default_factory=dict)
    # Ordering keys whose value only the row's detail shows: the path to it there.
    detail_fields: dict = field(default_factory=dict)

    @property
    def url(self):
        return f"/api/v1/{self.name}/"


def parts(pub, hidden):
    """Expected keys of project parts per viewer, from two row namers (published, hidden).

    Officials see what the public sees plus what they manage (anonymous ⊆ official)."""
    return {
        **dict.fromkeys(PUBLIC, lambda w: {pub(w.hualong), pub(w.jingkai)}),
        **dict.fromkeys(HUALONG, lambda w: {pub(w.hualong), hidden(w.hualong), pub(w.jingkai)}),
        "other_reporter": lambda w: {pub(w.jingkai), hidden(w.jingkai), pub(w.hualong)},
        "cadre": lambda w: {pub(w.hualong), pub(w.jingkai)},
        "city_admin": lambda w: {
            pub(w.hualong),
            hidden(w.hualong),
            pub(w.jingkai),
            hidden(w.jingkai),
        },
    }


def campaign(named, cadre_sees=None):
    """Expected keys of officials-only campaign records (one or more per district)."""
    return {
        "anonymous": 401,
        "plain": 403,
        **dict.fromkeys(HUALONG, lambda w: named(w.hualong)),
        "other_reporter": lambda w: named(w.jingkai),
        "cadre": cadre_sees or (lambda w: named(w.hualong)),
        "city_admin": lambda w: named(w.hualong) | named(w.jingkai),
    }


def everyone(keys):
    return dict.fromkeys(
        ["anonymous", "plain", "reporter", "reviewer", "other_reporter", "cadre", "city_admin"],
        keys,
    )


ENDPOINTS = [
    Endpoint(
        "notifications",
        NotificationFilterSet,
        key=lambda row: row["id"],
        # The caller's own reminders: the plain world sends none (tests/supervision/ does).
        sees={**everyone(lambda w: set()), "anonymous": 401},
    ),
    Endpoint(
        "reporting-periods",
        ReportingPeriodFilterSet,
        row_id="deadline",
        key=lambda row: (row["year"], row["month"]),
        # Public; the plain world has none on record (test_reporting_periods.py has them).
        sees=everyone(lambda w: set()),
    ),
    Endpoint(
        "districts",
        DistrictFilterSet,
        row_id="code",
        key=lambda row: row["code"],
        sees=everyone(lambda w: {"puyang", "hualong", "jingkai"}),
    ),
    Endpoint(
        "industries",
        IndustryFilterSet,
        row_id="code",
        key=lambda row: row["code"],
        sees=everyone(lambda w: {"hydrogen"}),
    ),
    Endpoint(
        "projects",
        ProjectFilterSet,
        row_id="code",
        # The figures of the list's period, which the detail shows for the same period.
        detail_fields={
            "completion_rate": ("progress", "completion_rate"),
            "points_ahead": ("progress", "points_ahead"),
            "warning": ("warning",),
        },
        key=lambda row: row["code"],
        sees=parts(lambda s: s.project.code, lambda s: s.hidden_project.code),
    ),
    Endpoint(
        "progress-reports",
        ProgressReportFilterSet,
        key=lambda row: row["id"],
        sees={
            **dict.fromkeys(PUBLIC, lambda w: {w.hualong.approved.pk, w.jingkai.approved.pk}),
            **dict.fromkeys(
                HUALONG,
                lambda w: {
                    w.hualong.approved.pk,
                    w.hualong.draft.pk,
                    w.hualong.hidden_approved.pk,
                    w.jingkai.approved.pk,
                },
            ),
            "other_reporter": lambda w: {
                w.jingkai.approved.pk,
                w.jingkai.draft.pk,
                w.jingkai.hidden_approved.pk,
                w.hualong.approved.pk,
            },
            "cadre": lambda w: {w.hualong.approved.pk, w.hualong.draft.pk, w.jingkai.approved.pk},
            "city_admin": lambda w: {
                report.pk
                for side in (w.hualong, w.jingkai)
                for report in (side.approved, side.draft, side.hidden_approved)
            },
        },
    ),
    Endpoint(
        "milestones",
        MilestoneFilterSet,
        key=lambda row: row["project"],
        sees=parts(lambda s: s.project.code, lambda s: s.hidden_project.code),
    ),
    Endpoint(
        "funding",
        FundingFilterSet,
        key=lambda row: row["project"],
        sees=parts(lambda s: s.project.code, lambda s: s.hidden_project.code),
    ),
    Endpoint(
        "pool-reviews",
        PoolReviewFilterSet,
        key=lambda row: row["project"],
        sees=parts(lambda s: s.project.code, lambda s: s.hidden_project.code),
    ),
    Endpoint(
        "rounds",
        RoundFilterSet,
        row_id="code",
        # A round is public; its lists name only the projects the viewer may see.
        key=lambda row: (
            row["code"],
            tuple(p["code"] for p in row["signed"]),
            tuple(p["code"] for p in row["started"]),
            tuple(p["code"] for p in row["in_production"]),
        ),
        sees={
            **dict.fromkeys(PUBLIC, lambda w: {("r1", ("hualong-pub",), (), ("jingkai-pub",))}),
            **dict.fromkeys(
                HUALONG, lambda w: {("r1", ("hualong-pub",), ("hualong-hidden",), ("jingkai-pub",))}
            ),
            "other_reporter": lambda w: {("r1", ("hualong-pub",), (), ("jingkai-pub",))},
            "cadre": lambda w: {("r1", ("hualong-pub",), (), ("jingkai-pub",))},
            "city_admin": lambda w: {
                ("r1", ("hualong-pub",), ("hualong-hidden",), ("jingkai-pub",))
            },
        },
    ),
    Endpoint(
        "enterprises",
        EnterpriseFilterSet,
        row_id="credit_code",
        # Contacts are private: the key says whether the row carried them.
        key=lambda row: (row["credit_code"], "contact_phone" in row),
        sees={
            **dict.fromkeys(
                PUBLIC,
                lambda w: {
                    (w.hualong.enterprise.credit_code, False),
                    (w.jingkai.enterprise.credit_code, False),
                },
            ),
            # Officials see every enterprise; contacts only of those they manage.
            **dict.fromkeys(
                HUALONG,
                lambda w: {
                    (w.hualong.enterprise.credit_code, True),
                    (w.jingkai.enterprise.credit_code, False),
                },
            ),
            "other_reporter": lambda w: {
                (w.jingkai.enterprise.credit_code, True),
                (w.hualong.enterprise.credit_code, False),
            },
            "cadre": lambda w: {
                (w.hualong.enterprise.credit_code, True),
                (w.jingkai.enterprise.credit_code, False),
            },
            "city_admin": lambda w: {
                (w.hualong.enterprise.credit_code, True),
                (w.jingkai.enterprise.credit_code, True),
            },
        },
    ),
    Endpoint(
        "meetings",
        MeetingFilterSet,
        sort_fields={"held_on": "date"},
        key=lambda row: row["id"],
        # Officials only; the plain world holds no meeting (the varied one does).
        sees={
            "anonymous": 401,
            "plain": 403,
            **dict.fromkeys(
                ["reporter", "reviewer", "other_reporter", "cadre", "city_admin"],
                lambda w: set(),
            ),
        },
    ),
    Endpoint(
        "support",
        SupportFilterSet,
        sort_fields={"granted_on": "date", "enterprise": "enterprise_name"},
        key=lambda row: row["id"],
        sees=everyone(lambda w: set()),  # public; none in the plain world
    ),
    Endpoint(
        "cadres",
        CadreFilterSet,
        key=lambda row: (row["id"], row["phone"]),
        sees=campaign(lambda s: {(s.cadre.pk, s.cadre.phone)}),
    ),
    Endpoint(
        "assignments",
        AssignmentFilterSet,
        sort_fields={"cadre": "cadre_name"},
        key=lambda row: (row["cadre"], row["enterprise"], row["project"]),
        sees=campaign(
            lambda s: (
                {(s.cadre.pk, s.enterprise.credit_code, None)}
                | ({(s.cadre.pk, None, s.project.code)} if s.cadre.user_id else set())
            )
        ),
    ),
    Endpoint(
        "visits",
        VisitFilterSet,
        sort_fields={"cadre": "cadre_name"},
        key=lambda row: (row["cadre"], row["enterprise"]),
        sees=campaign(lambda s: {(s.cadre.pk, s.enterprise.credit_code)}),
    ),
    Endpoint(
        "problems",
        ProblemFilterSet,
        row_id="tracking_code",
        key=lambda row: (row["tracking_code"], row["submitter_phone"]),
        sees=campaign(lambda s: {(s.problem.tracking_code, s.problem.submitter_phone)}),
    ),
]

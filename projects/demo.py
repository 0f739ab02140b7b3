"""The Puyang (濮阳) demo data set behind `manage.py load_demo`.

The data set is declared here and built by plain functions; `load()` writes it.

* `DISTRICTS`, `INDUSTRIES`, `LABELS`, `ARTICLE_ENTERPRISES` and `ARTICLE_PROJECTS` are the
  rows the newspaper article (the design's `seed/puyang-key-projects-article.txt`) names,
  with the article's figures where it gives them.
* `TARGETS` holds the article's aggregate figures (华龙区 2022: 29 projects, 59.2 亿元
  completed, 37 points ahead; 经开区 funding; 示范区 and 工业园区 problem ledgers …). The
  builder adds sample rows (`is_sample=True`) whose figures are chosen so that the app's own
  formulas (`projects.stats`) reproduce exactly those aggregates.
* Everything is deterministic: sample rows come from `random.Random` seeded with fixed
  strings, and every date is fixed. The data set is a snapshot as of `SNAPSHOT` (10 May
  2023, soon after the article reported the 2022 results): 2022 is complete, 2023 has
  reports for January–April (April in every workflow status).

Credit codes are placeholders: valid by GB 32100-2015 (check character computed with
`stdnum.cn.uscc`) but made up, with the organisation part starting `DM` (demo). Coordinates
are approximate (the unit's centre plus an offset). Article-named projects without an
investment figure in the article, and all invented rows, are flagged `is_sample`; the
article's enterprises are not (they are real, only their credit codes are placeholders).
Where the article gives only an aggregate (a unit's completed investment, 3 亿元 of tax
relief …), the split over projects, months or enterprises is invented; the aggregate is not.

`load()` is idempotent: rows are matched on natural keys (codes, credit codes, tracking
codes, (project, year, month) …), created when missing and saved only when a value differs,
so a second run writes nothing (no new history rows either).
"""

import datetime
import random
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, bulk_update_with_history
from stdnum.cn import uscc

from districts.models import District, DistrictKind
from enterprises.choices import (
    AssignmentRole,
    EnterpriseKind,
    ProblemCategory,
    ProblemSource,
    ProblemStatus,
    Satisfaction,
    SupportKind,
    VisitMode,
)
from enterprises.models import (
    Assignment,
    Cadre,
    Enterprise,
    EnterpriseLabel,
    Problem,
    Support,
    Visit,
)

from .choices import (
    ApprovalKind,
    Category,
    FundingKind,
    Level,
    MeetingKind,
    MilestoneKind,
    Nature,
    ReportStatus,
    RoundList,
    Stage,
)
from .models import (
    AnnualPlan,
    ApprovalItem,
    Funding,
    Industry,
    Meeting,
    Milestone,
    ProgressReport,
    Project,
    Round,
    RoundEntry,
)

D = datetime.date
TZ = ZoneInfo("Asia/Shanghai")
SNAPSHOT = D(2023, 5, 10)
YEARS = (2022, 2023)
# Reports of the snapshot year exist up to this month (April 2023, reviewed in May).
LAST_MONTH_2023 = 4
CHANGE_REASON = "Demo data (load_demo)"

# --- Reference data ----------------------------------------------------------------------

CITY = {"code": "puyang", "name": "濮阳市", "kind": DistrictKind.CITY, "order": 0}
DISTRICTS = [
    {"code": "hualong", "name": "华龙区", "kind": DistrictKind.DISTRICT, "order": 1},
    {"code": "jingkai", "name": "经开区", "kind": DistrictKind.DEVELOPMENT_ZONE, "order": 2},
    {
        "code": "shifanqu",
        "name": "城乡一体化示范区",
        "kind": DistrictKind.DEMONSTRATION_ZONE,
        "order": 3,
    },
    {"code": "gongyeyuan", "name": "工业园区", "kind": DistrictKind.INDUSTRIAL_PARK, "order": 4},
]
# Administrative division code used in credit codes, and an approximate map centre.
REGION = {"puyang": "410900", "hualong": "410902"}
CENTRE = {
    "hualong": (35.7620, 115.0730),
    "jingkai": (35.7260, 114.9760),
    "shifanqu": (35.7010, 115.0480),
    "gongyeyuan": (35.8280, 115.1330),
}
SHORT = {"hualong": "华龙", "jingkai": "经开", "shifanqu": "示范区", "gongyeyuan": "工业园区"}
PREFIX = {"hualong": "hl", "jingkai": "jk", "shifanqu": "sf", "gongyeyuan": "gy"}

INDUSTRIES = [
    ("hydrogen", "氢能"),
    ("chemical-materials", "化工新材料"),
    ("equipment", "装备制造"),
    ("new-it", "新一代信息技术"),
    ("medical-big-data", "医学大数据"),
    ("bio-energy", "生物新能源"),
    ("logistics", "现代物流"),
    ("coatings", "涂料及防水材料"),
]
LABELS = [
    ("high-tech", "高新技术企业"),
    ("tech-sme", "科技型中小企业"),
    ("specialized", "专精特新企业"),
]

# --- What the article names ----------------------------------------------------------------
# Enterprises and research institutes, by a short key. Names are the article's own wording.

ARTICLE_ENTERPRISES = [
    # 华龙区
    ("zxtk", "中心泰康", "hualong", "hydrogen", {}),
    ("guohong", "国鸿氢能", "hualong", "hydrogen", {}),
    ("heidelisen", "海德利森", "hualong", "hydrogen", {}),
    ("h2-institute", "氢能研究院", "hualong", "hydrogen", {"kind": EnterpriseKind.INSTITUTE}),
    (
        "bigdata-ai-institute",
        "濮阳大数据与人工智能研究院",
        "hualong",
        "medical-big-data",
        {"kind": EnterpriseKind.INSTITUTE},
    ),
    # 经开区: 乐享化科 and 班德路化学 head the 19 award winners.
    ("lexiang", "乐享化科", "jingkai", "chemical-materials", {"above": True}),
    ("bandelu", "班德路化学", "jingkai", "chemical-materials", {"above": True}),
    ("maiqi", "迈奇化学", "jingkai", "chemical-materials", {"above": True}),
    ("lianxin", "联鑫化工", "jingkai", "chemical-materials", {"above": True}),
    ("zhongqing", "中氢能源", "jingkai", "hydrogen", {"above": True}),
    ("zhongyuan-ethylene", "中原乙烯", "jingkai", "chemical-materials", {"above": True}),
    ("lianzhong", "联众兴业", "jingkai", "chemical-materials", {"above": True}),
    ("zkpy", "中科濮阳", "jingkai", "chemical-materials", {}),
    ("jd", "京东", "jingkai", "new-it", {}),
    # 城乡一体化示范区
    ("arcadia", "阿尔卡迪亚", "shifanqu", None, {"above": True}),
    ("xianglong", "项龙科技有限公司", "shifanqu", None, {}),
    # 工业园区
    ("junheng", "君恒生物", "gongyeyuan", "bio-energy", {"above": True}),
    ("enying", "恩赢", "gongyeyuan", "chemical-materials", {"above": True}),
    ("zhanchen", "展辰", "gongyeyuan", "coatings", {"above": True}),
    ("baoli", "宝利", "gongyeyuan", "chemical-materials", {}),
    ("hangmin", "航民", "gongyeyuan", "chemical-materials", {}),
    ("sankeshu", "三棵树", "gongyeyuan", "coatings", {}),
    ("baolijia", "保立佳", "gongyeyuan", "coatings", {}),
    ("dayu", "大禹", "gongyeyuan", "coatings", {}),
    ("longdeyang", "龙德洋", "gongyeyuan", "chemical-materials", {"above": True}),
    ("haierxi", "海尔希", "gongyeyuan", "chemical-materials", {"above": True}),
    ("yuneng", "豫能东晟热力", "gongyeyuan", None, {"above": True}),
    ("oriental-yuhong", "东方雨虹", "gongyeyuan", "coatings", {"above": True}),
    ("guangyifu", "广亿福", "gongyeyuan", None, {"above": True}),
    ("chengxin", "诚信", "gongyeyuan", "chemical-materials", {"above": True}),
]


def _p(code, name, district, **kw):
    return {"code": code, "name": name, "district": district, **kw}


# Projects the article names. `total` is the total investment in 万元; `article=True` marks
# rows whose total investment is the article's figure (the others are flagged sample).
# Dates: signed, start, production/completion (actual); plans: {year: (plan, completed)}.
ARTICLE_PROJECTS = [
    # --- 华龙区 --------------------------------------------------------------------------
    _p(
        "hl-zhongxin-taikang",
        "中心泰康氢能产业园",
        "hualong",
        level=Level.PROVINCIAL,
        industry="hydrogen",
        stage=Stage.IN_PRODUCTION,
        total=500000,
        article=True,
        owner="zxtk",
        signed=D(2022, 3, 16),
        start=D(2022, 4, 8),
        production=D(2022, 7, 20),
        plans={2022: (100000, 168000), 2023: (150000, None)},
        content="建设氢能产业园，引进制氢、储氢、加氢及燃料电池整车生产线；仅用4个月实现落地投产。",
    ),
    _p(
        "hl-guohong-hydrogen",
        "国鸿氢能科技产业园",
        "hualong",
        level=Level.PROVINCIAL,
        industry="hydrogen",
        stage=Stage.UNDER_CONSTRUCTION,
        total=136000,
        article=True,
        owner="guohong",
        signed=D(2022, 6, 9),
        start=D(2022, 7, 15),
        completion_planned=D(2024, 6, 30),
        plans={2022: (30000, 41000), 2023: (45000, None)},
        content="建设燃料电池电堆、膜电极及系统生产线。",
    ),
    _p(
        "hl-medical-big-data",
        "医学大数据产业园",
        "hualong",
        level=Level.PROVINCIAL,
        industry="medical-big-data",
        stage=Stage.UNDER_CONSTRUCTION,
        total=300000,
        article=True,
        owner="bigdata-ai-institute",
        signed=D(2021, 8, 20),
        start=D(2021, 12, 6),
        completion_planned=D(2025, 12, 31),
        plans={2022: (50000, 72000), 2023: (60000, None)},
        content="与濮阳大数据与人工智能研究院共建，规划建设“一库、一院、一园、一中心”；"
        "已研发3D手术规划系统、超声AI系统。",
    ),
    _p(
        "hl-hydrogen-institute",
        "氢能研究院项目",
        "hualong",
        level=Level.CITY,
        industry="hydrogen",
        stage=Stage.UNDER_CONSTRUCTION,
        total=30000,
        owner="h2-institute",
        start=D(2021, 9, 10),
        completion_planned=D(2023, 10, 31),
        plans={2022: (12000, 15600), 2023: (8000, None)},
        content="高标准建设氢能研究院，引进李献国等49名高学历专家人才。",
    ),
    # Signed at the 2022 中国氢能产业发展(濮阳)峰会: 4 leading projects, 60 亿元 together.
    _p(
        "hl-heidelisen-hydrogen",
        "海德利森氢能装备产业园项目",
        "hualong",
        level=Level.CITY,
        industry="hydrogen",
        stage=Stage.SIGNED,
        total=200000,
        owner="heidelisen",
        signed=D(2022, 11, 18),
        start_planned=D(2023, 3, 31),
        plans={2023: (30000, None)},
        content="建设高压储氢装备、加氢站成套设备生产基地。",
    ),
    # --- 经开区 --------------------------------------------------------------------------
    _p(
        "jk-maiqi-new-materials",
        "迈奇化学新材料产业园",
        "jingkai",
        level=Level.PROVINCIAL,
        industry="chemical-materials",
        stage=Stage.UNDER_CONSTRUCTION,
        total=350000,
        owner="maiqi",
        signed=D(2021, 11, 22),
        start=D(2022, 3, 18),
        completion_planned=D(2024, 12, 31),
        plans={2022: (40000, 46000), 2023: (60000, None)},
        content="建设电子级化学品及高端溶剂新材料生产装置。",
    ),
    _p(
        "jk-jd-digital-economy",
        "京东数字经济产业园",
        "jingkai",
        level=Level.PROVINCIAL,
        industry="new-it",
        stage=Stage.UNDER_CONSTRUCTION,
        total=100000,
        owner="jd",
        signed=D(2021, 12, 28),
        start=D(2022, 4, 20),
        completion_planned=D(2024, 6, 30),
        plans={2022: (30000, 31500), 2023: (30000, None)},
        content="建设数字经济产业园，含数据中心、直播电商基地和供应链服务中心。",
    ),
    _p(
        "jk-lianzhong-aerospace-fuel",
        "联众兴业航空航天高能燃料项目",
        "jingkai",
        level=Level.CITY,
        industry="chemical-materials",
        stage=Stage.UNDER_CONSTRUCTION,
        total=120000,
        owner="lianzhong",
        signed=D(2021, 12, 10),
        start=D(2022, 5, 6),
        completion_planned=D(2023, 12, 31),
        plans={2022: (25000, 28800), 2023: (40000, None)},
        content="建设航空航天高能燃料生产装置及配套工程。",
    ),
    _p(
        "jk-zkpy-mma",
        "中科濮阳MMA项目",
        "jingkai",
        level=Level.PROVINCIAL,
        industry="chemical-materials",
        stage=Stage.SIGNED,
        total=200000,
        article=True,
        owner="zkpy",
        signed=D(2022, 10, 28),
        start_planned=D(2023, 6, 30),
        plans={2023: (40000, None)},
        content="以“国有平台+产业基金”模式引进，建设甲基丙烯酸甲酯（MMA）生产装置。",
    ),
    _p(
        "jk-lianxin-olefin",
        "联鑫化工烯烃单体综合利用及下游新材料项目",
        "jingkai",
        level=Level.PROVINCIAL,
        industry="chemical-materials",
        stage=Stage.PLANNED,
        total=300000,
        owner="lianxin",
        start_planned=D(2023, 9, 30),
        plans={2023: (20000, None)},
        content="2023年谋划实施的强链延链补链项目。",
    ),
    _p(
        "jk-zhongqing-hydrogen-purification",
        "中氢能源氢气纯化综合利用项目",
        "jingkai",
        level=Level.CITY,
        industry="hydrogen",
        stage=Stage.SIGNED,
        total=50000,
        owner="zhongqing",
        signed=D(2023, 2, 15),
        start_planned=D(2023, 4, 15),
        plans={2023: (15000, None)},
        content="2023年谋划实施的强链延链补链项目：工业副产氢纯化及综合利用。",
    ),
    _p(
        "jk-zhongyuan-psa-hydrogen",
        "中原乙烯PSA制氢项目",
        "jingkai",
        level=Level.CITY,
        industry="hydrogen",
        stage=Stage.PLANNED,
        total=30000,
        owner="zhongyuan-ethylene",
        start_planned=D(2023, 7, 31),
        plans={2023: (8000, None)},
        content="2023年谋划实施的强链延链补链项目：变压吸附（PSA）制氢装置。",
    ),
    # --- 城乡一体化示范区 ------------------------------------------------------------------
    _p(
        "sf-taihe-lakeside",
        "泰和湖畔项目",
        "shifanqu",
        level=Level.CITY,
        category=Category.SOCIAL,
        stage=Stage.UNDER_CONSTRUCTION,
        total=80000,
        start=D(2021, 5, 20),
        completion_planned=D(2024, 5, 31),
        plans={2022: (15000, 15800), 2023: (18000, None)},
        content="建设住宅、社区服务配套及湖畔景观。",
    ),
    _p(
        "sf-yellow-river-canal",
        "引黄灌溉调节水库连接渠项目",
        "shifanqu",
        level=Level.CITY,
        category=Category.INFRASTRUCTURE,
        stage=Stage.UNDER_CONSTRUCTION,
        total=25000,
        start=D(2021, 10, 12),
        completion_planned=D(2023, 10, 31),
        plans={2022: (8000, 8300), 2023: (6000, None)},
        content="建设引黄灌溉调节水库连接渠及配套建筑物。",
    ),
    # --- 工业园区 ----------------------------------------------------------------------
    _p(
        "gy-junheng-bio-energy",
        "君恒生物年产30万吨生物新能源项目",
        "gongyeyuan",
        level=Level.PROVINCIAL,
        industry="bio-energy",
        stage=Stage.IN_PRODUCTION,
        total=150000,
        owner="junheng",
        signed=D(2022, 2, 25),
        start=D(2022, 4, 10),
        production=D(2022, 8, 12),
        plans={2022: (60000, 75000)},
        content="年产30万吨生物新能源；仅用4个月建成投产，在全球率先开发高抗酸性、"
        "抗水性催化剂及废弃动植物油加氢处理工艺。",
    ),
    _p(
        "gy-enying-benzoxazine",
        "恩赢苯并噁嗪树脂项目",
        "gongyeyuan",
        level=Level.CITY,
        industry="chemical-materials",
        stage=Stage.IN_PRODUCTION,
        total=60000,
        owner="enying",
        signed=D(2021, 10, 15),
        start=D(2021, 12, 1),
        production=D(2022, 11, 18),
        plans={2022: (20000, 24500)},
        content="与山东大学合作，一年内建成全国最大的苯并噁嗪树脂生产项目。",
    ),
    _p(
        "gy-zhanchen-coatings",
        "展辰新材料项目",
        "gongyeyuan",
        level=Level.CITY,
        industry="coatings",
        stage=Stage.IN_PRODUCTION,
        total=50000,
        owner="zhanchen",
        signed=D(2021, 7, 8),
        start=D(2021, 9, 16),
        production=D(2022, 10, 26),
        plans={2022: (18000, 21000)},
        content="建设环保涂料生产线，已建成投产。",
    ),
    _p(
        "gy-baoli",
        "宝利新材料项目",
        "gongyeyuan",
        level=Level.CITY,
        industry="chemical-materials",
        stage=Stage.UNDER_CONSTRUCTION,
        total=45000,
        owner="baoli",
        signed=D(2021, 11, 3),
        start=D(2022, 2, 20),
        completion_planned=D(2023, 6, 30),
        plans={2022: (15000, 17200), 2023: (12000, None)},
        content="即将建成。",
    ),
    _p(
        "gy-hangmin-methylamine",
        "航民甲胺项目",
        "gongyeyuan",
        level=Level.PROVINCIAL,
        industry="chemical-materials",
        stage=Stage.UNDER_CONSTRUCTION,
        total=80000,
        owner="hangmin",
        signed=D(2021, 12, 20),
        start=D(2022, 3, 8),
        completion_planned=D(2023, 6, 30),
        plans={2022: (25000, 29800), 2023: (20000, None)},
        content="建设甲胺及下游产品生产装置；园区帮助解决运输、用电等难题，即将建成。",
    ),
    _p(
        "gy-sankeshu-coatings",
        "三棵树涂料项目",
        "gongyeyuan",
        level=Level.PROVINCIAL,
        industry="coatings",
        stage=Stage.UNDER_CONSTRUCTION,
        total=100000,
        owner="sankeshu",
        signed=D(2022, 1, 12),
        start=D(2022, 5, 16),
        completion_planned=D(2024, 3, 31),
        plans={2022: (20000, 22000), 2023: (35000, None)},
        content="建设建筑涂料、防水材料生产基地，正在加快建设。",
    ),
    _p(
        "gy-baolijia",
        "保立佳新材料项目",
        "gongyeyuan",
        level=Level.CITY,
        industry="coatings",
        stage=Stage.UNDER_CONSTRUCTION,
        total=40000,
        owner="baolijia",
        signed=D(2022, 2, 18),
        start=D(2022, 6, 2),
        completion_planned=D(2023, 12, 31),
        plans={2022: (12000, 13100), 2023: (15000, None)},
        content="建设丙烯酸乳液生产线，正在加快建设。",
    ),
    _p(
        "gy-pudong-dry-port",
        "濮东铁路无水港集装箱物流园项目",
        "gongyeyuan",
        level=Level.PROVINCIAL,
        category=Category.INFRASTRUCTURE,
        industry="logistics",
        stage=Stage.UNDER_CONSTRUCTION,
        total=120000,
        start=D(2021, 11, 26),
        completion_planned=D(2024, 12, 31),
        plans={2022: (20000, 21800), 2023: (25000, None)},
        content="建设铁路专用线、集装箱堆场及多式联运物流园。",
    ),
    _p(
        "gy-dayu",
        "大禹新材料项目",
        "gongyeyuan",
        level=Level.CITY,
        industry="coatings",
        stage=Stage.UNDER_CONSTRUCTION,
        total=30000,
        owner="dayu",
        signed=D(2022, 3, 2),
        start=D(2022, 7, 1),
        completion_planned=D(2023, 9, 30),
        plans={2022: (10000, 11200), 2023: (12000, None)},
        content="建设改性沥青防水材料生产线；“两高”项目目录剔除“改性沥青”后顺利建设。",
    ),
    _p(
        "gy-longdeyang-downstream",
        "龙德洋下游产业延伸项目",
        "gongyeyuan",
        level=Level.CITY,
        industry="chemical-materials",
        stage=Stage.UNDER_CONSTRUCTION,
        total=35000,
        owner="longdeyang",
        signed=D(2021, 11, 30),
        start=D(2022, 3, 28),
        completion_planned=D(2023, 8, 31),
        plans={2022: (8000, 9100), 2023: (10000, None)},
        content="向下游产业延伸，建设新材料深加工装置。",
    ),
    _p(
        "gy-haierxi-downstream",
        "海尔希下游产业延伸项目",
        "gongyeyuan",
        level=Level.DISTRICT,
        industry="chemical-materials",
        stage=Stage.UNDER_CONSTRUCTION,
        total=25000,
        owner="haierxi",
        signed=D(2022, 4, 6),
        start=D(2022, 6, 20),
        completion_planned=D(2023, 9, 30),
        plans={2022: (6000, 6900), 2023: (9000, None)},
        content="向下游产业延伸，建设精细化工产品生产线。",
    ),
]


@dataclass(frozen=True)
class Target:
    """Aggregates a unit's 2022 year list must reproduce, and how many sample rows to add."""

    projects_2022: int
    planned_2022: int
    completed_2022: int
    enterprises: int
    above_scale: int
    cadres: int
    rounds: tuple
    round_window_start: datetime.date
    projects_2023_new: int = 4


# Article figures: 华龙区 29 projects, 59.2 亿元 done, 137.0 % (plans 432,100 万元 → 37.0
# points ahead), 475 cadres; 经开区 75 above-scale enterprises, 528 cadres; 示范区 45 key
# enterprises, 43 key projects; 工业园区 53 cadres, "超额完成年度投资计划". The other units'
# plan and completion sums are sample values.
TARGETS = {
    "hualong": Target(
        projects_2022=29,
        planned_2022=432100,
        completed_2022=592000,
        enterprises=50,
        above_scale=22,
        cadres=475,
        rounds=(D(2021, 10, 26), D(2022, 1, 18), D(2022, 5, 26), D(2022, 12, 6)),
        round_window_start=D(2021, 6, 1),
    ),
    "jingkai": Target(
        projects_2022=28,
        planned_2022=365000,
        completed_2022=412450,
        enterprises=96,
        above_scale=75,
        cadres=528,
        rounds=(D(2022, 3, 29), D(2022, 8, 30), D(2022, 12, 27)),
        round_window_start=D(2021, 11, 1),
    ),
    "shifanqu": Target(
        projects_2022=43,
        planned_2022=286000,
        completed_2022=298900,
        enterprises=45,
        above_scale=18,
        cadres=36,
        rounds=(D(2022, 4, 20), D(2022, 9, 22)),
        round_window_start=D(2021, 12, 1),
        projects_2023_new=49,
    ),
    "gongyeyuan": Target(
        projects_2022=22,
        planned_2022=300000,
        completed_2022=352500,
        enterprises=45,
        above_scale=24,
        cadres=53,
        rounds=(D(2021, 11, 5), D(2022, 4, 28), D(2022, 10, 20)),
        round_window_start=D(2021, 6, 1),
    ),
}
HUALONG_ROUND_PROJECTS = 41  # "开展4期“三个一批”活动，累计实施重大项目41个"
HYDROGEN_SUMMIT = D(2022, 11, 18)  # 2022中国氢能产业发展(濮阳)峰会: 4 projects, 60 亿元
SHIFANQU_2023 = {"projects": 73, "industrial": 35, "continuing": 24, "total": 3900000, "big": 6}

# 经开区 2022 funding: 1.66 亿元 central budget, 5.93 亿元 special bonds, 91.4 % disbursed
# (69,373 of 75,900 万元). 示范区 2022: 2,505 万元 central budget. (project, kind, secured,
# disbursed).
FUNDING_2022 = [
    ("jk-maiqi-new-materials", FundingKind.CENTRAL_BUDGET, 6000, 6000),
    ("jk-jd-digital-economy", FundingKind.CENTRAL_BUDGET, 4000, 4000),
    ("jk-lianzhong-aerospace-fuel", FundingKind.CENTRAL_BUDGET, 3600, 3600),
    ("jk-chemical-park-pipe-gallery", FundingKind.CENTRAL_BUDGET, 3000, 2180),
    ("jk-chemical-park-pipe-gallery", FundingKind.SPECIAL_BOND, 20000, 18500),
    ("jk-standard-factories", FundingKind.SPECIAL_BOND, 15000, 14000),
    ("jk-maiqi-new-materials", FundingKind.SPECIAL_BOND, 14300, 12593),
    ("jk-sewage-plant-upgrade", FundingKind.SPECIAL_BOND, 10000, 8500),
    ("sf-yellow-river-canal", FundingKind.CENTRAL_BUDGET, 1405, 1405),
    ("sf-s-infra-01", FundingKind.CENTRAL_BUDGET, 600, 520),
    ("sf-s-social-01", FundingKind.CENTRAL_BUDGET, 500, 500),
    ("gy-junheng-bio-energy", FundingKind.BANK_LOAN, 30000, 30000),
    ("gy-enying-benzoxazine", FundingKind.BANK_LOAN, 2300, 2300),
    ("gy-pudong-dry-port", FundingKind.CENTRAL_BUDGET, 5000, 4200),
    ("gy-pudong-dry-port", FundingKind.SPECIAL_BOND, 12000, 10800),
    ("hl-zhongxin-taikang", FundingKind.BANK_LOAN, 50000, 50000),
    ("hl-medical-big-data", FundingKind.SPECIAL_BOND, 20000, 17600),
    ("hl-guohong-hydrogen", FundingKind.SELF_RAISED, 30000, 30000),
    ("hl-hydrogen-institute", FundingKind.PROVINCIAL, 3000, 2600),
]
FUNDING_2023 = [
    ("jk-zkpy-mma", FundingKind.INDUSTRY_FUND, 50000, 20000),
    ("jk-maiqi-new-materials", FundingKind.BANK_LOAN, 30000, 12000),
    ("sf-taihe-lakeside", FundingKind.SPECIAL_BOND, 8000, 3000),
    ("hl-guohong-hydrogen", FundingKind.INDUSTRY_FUND, 20000, 5000),
    ("gy-sankeshu-coatings", FundingKind.SELF_RAISED, 15000, 9000),
]
# 经开区's infrastructure projects that carry the special bonds (sample, with 2022 plans).
JINGKAI_INFRA = [
    ("jk-chemical-park-pipe-gallery", "经开区化工园区公共管廊项目", 60000, (22000, 23100)),
    ("jk-standard-factories", "经开区标准化厂房建设项目", 45000, (18000, 19500)),
    ("jk-sewage-plant-upgrade", "经开区污水处理厂提标改造项目", 28000, (12000, 12600)),
]
# The three other projects signed at the hydrogen summit (sample), 600,000 万元 with 海德利森.
SUMMIT_PROJECTS = [
    ("hl-fuel-cell-vehicles", "氢燃料电池商用车生产基地项目", 150000),
    ("hl-membrane-electrode", "膜电极及电堆生产项目", 130000),
    ("hl-hydrogen-stations", "加氢站网络建设项目", 120000),
]
# Projects that stay unpublished (visibility tests): draft entries not yet on a list.
UNPUBLISHED = [
    ("jk-s-draft", "经开区精细化工中试基地项目（拟报）", "jingkai"),
    ("gy-s-draft", "工业园区危化品停车场项目（拟报）", "gongyeyuan"),
]

# --- Word pools for sample rows ------------------------------------------------------------

SURNAMES = (
    "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕"
    "苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史"
)


def _words(text):
    return tuple(text.split())


GIVEN = _words(
    "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀英 霞 平 刚 桂英 建华 建国 晓东 "
    "志强 海燕 红梅 文博 思远 国庆 振华 玉兰 春生 宏伟 永刚 丽娟 雪梅 俊杰 鹏飞 晓峰 亚楠 "
    "立新 卫东 爱民 红霞 建军 金凤 少华 云飞 佳琪 子涵 浩然 一鸣 梦瑶 雨萱 家豪 志刚 秋菊"
)
BRAND_FIRST = "恒瑞泰鑫华宏盛嘉丰润博安信德源达汇锦天新永金百益隆昊"
BRAND_SECOND = "瑞达源丰泰昌业隆晟科宇辰森通和邦阳峰远航创"
# Two-character brands that would read like an enterprise the article names.
BRAND_AVOID = {"宝利", "中原", "东方", "诚信", "联鑫", "中科", "联众", "中氢", "恒君", "龙德"}
BUSINESS = {
    "hydrogen": ["氢能科技", "新能源科技", "氢能装备"],
    "chemical-materials": ["新材料", "化工", "精细化工", "化学"],
    "equipment": ["机械", "智能装备", "装备制造", "石油机械"],
    "new-it": ["信息技术", "电子科技", "数据科技", "软件"],
    "medical-big-data": ["医疗科技", "健康科技", "生物科技"],
    "bio-energy": ["生物能源", "生物科技"],
    "logistics": ["物流", "供应链管理"],
    "coatings": ["涂料", "防水材料", "建材"],
    None: ["商贸", "实业", "食品", "纺织", "农业科技"],
}
INDUSTRIAL_TEMPLATES = {
    "hydrogen": [
        "氢燃料电池电堆生产线项目",
        "高压储氢瓶生产项目",
        "电解水制氢装备项目",
        "氢能重卡运营示范项目",
        "燃料电池系统集成项目",
        "氢气压缩机生产项目",
    ],
    "chemical-materials": [
        "年产5万吨高性能树脂项目",
        "电子级化学品项目",
        "可降解材料项目",
        "特种聚酯切片项目",
        "精细化工中间体项目",
        "碳酸二甲酯项目",
        "特种橡胶助剂项目",
        "高端润滑油项目",
    ],
    "equipment": [
        "智能装备制造项目",
        "石油机械装备项目",
        "环保装备产业园项目",
        "新能源汽车零部件项目",
        "起重机械智能制造项目",
        "数控机床生产项目",
    ],
    "new-it": [
        "数据中心建设项目",
        "智慧城市运营中心项目",
        "软件产业园项目",
        "5G应用示范项目",
        "电子信息产业园项目",
        "智能终端生产项目",
    ],
    "medical-big-data": [
        "医疗影像AI平台项目",
        "健康医疗大数据中心项目",
        "智能医疗器械生产项目",
        "远程医疗服务平台项目",
    ],
    "bio-energy": ["生物柴油项目", "生物航煤项目", "秸秆综合利用项目", "生物天然气项目"],
    "logistics": ["冷链物流园项目", "智慧物流中心项目", "电商快递分拨中心项目", "仓储物流项目"],
    "coatings": ["水性涂料项目", "防水卷材项目", "功能涂料项目", "建筑新材料项目"],
}
INFRA_TEMPLATES = [
    "道路改造工程",
    "雨污分流改造工程",
    "供水管网改造项目",
    "污水处理厂扩建项目",
    "城市更新项目",
    "老旧小区改造项目",
    "公共停车场建设项目",
    "口袋公园建设项目",
    "热力管网建设项目",
    "燃气管网改造项目",
    "排涝泵站建设项目",
    "农村道路提升工程",
    "背街小巷提升工程",
    "河道综合治理工程",
    "电力线路入地工程",
]
SOCIAL_TEMPLATES = [
    "中学新校区建设项目",
    "小学建设项目",
    "幼儿园建设项目",
    "社区卫生服务中心项目",
    "养老服务中心项目",
    "职业技能实训基地项目",
    "文体活动中心项目",
    "便民服务中心项目",
    "医院病房楼建设项目",
    "保障性租赁住房项目",
    "图书馆建设项目",
    "全民健身中心项目",
]
PHASES = ["", "（二期）", "（三期）", "（四期）", "（五期）"]
INDUSTRY_MIX = {
    "hualong": ["hydrogen", "hydrogen", "new-it", "medical-big-data", "equipment"],
    "jingkai": ["chemical-materials", "chemical-materials", "equipment", "new-it", "hydrogen"],
    "shifanqu": ["equipment", "new-it", "logistics", "chemical-materials"],
    "gongyeyuan": ["chemical-materials", "chemical-materials", "coatings", "bio-energy"],
}
# (industrial, infrastructure, social) sample projects on each unit's 2022 list.
CATEGORY_MIX_2022 = {
    "hualong": (17, 5, 3),
    "jingkai": (16, 4, 2),
    "shifanqu": (14, 15, 12),
    "gongyeyuan": (9, 2, 0),
}
UNIT_PREFIX = {
    "hualong": "华龙区",
    "jingkai": "经开区",
    "shifanqu": "示范区",
    "gongyeyuan": "工业园区",
}
CADRE_UNITS = {
    "hualong": [
        "发展和改革委员会",
        "工业和信息化局",
        "商务局",
        "财政局",
        "自然资源局",
        "住房和城乡建设局",
        "人力资源和社会保障局",
        "市场监督管理局",
        "科学技术局",
        "中原路街道办事处",
        "胜利路街道办事处",
        "人民路街道办事处",
    ],
    "jingkai": [
        "党政办公室",
        "经济发展局",
        "财政局",
        "投资促进局",
        "规划建设局",
        "应急管理局",
        "营商环境服务中心",
        "社会事业局",
    ],
    "shifanqu": ["经济发展局", "财政局", "建设管理局", "招商服务中心", "社会事业局"],
    "gongyeyuan": ["经济发展局", "规划建设局", "招商局", "财政局", "安全生产监督管理局"],
}
CADRE_POSTS = ["科长", "副科长", "主任", "副主任", "一级主任科员", "二级主任科员", "四级主任科员"]
CADRE_RANKS = {"hualong": ["正科级", "副科级"], None: ["正科级", "副科级", "科员"]}
RESPONSIBLE = {
    ProblemCategory.LABOUR: "人力资源和社会保障局",
    ProblemCategory.FUNDING: "金融工作局",
    ProblemCategory.LAND: "自然资源分局",
    ProblemCategory.APPROVAL: "政务服务中心",
    ProblemCategory.TRANSPORT: "交通运输局",
    ProblemCategory.POWER: "供电服务中心",
    ProblemCategory.POLICY: "税务局",
    ProblemCategory.OTHER: "住房和城乡建设局",
}
PROBLEM_TEMPLATES = {
    ProblemCategory.LABOUR: [
        ("一线技术工人招聘困难", "企业扩产后一线操作工和维修电工缺口较大，需协助对接职业院校。"),
        ("项目投产急需专业技术人才", "新装置投产前需招聘化工操作人员，本地储备不足。"),
    ],
    ProblemCategory.FUNDING: [
        ("流动资金紧张", "原材料价格上涨，企业流动资金周转困难，希望对接银行贷款。"),
        ("设备购置贷款审批慢", "项目设备采购需要中长期贷款，银行审批周期较长。"),
    ],
    ProblemCategory.LAND: [
        ("项目用地指标不足", "二期项目用地指标尚未落实，影响开工计划。"),
        ("土地证办理滞后", "项目已摘牌，不动产权证书尚未办理完成。"),
    ],
    ProblemCategory.APPROVAL: [
        ("施工许可办理进度慢", "项目施工许可所需材料较多，希望提供帮办代办服务。"),
        ("环评批复时间较长", "项目环评报告书已报送，希望加快技术评审。"),
    ],
    ProblemCategory.TRANSPORT: [
        ("原料运输车辆通行受限", "危化品运输车辆进出园区路线受限，影响原料供应。"),
        ("园区道路破损影响物流", "厂区门前道路破损严重，大型车辆通行困难。"),
    ],
    ProblemCategory.POWER: [
        ("项目用电负荷不足", "新建装置用电负荷增加，现有线路容量不能满足需求。"),
        ("临时用电接入慢", "项目施工临时用电接入手续办理时间较长。"),
    ],
    ProblemCategory.POLICY: [
        ("惠企政策申报流程不清楚", "企业对研发费用加计扣除、留抵退税等政策申报流程不熟悉。"),
        ("专项资金申报咨询", "企业希望申报省先进制造业发展专项资金，需要政策辅导。"),
    ],
    ProblemCategory.OTHER: [
        ("厂区周边环境整治", "厂区周边排水不畅，雨季易积水。"),
        ("员工通勤公交线路不足", "园区员工通勤不便，希望增开公交线路。"),
    ],
}
RESOLUTIONS = {
    ProblemCategory.LABOUR: "组织专场招聘会并对接职业院校，帮助企业招聘到所需人员。",
    ProblemCategory.FUNDING: "组织银企对接，协调合作银行完成授信并发放贷款。",
    ProblemCategory.LAND: "协调自然资源部门调整用地计划，相关手续已办结。",
    ProblemCategory.APPROVAL: "实行帮办代办和并联审批，相关审批已办结。",
    ProblemCategory.TRANSPORT: "协调交警、交通部门优化通行路线并修复道路。",
    ProblemCategory.POWER: "协调供电部门新建专线，已完成送电。",
    ProblemCategory.POLICY: "税费政策工作组上门辅导，企业已完成申报。",
    ProblemCategory.OTHER: "协调有关部门完成整治。",
}
REJECTION_REASONS = [
    "反映事项属于企业间合同纠纷，应通过司法途径解决，不予受理。",
    "反映事项不属于本单位职责范围，已告知企业向有关部门反映。",
    "该诉求已在其他问题中受理，不重复受理。",
]
RETURN_REASONS = [
    "本月完成投资与形象进度不符，请核实后重新上报。",
    "完成投资数据与统计入库数据不一致，请核实。",
    "缺少现场照片和形象进度说明，请补充后重新上报。",
]
VISIT_SUMMARIES = [
    "了解企业生产经营情况，宣传惠企政策。",
    "查看项目建设进度，收集企业诉求。",
    "协调解决企业用工需求。",
    "走访了解企业融资需求。",
    "督导安全生产和节能降耗工作。",
    "了解企业订单和原材料供应情况。",
]
SEASON = [0.55, 0.45, 0.9, 1.0, 1.05, 1.05, 0.95, 0.95, 1.05, 1.1, 1.05, 1.15]
READABLE = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


# --- Small deterministic helpers --------------------------------------------------------


def credit_code(seq, *, region="410900", entity="91", org="DM"):
    """A valid placeholder credit code: entity type, region, `DM` + 7 digits, check char."""
    body = f"{entity}{region}{org}{seq:07d}"
    return body + uscc.calc_check_digit(body)


def readable(n, width):
    """n written in the tracking-code alphabet (no 0/O/1/I), zero-padded to width."""
    chars = []
    for _ in range(width):
        n, rest = divmod(n, len(READABLE))
        chars.append(READABLE[rest])
    return "".join(reversed(chars))


def add_days(day, days):
    return day + datetime.timedelta(days=days)


def add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return D(year, month + 1, min(day.day, 28))


def random_day(rng, start, end):
    return add_days(start, rng.randint(0, max(0, (end - start).days)))


def at(day, hour=10):
    """A fixed aware datetime on a day (reports' submission and review times)."""
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=TZ)


def split(total, weights, step=1):
    """Integers (multiples of `step`) proportional to weights, summing exactly to total."""
    scale = total / sum(weights)
    parts = [max(step, int(w * scale / step) * step) for w in weights]
    parts[parts.index(max(parts))] += total - sum(parts)
    assert min(parts) > 0, "split produced a non-positive part"
    return parts


def monthly(total, first, last, rng):
    """Split an amount over months first..last with a seasonal shape (Spring Festival dip)."""
    months = list(range(first, last + 1))
    weights = [SEASON[m - 1] * rng.uniform(0.85, 1.15) for m in months]
    scale = total / sum(weights)
    amounts = [int(w * scale) for w in weights]
    amounts[-1] += total - sum(amounts)
    return dict(zip(months, amounts, strict=True))


def person_names(count, seed):
    """`count` distinct Chinese names, always the same for the same seed."""
    pool = [s + g for s in SURNAMES for g in GIVEN]
    random.Random(seed).shuffle(pool)
    assert count <= len(pool)
    return pool[:count]


def brands(seed):
    pool = [a + b for a in BRAND_FIRST for b in BRAND_SECOND if a != b]
    pool = [b for b in pool if b not in BRAND_AVOID]
    random.Random(seed).shuffle(pool)
    return iter(pool)


def month_after(year, month):
    return (year + 1, 1) if month == 12 else (year, month + 1)


# --- The data set --------------------------------------------------------------------------


@dataclass
class DemoData:
    """Every demo row as a dict of field values; references are natural keys."""

    districts: list = field(default_factory=list)
    industries: list = field(default_factory=list)
    labels: list = field(default_factory=list)
    enterprises: list = field(default_factory=list)
    projects: list = field(default_factory=list)
    plans: list = field(default_factory=list)
    reports: list = field(default_factory=list)
    milestones: list = field(default_factory=list)
    funding: list = field(default_factory=list)
    approvals: list = field(default_factory=list)
    rounds: list = field(default_factory=list)
    round_entries: list = field(default_factory=list)
    cadres: list = field(default_factory=list)
    assignments: list = field(default_factory=list)
    meetings: list = field(default_factory=list)
    visits: list = field(default_factory=list)
    problems: list = field(default_factory=list)
    support: list = field(default_factory=list)


class Builder:
    """Builds `DemoData`: the article's rows plus deterministic sample rows around them."""

    def __init__(self):
        self.data = DemoData()
        self.enterprise_by_key = {}
        self.project_by_code = {}
        self.project_names = set()
        self.brands = brands("demo:brands")
        self.cadres_by_district = defaultdict(list)
        self.leaders = []
        self.subject_cadres = defaultdict(list)
        self.meetings_by_district = defaultdict(list)
        self.problem_seq = 0
        self.submitters = person_names(500, "demo:submitters")

    def rng(self, *parts):
        return random.Random("demo:" + ":".join(str(p) for p in parts))

    def build(self):
        self.reference_data()
        self.enterprises()
        self.projects()
        self.plans_and_reports()
        self.milestones()
        self.rounds()
        self.funding()
        self.approvals()
        self.cadres()
        self.assignments()
        self.meetings()
        self.visits()
        self.problems()
        self.support()
        return self.data

    # -- reference data ---------------------------------------------------------------

    def reference_data(self):
        self.data.districts = [{**CITY, "parent": None}] + [
            {**d, "parent": CITY["code"]} for d in DISTRICTS
        ]
        self.data.industries = [
            {"code": code, "name": name, "order": i} for i, (code, name) in enumerate(INDUSTRIES)
        ]
        self.data.labels = [{"code": code, "name": name} for code, name in LABELS]

    # -- enterprises --------------------------------------------------------------------

    def add_enterprise(
        self,
        key,
        name,
        district,
        industry,
        *,
        seq,
        above=False,
        sample=False,
        kind=EnterpriseKind.ENTERPRISE,
        labels=(),
        brand=None,
        contact=None,
    ):
        entity = "12" if kind == EnterpriseKind.INSTITUTE else "91"
        row = {
            "key": key,
            "name": name,
            "credit_code": credit_code(seq, region=REGION.get(district, "410900"), entity=entity),
            "kind": kind,
            "district": district,
            "industry": industry,
            "is_above_scale": above,
            "address": f"濮阳市{UNIT_PREFIX[district]}" if district != "puyang" else "濮阳市",
            "contact_person": contact[0] if contact else "",
            "contact_phone": contact[1] if contact else "",
            "is_sample": sample,
            "labels": list(labels),
            "brand": brand,
        }
        self.data.enterprises.append(row)
        self.enterprise_by_key[key] = row
        return row

    def enterprises(self):
        for seq, (key, name, district, industry, extra) in enumerate(ARTICLE_ENTERPRISES, 1):
            self.add_enterprise(
                key,
                name,
                district,
                industry,
                seq=seq,
                above=extra.get("above", False),
                kind=extra.get("kind", EnterpriseKind.ENTERPRISE),
            )
        contacts = iter(person_names(400, "demo:contacts"))
        for order, d in enumerate(DISTRICTS, 1):
            code = d["code"]
            target = TARGETS[code]
            rng = self.rng("enterprises", code)
            named = [e for e in self.data.enterprises if e["district"] == code]
            above_left = target.above_scale - sum(e["is_above_scale"] for e in named)
            mix = INDUSTRY_MIX[code] + [None]
            for i in range(target.enterprises - len(named)):
                industry = mix[i % len(mix)]
                brand = next(self.brands)
                name = f"濮阳{brand}{rng.choice(BUSINESS[industry])}有限公司"
                labels = []
                if rng.random() < 0.35:
                    labels = rng.sample([c for c, _ in LABELS], rng.randint(1, 2))
                self.add_enterprise(
                    f"{PREFIX[code]}-e{i + 1:02d}",
                    name,
                    code,
                    industry,
                    seq=100000 + order * 1000 + i + 1,
                    above=i < above_left,
                    sample=True,
                    labels=sorted(labels),
                    brand=brand,
                    contact=(next(contacts), f"0393-66{order}{i + 1:04d}"),
                )

    def owners(self, district, industry):
        """Sample enterprises of a unit that can own a sample project, best match first."""
        pool = [
            e
            for e in self.data.enterprises
            if e["district"] == district and e["is_sample"] and e["kind"] == "enterprise"
        ]
        same = [e for e in pool if e["industry"] == industry]
        return same or pool

    # -- projects -----------------------------------------------------------------------

    def unique_name(self, base):
        for phase in PHASES:
            name = base.replace("项目", f"{phase}项目", 1) if phase else base
            if phase and "项目" not in base:
                name = base + phase
            if name not in self.project_names:
                self.project_names.add(name)
                return name
        raise ValueError(f"too many projects named {base}")

    def add_project(self, row):
        defaults = {
            "category": Category.INDUSTRIAL,
            "industry": None,
            "owner": None,
            "signed": None,
            "start": None,
            "start_planned": None,
            "production": None,
            "production_planned": None,
            "completion": None,
            "completion_planned": None,
            "content": "",
            "article": False,
            "published": True,
            "national_code": "",
            "plans": {},
        }
        row = {**defaults, **row}
        row["is_sample"] = not row.pop("article")
        self.project_names.add(row["name"])
        self.data.projects.append(row)
        self.project_by_code[row["code"]] = row
        return row

    def projects(self):
        for row in ARTICLE_PROJECTS:
            self.add_project(dict(row))
        for code, name, total, plan in JINGKAI_INFRA:
            self.add_project(
                _p(
                    code,
                    name,
                    "jingkai",
                    level=Level.CITY,
                    category=Category.INFRASTRUCTURE,
                    stage=Stage.UNDER_CONSTRUCTION,
                    total=total,
                    start=D(2021, 11, 8) if "管廊" in name else D(2022, 3, 1),
                    completion_planned=D(2023, 12, 31),
                    plans={2022: plan, 2023: (int(plan[0] * 0.8), None)},
                    content="经开区园区基础设施，使用地方政府专项债券资金。",
                )
            )
        for code, name, total in SUMMIT_PROJECTS:
            self.add_project(
                _p(
                    code,
                    name,
                    "hualong",
                    level=Level.CITY,
                    industry="hydrogen",
                    stage=Stage.SIGNED,
                    total=total,
                    signed=HYDROGEN_SUMMIT,
                    start_planned=D(2023, 4, 30),
                    plans={2023: (total // 10, None)},
                    content="2022中国氢能产业发展（濮阳）峰会签约项目。",
                )
            )
        for code, name, district in UNPUBLISHED:
            self.add_project(
                _p(
                    code,
                    name,
                    district,
                    level=Level.DISTRICT,
                    category=Category.INFRASTRUCTURE,
                    stage=Stage.PLANNED,
                    total=8000,
                    start_planned=D(2023, 10, 31),
                    published=False,
                    content="尚在谋划，未列入年度计划，暂不公开。",
                )
            )
        for d in DISTRICTS:
            self.sample_projects_2022(d["code"])
        self.hualong_extras()
        for d in DISTRICTS:
            self.cover_rounds(d["code"])
            self.sample_projects_2023(d["code"])
        for row in self.data.projects:
            self.complete_project(row)

    def round_windows(self, district):
        target = TARGETS[district]
        starts = [target.round_window_start] + [add_days(r, 1) for r in target.rounds[:-1]]
        return list(zip(starts, target.rounds, strict=True))

    def sample_name(self, district, category, industry, owner, rng):
        if category == Category.INDUSTRIAL:
            base = owner["brand"] + rng.choice(INDUSTRIAL_TEMPLATES[industry])
        elif category == Category.INFRASTRUCTURE:
            base = UNIT_PREFIX[district] + rng.choice(INFRA_TEMPLATES)
        else:
            base = UNIT_PREFIX[district] + rng.choice(SOCIAL_TEMPLATES)
        return self.unique_name(base)

    def sample_projects_2022(self, district):
        """Sample projects that complete the unit's 2022 list and its article aggregates."""
        target = TARGETS[district]
        rng = self.rng("projects-2022", district)
        named = [p for p in self.data.projects if p["district"] == district and 2022 in p["plans"]]
        n_ind, n_infra, n_social = CATEGORY_MIX_2022[district]
        count = target.projects_2022 - len(named)
        assert count == n_ind + n_infra + n_social, district
        plan_left = target.planned_2022 - sum(p["plans"][2022][0] for p in named)
        done_left = target.completed_2022 - sum(p["plans"][2022][1] for p in named)
        plans = split(plan_left, [rng.uniform(0.4, 1.6) for _ in range(count)], step=100)
        average = done_left / plan_left
        # A few projects fall behind schedule so that warning lights show.
        ratios = [
            rng.uniform(0.55, 0.8) if i % 9 == 4 else rng.uniform(average * 0.9, average * 1.25)
            for i in range(count)
        ]
        dones = split(done_left, [p * r for p, r in zip(plans, ratios, strict=True)])
        categories = (
            [Category.INDUSTRIAL] * n_ind
            + [Category.INFRASTRUCTURE] * n_infra
            + [Category.SOCIAL] * n_social
        )
        windows = self.round_windows(district)
        # Which sample projects finish in 2022; 示范区: exactly 24 projects continue into 2023
        # (the two named ones among them).
        if district == "shifanqu":
            finishing = set(rng.sample(range(count), count - (SHIFANQU_2023["continuing"] - 2)))
        else:
            finishing = {i for i in range(count) if rng.random() < 0.3}
        if district == "hualong":
            finishing.add(0)
        numbers = defaultdict(int)
        mix = INDUSTRY_MIX[district]
        for i, category in enumerate(categories):
            numbers[category] += 1
            short = {"industrial": "ind", "infrastructure": "infra", "social": "social"}[category]
            code = f"{PREFIX[district]}-s-{short}-{numbers[category]:02d}"
            industry = mix[i % len(mix)] if category == Category.INDUSTRIAL else None
            owner = None
            if category == Category.INDUSTRIAL:
                owners = self.owners(district, industry)
                owner = owners[i % len(owners)]
            old = district != "hualong" and rng.random() < 0.35
            if old:
                start = random_day(rng, D(2020, 3, 1), D(2021, 5, 31))
            else:
                lo, hi = windows[i % len(windows)]
                hi = min(hi, D(2022, 9, 30))
                start = random_day(rng, lo, hi)
            signed = None
            if category == Category.INDUSTRIAL:
                signed = add_days(start, -rng.randint(10, 45))
                if district == "hualong" and signed < TARGETS["hualong"].round_window_start:
                    signed = None
            finishes = i in finishing
            finish_on = None
            if finishes:
                earliest = max(add_days(start, 150), D(2022, 2, 1))
                finish_on = random_day(rng, earliest, max(earliest, D(2022, 12, 28)))
            if district == "hualong" and i == 0:
                # Something goes into production in the third round's window.
                finish_on = random_day(rng, D(2022, 2, 10), D(2022, 5, 20))
            level_pool = (
                [Level.PROVINCIAL, Level.CITY, Level.CITY]
                if district == "hualong"
                else [Level.PROVINCIAL, Level.CITY, Level.CITY, Level.DISTRICT]
            )
            factor = rng.uniform(1.05, 1.4) if finishes else rng.uniform(1.8, 4.0)
            total = max(int(dones[i] * factor / 1000 + 1) * 1000, plans[i])
            if district == "shifanqu" and category == Category.INDUSTRIAL:
                total = min(total, 95000)
            row = _p(
                code,
                self.sample_name(district, category, industry, owner, rng),
                district,
                level=level_pool[i % len(level_pool)],
                category=category,
                industry=industry,
                owner=owner["key"] if owner else None,
                total=total,
                signed=signed,
                start=start,
                plans={2022: (plans[i], dones[i])},
                national_code=self.national_code(district, start, len(self.data.projects))
                if i % 3 == 0
                else "",
            )
            if finish_on:
                key = "production" if category == Category.INDUSTRIAL else "completion"
                row[key] = finish_on
                row["stage"] = (
                    Stage.IN_PRODUCTION if category == Category.INDUSTRIAL else Stage.COMPLETED
                )
            else:
                row["stage"] = Stage.UNDER_CONSTRUCTION
                row["completion_planned"] = add_months(start, rng.randint(18, 36))
                remaining = total - dones[i]
                row["plans"][2023] = (
                    max(100, int(remaining * rng.uniform(0.3, 0.6) / 100) * 100),
                    None,
                )
            self.add_project(row)

    def cover_rounds(self, district):
        """Give every round a project put into production (投产一批) in its window.

        A sample project that went into production in 2022 is moved into an empty window
        when it can be; otherwise a sample project finished before 2022 is added.
        """
        rng = self.rng("cover-rounds", district)
        windows = self.round_windows(district)

        def window_of(day):
            return next((n for n, (lo, hi) in enumerate(windows) if day and lo <= day <= hi), None)

        for number, (lo, hi) in enumerate(windows):
            ours = [p for p in self.data.projects if p["district"] == district]
            producing = [p for p in ours if p["production"]]
            if any(window_of(p["production"]) == number for p in producing):
                continue
            counts = defaultdict(int)
            for p in producing:
                counts[window_of(p["production"])] += 1
            movable = [
                p
                for p in producing
                if p["is_sample"]
                and p["production"].year == 2022
                and (window_of(p["production"]) is None or counts[window_of(p["production"])] > 1)
                and max(add_days(p["start"], 120), lo, D(2022, 2, 1)) <= hi
            ]
            if movable:
                p = movable[0]
                p["production"] = random_day(
                    rng, max(add_days(p["start"], 120), lo, D(2022, 2, 1)), hi
                )
                continue
            industry = INDUSTRY_MIX[district][number % len(INDUSTRY_MIX[district])]
            owner = self.owners(district, industry)[number]
            production = random_day(rng, lo, min(hi, D(2021, 12, 31)))
            self.add_project(
                _p(
                    f"{PREFIX[district]}-s-done-{number + 1:02d}",
                    self.sample_name(district, Category.INDUSTRIAL, industry, owner, rng),
                    district,
                    level=Level.DISTRICT,
                    industry=industry,
                    owner=owner["key"],
                    stage=Stage.IN_PRODUCTION,
                    total=rng.randint(8, 30) * 1000,
                    start=add_months(production, -rng.randint(10, 16)),
                    production=production,
                )
            )

    def national_code(self, district, day, seq):
        region = REGION.get(district, "410900")
        return f"{day:%y%m}-{region}-04-01-{500000 + seq:06d}"

    def hualong_extras(self):
        """华龙区: projects finished in 2021 (first round) and one not in any round."""
        rng = self.rng("hualong-extras")
        lo, hi = self.round_windows("hualong")[0]
        for i in range(4):
            industry = INDUSTRY_MIX["hualong"][i]
            owner = self.owners("hualong", industry)[i]
            start = random_day(rng, D(2019, 9, 1), D(2020, 6, 30))
            self.add_project(
                _p(
                    f"hl-s-done-{i + 1:02d}",
                    self.sample_name("hualong", Category.INDUSTRIAL, industry, owner, rng),
                    "hualong",
                    level=Level.DISTRICT,
                    industry=industry,
                    owner=owner["key"],
                    stage=Stage.AT_CAPACITY if i == 0 else Stage.IN_PRODUCTION,
                    total=rng.randint(8, 30) * 1000,
                    start=start,
                    # Two went into production in the first round's window, two in the second's.
                    production=random_day(rng, lo, hi)
                    if i < 2
                    else random_day(rng, D(2021, 11, 1), D(2021, 12, 31)),
                )
            )
        self.add_project(
            _p(
                "hl-s-planned",
                self.unique_name("华龙区智慧停车场建设项目"),
                "hualong",
                level=Level.DISTRICT,
                category=Category.INFRASTRUCTURE,
                stage=Stage.PLANNED,
                total=12000,
                start_planned=D(2023, 9, 30),
                plans={2023: (3000, None)},
            )
        )

    def sample_projects_2023(self, district):
        """New projects on the 2023 list (示范区: enough to reach its 73 projects, 390 亿元)."""
        rng = self.rng("projects-2023", district)
        target = TARGETS[district]
        count = target.projects_2023_new
        if district == "shifanqu":
            listed = [
                p for p in self.data.projects if p["district"] == district and 2023 in p["plans"]
            ]
            assert len(listed) == SHIFANQU_2023["continuing"], len(listed)
            industrial_left = SHIFANQU_2023["industrial"] - sum(
                p["category"] == Category.INDUSTRIAL for p in listed
            )
            total_left = SHIFANQU_2023["total"] - sum(p["total"] for p in listed)
            big = SHIFANQU_2023["big"]
            big_totals = [rng.randint(100, 260) * 1000 for _ in range(big)]
            rest = count - big
            weights = [
                rng.uniform(0.5, 1.0) if i < industrial_left - big else rng.uniform(0.8, 1.6)
                for i in range(rest)
            ]
            totals = big_totals + split(total_left - sum(big_totals), weights, step=100)
            categories = [Category.INDUSTRIAL] * industrial_left + [
                Category.INFRASTRUCTURE if i % 2 else Category.SOCIAL
                for i in range(count - industrial_left)
            ]
        else:
            totals = [rng.randint(10, 80) * 1000 for _ in range(count)]
            categories = [Category.INDUSTRIAL] * (count - 1) + [Category.INFRASTRUCTURE]
        last_window = self.round_windows(district)[-1]
        numbers = defaultdict(int)
        mix = INDUSTRY_MIX[district]
        for i, (category, total) in enumerate(zip(categories, totals, strict=True)):
            numbers[category] += 1
            short = {"industrial": "ind", "infrastructure": "infra", "social": "social"}[category]
            code = f"{PREFIX[district]}-n-{short}-{numbers[category]:02d}"
            industry = mix[i % len(mix)] if category == Category.INDUSTRIAL else None
            owner = None
            if category == Category.INDUSTRIAL:
                owners = self.owners(district, industry)
                owner = owners[(i + 3) % len(owners)]
            row = _p(
                code,
                self.sample_name(district, category, industry, owner, rng),
                district,
                level=[Level.PROVINCIAL, Level.CITY, Level.DISTRICT][i % 3],
                category=category,
                industry=industry,
                owner=owner["key"] if owner else None,
                total=total,
                signed=None,
            )
            if district == "hualong":
                row["signed"] = random_day(rng, last_window[0], last_window[1])
            elif category == Category.INDUSTRIAL and i % 3 != 2:
                row["signed"] = random_day(rng, D(2022, 10, 1), D(2023, 3, 31))
            # A few start in the first quarter of 2023; the others are in preparation (前期).
            starts = (i < 3) if district == "shifanqu" else (i % 2 == 0)
            if starts:
                row["start"] = random_day(rng, D(2023, 1, 5), D(2023, 3, 25))
                if row["signed"] and row["signed"] > row["start"]:
                    row["signed"] = add_days(row["start"], -30)
                row["stage"] = Stage.UNDER_CONSTRUCTION
                row["completion_planned"] = add_months(row["start"], 24)
            else:
                row["stage"] = Stage.SIGNED if row["signed"] else Stage.PLANNED
                row["start_planned"] = random_day(rng, D(2023, 3, 1), D(2023, 12, 31))
            share = rng.uniform(0.2, 0.4) if starts else rng.uniform(0.05, 0.15)
            row["plans"] = {2023: (max(500, int(total * share / 100) * 100), None)}
            self.add_project(row)

    def complete_project(self, row):
        """Derive the remaining project fields from the lifecycle dates."""
        rng = self.rng("project", row["code"])
        start = row["start"]
        if start:
            row["start_planned"] = row["start_planned"] or add_days(start, -rng.randint(0, 40))
        if row["category"] == Category.INDUSTRIAL and row["production"]:
            row["production_planned"] = row["production_planned"] or add_days(
                row["production"], rng.randint(-20, 30)
            )
            row["completion"] = row["completion"] or add_days(
                row["production"], -rng.randint(10, 40)
            )
            if row["completion"] < start:
                row["completion"] = row["production"]
        if row["completion"]:
            row["completion_planned"] = row["completion_planned"] or add_days(
                row["completion"], rng.randint(-30, 30)
            )
            if row["completion_planned"] < row["start_planned"]:
                row["completion_planned"] = row["completion"]
        if row["start_planned"] and not row["completion_planned"]:
            row["completion_planned"] = add_months(row["start_planned"], 24)
        last_plan = max(row["plans"], default=None)
        row["nature"] = (
            Nature.CONTINUING if start and last_plan and start.year < last_plan else Nature.NEW
        )
        lat, lng = CENTRE[row["district"]]
        row["latitude"] = Decimal(f"{lat + rng.uniform(-0.03, 0.03):.6f}")
        row["longitude"] = Decimal(f"{lng + rng.uniform(-0.03, 0.03):.6f}")
        row["location"] = f"濮阳市{UNIT_PREFIX[row['district']]}"

    # -- annual plans and monthly reports -----------------------------------------------

    def finish_date(self, project):
        return project["production"] or project["completion"]

    def plans_and_reports(self):
        for p in self.data.projects:
            for year, (plan, done) in sorted(p["plans"].items()):
                self.data.plans.append(
                    {
                        "project": p["code"],
                        "year": year,
                        "planned_investment": Decimal(plan),
                        "goals": self.goals(p, year, plan),
                    }
                )
                if year == 2022:
                    self.reports_2022(p, done)
                else:
                    self.reports_2023(p, plan)

    def goals(self, p, year, plan):
        finish = self.finish_date(p)
        if finish and finish.year == year:
            aim = "建成投产" if p["production"] else "竣工验收"
        elif p["start"] and p["start"] <= D(year, 12, 31):
            aim = "加快主体工程建设"
        else:
            aim = "完成前期手续并开工建设"
        return f"全年计划完成投资{plan}万元，{aim}。"

    def narrative(self, p, year, month, amount):
        finish = self.finish_date(p)
        if finish and (finish.year, finish.month) == (year, month):
            text = "项目建成投产。" if p["production"] else "项目竣工验收。"
        elif p["start"] and (p["start"].year, p["start"].month) == (year, month):
            text = "项目开工建设，完成场地平整和桩基施工。"
        else:
            stages = ["主体结构施工", "钢结构安装", "设备基础施工", "设备安装调试", "配套管网施工"]
            text = stages[(month + len(p["code"])) % len(stages)] + "。"
        return f"{text}本月完成投资{amount}万元。"

    def report(self, p, year, month, amount, status, rng):
        next_year, next_month = month_after(year, month)
        submitted = D(next_year, next_month, 5)
        row = {
            "project": p["code"],
            "year": year,
            "month": month,
            "completed_investment": Decimal(amount),
            "narrative": self.narrative(p, year, month, amount),
            "problems_met": "",
            "status": status,
            "submitted_at": None if status == ReportStatus.DRAFT else at(submitted, 9),
            "reviewed_at": None,
            "return_reason": "",
        }
        if status in (ReportStatus.APPROVED, ReportStatus.RETURNED):
            row["reviewed_at"] = at(add_days(submitted, 3), 16)
        if status == ReportStatus.RETURNED:
            row["return_reason"] = rng.choice(RETURN_REASONS)
        if rng.random() < 0.12:
            category = rng.choice(list(PROBLEM_TEMPLATES))
            row["problems_met"] = PROBLEM_TEMPLATES[category][0][1]
        self.data.reports.append(row)

    def reports_2022(self, p, done):
        rng = self.rng("reports", p["code"], 2022)
        first = p["start"].month if p["start"].year == 2022 else 1
        finish = self.finish_date(p)
        last = finish.month if finish and finish.year == 2022 else 12
        for month, amount in monthly(done, first, max(first, last), rng).items():
            self.report(p, 2022, month, amount, ReportStatus.APPROVED, rng)

    def reports_2023(self, p, plan):
        """January–March approved; April a mix of every status (some not filed yet)."""
        start = p["start"]
        if not start or start > D(2023, LAST_MONTH_2023, 30):
            return
        rng = self.rng("reports", p["code"], 2023)
        first = start.month if start.year == 2023 else 1
        months = LAST_MONTH_2023 - first + 1
        done = max(months * 10, int(plan * rng.uniform(0.075, 0.115) * months))
        statuses = [ReportStatus.APPROVED] * 8 + [ReportStatus.SUBMITTED] * 5
        statuses += [ReportStatus.DRAFT] * 4 + [ReportStatus.RETURNED] * 3 + [None] * 2
        april = rng.choice(statuses)
        for month, amount in monthly(done, first, LAST_MONTH_2023, rng).items():
            status = ReportStatus.APPROVED if month < LAST_MONTH_2023 else april
            if status:
                self.report(p, 2023, month, amount, status, rng)

    # -- milestones --------------------------------------------------------------------

    def milestones(self):
        for p in self.data.projects:
            rng = self.rng("milestones", p["code"])
            rows = []
            if p["signed"]:
                rows.append(
                    (
                        MilestoneKind.SIGNING,
                        "签约",
                        add_days(p["signed"], -rng.randint(0, 15)),
                        p["signed"],
                    )
                )
            if p["start_planned"]:
                rows.append((MilestoneKind.START, "开工", p["start_planned"], p["start"]))
            if p["start"] and p["completion_planned"]:
                finish = p["completion"] or p["completion_planned"]
                planned = add_days(p["start"], (finish - p["start"]).days * 3 // 5)
                actual = None
                if p["completion"]:
                    actual = min(add_days(planned, rng.randint(-15, 20)), p["completion"])
                elif rng.random() < 0.75:
                    actual = add_days(planned, rng.randint(-15, 30))
                if actual and actual > SNAPSHOT:
                    actual = None
                rows.append((MilestoneKind.MAIN_STRUCTURE, "主体完工", planned, actual))
            if p["completion_planned"]:
                rows.append(
                    (MilestoneKind.COMPLETION, "竣工", p["completion_planned"], p["completion"])
                )
            if p["category"] == Category.INDUSTRIAL and p["completion_planned"]:
                planned = p["production_planned"] or add_days(p["completion_planned"], 30)
                rows.append((MilestoneKind.PRODUCTION, "投产", planned, p["production"]))
                if p["stage"] == Stage.AT_CAPACITY:
                    reached = add_months(p["production"], 8)
                    rows.append((MilestoneKind.FULL_CAPACITY, "达产", reached, reached))
            for kind, name, planned, actual in rows:
                self.data.milestones.append(
                    {
                        "project": p["code"],
                        "kind": kind,
                        "name": name,
                        "planned_date": planned,
                        "actual_date": actual,
                    }
                )

    # -- "三个一批" rounds ----------------------------------------------------------------

    def rounds(self):
        numerals = "一二三四五六"
        for d in DISTRICTS:
            code = d["code"]
            windows = self.round_windows(code)
            for number, held_on in enumerate(TARGETS[code].rounds, 1):
                self.data.rounds.append(
                    {
                        "code": f"{PREFIX[code]}-r{number}",
                        "number": number,
                        "name": f"{UNIT_PREFIX[code]}第{numerals[number - 1]}期“三个一批”活动",
                        "district": code,
                        "held_on": held_on,
                    }
                )
            for p in self.data.projects:
                if p["district"] != code or not p["published"]:
                    continue
                events = [
                    (RoundList.SIGNED, p["signed"]),
                    (RoundList.STARTED, p["start"]),
                    (RoundList.IN_PRODUCTION, p["production"]),
                ]
                for list_, day in events:
                    for number, (lo, hi) in enumerate(windows, 1):
                        if day and lo <= day <= hi:
                            self.data.round_entries.append(
                                {
                                    "round": f"{PREFIX[code]}-r{number}",
                                    "project": p["code"],
                                    "list": list_,
                                }
                            )

    # -- funding and approvals -----------------------------------------------------------

    def funding(self):
        notes = {
            FundingKind.CENTRAL_BUDGET: "争取中央预算内投资",
            FundingKind.SPECIAL_BOND: "地方政府专项债券",
            FundingKind.PROVINCIAL: "省级专项资金",
            FundingKind.INDUSTRY_FUND: "“国有平台+产业基金”模式",
            FundingKind.BANK_LOAN: "银企对接发放贷款",
            FundingKind.SELF_RAISED: "企业自筹",
        }
        for year, rows in ((2022, FUNDING_2022), (2023, FUNDING_2023)):
            for project, kind, secured, disbursed in rows:
                self.data.funding.append(
                    {
                        "project": project,
                        "kind": kind,
                        "year": year,
                        "secured": Decimal(secured),
                        "disbursed": Decimal(disbursed),
                        "note": notes[kind],
                    }
                )
        self.data.funding.append(
            {
                "project": "jk-s-draft",
                "kind": FundingKind.SELF_RAISED,
                "year": 2023,
                "secured": Decimal(2000),
                "disbursed": Decimal(0),
                "note": "拟报项目，资金未到位",
            }
        )

    def approvals(self):
        """经开区: 43 approval items, 50 working days cut in all, 30 projects done in a day."""
        jingkai = sorted(
            (p for p in self.data.projects if p["district"] == "jingkai" and p["published"]),
            key=lambda p: p["code"],
        )
        assert len(jingkai) >= 30, len(jingkai)
        rng = self.rng("approvals", "jingkai")
        for p in jingkai[:30]:
            day = p["start_planned"] or D(2022, 6, 1)
            applied = add_days(day, -rng.randint(40, 90))
            self.approval(p, ApprovalKind.PROJECT_APPROVAL, "企业投资项目备案", 2, 1, applied, 1)
        steps = [
            (ApprovalKind.LAND, "建设用地规划许可", 20, 18),
            (ApprovalKind.PLANNING, "建设工程规划许可", 20, 18),
            (ApprovalKind.ENVIRONMENT, "环境影响评价审批", 30, 28),
            (ApprovalKind.ENERGY, "节能审查", 20, 19),
            (ApprovalKind.CONSTRUCTION_PERMIT, "建筑工程施工许可", 7, 6),
        ]
        big = ["jk-maiqi-new-materials", "jk-jd-digital-economy", "jk-lianzhong-aerospace-fuel"]
        count = 0
        for code in big:
            p = self.project_by_code[code]
            for kind, name, legal, _promised in steps:
                if count == 13:
                    break
                cut = 2 if count < 7 else 1
                applied = add_days(p["start"], -rng.randint(20, 60))
                self.approval(
                    p, kind, name, legal, legal - cut, applied, legal - cut - rng.randint(0, 3)
                )
                count += 1
        # Elsewhere: the usual permit steps of the article's projects, some still pending.
        named = {p["code"] for p in ARTICLE_PROJECTS} | {code for code, _, _ in UNPUBLISHED}
        for p in self.data.projects:
            if p["district"] == "jingkai":
                continue
            if p["code"] not in named and not p["code"].endswith(("-01", "-02")):
                continue
            rng = self.rng("approvals", p["code"])
            base = p["start"] or p["start_planned"] or D(2023, 6, 1)
            for kind, name, legal, promised in (steps[0], steps[2], steps[4]):
                applied = add_days(base, -rng.randint(30, 120))
                if applied > SNAPSHOT:
                    continue
                done = p["start"] is not None or kind != ApprovalKind.CONSTRUCTION_PERMIT
                days = rng.randint(max(1, promised - 8), promised) if done else None
                self.approval(p, kind, name, legal, promised, applied, days)

    def approval(self, p, kind, name, legal, promised, applied, days):
        self.data.approvals.append(
            {
                "project": p["code"],
                "kind": kind,
                "name": name,
                "legal_days": legal,
                "promised_days": promised,
                "applied_on": applied,
                # Working days to calendar days: a weekend for every five working days.
                "approved_on": add_days(applied, days - 1 + (days - 1) // 5 * 2) if days else None,
                "actual_days": days,
            }
        )

    # -- cadres and their assignments -----------------------------------------------------

    def cadres(self):
        names = iter(person_names(1200, "demo:cadres"))
        phones = iter(range(1, 10000))
        leader_units = ["发展和改革委员会", "工业和信息化局", "商务局", "自然资源和规划局"]
        for i in range(12):
            row = {
                "name": next(names),
                "unit": "濮阳市" + leader_units[i % len(leader_units)],
                "post": "副主任" if i % 4 == 0 else "副局长",
                "rank": "副处级",
                "district": "puyang",
                "phone": f"1380000{next(phones):04d}",
                "is_sample": True,
            }
            self.data.cadres.append(row)
            self.leaders.append(row)
        for d in DISTRICTS:
            code = d["code"]
            rng = self.rng("cadres", code)
            units = CADRE_UNITS[code]
            ranks = CADRE_RANKS.get(code, CADRE_RANKS[None])
            for i in range(TARGETS[code].cadres):
                row = {
                    "name": next(names),
                    "unit": UNIT_PREFIX[code] + units[i % len(units)],
                    "post": rng.choice(CADRE_POSTS),
                    "rank": rng.choice(ranks),
                    "district": code,
                    "phone": f"1380000{next(phones):04d}",
                    "is_sample": True,
                }
                self.data.cadres.append(row)
                self.cadres_by_district[code].append(row)

    def subjects(self, district):
        enterprises = [("e", e["key"]) for e in self.data.enterprises if e["district"] == district]
        projects = [
            ("p", p["code"])
            for p in self.data.projects
            if p["district"] == district and p["published"]
        ]
        return enterprises, projects

    def assign(self, cadre, subject, role, start, end=None):
        kind, key = subject
        self.data.assignments.append(
            {
                "cadre": (cadre["district"], cadre["name"]),
                "enterprise": key if kind == "e" else None,
                "project": key if kind == "p" else None,
                "role": role,
                "start": start,
                "end": end,
            }
        )
        if end is None and role != AssignmentRole.LEADER:
            self.subject_cadres[subject].append(cadre)

    def assignments(self):
        for d in DISTRICTS:
            code = d["code"]
            cadres = self.cadres_by_district[code]
            enterprises, projects = self.subjects(code)
            # Every enterprise has a chief service officer (首席服务员) …
            for i, subject in enumerate(enterprises):
                self.assign(
                    cadres[i % len(cadres)],
                    subject,
                    AssignmentRole.CHIEF_SERVICE_OFFICER,
                    D(2021, 9, 1),
                )
            # … and every cadre helps one enterprise or project; a few were rotated out.
            subjects = projects + enterprises
            for j, cadre in enumerate(cadres):
                subject = subjects[(j * 7) % len(subjects)]
                start = D(2021, 9, 1) if j % 2 == 0 else D(2022, 3, 1)
                end = D(2022, 12, 31) if j % 25 == 7 else None
                self.assign(cadre, subject, AssignmentRole.HELPER, start, end)
        # Leaders in charge (分包领导) of the provincial and city key projects.
        key_projects = [
            p
            for p in self.data.projects
            if p["published"] and p["level"] in (Level.PROVINCIAL, Level.CITY)
        ]
        for k, p in enumerate(key_projects):
            leader = self.leaders[k % len(self.leaders)]
            self.assign(leader, ("p", p["code"]), AssignmentRole.LEADER, D(2022, 1, 1))
            p["leader"] = f"{leader['name']}（{leader['unit']}{leader['post']}）"
        for p in self.data.projects:
            p.setdefault("leader", "")

    # -- meetings --------------------------------------------------------------------------

    def meeting(self, district, kind, title, held_on, chair, minutes=""):
        row = {
            "kind": kind,
            "title": title,
            "district": district,
            "held_on": held_on,
            "chair": chair,
            "minutes": minutes,
        }
        self.data.meetings.append(row)
        self.meetings_by_district[(district, kind, held_on.year)].append(row)
        return row

    def meetings(self):
        # 经开区: a dispatch meeting every week (Mondays; none in holiday weeks).
        holidays = {D(2022, 1, 31), D(2022, 2, 7), D(2022, 5, 2), D(2022, 10, 3), D(2023, 1, 23)}
        day, number = D(2022, 1, 10), defaultdict(int)
        while day <= D(2023, 5, 8):
            if day not in holidays:
                number[day.year] += 1
                self.meeting(
                    "jingkai",
                    MeetingKind.DISPATCH,
                    f"经开区重点项目周调度会（{day.year}年第{number[day.year]}期）",
                    day,
                    "管委会主任",
                    "听取重点项目进展汇报，交办项目建设中的问题。",
                )
            day = add_days(day, 7)
        # 示范区 2022: 34 dispatch meetings, 50余 special meetings and symposiums.
        for n in range(34):
            self.meeting(
                "shifanqu",
                MeetingKind.DISPATCH,
                f"示范区重点项目调度会（2022年第{n + 1}次）",
                add_days(D(2022, 1, 12), n * 10 + n // 3),
                "管委会主任",
                "清单化调度重点项目，解决项目推进中的问题。",
            )
        for n in range(52):
            kind = MeetingKind.SYMPOSIUM if n % 2 == 0 else MeetingKind.SPECIAL
            title = "“万人助万企”企业座谈会" if kind == MeetingKind.SYMPOSIUM else "助企专题会议"
            self.meeting(
                "shifanqu",
                kind,
                f"{title}（2022年第{n // 2 + 1}次）",
                add_days(D(2022, 1, 6), n * 7),
                "管委会副主任",
            )
        for n in range(6):
            self.meeting(
                "shifanqu",
                MeetingKind.DISPATCH,
                f"示范区重点项目调度会（2023年第{n + 1}次）",
                add_days(D(2023, 1, 11), n * 18),
                "管委会主任",
            )
        # 华龙区: the monthly "赛马" meeting on key projects and "三个一批".
        for year, last in ((2022, 12), (2023, LAST_MONTH_2023)):
            for month in range(1, last + 1):
                self.meeting(
                    "hualong",
                    MeetingKind.DISPATCH,
                    f"华龙区重点项目“赛马”推进会（{year}年{month}月）",
                    D(year, month, 6),
                    "区长",
                    "通报各单位重点项目及“三个一批”项目推进情况。",
                )
        # 工业园区: dispatch every other week, bank-enterprise matchmaking, the alliance.
        for n in range(24):
            self.meeting(
                "gongyeyuan",
                MeetingKind.DISPATCH,
                f"工业园区重点项目调度会（2022年第{n + 1}次）",
                add_days(D(2022, 1, 13), n * 14 + (7 if n >= 2 else 0)),
                "管委会主任",
                "拉清单、查进度、限节点、看成效。",
            )
        for n, day in enumerate((D(2022, 6, 15), D(2022, 9, 14), D(2022, 12, 8))):
            self.meeting(
                "gongyeyuan",
                MeetingKind.SPECIAL,
                f"工业园区银企对接会（第{n + 1}次）",
                day,
                "管委会副主任",
            )
        self.meeting(
            "gongyeyuan",
            MeetingKind.SYMPOSIUM,
            "工业园区产业协同发展联盟成立大会",
            D(2022, 7, 20),
            "管委会主任",
            "促成豫能东晟热力与园区19家企业工业蒸汽供应、东方雨虹与广亿福采购合同、"
            "君恒生物与诚信石化产品购销合同。",
        )
        for n in range(8):
            self.meeting(
                "gongyeyuan",
                MeetingKind.DISPATCH,
                f"工业园区重点项目调度会（2023年第{n + 1}次）",
                add_days(D(2023, 1, 12), n * 14 + (7 if n >= 2 else 0)),
                "管委会主任",
            )

    # -- visits ------------------------------------------------------------------------------

    def visits(self):
        # (year, number of visits, which subjects): 示范区 2022 "走访企业100余次"; 工业园区 2022
        # "53名助企干部深入65家企业（项目）走访1000余人（次）".
        plan = {
            "hualong": [(2022, 320, "all"), (2023, 60, "all")],
            "jingkai": [(2022, 420, "all"), (2023, 70, "all")],
            "shifanqu": [(2022, 108, "enterprises"), (2023, 24, "all")],
            "gongyeyuan": [(2022, 1036, "sixty-five"), (2023, 90, "all")],
        }
        modes = [VisitMode.VISIT] * 8 + [VisitMode.CALL, VisitMode.CALL, VisitMode.MEETING]
        for d in DISTRICTS:
            code = d["code"]
            cadres = self.cadres_by_district[code]
            enterprises, projects = self.subjects(code)
            for year, count, which in plan[code]:
                rng = self.rng("visits", code, year)
                if which == "enterprises":
                    subjects = enterprises
                elif which == "sixty-five":
                    listed = [s for s in projects if 2022 in self.project_by_code[s[1]]["plans"]]
                    subjects = enterprises[: 65 - len(listed)] + listed
                    assert len(subjects) == 65, len(subjects)
                else:
                    subjects = enterprises + projects
                last = D(2022, 12, 30) if year == 2022 else add_days(SNAPSHOT, -1)
                seen = set()
                for i in range(count):
                    subject = subjects[i % len(subjects)]
                    helpers = self.subject_cadres.get(subject) or [cadres[i % len(cadres)]]
                    cadre = helpers[(i // len(subjects)) % len(helpers)]
                    day = random_day(rng, D(year, 1, 4), last)
                    while (cadre["name"], subject, day) in seen:
                        day = add_days(day, 1) if day < last else D(year, 1, 4)
                    seen.add((cadre["name"], subject, day))
                    self.data.visits.append(
                        {
                            "cadre": (cadre["district"], cadre["name"]),
                            "district": code,
                            "enterprise": subject[1] if subject[0] == "e" else None,
                            "project": subject[1] if subject[0] == "p" else None,
                            "visited_on": day,
                            "mode": rng.choice(modes),
                            "summary": rng.choice(VISIT_SUMMARIES),
                        }
                    )

    # -- the problem ledger --------------------------------------------------------------

    def problem(self, district, year, source, status, rng, **given):
        """One ledger entry with dates and fields consistent with its status."""
        self.problem_seq += 1
        category = given.get("category") or rng.choice(list(PROBLEM_TEMPLATES))
        title, description = rng.choice(PROBLEM_TEMPLATES[category])
        done = status in (ProblemStatus.RESOLVED, ProblemStatus.CLOSED)
        meeting = given.get("meeting")
        if meeting is None and source == ProblemSource.DISPATCH:
            meetings = self.meetings_by_district[(district, MeetingKind.DISPATCH, year)]
            meeting = meetings[self.problem_seq * 7 % len(meetings)]
        if meeting is not None:
            raised = meeting["held_on"]
        elif year == 2023:
            raised = random_day(rng, D(2023, 1, 5), D(2023, 3, 20) if done else D(2023, 5, 8))
        elif done:
            raised = random_day(rng, D(2022, 1, 5), D(2022, 12, 10))
        else:
            raised = random_day(rng, D(2022, 9, 1), D(2022, 12, 20))
        raised = given.get("raised_on", raised)
        subject = given.get("subject")
        if subject is None:
            enterprises, projects = self.subjects(district)
            if source == ProblemSource.DISPATCH:
                listed = [s for s in projects if year in self.project_by_code[s[1]]["plans"]]
                subject = listed[self.problem_seq % len(listed)]
            else:
                subject = enterprises[self.problem_seq % len(enterprises)]
        enterprise = project = None
        if subject[0] == "p":
            project = self.project_by_code[subject[1]]
            enterprise = self.enterprise_by_key.get(project["owner"])
        else:
            enterprise = self.enterprise_by_key[subject[1]]
        helpers = self.subject_cadres.get(subject) or self.cadres_by_district[district]
        assignee = helpers[self.problem_seq % len(helpers)]
        row = {
            "tracking_code": f"WQ-{raised:%Y%m%d}-DM{readable(self.problem_seq, 4)}",
            "title": given.get("title", title),
            "description": given.get("description", description),
            "enterprise": enterprise["key"] if enterprise else None,
            "project": project["code"] if project else None,
            "district": district,
            "category": category,
            "source": source,
            "meeting": meeting and (meeting["district"], meeting["held_on"], meeting["title"]),
            "raised_on": raised,
            "assignee": None,
            "responsible_unit": "",
            "due_date": None,
            "status": status,
            "accepted_on": None,
            "rejection_reason": "",
            "resolution": "",
            "resolved_on": None,
            "satisfaction": "",
            "closed_on": None,
            "submitter_name": "",
            "submitter_phone": "",
            "submitter_company": "",
            "submitter_credit_code": "",
            "is_sample": given.get("sample", True),
        }
        if source == ProblemSource.FEEDBACK and enterprise:
            row["submitter_name"] = self.submitters[self.problem_seq % len(self.submitters)]
            row["submitter_phone"] = f"1390000{self.problem_seq:04d}"
            row["submitter_company"] = enterprise["name"]
            row["submitter_credit_code"] = enterprise["credit_code"]
        if status == ProblemStatus.REJECTED:
            row["rejection_reason"] = rng.choice(REJECTION_REASONS)
            self.data.problems.append(row)
            return row
        if status != ProblemStatus.RAISED:
            row["assignee"] = (assignee["district"], assignee["name"])
            row["responsible_unit"] = UNIT_PREFIX[district] + RESPONSIBLE[category]
            row["accepted_on"] = add_days(raised, rng.randint(0, 2))
            row["due_date"] = add_days(raised, rng.choice([15, 20, 30]))
        if done:
            late = rng.random() < 0.1
            resolved = add_days(row["accepted_on"], rng.randint(3, 12 if not late else 40))
            row["resolved_on"] = min(resolved, add_days(SNAPSHOT, -3))
            row["resolution"] = given.get("resolution", RESOLUTIONS[category])
            satisfaction = given.get("satisfaction")
            if satisfaction is None:
                roll = rng.random()
                strict = given.get("always_satisfied", False)
                if status == ProblemStatus.CLOSED or roll < 0.6:
                    satisfaction = (
                        Satisfaction.BASICALLY_SATISFIED
                        if rng.random() < 0.18
                        else Satisfaction.SATISFIED
                    )
                    if not strict and status == ProblemStatus.RESOLVED and roll < 0.12:
                        satisfaction = Satisfaction.DISSATISFIED
                else:
                    satisfaction = ""
            row["satisfaction"] = satisfaction
        if status == ProblemStatus.CLOSED:
            row["closed_on"] = min(add_days(row["resolved_on"], rng.randint(2, 7)), SNAPSHOT)
        self.data.problems.append(row)
        return row

    def problems(self):
        closed, resolved = ProblemStatus.CLOSED, ProblemStatus.RESOLVED
        progress, accepted = ProblemStatus.IN_PROGRESS, ProblemStatus.ACCEPTED
        raised, rejected = ProblemStatus.RAISED, ProblemStatus.REJECTED
        visit, feedback = ProblemSource.VISIT, ProblemSource.FEEDBACK
        symposium, dispatch = ProblemSource.SYMPOSIUM, ProblemSource.DISPATCH
        # (source, status, count) per unit and year.
        plan = {
            ("hualong", 2022): [
                (visit, closed, 18),
                (visit, resolved, 6),
                (visit, progress, 3),
                (visit, accepted, 2),
                (feedback, closed, 4),
                (feedback, resolved, 2),
                (feedback, raised, 2),
                (feedback, rejected, 4),
                (symposium, closed, 4),
                (symposium, resolved, 2),
                (dispatch, closed, 4),
                (dispatch, resolved, 2),
                (dispatch, progress, 3),
                (dispatch, accepted, 2),
            ],
            ("hualong", 2023): [
                (visit, closed, 3),
                (visit, resolved, 2),
                (visit, progress, 3),
                (feedback, raised, 2),
                (feedback, rejected, 1),
                (feedback, accepted, 1),
                (dispatch, closed, 2),
                (dispatch, resolved, 2),
                (dispatch, progress, 2),
                (dispatch, accepted, 2),
            ],
            # 经开区: "今年以来，共交办有关事项70余件" — 72 matters assigned at dispatch meetings.
            ("jingkai", 2022): [
                (dispatch, closed, 48),
                (dispatch, resolved, 14),
                (dispatch, progress, 7),
                (dispatch, accepted, 3),
                (feedback, closed, 5),
                (feedback, resolved, 2),
                (feedback, rejected, 3),
                (feedback, raised, 1),
                (feedback, accepted, 1),
                (visit, closed, 6),
                (visit, resolved, 2),
            ],
            ("jingkai", 2023): [
                (dispatch, closed, 2),
                (dispatch, resolved, 2),
                (dispatch, progress, 3),
                (dispatch, accepted, 1),
                (feedback, closed, 1),
                (feedback, resolved, 1),
                (feedback, raised, 2),
                (feedback, accepted, 1),
                (feedback, progress, 1),
                (feedback, rejected, 2),
            ],
            # 示范区 2022: 34 dispatch meetings "解决问题164项"; every problem solved, 100 %
            # satisfied.
            ("shifanqu", 2022): [
                (dispatch, closed, 140),
                (dispatch, resolved, 24),
                (visit, closed, 8),
                (visit, resolved, 2),
                (symposium, closed, 7),
                (symposium, resolved, 1),
            ],
            ("shifanqu", 2023): [
                (dispatch, closed, 3),
                (dispatch, progress, 3),
                (visit, resolved, 2),
                (visit, closed, 1),
                (feedback, accepted, 2),
                (feedback, raised, 1),
            ],
            # 工业园区 2022: 36 problems (7 told by the article, below), 100 % resolved.
            ("gongyeyuan", 2022): [
                (visit, closed, 16),
                (visit, resolved, 4),
                (dispatch, closed, 6),
                (symposium, closed, 3),
            ],
            ("gongyeyuan", 2023): [
                (visit, closed, 2),
                (visit, resolved, 2),
                (dispatch, progress, 3),
                (feedback, accepted, 1),
                (feedback, raised, 1),
                (feedback, rejected, 1),
            ],
        }
        self.article_problems()
        for (district, year), rows in plan.items():
            rng = self.rng("problems", district, year)
            for source, status, count in rows:
                for _ in range(count):
                    self.problem(
                        district,
                        year,
                        source,
                        status,
                        rng,
                        always_satisfied=district == "shifanqu" and year == 2022,
                    )

    def article_problems(self):
        """工业园区's problems the article tells, solved in 2022."""
        rng = self.rng("problems", "article")
        banks = [m for m in self.data.meetings if "银企对接" in m["title"]]
        told = [
            (
                ("p", "gy-sankeshu-coatings"),
                ProblemCategory.POLICY,
                ProblemSource.VISIT,
                "涂料项目被列入“两高”项目目录",
                "改性沥青被列入“两高”项目目录，三棵树等涂料企业项目建设受影响。",
                "帮助涂料企业多渠道呼吁，寻求政策和行业协会帮助，"
                "全省出台的“两高”项目目录中剔除了“改性沥青”。",
                ProblemStatus.CLOSED,
                None,
            ),
            (
                ("p", "gy-dayu"),
                ProblemCategory.POLICY,
                ProblemSource.VISIT,
                "改性沥青项目受“两高”目录限制",
                "大禹项目生产改性沥青防水材料，受“两高”项目目录限制无法推进。",
                "全省“两高”项目目录剔除“改性沥青”，项目顺利建设。",
                ProblemStatus.CLOSED,
                None,
            ),
            (
                ("p", "gy-enying-benzoxazine"),
                ProblemCategory.OTHER,
                ProblemSource.VISIT,
                "树脂项目需要高校技术支撑",
                "恩赢苯并噁嗪树脂项目需要技术合作伙伴。",
                "帮助恩赢与山东大学合作，一年内建成全国最大的苯并噁嗪树脂生产项目。",
                ProblemStatus.CLOSED,
                None,
            ),
            (
                ("p", "gy-hangmin-methylamine"),
                ProblemCategory.TRANSPORT,
                ProblemSource.DISPATCH,
                "甲胺项目大件设备运输受限",
                "航民甲胺项目大件设备和原料运输受道路限行影响。",
                "协调交通、交警部门制定运输方案，保障设备和原料运输。",
                ProblemStatus.CLOSED,
                None,
            ),
            (
                ("p", "gy-hangmin-methylamine"),
                ProblemCategory.POWER,
                ProblemSource.DISPATCH,
                "甲胺项目用电负荷不足",
                "航民甲胺项目试生产用电负荷不足。",
                "协调供电部门加快专线建设，保障项目用电。",
                ProblemStatus.RESOLVED,
                None,
            ),
            (
                ("e", "enying"),
                ProblemCategory.FUNDING,
                ProblemSource.SYMPOSIUM,
                "项目建设资金缺口",
                "恩赢项目建设资金存在缺口。",
                "举办银企对接，为恩赢解决资金2300万元。",
                ProblemStatus.CLOSED,
                banks[0],
            ),
            (
                ("e", "junheng"),
                ProblemCategory.FUNDING,
                ProblemSource.SYMPOSIUM,
                "扩大生产需要流动资金贷款",
                "君恒生物产品供不应求，扩大生产需要流动资金。",
                "多次举办银企对接，为君恒发放贷款3亿元。",
                ProblemStatus.RESOLVED,
                banks[1],
            ),
        ]
        for subject, category, source, title, description, resolution, status, meeting in told:
            self.problem(
                "gongyeyuan",
                2022,
                source,
                status,
                rng,
                subject=subject,
                category=category,
                title=title,
                description=description,
                resolution=resolution,
                meeting=meeting,
                sample=False,
            )

    # -- support enterprises received -------------------------------------------------------

    def support_row(self, key, kind, amount, day, description):
        self.data.support.append(
            {
                "enterprise": key,
                "kind": kind,
                "amount": None if amount is None else Decimal(amount),
                "granted_on": day,
                "description": description,
            }
        )

    def support(self):
        def sample_enterprises(district, above=None):
            return [
                e["key"]
                for e in self.data.enterprises
                if e["district"] == district
                and e["is_sample"]
                and (above is None or e["is_above_scale"] == above)
            ]

        # 经开区 2022: 退税减费 3 亿元 in all; 19 enterprises won 满负荷生产奖 or the
        # provincial manufacturing fund (amounts not reported); 1500 亩 of land supplied.
        rng = self.rng("support", "jingkai")
        relief = ["lexiang", "bandelu", "maiqi", "lianzhong"] + sample_enterprises("jingkai", True)[
            :8
        ]
        amounts = split(30000, [rng.uniform(0.5, 2.0) for _ in relief], step=10)
        for i, (key, amount) in enumerate(zip(relief, amounts, strict=True)):
            day = D(2022, 4 + i % 8, 15)
            self.support_row(key, SupportKind.TAX_RELIEF, amount, day, "增值税留抵退税及减税降费")
        winners = ["lexiang", "bandelu"] + sample_enterprises("jingkai", True)[:17]
        for i, key in enumerate(winners):
            award = "满负荷生产奖" if i % 2 == 0 else "省先进制造业发展专项资金奖励"
            day = D(2022, 4, 18) if i % 2 == 0 else D(2022, 9, 20)
            self.support_row(
                key, SupportKind.SUBSIDY, None, day, f"疫情、春节期间正常生产，获{award}"
            )
        for key, mu, day in (
            ("maiqi", 420, D(2022, 3, 10)),
            ("lianzhong", 360, D(2022, 4, 22)),
            ("jd", 300, D(2022, 3, 30)),
            ("zkpy", 240, D(2022, 11, 25)),
            ("bandelu", 180, D(2022, 7, 8)),
        ):
            self.support_row(key, SupportKind.LAND, None, day, f"提供项目用地{mu}亩")
        # 示范区 2022: 减轻市场主体税费负担 1.3 亿元; "春风送岗" recruitment (32 hires agreed).
        rng = self.rng("support", "shifanqu")
        relief = ["arcadia"] + sample_enterprises("shifanqu")[:9]
        amounts = split(13000, [rng.uniform(0.5, 2.0) for _ in relief], step=10)
        for i, (key, amount) in enumerate(zip(relief, amounts, strict=True)):
            day = D(2022, 3 + i % 9, 20)
            self.support_row(key, SupportKind.TAX_RELIEF, amount, day, "减轻税费负担")
        for key in ("arcadia", "xianglong"):
            self.support_row(
                key,
                SupportKind.RECRUITMENT,
                None,
                D(2022, 2, 16),
                "参加“春风送岗”就业活动（活动现场共达成就业意向32人）",
            )
        # 工业园区: loans from bank-enterprise matchmaking; the alliance's contracts.
        self.support_row("junheng", SupportKind.LOAN, 30000, D(2022, 9, 16), "银企对接发放贷款")
        self.support_row("enying", SupportKind.LOAN, 2300, D(2022, 6, 22), "银企对接解决资金")
        for key, text in (
            ("yuneng", "产业协同发展联盟促成与园区19家企业工业蒸汽供应"),
            ("oriental-yuhong", "产业协同发展联盟促成与广亿福的采购合同"),
            ("junheng", "产业协同发展联盟促成与诚信的石化产品购销合同"),
        ):
            self.support_row(key, SupportKind.OTHER, None, D(2022, 7, 20), text)
        # 华龙区: talent for the hydrogen institute; sample tax relief.
        self.support_row(
            "h2-institute",
            SupportKind.RECRUITMENT,
            None,
            D(2022, 6, 30),
            "引进李献国等49名高学历专家人才",
        )
        rng = self.rng("support", "hualong")
        for i, key in enumerate(sample_enterprises("hualong", True)[:8]):
            amount = rng.randint(20, 300) * 10
            self.support_row(
                key, SupportKind.TAX_RELIEF, amount, D(2022, 5 + i % 6, 12), "增值税留抵退税"
            )


# --- Writing: match on natural keys, create what is missing, save only what differs -------


class Sync:
    """Idempotent bulk writes; counts what was created and updated per model."""

    def __init__(self, batch_size=500):
        self.batch_size = batch_size
        self.created = {}
        self.updated = {}

    def __call__(self, model, rows, key, existing):
        """Write `rows` (dicts of attname → value) keyed on the `key` attnames.

        `existing` is a queryset holding at least the rows that may match. Returns a dict
        from key tuple to primary key for every row.
        """
        history = model in HISTORY_MODELS
        found = {tuple(getattr(obj, k) for k in key): obj for obj in existing}
        ids, to_create, to_update, changed = {}, [], [], set()
        seen = set()
        for row in rows:
            k = tuple(row[f] for f in key)
            assert k not in seen, f"duplicate {model.__name__} key {k}"
            seen.add(k)
            obj = found.get(k)
            if obj is None:
                to_create.append(model(**row))
                continue
            ids[k] = obj.pk
            diff = [f for f, value in row.items() if getattr(obj, f) != value]
            if diff:
                for f in diff:
                    setattr(obj, f, row[f])
                to_update.append(obj)
                changed.update(diff)
        if to_create:
            if history:
                created = bulk_create_with_history(
                    to_create,
                    model,
                    batch_size=self.batch_size,
                    default_change_reason=CHANGE_REASON,
                )
            else:
                created = model.objects.bulk_create(to_create, batch_size=self.batch_size)
            for obj in created:
                ids[tuple(getattr(obj, k) for k in key)] = obj.pk
        if to_update:
            fields = sorted(changed)
            if any(f.name == "updated_at" for f in model._meta.fields):
                now = timezone.now()
                for obj in to_update:
                    obj.updated_at = now
                fields.append("updated_at")
            if history:
                bulk_update_with_history(
                    to_update,
                    model,
                    fields,
                    batch_size=self.batch_size,
                    default_change_reason=CHANGE_REASON,
                )
            else:
                model.objects.bulk_update(to_update, fields, batch_size=self.batch_size)
        label = model._meta.label
        self.created[label] = self.created.get(label, 0) + len(to_create)
        self.updated[label] = self.updated.get(label, 0) + len(to_update)
        return ids


HISTORY_MODELS = (Project, ProgressReport, Problem)


def _one(ids):
    """{(code,): pk} → {code: pk}."""
    return {k[0]: pk for k, pk in ids.items()}


@transaction.atomic
def load(data=None):
    """Write the demo data set; returns the Sync with created/updated counts per model."""
    data = data or Builder().build()
    sync = Sync()

    city = data.districts[0]
    ids = sync(
        District,
        [{k: city[k] for k in ("code", "name", "kind", "order")} | {"parent_id": None}],
        ("code",),
        District.objects.filter(code=city["code"]),
    )
    district_ids = _one(ids)
    rows = [
        {k: d[k] for k in ("code", "name", "kind", "order")}
        | {"parent_id": district_ids[d["parent"]]}
        for d in data.districts[1:]
    ]
    district_ids |= _one(
        sync(District, rows, ("code",), District.objects.filter(code__in=[r["code"] for r in rows]))
    )
    industry_ids = _one(
        sync(
            Industry,
            data.industries,
            ("code",),
            Industry.objects.filter(code__in=[r["code"] for r in data.industries]),
        )
    )
    label_ids = _one(
        sync(
            EnterpriseLabel,
            data.labels,
            ("code",),
            EnterpriseLabel.objects.filter(code__in=[r["code"] for r in data.labels]),
        )
    )

    rows = [
        {
            "name": e["name"],
            "credit_code": e["credit_code"],
            "kind": e["kind"],
            "district_id": district_ids[e["district"]],
            "industry_id": industry_ids.get(e["industry"]),
            "is_above_scale": e["is_above_scale"],
            "address": e["address"],
            "contact_person": e["contact_person"],
            "contact_phone": e["contact_phone"],
            "is_sample": e["is_sample"],
        }
        for e in data.enterprises
    ]
    codes = _one(
        sync(
            Enterprise,
            rows,
            ("credit_code",),
            Enterprise.objects.filter(credit_code__in=[r["credit_code"] for r in rows]),
        )
    )
    enterprise_ids = {e["key"]: codes[e["credit_code"]] for e in data.enterprises}
    through = Enterprise.labels.through
    pairs = [
        {"enterprise_id": enterprise_ids[e["key"]], "enterpriselabel_id": label_ids[label]}
        for e in data.enterprises
        for label in e["labels"]
    ]
    sync(
        through,
        pairs,
        ("enterprise_id", "enterpriselabel_id"),
        through.objects.filter(enterprise_id__in=enterprise_ids.values()),
    )

    rows = [
        {
            "code": p["code"],
            "national_code": p["national_code"],
            "name": p["name"],
            "district_id": district_ids[p["district"]],
            "level": p["level"],
            "category": p["category"],
            "nature": p["nature"],
            "industry_id": industry_ids.get(p["industry"]),
            "stage": p["stage"],
            "total_investment": Decimal(p["total"]),
            "owner_id": enterprise_ids.get(p["owner"]),
            "leader": p["leader"],
            "planned_start": p["start_planned"],
            "actual_start": p["start"],
            "planned_completion": p["completion_planned"],
            "actual_completion": p["completion"],
            "location": p["location"],
            "latitude": p["latitude"],
            "longitude": p["longitude"],
            "construction_content": p["content"],
            "is_published": p["published"],
            "is_sample": p["is_sample"],
        }
        for p in data.projects
    ]
    project_ids = _one(
        sync(Project, rows, ("code",), Project.objects.filter(code__in=[r["code"] for r in rows]))
    )
    of_projects = {"project_id__in": list(project_ids.values())}

    def with_project(rows):
        return [
            {
                ("project_id" if k == "project" else k): (project_ids[v] if k == "project" else v)
                for k, v in row.items()
            }
            for row in rows
        ]

    sync(
        AnnualPlan,
        with_project(data.plans),
        ("project_id", "year"),
        AnnualPlan.objects.filter(**of_projects),
    )
    sync(
        ProgressReport,
        with_project(data.reports),
        ("project_id", "year", "month"),
        ProgressReport.objects.filter(**of_projects),
    )
    sync(
        Milestone,
        with_project(data.milestones),
        ("project_id", "kind", "name"),
        Milestone.objects.filter(**of_projects),
    )
    sync(
        Funding,
        with_project(data.funding),
        ("project_id", "kind", "year"),
        Funding.objects.filter(**of_projects),
    )
    sync(
        ApprovalItem,
        with_project(data.approvals),
        ("project_id", "kind", "name"),
        ApprovalItem.objects.filter(**of_projects),
    )

    rows = [
        {
            **{k: r[k] for k in ("code", "number", "name", "held_on")},
            "district_id": district_ids[r["district"]],
        }
        for r in data.rounds
    ]
    round_ids = _one(
        sync(Round, rows, ("code",), Round.objects.filter(code__in=[r["code"] for r in rows]))
    )
    rows = [
        {
            "round_id": round_ids[r["round"]],
            "project_id": project_ids[r["project"]],
            "round_list": r["list"],
        }
        for r in data.round_entries
    ]
    sync(
        RoundEntry,
        rows,
        ("round_id", "project_id", "round_list"),
        RoundEntry.objects.filter(round_id__in=round_ids.values()),
    )

    rows = [{**c, "district_id": district_ids[c["district"]]} for c in data.cadres]
    for row in rows:
        del row["district"]
    ids = sync(
        Cadre,
        rows,
        ("district_id", "name"),
        Cadre.objects.filter(district_id__in=district_ids.values(), is_sample=True),
    )
    cadre_ids = {
        (c["district"], c["name"]): ids[(district_ids[c["district"]], c["name"])]
        for c in data.cadres
    }

    rows = [
        {
            "cadre_id": cadre_ids[a["cadre"]],
            "enterprise_id": enterprise_ids.get(a["enterprise"]),
            "project_id": project_ids.get(a["project"]),
            "role": a["role"],
            "start": a["start"],
            "end": a["end"],
        }
        for a in data.assignments
    ]
    sync(
        Assignment,
        rows,
        ("cadre_id", "enterprise_id", "project_id", "role"),
        Assignment.objects.filter(cadre_id__in=cadre_ids.values()),
    )

    rows = [{**m, "district_id": district_ids[m["district"]]} for m in data.meetings]
    for row in rows:
        del row["district"]
    ids = sync(
        Meeting,
        rows,
        ("district_id", "held_on", "title"),
        Meeting.objects.filter(district_id__in=district_ids.values()),
    )
    meeting_ids = {
        (code, day, title): ids[(district_ids[code], day, title)]
        for code, day, title in ((m["district"], m["held_on"], m["title"]) for m in data.meetings)
    }

    rows = [
        {
            "cadre_id": cadre_ids[v["cadre"]],
            "enterprise_id": enterprise_ids.get(v["enterprise"]),
            "project_id": project_ids.get(v["project"]),
            "district_id": district_ids[v["district"]],
            "visited_on": v["visited_on"],
            "mode": v["mode"],
            "summary": v["summary"],
        }
        for v in data.visits
    ]
    sync(
        Visit,
        rows,
        ("cadre_id", "enterprise_id", "project_id", "visited_on"),
        Visit.objects.filter(cadre_id__in=cadre_ids.values()),
    )

    rows = []
    for p in data.problems:
        row = dict(p)
        row["enterprise_id"] = enterprise_ids.get(row.pop("enterprise"))
        row["project_id"] = project_ids.get(row.pop("project"))
        row["district_id"] = district_ids[row.pop("district")]
        meeting = row.pop("meeting")
        row["meeting_id"] = meeting_ids[meeting] if meeting else None
        assignee = row.pop("assignee")
        row["assignee_id"] = cadre_ids[assignee] if assignee else None
        rows.append(row)
    sync(
        Problem,
        rows,
        ("tracking_code",),
        Problem.objects.filter(tracking_code__in=[r["tracking_code"] for r in rows]),
    )

    rows = [{**s, "enterprise_id": enterprise_ids[s["enterprise"]]} for s in data.support]
    for row in rows:
        del row["enterprise"]
    sync(
        Support,
        rows,
        ("enterprise_id", "kind", "granted_on", "description"),
        Support.objects.filter(enterprise_id__in=enterprise_ids.values()),
    )
    return sync

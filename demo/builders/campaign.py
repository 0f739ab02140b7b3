"""Cadres, their assignments and the meetings of the "万人助万企" campaign.

Each unit gets the article's number of cadres; every enterprise a chief service officer and
every cadre one enterprise or project to help; the city's leaders take charge (分包) of the
provincial and city key projects. Meetings follow each unit's rhythm in the article.
"""

from collections import defaultdict

from demo.pools import person_names
from enterprises.choices import AssignmentRole
from projects.choices import Level, MeetingKind

from .base import LAST_MONTH, D, add_days


class CampaignSteps:
    """Steps of `demo.dataset.Builder` (a mixin over `BuilderBase`)."""

    def cadres(self):
        names = iter(person_names("demo:cadres", 1200))
        phones = iter(range(1, 10000))
        pools = self.pools["cadres"]
        leader_units = pools["leader_units"]
        for i in range(12):
            row = {
                "name": next(names),
                "unit": "濮阳市" + leader_units[i % len(leader_units)],
                "post": "副主任" if i % 4 == 0 else "副局长",
                "rank": "副处级",
                "district": self.city["code"],
                "phone": f"1380000{next(phones):04d}",
                "is_sample": True,
            }
            self.data.cadres.append(row)
            self.leaders.append(row)
        for code in self.units:
            rng = self.rng("cadres", code)
            units = pools["units"][code]
            ranks = pools["ranks"].get(code, pools["ranks"]["other"])
            for i in range(self.targets[code]["cadres"]):
                row = {
                    "name": next(names),
                    "unit": self.label(code) + units[i % len(units)],
                    "post": rng.choice(pools["posts"]),
                    "rank": rng.choice(ranks),
                    "district": code,
                    "phone": f"1380000{next(phones):04d}",
                    "is_sample": True,
                }
                self.data.cadres.append(row)
                self.cadres_by_district[code].append(row)

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
        for code in self.units:
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
            if p["is_published"] and p["level"] in (Level.PROVINCIAL, Level.CITY)
        ]
        for k, p in enumerate(key_projects):
            leader = self.leaders[k % len(self.leaders)]
            self.assign(leader, ("p", p["code"]), AssignmentRole.LEADER, D(2022, 1, 1))
            p["leader"] = f"{leader['name']}（{leader['unit']}{leader['post']}）"
        for p in self.data.projects:
            p.setdefault("leader", "")

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
        dispatch, special, symposium = (
            MeetingKind.DISPATCH,
            MeetingKind.SPECIAL,
            MeetingKind.SYMPOSIUM,
        )
        # 经开区: a dispatch meeting every week (Mondays; none in holiday weeks).
        holidays = {D(2022, 1, 31), D(2022, 2, 7), D(2022, 5, 2), D(2022, 10, 3), D(2023, 1, 23)}
        day, number = D(2022, 1, 10), defaultdict(int)
        while day <= D(2023, 5, 8):
            if day not in holidays:
                number[day.year] += 1
                self.meeting(
                    "jingkai",
                    dispatch,
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
                dispatch,
                f"示范区重点项目调度会（2022年第{n + 1}次）",
                add_days(D(2022, 1, 12), n * 10 + n // 3),
                "管委会主任",
                "清单化调度重点项目，解决项目推进中的问题。",
            )
        for n in range(52):
            kind = symposium if n % 2 == 0 else special
            title = "“万人助万企”企业座谈会" if kind == symposium else "助企专题会议"
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
                dispatch,
                f"示范区重点项目调度会（2023年第{n + 1}次）",
                add_days(D(2023, 1, 11), n * 18),
                "管委会主任",
            )
        # 华龙区: the monthly "赛马" meeting on key projects and "三个一批".
        for year, last in ((2022, 12), (2023, LAST_MONTH)):
            for month in range(1, last + 1):
                self.meeting(
                    "hualong",
                    dispatch,
                    f"华龙区重点项目“赛马”推进会（{year}年{month}月）",
                    D(year, month, 6),
                    "区长",
                    "通报各单位重点项目及“三个一批”项目推进情况。",
                )
        # 工业园区: dispatch every other week, bank-enterprise matchmaking, the alliance.
        self.gongyeyuan_dispatch(2022, 24, D(2022, 1, 13), "拉清单、查进度、限节点、看成效。")
        for n, day in enumerate((D(2022, 6, 15), D(2022, 9, 14), D(2022, 12, 8))):
            self.meeting(
                "gongyeyuan", special, f"工业园区银企对接会（第{n + 1}次）", day, "管委会副主任"
            )
        self.meeting(
            "gongyeyuan",
            symposium,
            "工业园区产业协同发展联盟成立大会",
            D(2022, 7, 20),
            "管委会主任",
            "促成豫能东晟热力与园区19家企业工业蒸汽供应、东方雨虹与广亿福采购合同、"
            "君恒生物与诚信石化产品购销合同。",
        )
        self.gongyeyuan_dispatch(2023, 8, D(2023, 1, 12))

    def gongyeyuan_dispatch(self, year, count, first, minutes=""):
        """工业园区's dispatch meetings: every other week (a week's gap after the second)."""
        for n in range(count):
            self.meeting(
                "gongyeyuan",
                MeetingKind.DISPATCH,
                f"工业园区重点项目调度会（{year}年第{n + 1}次）",
                add_days(first, n * 14 + (7 if n >= 2 else 0)),
                "管委会主任",
                minutes,
            )

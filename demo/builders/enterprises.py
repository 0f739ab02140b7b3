"""Reference rows and enterprises: the article's, then sample ones up to each unit's count."""

from demo.pools import credit_code, person_names
from enterprises.choices import EnterpriseKind

from .base import ARTICLE


class EnterpriseSteps:
    """Steps of `demo.dataset.Builder` (a mixin over `BuilderBase`)."""

    def reference_data(self):
        fields = ("code", "name", "kind", "order")
        self.data.districts = [{**{f: self.city[f] for f in fields}, "parent": None}] + [
            {**{f: unit[f] for f in fields}, "parent": self.city["code"]}
            for unit in self.places.values()
        ]
        self.data.industries = [
            {"code": code, "name": name, "order": i}
            for i, (code, name) in enumerate(self.reference["industries"])
        ]
        self.data.labels = [{"code": code, "name": name} for code, name in self.reference["labels"]]
        # Periods are written open; the closed ones are closed (and so published) once
        # every record is loaded, by the service the city administrator uses (demo.loader).
        self.data.reporting_periods = [
            {"year": year, "month": month, "deadline": deadline}
            for year, month, _status, deadline in ARTICLE["reporting_periods"]
        ]
        self.data.closed_periods = [
            (year, month)
            for year, month, status, _deadline in ARTICLE["reporting_periods"]
            if status == "closed"
        ]

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
        # Research institutes are public institutions (事业单位): entity type 12.
        entity = "12" if kind == EnterpriseKind.INSTITUTE else "91"
        row = {
            "key": key,
            "name": name,
            "credit_code": credit_code(seq, region=self.region(district), entity=entity),
            "kind": kind,
            "district": district,
            "industry": industry,
            "is_above_scale": above,
            "address": f"濮阳市{self.label(district)}" if district in self.units else "濮阳市",
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
        for seq, e in enumerate(self.article["enterprises"], 1):
            self.add_enterprise(
                e["key"],
                e["name"],
                e["district"],
                e.get("industry"),
                seq=seq,
                above=e.get("above_scale", False),
                kind=e.get("kind", EnterpriseKind.ENTERPRISE),
            )
        contacts = iter(person_names("demo:contacts", 400))
        label_codes = [code for code, _ in self.reference["labels"]]
        for order, (code, unit) in enumerate(self.units.items(), 1):
            target = self.targets[code]
            rng = self.rng("enterprises", code)
            named = [e for e in self.data.enterprises if e["district"] == code]
            above_left = target["above_scale"] - sum(e["is_above_scale"] for e in named)
            mix = self.pools["industry_mix"][code] + [None]
            for i in range(target["enterprises"] - len(named)):
                industry = mix[i % len(mix)]
                brand = next(self.brands)
                business = self.pools["business"][industry or "other"]
                name = f"濮阳{brand}{rng.choice(business)}有限公司"
                labels = []
                if rng.random() < 0.35:
                    labels = rng.sample(label_codes, rng.randint(1, 2))
                self.add_enterprise(
                    f"{unit['prefix']}-e{i + 1:02d}",
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

    def sample_enterprises(self, district, above_scale=None):
        """Keys of a unit's sample enterprises (only those above or below scale, if given)."""
        return [
            e["key"]
            for e in self.data.enterprises
            if e["district"] == district
            and e["is_sample"]
            and (above_scale is None or e["is_above_scale"] == above_scale)
        ]

    def enterprise_rows(self):
        """Label links from the enterprises' labels; the builder's own fields dropped."""
        self.data.enterprise_labels = [
            {"enterprise": e["key"], "enterpriselabel": label}
            for e in self.data.enterprises
            for label in e["labels"]
        ]
        for e in self.data.enterprises:
            del e["labels"], e["brand"]

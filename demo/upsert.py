"""One idempotent write for every table of the demo: rows matched on natural keys.

A row is a dict of model field names to values. A foreign key holds the natural key of the
row it points to (a value, or a tuple for a composite key), and that row must have been
written earlier through the same `Upsert`, which remembers the primary key of every natural
key it wrote or found. Missing rows are created, rows whose values differ are saved, equal
rows are left alone: a second run writes nothing, not even history rows. Models with
django-simple-history get history rows for what is created or changed.
"""

from collections import defaultdict

from django.utils import timezone
from simple_history.exceptions import NotHistoricalModelError
from simple_history.utils import (
    bulk_create_with_history,
    bulk_update_with_history,
    get_history_manager_for_model,
)


def has_history(model):
    """Whether django-simple-history tracks the model (its bulk writes then add history)."""
    try:
        get_history_manager_for_model(model)
    except NotHistoricalModelError:
        return False
    return True


def as_key(value):
    """A natural key as a tuple: composite keys are tuples already, single ones are not."""
    return value if isinstance(value, tuple) else (value,)


class Upsert:
    """Writes rows model by model; counts what it created and updated per model label."""

    def __init__(self, *, batch_size=500, change_reason=None):
        self.batch_size = batch_size
        self.change_reason = change_reason
        self.created = {}
        self.updated = {}
        self.ids = defaultdict(dict)  # model → {natural key tuple: primary key}

    def __call__(self, model, rows, key, *, alias=None, among=None):
        """Write `rows` of `model`, matching existing rows on the `key` fields.

        `alias`: a row field that is not stored but also names the row for later foreign
        keys (where the natural key is computed, e.g. a credit code). `among`: filters an
        existing row must pass to be the same row (e.g. only sample rows). Rows that point
        at rows of the same call (a unit's parent) are written after those.
        """
        label = model._meta.label
        self.created.setdefault(label, 0)
        self.updated.setdefault(label, 0)
        own = [
            f.name
            for f in model._meta.concrete_fields
            if f.is_relation and f.related_model is model
        ]
        pending = list(rows)
        while pending:
            ready, later = [], []
            for row in pending:
                known = all(
                    row.get(name) is None or as_key(row[name]) in self.ids[model] for name in own
                )
                (ready if known else later).append(row)
            if not ready:
                raise ValueError(f"{label}: rows point at rows that are not written")
            self.write(model, ready, key, alias, among or {})
            pending = later
        return self.ids[model]

    def write(self, model, rows, key, alias, among):
        """Resolve the rows' foreign keys, match them to existing rows, create and update."""
        label = model._meta.label
        fields = {}
        for row in rows:
            for name in row.keys() - fields.keys() - {alias}:
                fields[name] = model._meta.get_field(name)
        key_attnames = [fields[name].attname for name in key]
        prepared, seen = [], set()
        for row in rows:
            natural = tuple(row[name] for name in key)
            if natural in seen:
                raise ValueError(f"{label}: duplicate natural key {natural}")
            seen.add(natural)
            values = {}
            for name, value in row.items():
                if name == alias:
                    continue
                field = fields[name]
                if field.is_relation and value is not None:
                    value = self.pk(field.related_model, value)
                values[field.attname] = field.to_python(value)
            names = [natural] + ([as_key(row[alias])] if alias else [])
            prepared.append((names, values))

        first = key_attnames[0]
        existing = model._default_manager.filter(
            **{f"{first}__in": {values[first] for _, values in prepared}}, **among
        )
        found = {tuple(getattr(obj, a) for a in key_attnames): obj for obj in existing}
        to_create, to_update, changed, names_of = [], [], set(), {}
        for names, values in prepared:
            resolved = tuple(values[a] for a in key_attnames)
            obj = found.get(resolved)
            if obj is None:
                to_create.append(model(**values))
                names_of[resolved] = names
                continue
            self.remember(model, names, obj.pk)
            diff = [a for a, value in values.items() if getattr(obj, a) != value]
            if diff:
                for a in diff:
                    setattr(obj, a, values[a])
                to_update.append(obj)
                changed.update(diff)
        if to_create:
            for obj in self.create(model, to_create):
                self.remember(model, names_of[tuple(getattr(obj, a) for a in key_attnames)], obj.pk)
        if to_update:
            self.update(model, to_update, changed)
        self.created[label] += len(to_create)
        self.updated[label] += len(to_update)

    def remember(self, model, names, pk):
        for name in names:
            self.ids[model][name] = pk

    def pk(self, model, natural):
        try:
            return self.ids[model][as_key(natural)]
        except KeyError:
            raise LookupError(f"{model._meta.label} {natural!r} is not written") from None

    def create(self, model, objs):
        if has_history(model):
            return bulk_create_with_history(
                objs, model, batch_size=self.batch_size, default_change_reason=self.change_reason
            )
        return model._default_manager.bulk_create(objs, batch_size=self.batch_size)

    def update(self, model, objs, changed):
        """Save the changed fields, and stamp the auto_now ones as a save() would."""
        fields = sorted(changed)
        now = timezone.now()
        for field in model._meta.concrete_fields:
            if getattr(field, "auto_now", False):
                for obj in objs:
                    setattr(obj, field.attname, now)
                fields.append(field.attname)
        if has_history(model):
            bulk_update_with_history(
                objs,
                model,
                fields,
                batch_size=self.batch_size,
                default_change_reason=self.change_reason,
            )
        else:
            model._default_manager.bulk_update(objs, fields, batch_size=self.batch_size)

"""Every write to a tracked model, whatever its path, announced once: `rows_changed`.

Figures are cached (core.cache) and summed ahead (projects.totals); both must follow every
write — admin saves, API and page forms, workflow services, imports, bulk loads. Saves and
deletes (cascades included) arrive through Django's model signals, bulk writes through the
TrackedQuerySet methods that bypass those signals (`update`, `bulk_create`, `bulk_update`),
writes around the ORM (COPY) through `rows_written`; all end in `rows_changed`. A model is
tracked when its default manager's queryset is a TrackedQuerySet (every ScopedQuerySet is).
"""

from django.apps import apps
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal

# sender: the model; rows: the instances written (for a delete, as they were), a list or a
# queryset; origin: for a delete, the instance or queryset whose deletion it is (Django's
# post_delete `origin`).
rows_changed = Signal()


def rows_written(model, rows, origin=None):
    """Announce rows of `model` written; called directly for writes around the ORM (COPY)."""
    rows_changed.send(sender=model, rows=rows, origin=origin)


class TrackedQuerySet(models.QuerySet):
    """A queryset whose bulk writes announce the rows they wrote (`rows_changed`).

    `tracked = False` on a subclass opts a model out: rows derived from others (a summary
    kept by `rows_changed` receivers) are not themselves a change anyone waits for.
    """

    tracked = True

    def update(self, **kwargs):
        if not self.tracked:
            return super().update(**kwargs)
        pks = list(self.values_list("pk", flat=True))
        count = super().update(**kwargs)
        rows_written(self.model, self.model._base_manager.using(self.db).filter(pk__in=pks))
        return count

    def bulk_create(self, objs, *args, **kwargs):
        objs = super().bulk_create(objs, *args, **kwargs)
        if self.tracked:
            rows_written(self.model, objs)
        return objs

    def bulk_update(self, objs, fields, *args, **kwargs):
        count = super().bulk_update(objs, fields, *args, **kwargs)
        if self.tracked:
            rows_written(self.model, objs)
        return count


def is_tracked(model):
    queryset = model._default_manager.get_queryset()
    return isinstance(queryset, TrackedQuerySet) and queryset.tracked


def _saved_or_deleted(sender, instance, origin=None, **kwargs):
    rows_written(sender, [instance], origin)


def _m2m_changed(sender, instance, action, model, **kwargs):
    # Both sides changed: the row whose set changed, and the model of the rows in the set.
    if action.startswith("post_"):
        rows_written(type(instance), [instance])
        rows_written(model, [])


def connect_model_signals():
    """Announce saves, deletes and many-to-many changes of every tracked model (apps.ready)."""
    for model in apps.get_models():
        if not is_tracked(model):
            continue
        uid = f"tracking:{model._meta.label}"
        post_save.connect(_saved_or_deleted, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(_saved_or_deleted, sender=model, dispatch_uid=f"{uid}:delete")
        for field in model._meta.many_to_many:
            m2m_changed.connect(
                _m2m_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}:{field.name}"
            )

"""What every API v1 viewset and serializer shares: the visibility gate, JSON only, FilterSet
filtering and ordering, model validation on writes and services' errors as 400/403.
"""

import copy

from django.core.exceptions import NON_FIELD_ERRORS, ImproperlyConfigured
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.fields import get_error_detail
from rest_framework.permissions import SAFE_METHODS
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.settings import api_settings

from ..cache import PublicResponseCacheMixin
from ..integrity import constraint_errors
from .conditional import ConditionalMixin
from .permissions import sees_private
from .schema import ApiAutoSchema


def describe(**descriptions):
    """Schema descriptions per action: `@describe(list=_("…"), retrieve=_("…"))`."""
    return extend_schema_view(
        **{action: extend_schema(description=text) for action, text in descriptions.items()}
    )


def as_api_error(exc: DjangoValidationError) -> ValidationError:
    """A model or service ValidationError as DRF's 400 body `{field: [messages]}`."""
    detail = get_error_detail(exc)
    if not isinstance(detail, dict):
        detail = {NON_FIELD_ERRORS: detail}
    if NON_FIELD_ERRORS in detail:
        detail[api_settings.NON_FIELD_ERRORS_KEY] = detail.pop(NON_FIELD_ERRORS)
    return ValidationError(detail)


def call_service(service, **kwargs):
    """Run a workflow service; its ValidationError answers 400 (PermissionDenied is a 403)."""
    try:
        return service(**kwargs)
    except DjangoValidationError as exc:
        raise as_api_error(exc) from exc


class ApiViewMixin(PublicResponseCacheMixin, ConditionalMixin):
    """JSON only, documented errors, filtering and ordering through the resource's FilterSet;
    ETag and Last-Modified on reads, 304 when the client's copy is current (.conditional).
    Public reads are kept in the shared cache until any write (core.cache), validators
    included: the public's unchanged page is then one round trip to the cache."""

    schema = ApiAutoSchema()
    renderer_classes = [JSONRenderer]
    filter_backends = [DjangoFilterBackend]

    def filter_queryset(self, queryset):
        # Filters narrow lists; a detail is found by its code alone (`?year=` on a project
        # detail chooses the year of its figures, it does not filter).
        if getattr(self, "detail", False):
            return queryset
        return super().filter_queryset(queryset)


class ScopedViewSetMixin(ApiViewMixin):
    """Every row through the one gate: reads see `.visible_to(user)`, writes and workflow
    actions reach only `.managed_by(user)` (another district's published row is readable,
    not changeable)."""

    def get_queryset(self):
        rows = super().get_queryset()
        if self.request.method in SAFE_METHODS:
            return rows.visible_to(self.request.user).with_managed(self.request.user)
        return rows.managed_by(self.request.user)


def _workflow_action(transition, body, description):
    """The POST action `<lookup>/<transition name>/` of a WorkflowActionsMixin viewset."""

    def step(self, request, *args, **kwargs):
        return self.run_transition(transition, body)

    step.__name__ = f"transition_{transition.name}"
    step = action(
        detail=True,
        methods=["post"],
        url_path=transition.name.replace("_", "-"),
        url_name=transition.name.replace("_", "-"),
    )(step)
    return extend_schema(request=body, description=description)(step)


class WorkflowActionsMixin:
    """One POST action per step of the viewset's `workflow` (core.workflow), on one object
    the user manages: `workflow_bodies[step]` validates the body, whose fields are the
    step's keywords; the workflow checks who may take the step from which state."""

    workflow = None
    workflow_bodies: dict = {}

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        if cls.workflow is not None:
            unknown = set(cls.workflow_bodies) - set(cls.workflow.transitions)
            if unknown:
                raise ImproperlyConfigured(f"{cls.__name__}: no such workflow step {unknown}")
            for transition in cls.workflow:
                step = _workflow_action(
                    transition,
                    cls.workflow_bodies.get(transition.name),
                    cls.workflow.description(transition),
                )
                setattr(cls, step.__name__, step)

    def run_transition(self, transition, body=None):
        subject = self.get_object()
        data = {}
        if body is not None:
            serializer = body(data=self.request.data, context=self.get_serializer_context())
            serializer.is_valid(raise_exception=True)
            data = serializer.validated_data
        call_service(
            self.workflow.run, name=transition.name, row=subject, user=self.request.user, **data
        )
        return Response(self.get_serializer(subject).data)


class VisibleSlugRelatedField(serializers.SlugRelatedField):
    """A code that must name a row the requesting user may pick (write choices are gated)."""

    def get_queryset(self):
        return super().get_queryset().choosable_by(self.context["request"].user)


class VisiblePrimaryKeyRelatedField(serializers.PrimaryKeyRelatedField):
    def get_queryset(self):
        return super().get_queryset().choosable_by(self.context["request"].user)


def code_of(source=None, **kwargs):
    """The stable code of a related row, read-only (`district` → `"hualong"`); `source` when
    the row is not the field's namesake (`code_of("project.district")`)."""
    if source:
        kwargs["source"] = source
    return serializers.SlugRelatedField(slug_field="code", read_only=True, **kwargs)


@extend_schema_field(OpenApiTypes.STR)
class ChoiceLabelField(serializers.Field):
    """The translated label of a coded model field's value, from the field's choices (as
    `get_<field>_display` would give it, without DRF inspecting that method on every row)."""

    def __init__(self, choice_field, **kwargs):
        super().__init__(source=choice_field, read_only=True, **kwargs)
        self.labels = None

    def get_attribute(self, instance):
        if self.labels is None:  # once per serializer: the rows of a list share one model
            self.labels = dict(type(instance)._meta.get_field(self.source).flatchoices)
        return super().get_attribute(instance)

    def to_representation(self, value):
        return str(self.labels.get(value, value))


def label_of(choice_field):
    """The translated label beside a coded value (`stage` → `stage_label`)."""
    return ChoiceLabelField(choice_field)


class PrivateFieldsMixin:
    """`Meta.private_fields` are left out of responses to viewers who may not see them: the
    public, and officials for rows they only read (another district's, `is_managed` False)."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        user = self.context["request"].user
        if not sees_private(user) or not getattr(instance, "is_managed", True):
            for name in self.Meta.private_fields:
                data.pop(name, None)
        return data


class FullCleanSerializer(serializers.ModelSerializer):
    """Writes run the model's `full_clean()`: the API refuses exactly what the admin refuses,
    with the model's own messages (constraints included, so a duplicate is a 400, also when
    another request saved the same key between validation and save: core.integrity)."""

    def get_validators(self):
        return []  # the model's constraints, checked by full_clean(), say it better

    def instance_with(self, attrs):
        """The instance as it would be saved: a copy of the current one with `attrs` set."""
        instance = copy.copy(self.instance) if self.instance else self.Meta.model()
        for name, value in attrs.items():
            setattr(instance, name, value)
        return instance

    def validate(self, attrs):
        attrs = super().validate(attrs)
        instance = self.instance_with(attrs)
        self.check_instance(instance)
        try:
            instance.full_clean()
        except DjangoValidationError as exc:
            raise as_api_error(exc) from exc
        return attrs

    def save(self, **kwargs):
        try:
            with transaction.atomic():
                return super().save(**kwargs)
        except IntegrityError as exc:
            refusal = constraint_errors(self.instance_with({**self.validated_data, **kwargs}))
            if refusal is None:
                raise
            raise as_api_error(refusal) from exc

    def check_instance(self, instance):
        """Hook: refuse (PermissionDenied) an instance the requesting user may not write."""

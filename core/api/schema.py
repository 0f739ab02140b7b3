"""OpenAPI generation for API v1: every operation documents the errors it can answer.

drf-spectacular documents only the success response by default; clients (and the
schemathesis step in the tests) need to know that a bad filter is a 400 with field
messages, a missing token a 401, a page past the end a 404, a throttled feedback a 429.
"""

import functools
import inspect
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db.models import TextChoices
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent, safe_ref
from rest_framework import permissions

from core.filters import BooleanChoiceFilter

from .permissions import IsOfficial

DETAIL_SCHEMA = {
    "type": "object",
    "description": _("An error that is not about one field: `detail` says what went wrong."),
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_SCHEMA = {
    "type": "object",
    "description": _(
        "Field errors: each key is a query parameter or body field (`non_field_errors` for "
        "the whole body), each value the list of messages; an unreadable body answers "
        "`detail`."
    ),
    "additionalProperties": {
        "oneOf": [{"type": "array", "items": {"type": "string"}}, {"type": "string"}]
    },
}
ERRORS = {
    "400": ("ValidationError", VALIDATION_SCHEMA, _("Invalid parameters or body.")),
    "401": (
        "ErrorDetail",
        DETAIL_SCHEMA,
        _("The token is invalid, or the operation needs `Authorization: Token <key>`."),
    ),
    "403": ("ErrorDetail", DETAIL_SCHEMA, _("The token's user may not do this.")),
    "404": ("ErrorDetail", DETAIL_SCHEMA, _("No such object for this user, or no such page.")),
    "429": ("ErrorDetail", DETAIL_SCHEMA, _("Too many submissions: try again later.")),
}


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


@functools.cache
def named_choice_sets():
    """Our coded value sets (Stage, ReportStatus, FundingKind …) by their values: every
    TextChoices class declared in one of the project's apps (all are loaded by then)."""
    root = Path(settings.BASE_DIR)
    project_apps = {c.name for c in apps.get_app_configs() if Path(c.path).parent == root}
    sets = {}
    for value in _subclasses(TextChoices):
        if value.__module__.split(".")[0] in project_apps and value.values:
            sets.setdefault(frozenset(value.values), value.__name__)
    return sets


class ApiAutoSchema(AutoSchema):
    """AutoSchema plus documented error responses, optional private fields and enums named
    after their choice classes."""

    def _named_enum(self, prop):
        """A coded property refers to one enum component named after its choice class
        (`StageEnum`, `ReportStatusEnum`), whichever serializer it appears in.

        drf-spectacular would otherwise name enums after field names and warn when one name
        (`kind`, `status`, `category`) covers several choice sets.
        """
        name = named_choice_sets().get(frozenset(prop.get("enum") or ()))
        if name is None:
            return prop
        enum = {key: prop.pop(key) for key in ("type", "enum")}
        prop.pop("x-spec-enum-id", None)
        description = prop.get("description", "")
        if description.startswith("*"):
            enum["description"] = prop.pop("description")
        elif "\n\n*" in description:
            prop["description"], _sep, choices = description.partition("\n\n*")
            enum["description"] = "*" + choices
        component = ResolvedComponent(
            name=f"{name}Enum", type=ResolvedComponent.SCHEMA, schema=enum, object=f"{name}Enum"
        )
        self.registry.register_on_missing(component)
        return safe_ref({**prop, **component.ref})

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            name, schema, description = ERRORS[code]
            component = ResolvedComponent(
                name=name, type=ResolvedComponent.SCHEMA, schema=schema, object=name
            )
            self.registry.register_on_missing(component)
            responses.setdefault(
                code,
                {
                    "content": {"application/json": {"schema": component.ref}},
                    "description": str(description),
                },
            )
        return responses

    def _error_codes(self):
        safe = self.method in permissions.SAFE_METHODS
        has_path_params = "{" in self.path
        codes = ["401"]
        filters = getattr(self.view, "filterset_class", None) is not None
        if not safe or self._is_list_view() or self.get_override_parameters() or filters:
            codes.append("400")  # a body or a filter that refuses what it is given
        if not safe or any(isinstance(p, IsOfficial) for p in self.view.get_permissions()):
            codes.append("403")
        if has_path_params or self._is_list_view():
            codes.append("404")
        if self.view.get_throttles():
            codes.append("429")
        return codes

    def _get_filter_parameters(self):
        """Filter parameters with their labels, and `true`/`false` flags typed as such."""
        parameters = super()._get_filter_parameters()
        filterset = getattr(self.view, "filterset_class", None)
        filters = filterset.base_filters if filterset else {}
        for parameter in parameters:
            filter_ = filters.get(parameter["name"])
            if filter_ is None:
                continue
            if not parameter.get("description") and filter_.label:
                parameter["description"] = str(filter_.label)
            if isinstance(filter_, BooleanChoiceFilter):
                parameter["schema"] = {"type": "string", "enum": ["true", "false"]}
        return parameters

    def _map_basic_serializer(self, serializer, direction):
        """Private fields are absent for viewers who may not see them: never `required`.

        A serializer's description is its own docstring, not one inherited from a mixin.
        """
        schema = super()._map_basic_serializer(serializer, direction)
        for name, prop in schema.get("properties", {}).items():
            schema["properties"][name] = self._named_enum(prop)
        own_doc = vars(type(serializer)).get("__doc__")
        if own_doc:
            schema["description"] = inspect.cleandoc(own_doc)
        else:
            schema.pop("description", None)
        private = getattr(getattr(serializer, "Meta", None), "private_fields", ())
        if private and "required" in schema:
            schema["required"] = [name for name in schema["required"] if name not in private]
            if not schema["required"]:
                del schema["required"]
        for name in private:
            if name in schema.get("properties", {}):
                prop = schema["properties"][name]
                note = str(_("Private: only in responses to officials who may see it."))
                prop["description"] = f"{prop.get('description', '')} {note}".strip()
        return schema

"""OpenAPI generation for API v1: every operation documents the errors it can answer.

drf-spectacular documents only the success response by default; clients (and the
schemathesis step in the tests) need to know that a bad filter is a 400 with field
messages, a missing token a 401, a page past the end a 404, a throttled feedback a 429.
"""

import inspect

from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ResolvedComponent
from rest_framework import permissions

from districts.filters import BooleanChoiceFilter

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
# Choice sets that share a field name (`kind`, `status`, `category`) get stable enum names.
# drf-spectacular reads these from SPECTACULAR_SETTINGS; the schema view passes them as its
# custom settings, and `manage.py spectacular --custom-settings
# districts.api.schema.SCHEMA_SETTINGS` does the same on the command line.
SCHEMA_SETTINGS = {
    "ENUM_NAME_OVERRIDES": {
        f"{name}Enum": f"{module}.{name}"
        for module, names in {
            "districts.models": ["DistrictKind"],
            "projects.choices": [
                "Level",
                "Stage",
                "Category",
                "Nature",
                "ReportStatus",
                "MilestoneKind",
                "FundingKind",
                "ApprovalKind",
                "RoundList",
                "Warning",
            ],
            "enterprises.choices": [
                "EnterpriseKind",
                "AssignmentRole",
                "VisitMode",
                "ProblemCategory",
                "ProblemSource",
                "ProblemStatus",
                "Satisfaction",
            ],
        }.items()
        for name in names
    }
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


class ApiAutoSchema(AutoSchema):
    """AutoSchema plus documented error responses and optional private fields."""

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
        if not safe or self._is_list_view() or self.get_override_parameters():
            codes.append("400")
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

"""Excel/CSV import and export building blocks (django-import-export), shared by the apps.

What every resource of the project guarantees:

- columns carry the fields' verbose names in the user's language (Chinese in production);
  on import, headers in any configured language, or the plain field names, are accepted;
- related rows are written as codes (district code, project code, credit code), never ids,
  and read from the code or, as district ledgers write them, a national code or the name;
  a row is looked up only among those the importing user may see (its district);
- coded values (stage, level …) are exported as their stable code and imported from the
  code or the label;
- the import preview shows names and labels where the file has codes;
- exports are formula-safe (core.spreadsheets), and import our own exports back unchanged;
- every row goes through the model's full_clean() (constraints, credit-code check), and
  errors are reported by row and by column header;
- all or nothing: one bad row and the whole file is rolled back.
"""

import datetime

from django.conf import settings
from django.core.exceptions import (
    NON_FIELD_ERRORS,
    FieldDoesNotExist,
    ObjectDoesNotExist,
    ValidationError,
)
from django.db import models
from django.utils import translation
from django.utils.encoding import force_str
from django.utils.text import capfirst, get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export import fields, resources, widgets

from .integrity import save_checked
from .scoping import sees_everything, visible_choices
from .spreadsheets import from_csv_text
from .validators import normalize_credit_code

CODE = _("code")


# Headers typed by hand mix full-width and half-width brackets and spaces: 项目（代码） is
# 项目 (代码).
HEADER_FOLD = str.maketrans({"（": "(", "）": ")", " ": None, "\u3000": None})


def _normalize(header):
    return force_str(header or "").casefold().translate(HEADER_FOLD)


class CodeWidget(widgets.ForeignKeyWidget):
    """A foreign key written as the related row's code; looked up only among the rows the
    importing user may see, so a reporter cannot name another district's row; `normalize`
    puts a code in its stored form first (a credit code). `alternates` are further fields a cell may name the row by (a national code, the name), tried in
    order when no code matches; a name two rows share is refused as ambiguous."""

    def __init__(
        self, model, field="code", key_label=CODE, normalize=None, alternates=(), **kwargs
    ):
        self.key_label = key_label
        self.normalize = normalize
        self.alternates = alternates
        self.user = None
        self.show_names = False  # the import preview shows the row's name, not its code
        super().__init__(model, field=field, **kwargs)

    def get_queryset(self, value, row, *args, **kwargs):
        return visible_choices(self.model, self.user)

    def clean(self, value, row=None, **kwargs):
        value = force_str(value if value is not None else "").strip()
        try:
            key = self.normalize(value) if self.normalize else value
            return super().clean(key, row, **kwargs)
        except self.model.DoesNotExist:
            pass
        for alternate in self.alternates:
            found = list(self.get_queryset(value, row).filter(**{alternate: value})[:2])
            if len(found) == 1:
                return found[0]
            if found:
                raise ValueError(
                    gettext("Several %(model)s are named “%(value)s”: write the code.")
                    % {"model": self.model._meta.verbose_name_plural, "value": value}
                )
        keys = [
            self.key_label,
            *(self.model._meta.get_field(a).verbose_name for a in self.alternates),
        ]
        raise ValueError(
            gettext("No %(model)s with %(key)s “%(value)s” that you may use.")
            % {
                "model": self.model._meta.verbose_name,
                "key": get_text_list([force_str(key) for key in keys], gettext("or")),
                "value": value,
            }
        )

    def render(self, value, obj=None, **kwargs):
        if self.show_names and value is not None:
            return str(value)
        return super().render(value, obj, **kwargs)


class CodesWidget(widgets.ManyToManyWidget):
    """Many-to-many as comma-separated codes; an unknown code is an error, not ignored."""

    def clean(self, value, row=None, **kwargs):
        codes = [c.strip() for c in force_str(value or "").replace("，", ",").split(",")]
        codes = [c for c in codes if c]
        found = self.model.objects.filter(**{f"{self.field}__in": codes})
        missing = set(codes) - {getattr(obj, self.field) for obj in found}
        if missing:
            raise ValueError(
                gettext("Unknown %(model)s code(s): %(codes)s")
                % {"model": self.model._meta.verbose_name, "codes": ", ".join(sorted(missing))}
            )
        return found


class ChoiceWidget(widgets.CharWidget):
    """A coded value: exported as its stable code, imported from the code or its label (in
    any configured language)."""

    def __init__(self, choices, **kwargs):
        self.choices = list(choices)
        self._lookup = None
        self.show_names = False  # the import preview shows the label, not the code
        super().__init__(**kwargs)

    def render(self, value, obj=None, **kwargs):
        if self.show_names:
            return force_str(dict(self.choices).get(value, value))
        return super().render(value, obj, **kwargs)

    def lookup(self):
        """{code or label, case-folded: code}, built once per import."""
        if self._lookup is None:
            self._lookup = {}
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    for code, label in self.choices:
                        self._lookup[force_str(label).casefold()] = code
            self._lookup.update({code.casefold(): code for code, _label in self.choices})
        return self._lookup

    def clean(self, value, row=None, **kwargs):
        text = force_str(value if value is not None else "").strip()
        if not text:
            return ""
        try:
            return self.lookup()[text.casefold()]
        except KeyError:
            raise ValueError(
                gettext("“%(value)s” is not one of: %(codes)s")
                % {"value": text, "codes": ", ".join(code for code, _label in self.choices)}
            ) from None


class BooleanWidget(widgets.BooleanWidget):
    """Yes/no that refuses anything else (the library reads any unknown word as "no")."""

    TRUE_VALUES = [*widgets.BooleanWidget.TRUE_VALUES, "yes", "Yes", "是", "Y", "y"]
    FALSE_VALUES = [*widgets.BooleanWidget.FALSE_VALUES, "no", "No", "否", "N", "n"]

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str):
            value = value.strip()
        if value in self.NULL_VALUES:
            return None
        if value in self.TRUE_VALUES:
            return True
        if value in self.FALSE_VALUES:
            return False
        raise ValueError(gettext("“%(value)s” is not 1/0 (yes/no).") % {"value": value})


class DateWidget(widgets.DateWidget):
    """A date: Excel gives datetimes (compared as dates, or every row looks changed), people
    type 2022-03-01, 2022/3/1 or 2022年3月1日."""

    FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.formats = self.FORMATS

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, str):
            value = value.strip()
        try:
            return super().clean(value, row, **kwargs)
        except ValueError:
            raise ValueError(
                gettext("“%(value)s” is not a date (2022-03-01).") % {"value": value}
            ) from None


class CreditCodeWidget(widgets.CharWidget):
    """A credit code, normalised before it is looked up (an import matches rows by it)."""

    def clean(self, value, row=None, **kwargs):
        return normalize_credit_code(super().clean(value, row, **kwargs))


def code_field(attribute, model, field="code", key_label=CODE, **kwargs):
    """A resource column holding a related row's code (or, with `alternates`, another key)."""
    return fields.Field(
        attribute=attribute, widget=CodeWidget(model, field=field, key_label=key_label, **kwargs)
    )


def credit_code_field(attribute, model):
    """A resource column holding a related enterprise's credit code (normalised)."""
    return code_field(
        attribute,
        model,
        field="credit_code",
        key_label=model._meta.get_field("credit_code").verbose_name,
        normalize=normalize_credit_code,
    )


class ScopedResource(resources.ModelResource):
    """A ModelResource within a user's scope (see the module docstring for the guarantees).

    Subclasses list their `fields`, declare foreign keys with `code_field`, and may set
    `export_related` (select_related paths) so an export needs no query per row.
    """

    export_related: tuple[str, ...] = ()
    export_prefetch: tuple[str, ...] = ()

    class Meta:
        clean_model_instances = True  # model validation (constraints, credit code) per row
        skip_unchanged = True  # a round trip (export, then import) changes nothing
        report_skipped = True
        use_transactions = True

    def __init__(self, user=None, **kwargs):
        super().__init__(**kwargs)
        self.bind_user(user)
        for name, resource_field in self.fields.items():
            resource_field.column_name = self.header(name, resource_field)

    def bind_user(self, user):
        self.user = user
        for resource_field in self.fields.values():
            if isinstance(resource_field.widget, CodeWidget):
                resource_field.widget.user = user

    # Headers ---------------------------------------------------------------------------

    def model_field(self, resource_field):
        attribute = (resource_field.attribute or "").split("__")[0]
        try:
            return self._meta.model._meta.get_field(attribute)
        except FieldDoesNotExist:
            return None

    def header(self, name, resource_field):
        """The column header: the verbose name, with "(code)" for a code column."""
        model_field = self.model_field(resource_field)
        label = capfirst(force_str(model_field.verbose_name)) if model_field else name
        if isinstance(resource_field.widget, CodeWidget | CodesWidget):
            key = getattr(resource_field.widget, "key_label", CODE)
            label = gettext("%(field)s (%(key)s)") % {"field": label, "key": key}
        return label

    def header_aliases(self):
        """Every header a column is recognised by: field name, and its header per language."""
        aliases = {}
        for name, resource_field in self.fields.items():
            aliases[_normalize(name)] = resource_field.column_name
            for language, _name in settings.LANGUAGES:
                with translation.override(language):
                    aliases[_normalize(self.header(name, resource_field))] = (
                        resource_field.column_name
                    )
            aliases[_normalize(resource_field.column_name)] = resource_field.column_name
        return aliases

    def before_import(self, dataset, **kwargs):
        aliases = self.header_aliases()
        if dataset.headers:
            dataset.headers = [aliases.get(_normalize(h), h) for h in dataset.headers]
        # Our CSV exports put an apostrophe before formula-like text: a round trip is lossless.
        for index, row in enumerate(dataset):
            dataset[index] = [from_csv_text(value) for value in row]
        super().before_import(dataset, **kwargs)

    # Scope -------------------------------------------------------------------------------

    def get_queryset(self):
        """Existing rows an import may update: only those the user may see."""
        return self._meta.model.objects.managed_by(self.user)

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError:
            return None  # an unreadable key: reported with its column when the row is read

    def do_instance_save(self, instance, is_create):
        # A lost race on a unique key is the row's error with the model's message.
        save_checked(instance, force_insert=is_create)

    def after_save_instance(self, instance, row, **kwargs):
        """A row the user could not see once saved (a cadre's problem nobody assigned to it,
        say) is refused like a crafted form: the whole file is rolled back."""
        super().after_save_instance(instance, row, **kwargs)
        if sees_everything(self.user) or instance.pk is None:
            return
        if not self.get_queryset().filter(pk=instance.pk).exists():
            raise ValidationError(gettext("This row would be outside your district."))

    def filter_export(self, queryset, **kwargs):
        queryset = queryset.managed_by(self.user)
        if self.export_related:
            queryset = queryset.select_related(*self.export_related)
        if self.export_prefetch:
            queryset = queryset.prefetch_related(*self.export_prefetch)
        return queryset

    # Import: all or nothing, errors by row and column -------------------------------------

    def import_data(self, dataset, **kwargs):
        """All or nothing, always: one invalid row rolls the whole file back. The preview
        of an import shows names and labels (an export keeps the codes)."""
        if kwargs.get("user") is not None and self.user is None:
            self.bind_user(kwargs["user"])
        for resource_field in self.fields.values():
            if hasattr(resource_field.widget, "show_names"):
                resource_field.widget.show_names = True
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(dataset, **kwargs)

    def import_field(self, resource_field, instance, row, is_m2m=False, **kwargs):
        """A value the widget cannot read becomes an error of its column, not a crash."""
        try:
            super().import_field(resource_field, instance, row, is_m2m, **kwargs)
        except ValueError:
            raise
        except (ArithmeticError, TypeError, ObjectDoesNotExist) as exc:
            value = row.get(resource_field.column_name)
            raise ValueError(
                gettext("“%(value)s” is not a valid value.") % {"value": value}
            ) from exc

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
        # Many-to-many values are saved after the row; check them now, with the others.
        for resource_field in self.get_import_fields():
            if (
                isinstance(resource_field.widget, widgets.ManyToManyWidget)
                and resource_field.column_name in row
            ):
                try:
                    resource_field.clean(row, **kwargs)
                except ValueError as exc:
                    errors[resource_field.attribute] = [str(exc)]
        if errors:
            raise ValidationError(errors)

    def row_errors(self, instance):
        """Row-level refusals a subclass adds (e.g. a locked report); {field: [messages]}."""
        return {}

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        for key, messages in self.row_errors(instance).items():
            errors.setdefault(key, []).extend(messages)
        try:
            super().validate_instance(instance, errors, validate_unique)
        except ValidationError as exc:
            raise ValidationError(self.errors_by_column(exc)) from exc

    def errors_by_column(self, exc):
        """Key the errors by the column header the user sees, not by the model field."""
        columns = {}
        for resource_field in self.fields.values():
            if resource_field.attribute:
                columns[resource_field.attribute] = resource_field.column_name
                columns[resource_field.attribute.removesuffix("_id")] = resource_field.column_name
        by_column = {}
        for key, errors in exc.error_dict.items():
            if key == NON_FIELD_ERRORS:
                column = key
            elif key in columns:
                column = columns[key]
            else:
                try:
                    column = capfirst(force_str(self._meta.model._meta.get_field(key).verbose_name))
                except FieldDoesNotExist:
                    column = key
            by_column.setdefault(column, []).extend(errors)
        return by_column

    # Field types ----------------------------------------------------------------------------

    @classmethod
    def field_from_django_field(cls, field_name, django_field, readonly):
        resource_field = super().field_from_django_field(field_name, django_field, readonly)
        if django_field.choices:
            resource_field.widget = ChoiceWidget(django_field.choices)
        elif isinstance(django_field, models.BooleanField):
            resource_field.widget = BooleanWidget()
        elif type(django_field) is models.DateField:
            resource_field.widget = DateWidget()
        elif isinstance(django_field, models.CharField | models.TextField):
            # An empty Excel cell is None; text columns store "" (the library leaves TextField
            # cells as None, which the database refuses).
            resource_field.widget = widgets.CharWidget(allow_blank=True)
        return resource_field

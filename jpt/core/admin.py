"""The admin's side of the contact rule.

A key local stakeholder's phone number, and how to reach a community protection plan's contingency
contact, are shown only to the mission's team and to Civil Affairs officers and reviewers of its
province (``missions.permissions.can_see_contacts``). Administrators are none of these, so the
admin must never list, filter, search, order by or display a contact: a filter such as
``?phone__startswith=+24381`` answering "1 result" or "0 results" gives the number away in about a
hundred requests, and so do lookups reaching it through relations
(``?mission__stakeholders__stakeholder__phone__startswith=``).

Every ModelAdmin (and inline) of the project inherits :class:`ProtectedAdminMixin`, usually
through :class:`ProtectedModelAdmin`. The mixin:

- refuses every querystring lookup (``lookup_allowed``) and ``_to_field`` (``to_field_allowed``)
  whose path passes through a contact field, directly or across relations, or through an
  annotation of the admin's queryset built on one;
- drops contacts from what the changelist lists, links, filters, searches, sorts and orders by
  (``get_list_display``, ``get_list_display_links``, ``get_list_filter``,
  ``get_search_fields``, ``get_sortable_by``, ``get_ordering``), and its changelist ignores an
  ``?o=`` column whose ordering field is a contact;
- leaves contacts out of the forms and detail pages (``get_exclude``, ``get_fields``,
  ``get_fieldsets``, ``get_readonly_fields``, ``get_prepopulated_fields``, the changelist's
  ``list_editable`` formset).

These guards also wrap the same methods when a subclass overrides them, so an override cannot
bring a contact back. And the system checks fail loudly: a contact named in an admin's static
options (``list_display``, ``search_fields``...) is ``core.E003`` and an inline without the mixin
``core.E004`` (the mixin's ``check()``); a registered ModelAdmin without the mixin is
``core.E002`` and an entry of :data:`CONTACT_FIELDS` that no longer exists ``core.E001``
(``jpt.core.checks``).

This module belongs to the shared layer: it never imports the domain apps. Contact fields are
named by strings, matched against each field's ``_meta`` at run time.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from typing import Any

from django.contrib import admin
from django.contrib.admin.options import BaseModelAdmin
from django.core import checks
from django.core.exceptions import FieldDoesNotExist, ImproperlyConfigured
from django.db import models, transaction
from django.db.models.constants import LOOKUP_SEP
from django.db.models.sql.query import Query

from jpt.audit.services import audit_record

# Registers the project-wide checks (core.E001, core.E002) wherever the admin is installed.
from . import checks as _project_checks  # noqa: F401
from .ids import parse_id

#: Every contact field of the project, as ``(app_label, model_name, field_name)``. The one list
#: the admin protection (and its checks) reads; add a field here when a model gains a contact.
CONTACT_FIELDS: frozenset[tuple[str, str, str]] = frozenset(
    {
        ("missions", "stakeholder", "phone"),
        ("reports", "contingencycontact", "how_to_reach"),
    }
)

# How far ordering by a relation follows the related models' Meta.ordering.
_MAX_ORDERING_DEPTH = 4
# Search fields may start with one of these to choose the lookup.
_SEARCH_PREFIXES = "^=@"


# Resolving paths ------------------------------------------------------------------------------


def is_contact_field(field: Any) -> bool:
    """Whether ``field`` (a model field, not a reverse relation) is one of CONTACT_FIELDS."""
    if field is None or isinstance(field, models.ForeignObjectRel):
        return False
    model = getattr(field, "model", None)
    name = getattr(field, "name", None)
    if model is None or name is None:
        return False
    return (model._meta.app_label, model._meta.model_name, name) in CONTACT_FIELDS


def contact_field_names(model: type[models.Model]) -> list[str]:
    """Names of the contact fields held by ``model`` itself (inherited ones included)."""
    return [
        field.name
        for field in model._meta.get_fields(include_hidden=True)
        if is_contact_field(field)
    ]


def _get_field(opts, name: str):
    if name == "pk":
        return opts.pk
    try:
        return opts.get_field(name)
    except FieldDoesNotExist:
        return None


def reaches_contact(
    model: type[models.Model],
    path: str,
    annotations: dict[str, Any] | None = None,
    *,
    ordering: bool = False,
    _depth: int = 0,
) -> bool:
    """Whether the ORM path ``path`` (``"mission__stakeholders__stakeholder__phone__regex"``)
    from ``model`` passes through a contact field.

    The first name may also be one of ``annotations`` (a queryset's), which then reaches a contact
    when its expression does. With ``ordering``, a path ending on a relation also looks at the
    related model's ``Meta.ordering``, which is what ordering by a relation orders by.
    """
    if not isinstance(path, str):
        return expression_reaches_contact(model, path, annotations, _depth=_depth)
    path = path.lstrip("-")
    if not path or path == "?":
        return False
    opts = model._meta
    field = None
    for index, part in enumerate(path.split(LOOKUP_SEP)):
        if index == 0 and annotations and part in annotations:
            return expression_reaches_contact(model, annotations[part], _depth=_depth)
        field = _get_field(opts, part)
        if field is None:
            # A transform, a lookup, or a name the ORM would refuse anyway.
            return False
        if is_contact_field(field):
            return True
        related = field.related_model if field.is_relation else None
        if related is None:
            return False  # What follows a plain field is transforms and lookups.
        opts = related._meta
    if ordering and field is not None and _depth < _MAX_ORDERING_DEPTH:
        return any(
            reaches_contact(opts.model, item, ordering=True, _depth=_depth + 1)
            for item in opts.ordering or ()
        )
    return False


def expression_reaches_contact(
    model: type[models.Model],
    expression: Any,
    annotations: dict[str, Any] | None = None,
    *,
    _depth: int = 0,
) -> bool:
    """Whether an ordering item or query expression (a path, ``F()``, ``OrderBy``, a resolved
    ``Col``, a subquery...) refers to a contact field."""
    if expression is None or _depth > 2 * _MAX_ORDERING_DEPTH:
        return False
    if isinstance(expression, str):
        return reaches_contact(model, expression, annotations, ordering=True, _depth=_depth)
    if isinstance(expression, models.F):
        return reaches_contact(model, expression.name, annotations, ordering=True, _depth=_depth)
    if is_contact_field(getattr(expression, "target", None)):
        return True  # A resolved column.
    if isinstance(expression, Query):
        inner = expression.model or model
        sources = [
            *expression.select,
            *expression.annotations.values(),
            *expression.order_by,
            expression.where,
        ]
        return any(
            expression_reaches_contact(inner, source, expression.annotations, _depth=_depth + 1)
            for source in sources
        )
    get_sources = getattr(expression, "get_source_expressions", None)
    if get_sources is None:
        return False
    return any(
        expression_reaches_contact(model, source, annotations, _depth=_depth + 1)
        for source in get_sources()
    )


def _contact_in_fields(model, fields: Iterable[Any]) -> Iterator[Any]:
    """Contact names among ``fields`` (names, callables or nested tuples of them)."""
    for item in fields or ():
        if isinstance(item, list | tuple):
            yield from _contact_in_fields(model, item)
        elif isinstance(item, str) and reaches_contact(model, item):
            yield item


def _without_contacts(model, fields):
    """``fields`` (names, callables, nested tuples) without the contacts, same container type."""
    if fields is None:
        return None
    kept = []
    for item in fields:
        if isinstance(item, list | tuple):
            item = _without_contacts(model, item)
            if not item:
                continue
        elif isinstance(item, str) and reaches_contact(model, item):
            continue
        kept.append(item)
    return type(fields)(kept) if isinstance(fields, list | tuple) else kept


def _list_filter_path(item) -> str | None:
    """The lookup path a ``list_filter`` entry filters on (a SimpleListFilter's parameter)."""
    if isinstance(item, list | tuple):
        return item[0] if item else None
    if isinstance(item, str):
        return item
    return getattr(item, "parameter_name", None)


def _display_ordering(model_admin, item):
    """What a ``list_display`` entry that is no field orders by when its header is clicked."""
    if isinstance(item, str) and _get_field(model_admin.model._meta, item) is not None:
        return None
    if callable(item):
        attr = item
    elif isinstance(item, str) and hasattr(model_admin, item):
        attr = getattr(model_admin, item)
    elif isinstance(item, str) and hasattr(model_admin.model, item):
        attr = getattr(model_admin.model, item)
    else:
        return None
    if isinstance(attr, property):
        attr = attr.fget
    return getattr(attr, "admin_order_field", None)


# The changelist --------------------------------------------------------------------------------


class ContactSafeChangeListMixin:
    """Ordering of the changelist (``?o=``, the admin's and the model's defaults) never uses a
    contact field."""

    def get_ordering_field(self, field_name):
        order_field = super().get_ordering_field(field_name)
        if order_field and expression_reaches_contact(self.model, order_field):
            return None
        return order_field

    def get_ordering(self, request, queryset):
        annotations = queryset.query.annotations
        return [
            item
            for item in super().get_ordering(request, queryset)
            if not expression_reaches_contact(self.model, item, annotations)
        ]


@functools.cache
def _protected_changelist_class(changelist_class: type) -> type:
    if issubclass(changelist_class, ContactSafeChangeListMixin):
        return changelist_class
    return type(
        f"ContactSafe{changelist_class.__name__}",
        (ContactSafeChangeListMixin, changelist_class),
        {"__module__": __name__},
    )


# The admin mixin --------------------------------------------------------------------------------

# Set while the mixin reads the admin's queryset for its annotations (get_queryset() calls
# get_ordering(), which would read them again).
_reading_annotations: ContextVar[bool] = ContextVar("jpt_admin_reading_annotations", default=False)


class ProtectedAdminMixin:
    """Keeps CONTACT_FIELDS out of an admin (a ModelAdmin or an inline); see the module docstring.

    Put it first among the bases: ``class UserAdmin(ProtectedAdminMixin, DjangoUserAdmin)``.
    """

    # Method name -> cleaner applied to its result, also around a subclass's override.
    _contact_guards: dict[str, str] = {
        "lookup_allowed": "_contact_safe_lookup_allowed",
        "to_field_allowed": "_contact_safe_to_field_allowed",
        "get_list_display": "_contact_safe_list_display",
        "get_list_display_links": "_contact_safe_list_display_links",
        "get_list_filter": "_contact_safe_list_filter",
        "get_search_fields": "_contact_safe_search_fields",
        "get_sortable_by": "_contact_safe_sortable_by",
        "get_ordering": "_contact_safe_ordering",
        "get_changelist": "_contact_safe_changelist",
        "get_exclude": "_contact_safe_exclude",
        "get_fields": "_contact_safe_names",
        "get_fieldsets": "_contact_safe_fieldsets",
        "get_readonly_fields": "_contact_safe_names",
        "get_prepopulated_fields": "_contact_safe_prepopulated_fields",
    }

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        for name, cleaner in cls._contact_guards.items():
            method = cls.__dict__.get(name)
            if callable(method) and not getattr(method, "_contact_guarded", False):
                setattr(cls, name, _guarded(method, cleaner))

    # The add page's initial values, from the query string (``?territory=12``): one the form
    # cannot show (a NUL, which PostgreSQL refuses; a relation's id that cannot be one) is
    # dropped, so the page opens empty instead of answering 500.

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        return {name: value for name, value in initial.items() if self._initial_usable(name, value)}

    def _initial_usable(self, name: str, value) -> bool:
        values = value if isinstance(value, list) else [value]
        if any("\x00" in str(item) for item in values):
            return False
        try:
            field = self.model._meta.get_field(name)
        except FieldDoesNotExist:
            return True
        if field.is_relation and field.related_model is not None:
            return all(parse_id(item) is not None for item in values)
        return True

    # Lookups.

    def _contact_annotations(self, request) -> dict[str, Any]:
        if request is None or _reading_annotations.get():
            return {}
        token = _reading_annotations.set(True)
        try:
            return dict(self.get_queryset(request).query.annotations)
        finally:
            _reading_annotations.reset(token)

    def _reaches_contact(self, path, request=None, cache=None, *, ordering=False) -> bool:
        """Whether a path (or an ordering expression) of this admin reaches a contact, the
        annotations of the admin's queryset included: they are read, once per ``cache``, only for
        a path starting with no field."""
        cache = {} if cache is None else cache

        def annotations():
            if "annotations" not in cache:
                cache["annotations"] = self._contact_annotations(request)
            return cache["annotations"]

        if not isinstance(path, str):
            return expression_reaches_contact(self.model, path, annotations())
        if reaches_contact(self.model, path, ordering=ordering):
            return True
        first = path.lstrip("-").split(LOOKUP_SEP, 1)[0]
        if not first or first == "?" or _get_field(self.model._meta, first) is not None:
            return False
        return first in annotations() and reaches_contact(
            self.model, path, annotations(), ordering=ordering
        )

    def _contact_safe_lookup_allowed(self, allowed, lookup, value=None, request=None):
        return bool(allowed) and not self._reaches_contact(lookup, request)

    def _contact_safe_to_field_allowed(self, allowed, request, to_field):
        return bool(allowed) and not self._reaches_contact(to_field, request)

    def lookup_allowed(self, lookup, value, request=None):
        if self._reaches_contact(lookup, request):
            return False
        return super().lookup_allowed(lookup, value, request)

    def to_field_allowed(self, request, to_field):
        if self._reaches_contact(to_field, request):
            return False
        return super().to_field_allowed(request, to_field)

    # The changelist.

    def _drop(self, items, request, path_of=lambda item: item, *, ordering=False):
        """``items`` without those whose path (``path_of(item)``) reaches a contact."""
        if not items:
            return items
        cache: dict[str, Any] = {}
        kept = []
        for item in items:
            path = path_of(item)
            if path is None or callable(path) and not hasattr(path, "resolve_expression"):
                kept.append(item)  # A display function: nothing to resolve.
            elif not self._reaches_contact(path, request, cache, ordering=ordering):
                kept.append(item)
        return type(items)(kept) if isinstance(items, list | tuple) else kept

    def _contact_safe_names(self, result, request=None, *args, **kwargs):
        return self._drop(result, request)

    def _contact_safe_list_display(self, result, request=None, *args, **kwargs):
        return self._drop(result, request, ordering=True)

    def _contact_safe_list_display_links(self, result, request=None, *args, **kwargs):
        return self._drop(result, request, ordering=True)

    def _contact_safe_sortable_by(self, result, request=None, *args, **kwargs):
        return self._drop(result, request, ordering=True)

    def _contact_safe_list_filter(self, result, request=None, *args, **kwargs):
        return self._drop(result, request, _list_filter_path)

    def _contact_safe_search_fields(self, result, request=None, *args, **kwargs):
        return self._drop(result, request, lambda item: item.lstrip(_SEARCH_PREFIXES))

    def _contact_safe_ordering(self, result, request=None, *args, **kwargs):
        return self._drop(result, request, ordering=True)

    def _contact_safe_changelist(self, result, *args, **kwargs):
        return _protected_changelist_class(result)

    def get_list_display(self, request):
        return self._contact_safe_list_display(super().get_list_display(request), request)

    def get_list_display_links(self, request, list_display):
        links = super().get_list_display_links(request, list_display)
        return self._contact_safe_list_display_links(links, request)

    def get_list_filter(self, request):
        return self._contact_safe_list_filter(super().get_list_filter(request), request)

    def get_search_fields(self, request):
        return self._contact_safe_search_fields(super().get_search_fields(request), request)

    def get_sortable_by(self, request):
        return self._contact_safe_sortable_by(super().get_sortable_by(request), request)

    def get_ordering(self, request):
        return self._contact_safe_ordering(super().get_ordering(request), request)

    def get_changelist(self, request, **kwargs):
        return _protected_changelist_class(super().get_changelist(request, **kwargs))

    def get_changelist_formset(self, request, **kwargs):
        kwargs["exclude"] = [*(kwargs.get("exclude") or ()), *contact_field_names(self.model)]
        return super().get_changelist_formset(request, **kwargs)

    # Forms and detail pages.

    def _contact_safe_exclude(self, result, request=None, *args, **kwargs):
        contacts = contact_field_names(self.model)
        if not contacts:
            return result
        if result is None:
            # ModelAdmin.get_form() adds the form's own Meta.exclude only when get_exclude() is
            # None: keep it.
            result = getattr(getattr(self.form, "_meta", None), "exclude", None) or ()
        return [*result, *(name for name in contacts if name not in result)]

    def _contact_safe_fieldsets(self, result, request=None, *args, **kwargs):
        if not result:
            return result
        cleaned = []
        for name, options in result:
            options = dict(options)
            options["fields"] = _without_contacts(self.model, options.get("fields", ()))
            cleaned.append((name, options))
        return cleaned

    def _contact_safe_prepopulated_fields(self, result, request=None, *args, **kwargs):
        if not result:
            return result
        return {
            name: sources
            for name, sources in result.items()
            if not reaches_contact(self.model, name)
            and not any(_contact_in_fields(self.model, sources))
        }

    def get_exclude(self, request, obj=None):
        return self._contact_safe_exclude(super().get_exclude(request, obj), request)

    def get_fields(self, request, obj=None):
        return self._contact_safe_names(super().get_fields(request, obj), request)

    def get_fieldsets(self, request, obj=None):
        return self._contact_safe_fieldsets(super().get_fieldsets(request, obj), request)

    def get_readonly_fields(self, request, obj=None):
        return self._contact_safe_names(super().get_readonly_fields(request, obj), request)

    def get_prepopulated_fields(self, request, obj=None):
        result = super().get_prepopulated_fields(request, obj)
        return self._contact_safe_prepopulated_fields(result, request)

    # System checks.

    def check(self, **kwargs):
        return [*super().check(**kwargs), *self._check_contact_options()]

    def _check_contact_options(self) -> list[checks.CheckMessage]:
        """A contact named in the admin's static options is an error, not a silent drop."""
        model = self.model
        found: list[tuple[str, Any]] = []
        for option in (
            "list_display_links",
            "list_editable",
            "sortable_by",
            "readonly_fields",
            "fields",
            "raw_id_fields",
            "autocomplete_fields",
        ):
            found += [
                (option, item) for item in _contact_in_fields(model, getattr(self, option, ()))
            ]
        for item in getattr(self, "list_display", ()) or ():
            if isinstance(item, str) and reaches_contact(model, item, ordering=True):
                found.append(("list_display", item))
            elif expression_reaches_contact(model, _display_ordering(self, item)):
                found.append(("list_display", f"{getattr(item, '__name__', item)} (ordering)"))
        for item in getattr(self, "list_filter", ()) or ():
            path = _list_filter_path(item)
            if isinstance(path, str) and reaches_contact(model, path):
                found.append(("list_filter", path))
        for item in getattr(self, "search_fields", ()) or ():
            if reaches_contact(model, item.lstrip(_SEARCH_PREFIXES)):
                found.append(("search_fields", item))
        for item in getattr(self, "ordering", ()) or ():
            if expression_reaches_contact(model, item):
                found.append(("ordering", item))
        hierarchy = getattr(self, "date_hierarchy", None)
        if hierarchy and reaches_contact(model, hierarchy):
            found.append(("date_hierarchy", hierarchy))
        for _name, options in getattr(self, "fieldsets", None) or ():
            fields = options.get("fields", ())
            found += [("fieldsets", item) for item in _contact_in_fields(model, fields)]
        for name, sources in (getattr(self, "prepopulated_fields", None) or {}).items():
            if reaches_contact(model, name) or any(_contact_in_fields(model, sources)):
                found.append(("prepopulated_fields", name))
        errors = [
            checks.Error(
                f"{type(self).__qualname__}.{option} refers to {item!r}, which is or reaches a "
                f"contact field of {model._meta.label}.",
                hint=(
                    "The admin never lists, filters, searches, orders by or shows a contact "
                    "(jpt.core.admin.CONTACT_FIELDS): remove it."
                ),
                obj=type(self),
                id="core.E003",
            )
            for option, item in found
        ]
        for inline in getattr(self, "inlines", ()) or ():
            if not issubclass(inline, ProtectedAdminMixin):
                errors.append(
                    checks.Error(
                        f"Inline {inline.__qualname__} of {type(self).__qualname__} does not "
                        "inherit jpt.core.admin.ProtectedAdminMixin.",
                        hint="Use ProtectedTabularInline or ProtectedStackedInline.",
                        obj=inline,
                        id="core.E004",
                    )
                )
        return errors


def _guarded(method, cleaner: str):
    """``method`` with ``cleaner`` applied to what it returns."""

    @functools.wraps(method)
    def guarded(self, *args, **kwargs):
        return getattr(self, cleaner)(method(self, *args, **kwargs), *args, **kwargs)

    guarded._contact_guarded = True
    return guarded


class ProtectedModelAdmin(ProtectedAdminMixin, admin.ModelAdmin):
    """The base of every ModelAdmin of the project."""


class ProtectedTabularInline(ProtectedAdminMixin, admin.TabularInline):
    """The base of every tabular inline of the project."""


class ProtectedStackedInline(ProtectedAdminMixin, admin.StackedInline):
    """The base of every stacked inline of the project."""


def is_protected(model_admin: BaseModelAdmin | type) -> bool:
    """Whether an admin (instance or class) follows the contact rule."""
    cls = model_admin if isinstance(model_admin, type) else type(model_admin)
    return issubclass(cls, ProtectedAdminMixin)


# The audit trail of changes made in the admin --------------------------------------------------

#: Never written to the audit trail by an admin, whatever its ``audit_fields`` say (contacts are
#: left out too: administrators never see them, and they read the trail).
AUDIT_NEVER_FIELDS: frozenset[str] = frozenset({"password"})


def _audit_json(value: Any) -> Any:
    """A field's value as JSON: scalars as they are, anything else (dates, decimals) as text."""
    if value is None or isinstance(value, str | int | float | bool):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


class AuditedAdminMixin:
    """Writes one audit entry for each record an admin adds, changes or deletes.

    Set ``audit_action`` (an ``AuditAction``) and, optionally, ``audit_fields``: the fields whose
    changes are recorded (default: every editable field of the model). An entry's details hold
    each recorded field that changed as ``[old, new]``: text, numbers and booleans as they are,
    a related record by its name, a many-to-many field as the sorted list of its records' names
    (role names, province names). ``{"created": true}`` (old values empty) or
    ``{"deleted": true}`` (new values empty) marks an addition or a deletion; a save that changes
    no recorded field writes nothing. A password (``AUDIT_NEVER_FIELDS``) and contacts
    (``CONTACT_FIELDS``) are never recorded.

    The admin saves a record with ``save_model`` and then its many-to-many fields with
    ``save_related``, inside one transaction, on its change page and in its changelist alike: the
    old values are read from the database in ``save_model``, the new ones once ``save_related``
    is done, and the entry is written then. Deletions, one (``delete_model``) or several
    (``delete_queryset``), write their entries before the rows go. Put the mixin first among the
    bases: ``class ChainAdmin(AuditedAdminMixin, ProtectedModelAdmin)``.
    """

    audit_action: str | None = None
    audit_fields: Iterable[str] | None = None

    def _audited_fields(self) -> list[models.Field]:
        opts = self.model._meta
        if self.audit_fields is None:
            fields = [
                field
                for field in [*opts.concrete_fields, *opts.many_to_many]
                if field.editable and not field.primary_key
            ]
        else:
            fields = [opts.get_field(name) for name in self.audit_fields]
        never = AUDIT_NEVER_FIELDS | set(contact_field_names(self.model))
        return [field for field in fields if field.name not in never]

    def _audit_values(self, pk, *, lock: bool = False) -> dict[str, Any]:
        """The recorded fields of the row ``pk`` as the database holds them now; with ``lock``,
        the row stays locked until the admin's transaction ends, so that two administrators
        saving at once each record what the other left."""
        rows = self.model._base_manager.all()
        if lock and transaction.get_connection(rows.db).in_atomic_block:
            rows = rows.select_for_update()
        obj = rows.get(pk=pk)
        values: dict[str, Any] = {}
        for field in self._audited_fields():
            if field.many_to_many:
                values[field.name] = sorted(
                    str(related) for related in getattr(obj, field.name).all()
                )
            elif field.is_relation:
                related = getattr(obj, field.name)
                values[field.name] = None if related is None else str(related)
            else:
                values[field.name] = _audit_json(field.value_from_object(obj))
        return values

    def _audit_write(self, request, obj, details: dict[str, Any]) -> None:
        if self.audit_action is None:
            raise ImproperlyConfigured(f"{type(self).__qualname__} needs an audit_action.")
        audit_record(actor=request.user, action=self.audit_action, target=obj, details=details)

    @staticmethod
    def _audit_empty(value: Any) -> Any:
        return [] if isinstance(value, list) else None

    def save_model(self, request, obj, form, change):
        before = self._audit_values(obj.pk, lock=True) if change and obj.pk is not None else None
        super().save_model(request, obj, form, change)
        obj._audit_before = before

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        before = obj.__dict__.pop("_audit_before", None)
        after = self._audit_values(obj.pk)
        if before is None:
            details: dict[str, Any] = {"created": True}
            details |= {name: [self._audit_empty(new), new] for name, new in after.items()}
        else:
            details = {
                name: [before.get(name), new]
                for name, new in after.items()
                if before.get(name) != new
            }
            if not details:
                return
        self._audit_write(request, obj, details)

    def _audit_deletion(self, request, obj) -> None:
        details: dict[str, Any] = {"deleted": True}
        details |= {
            name: [old, self._audit_empty(old)]
            for name, old in self._audit_values(obj.pk, lock=True).items()
        }
        self._audit_write(request, obj, details)

    def delete_model(self, request, obj):
        self._audit_deletion(request, obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        # The changelist's "delete selected" action runs outside a transaction: the entries and
        # the deletion commit together or not at all.
        with transaction.atomic(using=queryset.db):
            for obj in queryset:
                self._audit_deletion(request, obj)
            super().delete_queryset(request, queryset)

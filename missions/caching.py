"""Parts of pages drawn once per version of the data and cached, and list counts cached alike.

The follow-up board and the places to follow up count and link thousands of rows at 5,000
missions (the board: 1,750 links; ``make bench``), the home page gathers five lists, a list's
count is a pass over every row its filters keep, its filter bar builds a model for each of
hundreds of options, the visit form marks every place of the provinces, and a reviewer's every
page counts the review inbox. What they show changes only when a service records something (a
request filed, a team member added, an approval, an implementation change, an alert, a visit),
and every service writes an audit entry in its transaction: the last entry's id
(``jpt.audit.selectors.last_entry_id``) is the version of the data. A part is cached under that
version, the user, their provinces and permissions (a change of scope draws it again at once,
whatever the audit trail says), what the page was asked for (filters, page) and the language,
time zone and day (``digest_of``), and drawn again only when one of them changes.

``SECONDS`` bounds how long a part stays in the cache and so two rare cases: of two saves at
the same instant, the one whose audit entry got the lower id may commit last, after the part
was cached under the other's id; and what changes with the hour, not with the data (an alert
becoming "without response after 48 h"). Both show within five minutes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.utils.functional import SimpleLazyObject, cached_property

from jpt.audit.selectors import last_entry_id, last_entry_subquery
from jpt.core.db import id_list
from jpt.core.templatetags.fragments import digest_of
from jpt.places.models import Province

SECONDS = 300


class Parts:
    """The cached parts of one request's page, for its user. ``get(name, build, **asked)`` is
    ``build()``'s result for the user and what was ``asked``, from the cache when nothing it
    depends on changed (module docstring), built and cached otherwise; ``build`` returns what
    the cache can keep (rendered HTML, numbers), not querysets. The user's scope and the
    version of the data are read once (one query), however many parts the page caches. Made
    per request (a view's ``parts``: ``PartsMixin``), never kept longer: a later request must
    read the version again."""

    def __init__(self, user):
        self.user = user

    @cached_property
    def _scope(self) -> dict[str, Any]:
        provinces, version = scope_and_version(self.user)
        return {
            "user": self.user.pk,
            "provinces": provinces,
            "permissions": sorted(self.user.get_all_permissions()),
            "version": version,
        }

    def get(self, name: str, build: Callable[[], Any], **asked) -> Any:
        key = f"{name}:" + digest_of((), **self._scope, **asked)
        part = cache.get(key)
        if part is None:
            part = build()
            cache.set(key, part, SECONDS)
        return part


def scope_and_version(user) -> tuple[list[int], int]:
    """The ids of the user's provinces and the version of the data, in one query (the
    version read with each province row; alone for a user with no province)."""
    rows = list(
        Province.objects.visible_to(user)
        .annotate(version=last_entry_subquery())
        .order_by("pk")
        .values_list("pk", "version")
    )
    if not rows:
        return [], last_entry_id()
    return [pk for pk, _version in rows], rows[0][1] or 0


class CachedCountPaginator(Paginator):
    """A ``Paginator`` whose count (how many rows the filters keep: a pass over all of them,
    where the page itself is an index walk of 25) is cached as the page's parts are
    (``Parts``): the same filters of the same user give the same count until something is
    recorded. Pass the request's ``Parts`` and ``asked``, what names the rows counted (the
    view and its filters: ``CachedCountMixin``; compiling the rows' SQL for a key cost more
    than reading the count)."""

    def __init__(self, object_list, per_page, *args, parts: Parts, asked: dict, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.parts = parts
        self.asked = asked

    @cached_property
    def count(self) -> int:
        uncached = Paginator.count.func  # Django's count (a cached_property's function)
        return self.parts.get("count", lambda: uncached(self), **self.asked)


def request_asked(view, request, *, ignore: tuple[str, ...] = ()) -> dict:
    """What a request asked of a view beyond its user (whom ``Parts`` keys on already): the
    view, its path and every parameter of its query string but those in ``ignore``."""
    return {
        "view": f"{type(view).__module__}.{type(view).__qualname__}",
        "path": request.path,
        "query": sorted((k, v) for k, v in request.GET.lists() if k not in ignore),
        "htmx": bool(request.headers.get("HX-Request")),
    }


def cache_choices(form, parts: Parts) -> None:
    """Give a form's selects of rows (territories, leads, bases, a province's localities, a
    plan's safe areas: hundreds of options, each a model instance built on every view of the
    page) their options from the cache, under the SQL and parameters of the rows offered (the
    user's scope is in them) and the field. Only what is drawn comes from the cache: the
    field still checks a value sent against its queryset. Call it once the form has set its
    querysets (setting one draws the options again)."""
    for name, field in form.fields.items():
        if not isinstance(field, forms.ModelChoiceField) or isinstance(
            field, forms.ModelMultipleChoiceField
        ):
            continue
        if not isinstance(field.widget, forms.Select) or field.widget.allow_multiple_selected:
            continue
        try:
            sql, params = field.queryset.query.sql_with_params()
        except EmptyResultSet:  # no row to offer: nothing to read
            continue
        field.widget.choices = parts.get(
            "choices",
            lambda field=field: [(str(value), str(label)) for value, label in field.choices],
            sql=sql,
            params=params,
            field=f"{type(form).__module__}.{type(form).__qualname__}.{name}",
            kind=f"{type(field).__module__}.{type(field).__qualname__}",
        )


class PartsMixin:
    """A view with the ``Parts`` of its request (``self.parts``): every part it caches, and the
    navigation's (the review badge), read the user's scope and the version of the data once."""

    @cached_property
    def parts(self) -> Parts:
        return Parts(self.request.user)


class LazyForm(SimpleLazyObject):
    """A form built when the template first reads it, its selects' options from the cache
    (``cache_choices``): a GET whose form is drawn in a ``{% part %}`` never builds it on a
    hit (``CachedChoicesMixin.lazy_form``)."""

    def __init__(self, build: Callable[[], forms.BaseForm], parts: Parts):
        def built():
            form = build()
            cache_choices(form, parts)
            return form

        super().__init__(built)


class CachedChoicesMixin(PartsMixin):
    """A form view whose form's selects of rows are drawn from the cache (``cache_choices``).
    With ``lazy_form``, a GET's form is a ``LazyForm`` (for a template that draws it in a
    ``{% part %}``)."""

    lazy_form = False

    def get_context_data(self, **kwargs):
        if self.lazy_form and "form" not in kwargs and self.request.method == "GET":
            kwargs["form"] = LazyForm(self.get_form, self.parts)
        context = super().get_context_data(**kwargs)
        form = context.get("form")
        if form is not None and not isinstance(form, LazyForm):
            cache_choices(form, self.parts)
        return context


class CachedCountMixin(PartsMixin):
    """A ``ListView`` whose paginator is ``CachedCountPaginator`` (the user's own counts) and
    whose filter bar, if any (``self.filterset``), has its options cached
    (``cache_choices``); both read the scope and the version once (``parts``)."""

    paginator_class = CachedCountPaginator

    def get_paginator(self, queryset, per_page, **kwargs):
        return super().get_paginator(
            queryset, per_page, parts=self.parts, asked=self.count_asked(), **kwargs
        )

    def count_asked(self) -> dict:
        """What the rows counted depend on: the request, but the page asked for."""
        return request_asked(self, self.request, ignore=(self.page_kwarg,))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = getattr(self, "filterset", None)
        if filterset is not None:
            cache_choices(filterset.form, self.parts)
        return context


class CachedIdsMixin:
    """A ``FilterSet`` whose search reads its id lists (``jpt.core.db.id_list``: the territories
    or missions whose name matches, read before the rows) once per version of the data, when
    the view gives it the request's ``parts``; a search again, or its next page, reads none."""

    def __init__(self, *args, parts: Parts | None = None, **kwargs):
        self.parts = parts
        super().__init__(*args, **kwargs)

    def ids(self, name: str, value, rows: Callable[[], Any], field: str = "id") -> list[int]:
        """``id_list(rows(), field)``: the ids ``name`` finds for ``value`` (the search), from
        the cache when the view gave its ``parts`` (the querysets are not even built)."""
        if self.parts is None:
            return id_list(rows(), field)
        return self.parts.get(
            "ids", lambda: id_list(rows(), field), search=name, value=value, field=field
        )


class LazyRows:
    """A page's rows, each passed through ``prepare`` (if any) when the template first reads
    them (not in ``get_context_data``): a part drawn from the cache (``{% part %}``) never
    reads them."""

    def __init__(self, rows, prepare: Callable[[Any], Any] | None = None):
        self._source = rows
        self._prepare = prepare
        self._rows: list | None = None

    def _all(self) -> list:
        if self._rows is None:
            prepare = self._prepare
            self._rows = [prepare(row) for row in self._source] if prepare else list(self._source)
        return self._rows

    def __iter__(self):
        return iter(self._all())

    def __len__(self) -> int:
        return len(self._all())

    def __bool__(self) -> bool:
        return bool(self._all())

    def __getitem__(self, index):
        return self._all()[index]

"""Parts of pages drawn once per version of the data and cached, and list counts cached alike.

The follow-up board and the places to follow up count and link thousands of rows at 5,000
missions (the board: 1,750 links; ``make bench``), the home page gathers five lists, and a list's
count is a pass over every row its filters keep. What they show changes only when a service
records something (a request filed, a team member added, an approval, an implementation change,
an alert, a visit), and every service writes an audit entry in its transaction: the last entry's id
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

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from jpt.audit.selectors import last_entry_id, last_entry_subquery
from jpt.core.templatetags.fragments import digest_of
from jpt.places.models import Province

SECONDS = 300


def cached_part(name: str, user, build: Callable[[], Any], **asked) -> Any:
    """``build()``'s result for ``user`` and what was ``asked``, from the cache when nothing
    it depends on changed (module docstring); built and cached otherwise. ``build`` returns
    something the cache can keep: rendered HTML, numbers, not querysets."""
    provinces, version = scope_and_version(user)
    key = f"{name}:" + digest_of(
        (),
        user=user.pk,
        provinces=provinces,
        permissions=sorted(user.get_all_permissions()),
        version=version,
        **asked,
    )
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
    where the page itself is an index walk of 25) is cached as ``cached_part`` caches, under
    the SQL and parameters of the rows counted: the same filters of the same user give the
    same count until something is recorded. Pass the user: ``ListView.get_paginator``."""

    def __init__(self, object_list, per_page, *args, user, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.user = user

    @cached_property
    def count(self) -> int:
        uncached = Paginator.count.func  # Django's count (a cached_property's function)
        query = getattr(self.object_list, "query", None)
        if query is None:  # a list, not a queryset: nothing to save
            return uncached(self)
        try:
            sql, params = query.sql_with_params()
        except EmptyResultSet:  # a filter that can match nothing (an empty id list): no SQL
            return uncached(self)
        return cached_part("count", self.user, lambda: uncached(self), sql=sql, params=params)


class CachedCountMixin:
    """A ``ListView`` whose paginator is ``CachedCountPaginator`` (the user's own counts)."""

    paginator_class = CachedCountPaginator

    def get_paginator(self, queryset, per_page, **kwargs):
        return super().get_paginator(queryset, per_page, user=self.request.user, **kwargs)

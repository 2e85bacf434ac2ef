"""Authentication backend: Django's ``ModelBackend``, with a user's permissions read in one query.

``ModelBackend`` reads the user's own permissions and their groups' permissions in two queries,
the first time a page asks (the navigation bar asks on every page). Here one ``UNION`` reads both;
the answer is the same set of ``"app_label.codename"`` strings, cached on the user for the request
as Django caches it (``_perm_cache``), so ``has_perm`` and ``{{ perms }}`` behave as before.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission


class PermissionsInOneQueryBackend(ModelBackend):
    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            fields = ("content_type__app_label", "codename")
            if user_obj.is_superuser:
                rows = Permission.objects.values_list(*fields)
            else:
                # Unordered: SQLite allows no ORDER BY (Permission's default) inside a UNION.
                own = Permission.objects.filter(user=user_obj).order_by().values_list(*fields)
                of_groups = (
                    Permission.objects.filter(group__user=user_obj).order_by().values_list(*fields)
                )
                rows = own.union(of_groups)
            user_obj._perm_cache = {f"{app_label}.{codename}" for app_label, codename in rows}
        return user_obj._perm_cache

"""System checks of the contact rule in the admin (see ``jpt.core.admin``).

- ``core.E001``: an entry of ``CONTACT_FIELDS`` names a model or field that does not exist (the
  protection would silently stop covering it);
- ``core.E002``: a registered ModelAdmin does not inherit ``ProtectedAdminMixin``;
- ``core.E003`` (raised by each protected ModelAdmin's own ``check()``): one of its options names
  a contact field;
- ``core.E004`` (same): one of its inlines does not inherit ``ProtectedAdminMixin``.

``jpt.core.admin`` imports this module, so the checks are registered wherever the admin is
installed (its autodiscovery imports ``jpt.core.admin``).
"""

from __future__ import annotations

from django.apps import apps
from django.core import checks
from django.core.exceptions import FieldDoesNotExist


@checks.register()
def check_contact_fields(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Every contact field of ``CONTACT_FIELDS`` exists, in the apps that are installed."""
    from .admin import CONTACT_FIELDS

    installed = {config.label for config in apps.get_app_configs()}
    errors = []
    for app_label, model_name, field_name in sorted(CONTACT_FIELDS):
        if app_label not in installed:
            continue
        try:
            apps.get_model(app_label, model_name)._meta.get_field(field_name)
        except (LookupError, FieldDoesNotExist):
            errors.append(
                checks.Error(
                    f"The contact field {app_label}.{model_name}.{field_name} does not exist.",
                    hint="Update jpt.core.admin.CONTACT_FIELDS when a contact field moves.",
                    id="core.E001",
                )
            )
    return errors


@checks.register(checks.Tags.admin)
def check_admins_are_protected(app_configs=None, sites=None, **kwargs):
    """Every ModelAdmin registered on an admin site inherits ``ProtectedAdminMixin``."""
    from django.contrib.admin.sites import all_sites

    from .admin import is_protected

    errors = []
    for site in all_sites if sites is None else sites:
        for model, model_admin in site._registry.items():
            if app_configs is not None and model._meta.app_config not in app_configs:
                continue
            if not is_protected(model_admin):
                errors.append(
                    checks.Error(
                        f"The admin of {model._meta.label} ({type(model_admin).__qualname__}) "
                        "does not inherit jpt.core.admin.ProtectedAdminMixin.",
                        hint=(
                            "Derive it from ProtectedModelAdmin (or put ProtectedAdminMixin "
                            "first among its bases) so that it never exposes a contact."
                        ),
                        obj=type(model_admin),
                        id="core.E002",
                    )
                )
    return errors

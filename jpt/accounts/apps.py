from django.apps import AppConfig
from django.contrib.auth import signals as auth_signals
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "jpt.accounts"
    label = "accounts"
    verbose_name = _("People and roles")

    def ready(self):
        from . import signals  # Imports the models: only once the registry is ready.

        auth_signals.user_logged_in.connect(signals.record_login, dispatch_uid="jpt_audit_login")
        auth_signals.user_logged_out.connect(signals.record_logout, dispatch_uid="jpt_audit_logout")
        auth_signals.user_login_failed.connect(
            signals.record_login_failed, dispatch_uid="jpt_audit_login_failed"
        )

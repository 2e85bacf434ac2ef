"""Logins, failed logins and logouts written to the audit trail (Django's auth signals).

Connected in :meth:`jpt.accounts.apps.AccountsConfig.ready`. An entry's target is the user; a
failed login for a username that matches no account has no target (the attempted username is in
the details). Nothing secret is ever recorded: no password (Django's signal already masks it, and
only the username is read from the credentials), no session key, no token.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from jpt.audit.choices import AuditAction
from jpt.audit.services import audit_record

#: Longest username kept from a failed login (the model's own limit).
MAX_USERNAME = 150


def client_ip(request) -> str | None:
    """The address the request came from, as the server saw it.

    ``X-Forwarded-For`` is not read: anyone can send it, and the app is not told which proxy to
    trust. Behind a proxy this is the proxy's address.
    """
    if request is None:
        return None
    return request.META.get("REMOTE_ADDR") or None


def _details(request, **values: Any) -> dict[str, Any]:
    details = {key: value for key, value in values.items() if value is not None}
    ip = client_ip(request)
    if ip:
        details["ip"] = ip
    return details


def record_login(sender, request, user, **kwargs) -> None:
    audit_record(actor=user, action=AuditAction.AUTH_LOGIN, target=user, details=_details(request))


def record_logout(sender, request, user, **kwargs) -> None:
    if user is None:  # Logging out while logged out: nobody to record.
        return
    audit_record(actor=user, action=AuditAction.AUTH_LOGOUT, target=user, details=_details(request))


def record_login_failed(sender, credentials, request=None, **kwargs) -> None:
    User = get_user_model()
    username = credentials.get(User.USERNAME_FIELD)
    username = str(username)[:MAX_USERNAME] if username is not None else ""
    user = User._default_manager.filter(**{User.USERNAME_FIELD: username}).first()
    audit_record(
        actor=None,
        action=AuditAction.AUTH_LOGIN_FAILED,
        target=user,
        target_repr="" if user else username,
        details=_details(request, username=username),
    )

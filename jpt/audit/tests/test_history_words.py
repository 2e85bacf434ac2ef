"""The shared history words cover logins, admin changes and a mission's creation."""

from jpt.audit.choices import AuditAction
from jpt.audit.history import history_lines
from jpt.audit.models import AuditEntry


def entry(details, action) -> AuditEntry:
    return AuditEntry(action=action, details=details, target_repr="x")


def test_a_failed_login_reads_well():
    lines = history_lines(
        entry({"username": "amani", "ip": "10.0.0.7"}, AuditAction.AUTH_LOGIN_FAILED)
    )
    assert lines == ["Username: amani", "IP address: 10.0.0.7"]


def test_an_admin_change_reads_old_to_new_with_its_words():
    details = {
        "is_staff": [False, True],
        "deadline_days": [10, 7],
        "groups": [["Requester"], ["Civil Affairs officer", "Requester"]],
    }
    assert history_lines(entry(details, AuditAction.ADMIN_USER_CHANGED)) == [
        "Staff (admin access): no → yes",
        "Deadline (days): 10 → 7",
        # Lists before and after: shown as they are (the renderer joins them as JSON).
        "Roles: Requester → Civil Affairs officer, Requester",
    ]


def test_an_admin_creation_and_deletion_say_so():
    assert history_lines(entry({"created": True}, AuditAction.ADMIN_CHAIN_CHANGED)) == [
        "Created: yes"
    ]
    assert history_lines(entry({"deleted": True}, AuditAction.ADMIN_CHAIN_CHANGED)) == [
        "Deleted: yes"
    ]


def test_a_mission_creation_reads_well():
    details = {"request": "JPT-R2026-0003", "mandate_length": 120}
    assert history_lines(entry(details, AuditAction.MISSION_CREATED)) == [
        "Request: JPT-R2026-0003",
        "Mandate length (characters): 120",
    ]

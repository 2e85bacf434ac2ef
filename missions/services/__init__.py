"""Every state change of the missions app, one function each. Views and the API call these.

Each service is atomic, locks the row it changes, checks state and right, writes exactly one
audit entry for its action, and queues e-mails to be sent after the transaction commits.
"""

from .field import (
    consultation_create,
    consultation_update,
    stakeholder_add,
    stakeholder_remove,
    stakeholder_update,
)
from .missions import (
    logistics_add,
    logistics_update,
    mission_change_status,
    mission_email_resend,
    mission_follow_report,
    mission_send_early_notice,
    mission_update_plan,
)
from .requests import (
    request_approve,
    request_decline,
    request_return,
    request_submit,
    request_update,
)
from .team import team_add_member, team_respond, team_withdraw

__all__ = [
    "consultation_create",
    "consultation_update",
    "logistics_add",
    "logistics_update",
    "mission_change_status",
    "mission_email_resend",
    "mission_follow_report",
    "mission_send_early_notice",
    "mission_update_plan",
    "request_approve",
    "request_decline",
    "request_return",
    "request_submit",
    "request_update",
    "stakeholder_add",
    "stakeholder_remove",
    "stakeholder_update",
    "team_add_member",
    "team_respond",
    "team_withdraw",
]

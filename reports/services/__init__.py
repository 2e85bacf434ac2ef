"""Every state change of the reports app, one function each. Views and the API call these.

- ``drafting``: the team writes the report, section by section (never its status);
- ``review``: the review chain, and the report's state machine (the one module that writes a
  report's status).
"""

from .drafting import (
    CONTINGENCY_CONTACT_FIELDS,
    ESCORT_POINT_FIELDS,
    INCIDENT_COUNT_FIELDS,
    PROTECTION_PLAN_FIELDS,
    RECOMMENDATION_FIELDS,
    REPORT_FIELDS,
    SAFE_AREA_FIELDS,
    SV_ANALYSIS_FIELDS,
    THREAT_FIELDS,
    VULNERABLE_AREA_FIELDS,
    protection_plan_update,
    recommendation_add,
    recommendation_remove,
    recommendation_update,
    report_start,
    report_update,
    sv_analysis_update,
    threat_add,
    threat_remove,
    threat_update,
)
from .review import (
    recommendation_decide,
    report_return,
    report_submit,
    review_send_reminders,
)

__all__ = [
    "CONTINGENCY_CONTACT_FIELDS",
    "ESCORT_POINT_FIELDS",
    "INCIDENT_COUNT_FIELDS",
    "PROTECTION_PLAN_FIELDS",
    "RECOMMENDATION_FIELDS",
    "REPORT_FIELDS",
    "SAFE_AREA_FIELDS",
    "SV_ANALYSIS_FIELDS",
    "THREAT_FIELDS",
    "VULNERABLE_AREA_FIELDS",
    "protection_plan_update",
    "recommendation_add",
    "recommendation_decide",
    "recommendation_remove",
    "recommendation_update",
    "report_return",
    "report_start",
    "report_submit",
    "report_update",
    "review_send_reminders",
    "sv_analysis_update",
    "threat_add",
    "threat_remove",
    "threat_update",
]

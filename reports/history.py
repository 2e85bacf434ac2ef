"""The words of the reports app's audit details (reports and recommendations), for the shared
history renderer (``jpt.audit.history``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jpt.audit.history import Vocabulary, field_labels_of

from .choices import Category, Decision, ReviewLevel, ThreatType
from .models import ProtectionPlan, Recommendation, Report, SexualViolenceAnalysis, Threat

LEVELS = dict(ReviewLevel.choices)

REPORT_VOCABULARY = Vocabulary(
    labels={
        "section": _("Section"),
        "threat_type": _("Threat"),
        "incident_rows": _("Rows of incident counts"),
        "filled": _("Analysis complete"),
        "safe_areas": _("Safe areas"),
        "escort_points": _("Escort meeting points"),
        "vulnerable_areas": _("Vulnerable areas"),
        "contingency_contacts": _("Contingency contacts"),
        "level": _("Level"),
        "final_level": _("Final level"),
        "first": _("First submission"),
        "approved_recommendations": _("Recommendations approved"),
        "recommendations": _("Recommendations"),
        "version": _("Version"),
        "sha256": _("SHA-256"),
        "category": _("Category"),
        "decision": _("Decision"),
        "changed_text": _("Changed text"),
    },
    values={
        "section": {
            "report": _("Co-author and plan of action"),
            "threats": _("Threats"),
            "sv_analysis": _("Sexual-violence analysis"),
            "protection_plan": _("Community protection plan"),
        },
        "threat_type": dict(ThreatType.choices),
        "level": LEVELS,
        "final_level": LEVELS,
        "from": LEVELS,
        "to": {**LEVELS, "administrators": _("administrators")},
        "category": dict(Category.choices),
        "decision": dict(Decision.choices),
    },
    hidden=frozenset({"mission", "added", "changed", "removed", "recommendation"}),
    field_labels=field_labels_of(
        Report, Threat, SexualViolenceAnalysis, ProtectionPlan, Recommendation
    ),
)

RECOMMENDATION_VOCABULARY = Vocabulary(
    labels={
        "level": _("Level"),
        "decision": _("Decision"),
        "changed_text": _("Changed text"),
    },
    values={"level": LEVELS, "decision": dict(Decision.choices)},
    field_labels=field_labels_of(Recommendation),
)

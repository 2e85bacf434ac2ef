"""Models of the reports app: the report as a document (its sections and frozen versions) and
its review (recommendations, review stages and decisions, the chain's settings)."""

from .document import (
    ContingencyContact,
    EscortPoint,
    IncidentCount,
    ProtectionPlan,
    Report,
    ReportQuerySet,
    ReportVersion,
    SafeArea,
    SexualViolenceAnalysis,
    Threat,
    ThreatQuerySet,
    VulnerableArea,
)
from .review import (
    LevelSetting,
    ProvinceChain,
    Recommendation,
    RecommendationDecision,
    RecommendationQuerySet,
    ReviewStage,
    ReviewStageQuerySet,
)

__all__ = [
    "ContingencyContact",
    "EscortPoint",
    "IncidentCount",
    "LevelSetting",
    "ProtectionPlan",
    "ProvinceChain",
    "Recommendation",
    "RecommendationDecision",
    "RecommendationQuerySet",
    "Report",
    "ReportQuerySet",
    "ReportVersion",
    "ReviewStage",
    "ReviewStageQuerySet",
    "SafeArea",
    "SexualViolenceAnalysis",
    "Threat",
    "ThreatQuerySet",
    "VulnerableArea",
]

"""The words of the follow-up's audit details (implementation tracking, visits, alerts,
support), for the shared history renderer (``jpt.audit.history``), beside the review chain's."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from jpt.audit.history import Vocabulary
from reports.choices import RecommendationStatus
from reports.history import RECOMMENDATION_VOCABULARY

from .choices import ImplementationStatus, OwnerKind, StalledReason

# The words of the implementation's audit entries (``services.implementation_update``), beside
# those of the review chain; "status" and "target_date" keep the recommendation's labels.
FOLLOW_UP_VOCABULARY = RECOMMENDATION_VOCABULARY.merged(
    Vocabulary(
        labels={
            "owner_kind": gettext_lazy("Owner"),
            "owner_name": gettext_lazy("Owner (which one)"),
            "focal_person": gettext_lazy("Focal person"),
            "stalled_reason": gettext_lazy("Why it is stalled"),
            "plan_section": gettext_lazy("Section whose plan includes it"),
            "plan_name": gettext_lazy("Plan"),
            "cluster_discussed_on": gettext_lazy("Discussed with the Protection Cluster on"),
            "cluster_outcome": gettext_lazy("Outcome of the Protection Cluster discussion"),
        },
        values={
            "status": {**dict(RecommendationStatus.choices), **dict(ImplementationStatus.choices)},
            "owner_kind": dict(OwnerKind.choices),
            "stalled_reason": dict(StalledReason.choices),
        },
    )
)

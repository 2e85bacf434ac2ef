"""The words of the missions app's audit details, for the shared history renderer
(``jpt.audit.history``): requests and missions."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jpt.audit.history import Vocabulary, field_labels_of

from .choices import (
    ConsultationType,
    LogisticsCategory,
    LogisticsStatus,
    MissionStatus,
    ParticipationStatus,
    ReportStep,
    TeamRole,
    TransportMode,
    Trigger,
)
from .models import Consultation, JptRequest, LogisticsItem, Mission, Stakeholder, TeamMember

REQUEST_VOCABULARY = Vocabulary(
    labels={
        "province": _("Province"),
        "trigger": _("Trigger"),
        "was_returned": _("After a return for information"),
    },
    values={"trigger": dict(Trigger.choices)},
    hidden=frozenset({"mission_id"}),
    field_labels=field_labels_of(JptRequest),
)

MISSION_VOCABULARY = Vocabulary(
    labels={
        "what": _("What"),
        "member": _("Member"),
        "answer": _("Answer"),
        "kind": _("Type"),
        "women": _("Women"),
        "men": _("Men"),
        "reused": _("Met on an earlier mission"),
        "report": _("Because"),
    },
    values={
        "from": dict(MissionStatus.choices),
        "to": dict(MissionStatus.choices),
        "status": dict(LogisticsStatus.choices),
        "category": dict(LogisticsCategory.choices),
        "transport_mode": dict(TransportMode.choices),
        "role": dict(TeamRole.choices),
        "answer": dict(ParticipationStatus.choices),
        "kind": dict(ConsultationType.choices),
        "report": dict(ReportStep.choices),
    },
    # Ids and flags that mean nothing to a reader.
    hidden=frozenset({"item", "email", "external", "mission_id", "consultation", "stakeholder"}),
    field_labels=field_labels_of(Mission, LogisticsItem, Stakeholder, Consultation, TeamMember),
)

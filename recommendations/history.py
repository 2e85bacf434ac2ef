"""The words of a recommendation's audit details, for the shared history renderer
(``jpt.audit.history``)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from jpt.audit.history import Vocabulary, field_labels_of

from .choices import Decision, ReviewLevel
from .models import Recommendation

RECOMMENDATION_VOCABULARY = Vocabulary(
    labels={
        "level": _("Level"),
        "decision": _("Decision"),
        "changed_text": _("Changed text"),
    },
    values={"level": dict(ReviewLevel.choices), "decision": dict(Decision.choices)},
    field_labels=field_labels_of(Recommendation),
)

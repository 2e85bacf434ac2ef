"""Forms of the missions app. They validate input and hand it to services."""

from .field import (
    ConsultationForm,
    StakeholderForm,
    StakeholderPickForm,
)
from .missions import LogisticsForm, MissionPlanForm, MissionStatusForm, mission_lead_choices
from .requests import (
    ApproveForm,
    DateInput,
    DeclineForm,
    JptRequestForm,
    ReturnForm,
    provinces_for,
)
from .team import InvitationAnswerForm, TeamMemberForm

__all__ = [
    "ApproveForm",
    "ConsultationForm",
    "DateInput",
    "DeclineForm",
    "InvitationAnswerForm",
    "JptRequestForm",
    "LogisticsForm",
    "MissionPlanForm",
    "MissionStatusForm",
    "ReturnForm",
    "StakeholderForm",
    "StakeholderPickForm",
    "TeamMemberForm",
    "mission_lead_choices",
    "provinces_for",
]

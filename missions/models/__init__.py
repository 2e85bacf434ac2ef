"""Models of the missions app: requests, missions and their team, logistics and field work."""

from .field import (
    Consultation,
    ConsultationQuerySet,
    MissionStakeholder,
    Stakeholder,
    StakeholderQuerySet,
)
from .missions import (
    LogisticsItem,
    Mission,
    MissionQuerySet,
    TeamMember,
    TeamMemberQuerySet,
)
from .requests import JptRequest, JptRequestQuerySet, ProvinceScopedQuerySet

__all__ = [
    "Consultation",
    "ConsultationQuerySet",
    "JptRequest",
    "JptRequestQuerySet",
    "LogisticsItem",
    "Mission",
    "MissionQuerySet",
    "MissionStakeholder",
    "ProvinceScopedQuerySet",
    "Stakeholder",
    "StakeholderQuerySet",
    "TeamMember",
    "TeamMemberQuerySet",
]

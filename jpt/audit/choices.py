from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    REQUEST_SUBMITTED = "request.submitted", _("Request filed")
    REQUEST_UPDATED = "request.updated", _("Request updated and resubmitted")
    REQUEST_APPROVED = "request.approved", _("Request approved")
    REQUEST_DECLINED = "request.declined", _("Request declined")
    REQUEST_RETURNED = "request.returned", _("Request returned for more information")
    MISSION_CREATED = "mission.created", _("Mission created")
    MISSION_PLAN_UPDATED = "mission.plan_updated", _("Mission plan updated")
    MISSION_STATUS_CHANGED = "mission.status_changed", _("Mission status changed")
    MISSION_EARLY_NOTICE_SENT = "mission.early_notice", _("Early notice sent")
    LOGISTICS_ADDED = "logistics.added", _("Logistics line added")
    LOGISTICS_UPDATED = "logistics.updated", _("Logistics line updated")
    TEAM_MEMBER_INVITED = "team.invited", _("Team member invited")
    TEAM_MEMBER_ANSWERED = "team.answered", _("Invitation answered")
    TEAM_MEMBER_WITHDRAWN = "team.withdrawn", _("Team member withdrawn")
    CONSULTATION_RECORDED = "consultation.recorded", _("Consultation recorded")
    CONSULTATION_UPDATED = "consultation.updated", _("Consultation updated")
    STAKEHOLDER_ADDED = "stakeholder.added", _("Key stakeholder added")
    STAKEHOLDER_UPDATED = "stakeholder.updated", _("Key stakeholder updated")
    STAKEHOLDER_REMOVED = "stakeholder.removed", _("Key stakeholder removed")
    EMAIL_RESENT = "email.resent", _("E-mail sent again")
    LOCALITY_ADDED = "locality.added", _("Locality added")

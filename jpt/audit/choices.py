from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditAction(models.TextChoices):
    REQUEST_SUBMITTED = "request.submitted", _("Request filed")
    REQUEST_UPDATED = "request.updated", _("Request updated and resubmitted")
    REQUEST_APPROVED = "request.approved", _("Request approved")
    REQUEST_DECLINED = "request.declined", _("Request declined")
    REQUEST_RETURNED = "request.returned", _("Request returned for more information")
    MISSION_CREATED = "mission.created", _("Mission created")
    LOCALITY_ADDED = "locality.added", _("Locality added")

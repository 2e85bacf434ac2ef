"""Forms for planning a mission: the plan, logistics lines and status changes.

They are plain forms (not model forms), so the rules live in the services: a service's
ValidationError is shown next to the field it names (``jpt.core.views.add_service_errors``).
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.forms.models import fields_for_model, model_to_dict
from django.utils.translation import gettext_lazy as _

from jpt.places.models import OperatingBase

from ..choices import MissionStatus
from ..models import LogisticsItem, Mission
from ..services.missions import LOGISTICS_FIELDS, PLAN_FIELDS
from .requests import DateInput


def mission_lead_choices(mission: Mission):
    """Active users who may manage missions in the mission's province (and the current lead)."""
    User = get_user_model()
    perms = Permission.objects.filter(content_type__app_label="missions", codename="manage_mission")
    may_manage = (
        Q(is_superuser=True)
        | Q(id__in=User.objects.filter(groups__permissions__in=perms).values("id"))
        | Q(id__in=User.objects.filter(user_permissions__in=perms).values("id"))
    )
    in_province = Q(id__in=User.objects.filter(provinces=mission.province_id).values("id"))
    query = Q(is_active=True) & may_manage & in_province
    if mission.lead_id:
        query |= Q(pk=mission.lead_id)
    return User.objects.filter(query).order_by("full_name", "username")


class MissionPlanForm(forms.Form):
    """Mandate, lead, host base and commander, planned dates, accommodation for women."""

    def __init__(self, *args, mission: Mission, **kwargs):
        kwargs["initial"] = {
            **model_to_dict(mission, fields=PLAN_FIELDS),
            **(kwargs.get("initial") or {}),
        }
        super().__init__(*args, **kwargs)
        self.mission = mission
        self.fields.update(
            fields_for_model(
                Mission,
                fields=PLAN_FIELDS,
                widgets={
                    "mandate": forms.Textarea(attrs={"rows": 6}),
                    "planned_departure": DateInput(),
                    "planned_return": DateInput(),
                },
            )
        )
        self.fields["lead"].queryset = mission_lead_choices(mission)
        self.fields["lead"].help_text = _(
            "A Civil Affairs officer of the province. The lead takes the team-lead place."
        )
        self.fields["host_base"].queryset = OperatingBase.objects.filter(
            Q(is_active=True, locality__territory__province_id=mission.province_id)
            | Q(pk=mission.host_base_id or 0)
        ).order_by("name")


class LogisticsForm(forms.Form):
    """One logistics line: transport, equipment, escort or accommodation, and its status."""

    def __init__(self, *args, item: LogisticsItem | None = None, **kwargs):
        if item is not None:
            kwargs["initial"] = {
                **model_to_dict(item, fields=LOGISTICS_FIELDS),
                **(kwargs.get("initial") or {}),
            }
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(LogisticsItem, fields=LOGISTICS_FIELDS))
        self.fields["transport_mode"].help_text = _("For transport lines only.")


class MissionStatusForm(forms.Form):
    """A status change posted from the mission page."""

    status = forms.ChoiceField(choices=MissionStatus.choices)
    on_date = forms.DateField(label=_("On"), required=False, widget=DateInput())
    confirm = forms.BooleanField(required=False)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == MissionStatus.CANCELLED and not cleaned.get("confirm"):
            raise forms.ValidationError(_("Tick the box to confirm the cancellation."))
        return cleaned

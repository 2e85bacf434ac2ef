"""Forms for the team roster: adding a staff member or an external participant."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from jpt.accounts.choices import Sex

from ..choices import TeamRole
from ..models import Mission

ROLE_CHOICES = [(value, label) for value, label in TeamRole.choices if value != TeamRole.TEAM_LEAD]


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        section = obj.section_label or "—"
        return f"{obj} · {section} · {obj.get_sex_display()} · {obj.get_staff_category_display()}"


class TeamMemberForm(forms.Form):
    """Either a staff member (invited by e-mail) or an external participant (recorded as
    accepted), and their role on the team."""

    member = StaffChoiceField(
        label=_("Staff member"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("Name · section · sex · staff category. Leave empty for an external."),
    )
    external_name = forms.CharField(label=_("Name"), max_length=150, required=False)
    external_organisation = forms.CharField(
        label=_("Organisation"),
        max_length=150,
        required=False,
        help_text=_("NGO or UN agency."),
    )
    external_sex = forms.ChoiceField(
        label=_("Sex"), choices=[("", "---------"), *Sex.choices], required=False
    )
    role = forms.ChoiceField(label=_("Role on the team"), choices=ROLE_CHOICES)

    def __init__(self, *args, mission: Mission, user, **kwargs):
        super().__init__(*args, **kwargs)
        on_team = mission.team.active().filter(user__isnull=False).values("user_id")
        self.fields["member"].queryset = (
            get_user_model()
            .objects.filter(is_active=True)
            .exclude(id__in=on_team)
            .exclude(pk=user.pk)  # nobody invites themselves (services.team_add_member)
            .order_by("full_name", "username")
        )

    def clean(self):
        cleaned = super().clean()
        member = cleaned.get("member")
        name = " ".join((cleaned.get("external_name") or "").split())
        cleaned["external_name"] = name
        if "member" in self.errors:
            return cleaned
        if member and (name or cleaned.get("external_organisation")):
            self.add_error(
                "member",
                _("Choose a staff member or describe an external participant, not both."),
            )
        elif not member and not name:
            self.add_error("member", _("Choose a staff member or type an external name."))
        elif not member and not cleaned.get("external_sex"):
            self.add_error(
                "external_sex", _("Give the participant's sex (for the team's composition).")
            )
        return cleaned

    def service_data(self) -> dict:
        data = self.cleaned_data
        if data.get("member"):
            return {"role": data["role"], "member": data["member"]}
        return {
            "role": data["role"],
            "external_name": data["external_name"],
            "external_organisation": data.get("external_organisation", ""),
            "external_sex": data.get("external_sex", ""),
        }


class InvitationAnswerForm(forms.Form):
    answer = forms.ChoiceField(
        label=_("Your answer"),
        choices=[("accept", _("I accept")), ("decline", _("I decline"))],
        widget=forms.RadioSelect,
    )

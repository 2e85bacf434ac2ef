"""Field work: the consultations the team held and the key local stakeholders it met."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from jpt.core.exceptions import InvalidTransition
from jpt.core.views import add_service_errors

from .. import services
from ..forms import ConsultationForm, StakeholderForm, StakeholderPickForm
from ..models import Consultation, MissionStakeholder
from ..permissions import can_contribute, can_see_contacts
from .base import FieldRecordMixin, MissionMixin, ServiceFormMixin

TIMING_WARNINGS = {
    "before": gettext_lazy(
        "This meeting is dated before the mission's dates; it is flagged on the list."
    ),
    "after": gettext_lazy(
        "This meeting is dated after the mission's dates; it is flagged on the list."
    ),
}


class ConsultationFormMixin(FieldRecordMixin, MissionMixin, ServiceFormMixin):
    right = staticmethod(can_contribute)
    section = "consultations"
    what = gettext_lazy("consultations")
    template_name = "missions/consultation_form.html"
    form_class = ConsultationForm
    consultation: Consultation | None = None

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "mission": self.mission,
            "instance": self.consultation,
        }

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "consultation": self.consultation}

    def warn_timing(self, consultation: Consultation) -> None:
        consultation.mission = self.mission
        warning = TIMING_WARNINGS.get(consultation.timing)
        if warning:
            messages.warning(self.request, warning)


class ConsultationCreateView(ConsultationFormMixin, FormView):
    """A contributor (the team, Civil Affairs) records a meeting."""

    def save(self, form):
        consultation = services.consultation_create(
            mission=self.mission, user=self.request.user, data=form.cleaned_data
        )
        messages.success(self.request, _("Consultation recorded."))
        self.warn_timing(consultation)
        return consultation


class ConsultationUpdateView(ConsultationFormMixin, FormView):
    def load_objects(self) -> None:
        self.consultation = get_object_or_404(
            Consultation.objects.filter(mission=self.mission), pk=self.kwargs["consultation_id"]
        )
        self.consultation.mission = self.mission

    def save(self, form):
        consultation = services.consultation_update(
            consultation=self.consultation, user=self.request.user, data=form.cleaned_data
        )
        messages.success(self.request, _("Consultation updated."))
        self.warn_timing(consultation)
        return consultation


class StakeholderMixin(FieldRecordMixin, MissionMixin):
    right = staticmethod(can_contribute)
    section = "stakeholders"
    what = gettext_lazy("stakeholders")

    def get_link(self) -> MissionStakeholder:
        link = get_object_or_404(
            MissionStakeholder.objects.select_related("stakeholder", "stakeholder__locality"),
            mission=self.mission,
            pk=self.kwargs["link_id"],
        )
        link.mission = self.mission
        return link


class StakeholderAddView(StakeholderMixin, TemplateView):
    """Two ways on one page: pick someone met on an earlier mission to the same territory, or
    describe a new person. Each form posts ``action`` = ``pick`` or ``new``."""

    template_name = "missions/stakeholder_form.html"

    def forms(self, action: str | None = None):
        data = self.request.POST if self.request.method == "POST" else None
        show_phone = can_see_contacts(self.request.user, self.mission)
        pick = StakeholderPickForm(
            data if action == "pick" else None,
            mission=self.mission,
            user=self.request.user,
            prefix="pick",
        )
        new = StakeholderForm(
            data if action == "new" else None,
            mission=self.mission,
            show_phone=show_phone,
            prefix="new",
        )
        return pick, new

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "pick_form" not in kwargs:
            context["pick_form"], context["new_form"] = self.forms()
        context["active"] = kwargs.get("active") or (
            "pick" if context["pick_form"].fields["existing"].queryset.exists() else "new"
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action not in {"pick", "new"}:
            action = "new"
        pick, new = self.forms(action)
        form = pick if action == "pick" else new
        if form.is_valid():
            try:
                if action == "pick":
                    link = services.stakeholder_add(
                        mission=self.mission,
                        user=request.user,
                        existing=form.cleaned_data["existing"],
                        notes=form.cleaned_data["notes"],
                    )
                else:
                    link = services.stakeholder_add(
                        mission=self.mission,
                        user=request.user,
                        data=form.service_data(),
                        notes=form.cleaned_data["notes"],
                    )
            except ValidationError as error:
                add_service_errors(form, error)
            except InvalidTransition as error:
                messages.error(request, error.message)
                return redirect(self.get_success_url())
            else:
                messages.success(
                    request,
                    _("%(name)s is on the key-stakeholder list.") % {"name": link.stakeholder},
                )
                return redirect(self.get_success_url())
        context = self.get_context_data(pick_form=pick, new_form=new, active=action)
        return self.render_to_response(context, status=400)


class StakeholderUpdateView(StakeholderMixin, ServiceFormMixin, FormView):
    """Correct a stakeholder's details or this mission's notes. A user who may not see contacts
    gets no phone field: they can neither read nor blank the number."""

    template_name = "missions/stakeholder_form.html"
    form_class = StakeholderForm

    def load_objects(self) -> None:
        self.link = self.get_link()

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "mission": self.mission,
            "show_phone": can_see_contacts(self.request.user, self.mission),
            "link": self.link,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["link"] = self.link
        context["new_form"] = context["form"]
        return context

    def save(self, form):
        link = services.stakeholder_update(
            link=self.link,
            user=self.request.user,
            data=form.service_data(),
            notes=form.cleaned_data["notes"],
        )
        messages.success(self.request, _("Stakeholder updated."))
        return link


class StakeholderRemoveView(StakeholderMixin, TemplateView):
    """Confirm (GET), then take the person off this mission's list (POST)."""

    template_name = "missions/stakeholder_remove.html"

    def load_objects(self) -> None:
        self.link = self.get_link()

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "link": self.link}

    def post(self, request, *args, **kwargs):
        try:
            services.stakeholder_remove(link=self.link, user=request.user)
        except InvalidTransition as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request, _("%(name)s is off the list.") % {"name": self.link.stakeholder}
            )
        return redirect(self.get_success_url())


urlpatterns = [
    path(
        "missions/<id:pk>/consultations/new/",
        ConsultationCreateView.as_view(),
        name="consultation_create",
    ),
    path(
        "missions/<id:pk>/consultations/<id:consultation_id>/edit/",
        ConsultationUpdateView.as_view(),
        name="consultation_update",
    ),
    path(
        "missions/<id:pk>/stakeholders/add/",
        StakeholderAddView.as_view(),
        name="stakeholder_add",
    ),
    path(
        "missions/<id:pk>/stakeholders/<id:link_id>/edit/",
        StakeholderUpdateView.as_view(),
        name="stakeholder_update",
    ),
    path(
        "missions/<id:pk>/stakeholders/<id:link_id>/remove/",
        StakeholderRemoveView.as_view(),
        name="stakeholder_remove",
    ),
]

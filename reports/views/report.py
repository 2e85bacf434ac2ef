"""The report page and its editor, section by section (works on a phone).

Seeing a report follows seeing its mission (``Report.objects.visible_to``: a 404 outside the
user's scope); editing needs ``can_contribute`` on the mission (a 403 otherwise) and a report
that is a draft or returned to the team. Saving a section keeps the draft: only the "Submit for
review" button sends the report up the chain (``reports.services.report_submit``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView, View

from jpt.audit.history import page_history
from jpt.core.exceptions import InvalidTransition
from jpt.core.views import add_service_errors
from jpt.documents.choices import DocumentKind, DocumentStatus
from jpt.documents.selectors import document_card
from jpt.documents.services import document_request
from jpt.documents.views import CARD_TEMPLATE
from missions.caching import PartsMixin
from missions.permissions import can_contribute, can_see_contacts
from missions.views.base import MissionMixin, ServiceFormMixin, mission_section_url

from .. import services
from ..checks import submission_checks
from ..choices import (
    EDITABLE_REPORT_STATUSES,
    ReportStatus,
    StageOutcome,
)
from ..forms import (
    ContingencyContactFormSet,
    EscortPointFormSet,
    IncidentCountFormSet,
    ProtectionPlanForm,
    RecommendationForm,
    ReportForm,
    SafeAreaFormSet,
    SexualViolenceAnalysisForm,
    ThreatForm,
    VulnerableAreaFormSet,
    formset_rows,
)
from ..history import REPORT_VOCABULARY
from ..models import (
    ProtectionPlan,
    Recommendation,
    Report,
    SexualViolenceAnalysis,
    Threat,
)
from ..presenter import cached_content, present


def report_section_url(report: Report, section: str = "") -> str:
    url = reverse("reports:report_detail", args=[report.pk])
    return f"{url}#{section}" if section else url


class ReportMixin(LoginRequiredMixin):
    """Loads ``self.report`` (and ``self.mission``) within the user's scope.

    Anonymous users go to the login page; a report outside the user's scope is a 404; with
    ``edit`` (the default) a user who may not contribute to the mission gets a 403, and a report
    that is no longer editable sends the user back to the report page with a message.
    """

    edit = True
    section = ""

    def get_report_queryset(self):
        return Report.objects.visible_to(self.request.user).select_related(
            "mission",
            "mission__request",
            "mission__request__territory",
            "mission__province",
            "mission__lead",
            "mission__host_base",
        )

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.report = get_object_or_404(self.get_report_queryset(), pk=kwargs["pk"])
        self.mission = self.report.mission
        if self.edit:
            if not can_contribute(request.user, self.mission):
                raise PermissionDenied
            if self.report.status not in EDITABLE_REPORT_STATUSES:
                messages.error(
                    request,
                    _("The report is %(status)s: it cannot change.")
                    % {"status": self.report.get_status_display().lower()},
                )
                return redirect(report_section_url(self.report))
        self.load_objects()
        return super().dispatch(request, *args, **kwargs)

    def load_objects(self) -> None:
        """Load the rows of the URL that belong to the report (a 404 otherwise)."""

    def get_success_url(self) -> str:
        return report_section_url(self.report, self.section)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context.update(
            {
                "report": self.report,
                "mission": self.mission,
                "back_url": self.get_success_url(),
                "can_contribute": can_contribute(user, self.mission),
                "can_see_contacts": can_see_contacts(user, self.mission),
                "editable": self.report.status in EDITABLE_REPORT_STATUSES,
            }
        )
        return context


# --------------------------------------------------------------------------------------------
# The report page
# --------------------------------------------------------------------------------------------


class ReportDetailView(ReportMixin, PartsMixin, TemplateView):
    """The report in its sections (the one presenter, ``reports.presenter``), the editor's
    buttons while the team may change it; once approved, the frozen copy in the same layout.

    The live document is computed once per version of the report and cached
    (``presenter.cached_content``); the frozen copy is read as stored.
    """

    edit = False
    template_name = "reports/report_detail.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.report
        show_contacts = context["can_see_contacts"]
        version = (
            report.versions.select_related("created_by").first()
            if report.status == ReportStatus.APPROVED
            else None
        )
        stages = list(report.stages.select_related("closed_by").order_by("entered_at", "id"))
        returned_stage = None
        if report.status == ReportStatus.RETURNED:
            returned = [s for s in stages if s.outcome == StageOutcome.RETURNED]
            if returned:
                returned_stage = max(returned, key=lambda s: (s.closed_at, s.pk))
        checks = []
        if version is not None:
            # The approved copy, as stored (it holds no contact).
            content = present(version.content, show_contacts=show_contacts)
        else:
            document = cached_content(report, include_contacts=show_contacts)
            if context["editable"]:
                checks = submission_checks(report, document)
            content = present(document, show_contacts=show_contacts)
            not_applied: dict[int, list] = {}
            if returned_stage is not None:
                for decision in returned_stage.decisions.select_related("decided_by", "stage"):
                    not_applied.setdefault(decision.recommendation_id, []).append(decision)
            for rec in content["recommendations"]:
                # Decisions taken at the level that returned the report: not in force.
                rec["not_applied"] = not_applied.get(rec.get("id"), [])
        context.update(
            {
                "version": version,
                "content": content,
                "contacts_shown": show_contacts and version is None,
                # What ``present`` was given: part of the digest of the drawn content.
                "viewer_sees_contacts": show_contacts,
                "stages": stages,
                "returned_stage": returned_stage,
                "can_edit": context["editable"] and context["can_contribute"] and not version,
                "checks": checks,
                "blocking": [c for c in checks if c.blocking],
                "pdf": document_card(
                    kind=DocumentKind.REPORT, target=report, user=self.request.user
                ),
                "history": page_history(self.request, [report], REPORT_VOCABULARY),
            }
        )
        return context


# --------------------------------------------------------------------------------------------
# Starting and submitting
# --------------------------------------------------------------------------------------------


class ReportStartView(MissionMixin, View):
    """POST: open the mission's report (the team or Civil Affairs)."""

    right = staticmethod(can_contribute)
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            report = services.report_start(mission=self.mission, user=request.user)
        except InvalidTransition as error:
            messages.error(request, error.message)
            return redirect(mission_section_url(self.mission))
        messages.success(request, _("Report started. Fill in each section, then submit it."))
        return redirect(report.get_absolute_url())


class ReportSubmitView(ReportMixin, View):
    """POST: send the report to the first level of the review chain (or back to the level that
    returned it). Blocking checks come back as messages."""

    edit = False
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        if not can_contribute(request.user, self.mission):
            raise PermissionDenied
        try:
            services.report_submit(report=self.report, user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(report_section_url(self.report, "checks"))
        except InvalidTransition as error:
            messages.error(request, error.message)
            return redirect(report_section_url(self.report))
        messages.success(request, _("The report is submitted for review."))
        return redirect(report_section_url(self.report))


class ReportPdfRequestView(ReportMixin, View):
    """POST: ask for the report's PDF (``jpt.documents.services.document_request``): whoever
    sees the report, for their audience (with contacts only if they may see them). The same
    version asked again is the same PDF; a failed one is tried again. With htmx, the PDF card
    comes back in place (and polls until the PDF is ready); without, the report page."""

    edit = False
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        document = document_request(kind=DocumentKind.REPORT, target=self.report, user=request.user)
        if request.htmx:
            card = document_card(
                kind=DocumentKind.REPORT, target=self.report, user=request.user, document=document
            )
            return render(request, CARD_TEMPLATE, {"pdf": card})
        if document.status == DocumentStatus.READY:
            messages.success(request, _("The PDF of this version is ready."))
        else:
            messages.success(request, _("The PDF is being made: its state is shown below."))
        return redirect(report_section_url(self.report, "pdf"))


# --------------------------------------------------------------------------------------------
# Section forms
# --------------------------------------------------------------------------------------------


class ReportFormView(ReportMixin, ServiceFormMixin, FormView):
    """A section form whose valid data goes to a service (errors next to the fields)."""

    def get_success_url(self) -> str:
        return report_section_url(self.report, self.section)


class ReportUpdateView(ReportFormView):
    template_name = "reports/report_form.html"
    form_class = ReportForm
    section = "plan-of-action"

    def get_initial(self):
        return {
            "commander_coauthor": self.report.commander_coauthor,
            "plan_of_action": self.report.plan_of_action,
        }

    def save(self, form):
        services.report_update(report=self.report, user=self.request.user, data=form.cleaned_data)
        messages.success(self.request, _("Report saved (draft)."))


class ThreatFormMixin(ReportFormView):
    template_name = "reports/threat_form.html"
    form_class = ThreatForm
    section = "threats"
    threat: Threat | None = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "mission": self.mission}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "threat": self.threat}


class ThreatCreateView(ThreatFormMixin):
    def save(self, form):
        services.threat_add(report=self.report, user=self.request.user, data=form.service_data())
        messages.success(self.request, _("Threat added."))


class ThreatRowMixin:
    def load_objects(self) -> None:
        self.threat = get_object_or_404(
            Threat.objects.filter(report=self.report), pk=self.kwargs["threat_id"]
        )
        self.threat.report = self.report


class ThreatUpdateView(ThreatRowMixin, ThreatFormMixin):
    def get_initial(self):
        threat = self.threat
        initial = {name: getattr(threat, name) for name in services.THREAT_FIELDS}
        initial["localities"] = list(threat.localities.all())
        return initial

    def save(self, form):
        services.threat_update(threat=self.threat, user=self.request.user, data=form.service_data())
        messages.success(self.request, _("Threat updated."))


class RemoveView(ReportMixin, TemplateView):
    """Confirm (GET), then remove the row (POST)."""

    template_name = "reports/confirm_remove.html"
    what = ""

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "what": self.what, "row": self.row}

    def post(self, request, *args, **kwargs):
        try:
            self.remove()
        except InvalidTransition as error:
            messages.error(request, error.message)
        else:
            messages.success(request, self.done_message)
        return redirect(self.get_success_url())


class ThreatRemoveView(ThreatRowMixin, RemoveView):
    section = "threats"
    what = gettext_lazy("this threat")
    done_message = gettext_lazy("Threat removed.")

    def load_objects(self) -> None:
        super().load_objects()
        self.row = self.threat

    def remove(self):
        services.threat_remove(threat=self.threat, user=self.request.user)


class RecommendationFormMixin(ReportFormView):
    template_name = "reports/recommendation_form.html"
    form_class = RecommendationForm
    section = "recommendations"
    recommendation: Recommendation | None = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "mission": self.mission}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "recommendation": self.recommendation}


class RecommendationCreateView(RecommendationFormMixin):
    def save(self, form):
        services.recommendation_add(
            report=self.report, user=self.request.user, data=form.cleaned_data
        )
        messages.success(self.request, _("Recommendation added."))


class RecommendationRowMixin:
    def load_objects(self) -> None:
        self.recommendation = get_object_or_404(
            Recommendation.objects.filter(report=self.report), pk=self.kwargs["rec_id"]
        )
        self.recommendation.report = self.report


class RecommendationUpdateView(RecommendationRowMixin, RecommendationFormMixin):
    def get_initial(self):
        rec = self.recommendation
        initial = {name: getattr(rec, name) for name in services.RECOMMENDATION_FIELDS}
        initial["text"] = rec.display_text
        initial["localities"] = list(rec.localities.all())
        return initial

    def save(self, form):
        services.recommendation_update(
            recommendation=self.recommendation, user=self.request.user, data=form.cleaned_data
        )
        messages.success(self.request, _("Recommendation updated."))


class RecommendationRemoveView(RecommendationRowMixin, RemoveView):
    section = "recommendations"
    what = gettext_lazy("this recommendation")
    done_message = gettext_lazy("Recommendation removed.")

    def load_objects(self) -> None:
        super().load_objects()
        self.row = self.recommendation

    def remove(self):
        services.recommendation_remove(recommendation=self.recommendation, user=self.request.user)


# --------------------------------------------------------------------------------------------
# Sections with repeatable rows (formsets)
# --------------------------------------------------------------------------------------------


def _formset_errors(formsets: dict, error: ValidationError) -> dict:
    """Put a service's errors on the forms: row lists on their formset, the rest on the form."""
    rest = {}
    for name, messages_ in error.message_dict.items():
        if name in formsets:
            formsets[name]._non_form_errors = formsets[name].error_class(
                list(formsets[name].non_form_errors()) + list(messages_),
                renderer=formsets[name].renderer,
            )
        else:
            rest[name] = messages_
    return rest


class SexualViolenceAnalysisView(ReportMixin, TemplateView):
    """Access to services, patterns and aggregate counts (Annex 2). Free text that looks like a
    personal identifier is held back with a warning until the author confirms."""

    template_name = "reports/sv_analysis_form.html"
    section = "sexual-violence"

    def get_report_queryset(self):
        return super().get_report_queryset().select_related("sv_analysis")

    def load_objects(self) -> None:
        # Read, never create, on GET: the service creates the row when the form is saved.
        self.analysis = getattr(self.report, "sv_analysis", None) or SexualViolenceAnalysis(
            report=self.report
        )

    def build(self, data=None):
        analysis = self.analysis
        form = SexualViolenceAnalysisForm(
            data,
            initial={name: getattr(analysis, name) for name in services.SV_ANALYSIS_FIELDS},
        )
        counts = IncidentCountFormSet(
            data,
            prefix="counts",
            initial=[
                {name: row.serializable_value(name) for name in services.INCIDENT_COUNT_FIELDS}
                for row in (analysis.incident_counts.all() if analysis.pk else [])
            ],
            form_kwargs={"mission": self.mission},
        )
        return form, counts

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "form" not in kwargs:
            context["form"], context["counts"] = self.build()
        return context

    def post(self, request, *args, **kwargs):
        form, counts = self.build(request.POST)
        if form.is_valid() and counts.is_valid():
            try:
                services.sv_analysis_update(
                    report=self.report,
                    user=request.user,
                    data=form.service_data(),
                    incident_counts=formset_rows(counts),
                )
            except ValidationError as error:
                add_service_errors(
                    form,
                    ValidationError(_formset_errors({"incident_counts": counts}, error)),
                )
            except InvalidTransition as error:
                messages.error(request, error.message)
                return redirect(self.get_success_url())
            else:
                messages.success(request, _("Sexual-violence analysis saved (draft)."))
                return redirect(self.get_success_url())
        context = self.get_context_data(form=form, counts=counts)
        return self.render_to_response(context, status=400)


class ProtectionPlanView(ReportMixin, TemplateView):
    """The community protection plan and its lists. Contingency contacts (how to reach local
    leaders) are shown and edited only by users who may see stakeholders' contacts."""

    template_name = "reports/protection_plan_form.html"
    section = "protection-plan"

    def get_report_queryset(self):
        return super().get_report_queryset().select_related("protection_plan")

    def load_objects(self) -> None:
        # Read, never create, on GET: the service creates the row when the form is saved.
        self.plan = getattr(self.report, "protection_plan", None) or ProtectionPlan(
            report=self.report
        )
        self.show_contacts = can_see_contacts(self.request.user, self.mission)

    def build(self, data=None):
        plan = self.plan
        mission_kwargs = {"mission": self.mission}
        form = ProtectionPlanForm(
            data, initial={name: getattr(plan, name) for name in services.PROTECTION_PLAN_FIELDS}
        )

        def rows(related, fields):
            if plan.pk is None:
                return []
            return [
                {name: row.serializable_value(name) for name in fields}
                for row in getattr(plan, related).all()
            ]

        formsets = {
            "safe_areas": SafeAreaFormSet(
                data,
                prefix="safe",
                initial=rows("safe_areas", services.SAFE_AREA_FIELDS),
                form_kwargs=mission_kwargs,
            ),
            "escort_points": EscortPointFormSet(
                data, prefix="escort", initial=rows("escort_points", services.ESCORT_POINT_FIELDS)
            ),
            "vulnerable_areas": VulnerableAreaFormSet(
                data,
                prefix="vulnerable",
                initial=rows("vulnerable_areas", services.VULNERABLE_AREA_FIELDS),
            ),
        }
        if self.show_contacts:
            formsets["contingency_contacts"] = ContingencyContactFormSet(
                data,
                prefix="contacts",
                initial=[
                    {
                        "stakeholder": row.stakeholder_id,
                        "how_to_reach": row.how_to_reach,
                        "when": row.when,
                    }
                    for row in (plan.contingency_contacts.all() if plan.pk else [])
                ],
                form_kwargs=mission_kwargs,
            )
        return form, formsets

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if "form" not in kwargs:
            context["form"], context["formsets"] = self.build()
        context["show_contacts"] = self.show_contacts
        return context

    def post(self, request, *args, **kwargs):
        form, formsets = self.build(request.POST)
        # Validate every formset (no short-circuit) so each shows its errors.
        results = [form.is_valid()] + [fs.is_valid() for fs in formsets.values()]
        valid = all(results)
        if valid:
            try:
                services.protection_plan_update(
                    report=self.report,
                    user=request.user,
                    data=form.cleaned_data,
                    safe_areas=formset_rows(formsets["safe_areas"]),
                    escort_points=formset_rows(formsets["escort_points"]),
                    vulnerable_areas=formset_rows(formsets["vulnerable_areas"]),
                    contingency_contacts=(
                        formset_rows(formsets["contingency_contacts"])
                        if "contingency_contacts" in formsets
                        else None
                    ),
                )
            except ValidationError as error:
                add_service_errors(form, ValidationError(_formset_errors(formsets, error)))
            except InvalidTransition as error:
                messages.error(request, error.message)
                return redirect(self.get_success_url())
            else:
                messages.success(request, _("Community protection plan saved (draft)."))
                return redirect(self.get_success_url())
        context = self.get_context_data(form=form, formsets=formsets)
        return self.render_to_response(context, status=400)

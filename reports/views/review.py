"""Pages of the review chain: the reviewer's inbox, the review page of a report at its stage
(decisions per recommendation, returning the report) and its actions.

Stages are loaded through ``Report.objects.visible_to(user)`` (out of scope: 404); deciding and
returning need ``selectors.reviews_at`` for the stage's level and province (403 otherwise); the
services decide, under row locks.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import ListView, TemplateView

from jpt.core.exceptions import InvalidTransition
from jpt.core.views import ExportMixin, add_service_errors
from missions.caching import CachedCountMixin

from .. import services
from ..choices import Decision, RecommendationStatus, StageOutcome
from ..forms import DecisionForm, ReturnForm
from ..models import Recommendation, RecommendationDecision, Report, ReviewStage
from ..selectors import inbox_rows, reviewer_levels, reviews_at


class ReviewerRequiredMixin(LoginRequiredMixin):
    """Anonymous users go to the login page; users who review at no level get a 403."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not reviewer_levels(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


# --------------------------------------------------------------------------------------------
# The inbox
# --------------------------------------------------------------------------------------------


# The export of the inbox: what its table shows (reports/partials/stage_table.html).
INBOX_EXPORT_COLUMNS = [
    (gettext_lazy("Report"), "report.mission.reference"),
    (gettext_lazy("Mission"), "report.mission.title"),
    (gettext_lazy("Province"), "report.mission.province"),
    (gettext_lazy("Level"), "get_level_display"),
    (gettext_lazy("Arrived"), "entered_at"),
    (gettext_lazy("Due"), "due_at"),
    (gettext_lazy("Days waiting"), lambda stage: (timezone.now() - stage.entered_at).days),
    (gettext_lazy("Overdue"), "is_overdue"),
    (gettext_lazy("To decide"), "to_decide"),
]


class InboxView(ExportMixin, ReviewerRequiredMixin, CachedCountMixin, ListView):
    """What waits for my review, longest waiting first; overdue rows in red."""

    template_name = "reports/inbox.html"
    context_object_name = "stages"
    paginate_by = 50
    export_name = "review-inbox"
    export_title = gettext_lazy("Review inbox")
    export_columns = INBOX_EXPORT_COLUMNS

    def get_queryset(self):
        return inbox_rows(self.request.user)


# --------------------------------------------------------------------------------------------
# The review page and its actions
# --------------------------------------------------------------------------------------------


class StageMixin(LoginRequiredMixin):
    """Reviewers only (403 otherwise); loads ``self.stage`` and its report within the user's
    scope (404 otherwise)."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not reviewer_levels(request.user):
            raise PermissionDenied
        self.stage = get_object_or_404(
            ReviewStage.objects.filter(
                report__in=Report.objects.visible_to(request.user)
            ).select_related(
                "report__mission__request__territory",
                "report__mission__province",
                "report__mission__lead",
                "closed_by",
            ),
            pk=kwargs["stage_id"],
        )
        self.report = self.stage.report
        self.mission = self.report.mission
        return super().dispatch(request, *args, **kwargs)

    @property
    def can_decide(self) -> bool:
        return self.stage.is_open and reviews_at(
            self.request.user, self.stage.level, self.mission.province_id
        )

    def review_url(self, anchor: str = "") -> str:
        url = reverse("reports:review", args=[self.stage.pk])
        return f"{url}#{anchor}" if anchor else url

    def recommendation_rows(self, bound: DecisionForm | None = None) -> list[dict]:
        """Each recommendation in play at this stage: its earlier decisions, the decision taken
        here, or a decision form (``bound`` replaces the blank form of its recommendation)."""
        stage = self.stage
        recommendations = (
            Recommendation.objects.filter(report=self.report)
            .filter(
                Q(status=RecommendationStatus.IN_REVIEW)
                | Q(id__in=stage.decisions.values("recommendation_id"))
            )
            .prefetch_related(
                "localities",
                Prefetch(
                    "decisions",
                    queryset=RecommendationDecision.objects.select_related(
                        "stage", "decided_by"
                    ).order_by("decided_at", "id"),
                ),
            )
            .order_by("id")
        )
        can_decide = self.can_decide
        rows = []
        for rec in recommendations:
            decisions = list(rec.decisions.all())
            here = next((d for d in decisions if d.stage_id == stage.pk), None)
            form = None
            if here is None and can_decide:
                if bound is not None and bound.recommendation.pk == rec.pk:
                    form = bound
                else:
                    form = DecisionForm(recommendation=rec)
            rows.append(
                {
                    "rec": rec,
                    "earlier": [
                        d for d in decisions if d.stage_id != stage.pk and d.stage.pk < stage.pk
                    ],
                    "decision": here,
                    "form": form,
                }
            )
        return rows

    def page_context(self, *, bound: DecisionForm | None = None, return_form=None) -> dict:
        stage = self.stage
        rows = self.recommendation_rows(bound)
        stages = list(self.report.stages.select_related("closed_by").order_by("entered_at", "id"))
        return {
            "stage": stage,
            "report": self.report,
            "mission": self.mission,
            "rows": rows,
            "waiting_count": sum(1 for row in rows if row["decision"] is None),
            "can_decide": self.can_decide,
            "return_form": return_form or ReturnForm(),
            "stages": stages,
            # Where the report went after this level (a closed stage).
            "next_stage": next(
                (s for s in stages if s.entered_at >= stage.entered_at and s.pk != stage.pk),
                None,
            )
            if not stage.is_open
            else None,
            "decisions": Decision,
        }


class ReviewView(StageMixin, TemplateView):
    """A report at one stage: its summary and the recommendations in play with their decisions.
    A closed stage, or a stage of another level, is shown read-only."""

    template_name = "reports/review.html"

    def get(self, request, *args, **kwargs):
        if self.stage.is_open and not self.can_decide:
            messages.info(
                request,
                _("Only reviewers of the %(level)s level for this province decide here.")
                % {"level": self.stage.get_level_display()},
            )
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), **self.page_context()}


class StageActionView(StageMixin, TemplateView):
    """A POST on the review page: reviewers of the stage's level and province only."""

    http_method_names = ["post"]
    template_name = "reports/review.html"

    def post(self, request, *args, **kwargs):
        if not reviews_at(request.user, self.stage.level, self.mission.province_id):
            raise PermissionDenied
        return self.act()

    def redisplay(self, **kwargs):
        context = self.get_context_data(**self.page_context(**kwargs))
        return self.render_to_response(context)

    def after_stage_left(self) -> str:
        """A message on where the report went once this stage closed."""
        stage = ReviewStage.objects.get(pk=self.stage.pk)
        if stage.outcome == StageOutcome.FORWARDED:
            following = self.report.stages.open().first()
            level = following.get_level_display() if following else ""
            return _("Every recommendation is decided: the report goes to %(level)s.") % {
                "level": level
            }
        if stage.outcome == StageOutcome.APPROVED:
            return _("Every recommendation is decided: the report is approved.")
        if stage.outcome == StageOutcome.CLOSED:
            return _("Every recommendation is decided: none was endorsed, the review is closed.")
        return ""


class DecideView(StageActionView):
    def act(self):
        rec = get_object_or_404(Recommendation, pk=self.kwargs["rec_id"], report=self.report)
        form = DecisionForm(self.request.POST, recommendation=rec)
        if not form.is_valid():
            return self.redisplay(bound=form)
        data = form.cleaned_data
        try:
            services.recommendation_decide(
                recommendation=rec,
                user=self.request.user,
                decision=data["decision"],
                changed_text=data["changed_text"],
                reason=data["reason"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.redisplay(bound=form)
        except InvalidTransition as error:
            messages.error(self.request, error.message)
            return redirect(self.review_url(f"rec-{rec.pk}"))
        messages.success(
            self.request,
            _("Decision recorded: %(decision)s.")
            % {"decision": Decision(data["decision"]).label.lower()},
        )
        left = self.after_stage_left()
        if left:
            # The last decision of the level: the review page, now read-only, says what
            # happened to the report and links to it.
            messages.success(self.request, left)
            return redirect(self.review_url("outcome"))
        return redirect(self.review_url(f"rec-{rec.pk}"))


class ReturnView(StageActionView):
    def act(self):
        form = ReturnForm(self.request.POST)
        form.is_valid()
        try:
            services.report_return(
                report=self.report,
                user=self.request.user,
                comment=form.cleaned_data.get("comment", ""),
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.redisplay(return_form=form)
        except InvalidTransition as error:
            messages.error(self.request, error.message)
            return redirect(self.review_url())
        messages.success(self.request, _("The report was returned to the team."))
        return redirect(self.review_url("outcome"))


urlpatterns = [
    path("review/", InboxView.as_view(), name="inbox"),
    path("review/<id:stage_id>/", ReviewView.as_view(), name="review"),
    path(
        "review/<id:stage_id>/recommendations/<id:rec_id>/decide/",
        DecideView.as_view(),
        name="decide",
    ),
    path("review/<id:stage_id>/return/", ReturnView.as_view(), name="return"),
]

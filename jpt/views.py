"""Pages at the composition level, which read across the domain apps: the home page.

(The shared layer, ``jpt.core`` and its siblings, imports no app; the domain apps import no page
of this module. NetBox keeps its home and search views in its project package for this reason.)
"""

from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db.models import (
    Case,
    Count,
    IntegerField,
    Value,
    When,
    Window,
    prefetch_related_objects,
)
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.views.decorators.http import condition, require_safe
from django.views.generic import TemplateView

from jpt.insights.models import PERM_VIEW_DASHBOARD, MonthlySummary
from missions.caching import PartsMixin
from missions.choices import OPEN_MISSION_STATUSES, PERM_DECIDE, RequestStatus
from missions.models import JptRequest, Mission
from missions.selectors import missions_led_or_joined, open_invitations
from recommendations.models import PERM_LOG_FOLLOWUP
from recommendations.selectors import planned_visits
from recommendations.views.visits import js_strings
from reports.selectors import inbox_rows, reviewer_levels


class HomeView(LoginRequiredMixin, PartsMixin, TemplateView):
    """What waits for the user, whatever their roles: reviews, invitations, missions whose
    transport is not confirmed, their missions, requests to decide, their requests."""

    template_name = "home.html"
    MY_MISSIONS_SHOWN = 15
    LATEST_SUMMARIES_SHOWN = 6

    body_template = "partials/home_body.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        # Every section, drawn once per version of the data (missions.caching):
        # the same page again (back from a mission, a reload on a slow link) reads no list.
        context["home_body"] = mark_safe(
            self.parts.get(
                "home",
                lambda: render_to_string(self.body_template, self.sections(user), self.request),
            )
        )
        return context

    def sections(self, user) -> dict:
        """What the sections show (``partials/home_body.html``)."""
        context = {}
        context.update(self.request_context(user))
        context.update(self.mission_context(user))
        context.update(self.review_context(user))
        if user.has_perm(PERM_LOG_FOLLOWUP):
            context.update(self.followup_context(user))
        if user.has_perm(PERM_VIEW_DASHBOARD):
            context.update(self.indicators_context(user))
        return context

    def indicators_context(self, user) -> dict:
        """The way to the indicators; for those who see aggregates only (analysts: no list
        of records is theirs), the latest monthly summaries too (one query)."""
        context = {"indicators": True}
        if not user.has_perm("missions.view_mission"):
            context["latest_summaries"] = list(
                MonthlySummary.objects.visible_to(user)
                .select_related("province")
                .defer("figures")
                .order_by("-month", "province__name", "id")[: self.LATEST_SUMMARIES_SHOWN]
            )
        return context

    def request_context(self, user) -> dict:
        """Requesters: their last requests; deciders: the requests waiting for a decision,
        soonest start first. The localities of both lists are read in one query."""
        context = {}
        if user.has_perm("missions.add_jptrequest"):
            context["my_requests"] = list(
                JptRequest.objects.filter(requested_by=user)
                .with_list_data()
                .prefetch_related(None)[:5]
            )
        if user.has_perm(PERM_DECIDE):
            context["awaiting_decision"] = list(
                JptRequest.objects.visible_to(user)
                .filter(status=RequestStatus.SUBMITTED)
                .exclude(requested_by=user)  # another officer decides what one filed
                .with_list_data()
                .prefetch_related(None)
                .order_by("start_date", "id")[:10]
            )
        prefetch_related_objects(
            context.get("my_requests", []) + context.get("awaiting_decision", []), "localities"
        )
        return context

    def followup_context(self, user) -> dict:
        """CLIs: their planned visits (those whose date passed are flagged); the places to
        follow up (``recommendations:places``, never visited first) come in a second request
        once the page is shown, so that this page keeps its query count low on every role."""
        return {
            "followup_planned": list(planned_visits(user)),
            # static/js/visits.js on this page: the count of visits not sent from this phone,
            # sent from here too; the service worker registered, the form kept for offline use.
            "followup_config": {
                "mode": "counter",
                "user": user.pk,
                "syncUrl": reverse("recommendations:visit_sync"),
                "swUrl": reverse("service_worker"),
                "formUrl": reverse("recommendations:visit_create"),
                "strings": js_strings(),
            },
        }

    def review_context(self, user) -> dict:
        """Reviewers: the report stages waiting for them, longest waiting first (one query;
        none for a user who reviews at no level, since permissions are cached)."""
        if not reviewer_levels(user):
            return {}
        return {"review_waiting": list(inbox_rows(user)[:10])}

    def mission_context(self, user) -> dict:
        """ "My missions" (led or joined, open ones first) and the missions whose transport is
        not confirmed 48 hours before departure (for those who manage them)."""
        visible = Mission.objects.visible_to(user)
        # The ids first (an index read): as a subquery, the planner guesses thousands of
        # missions where a user is on a few hundred at most, and joins the whole list.
        mine = visible.filter(
            id__in=list(missions_led_or_joined(user).values_list("id", flat=True))
        )
        my_missions = list(
            mine.with_list_data()
            .with_team_counts()
            # How many there are in all, in the same query (the list is cut off).
            .annotate(total=Window(Count("pk")))
            .annotate(
                closed=Case(
                    When(status__in=OPEN_MISSION_STATUSES, then=Value(0)),
                    default=Value(1),
                    output_field=IntegerField(),
                )
            )
            .order_by("closed", "planned_departure", "id")[: self.MY_MISSIONS_SHOWN]
        )
        context = {
            "my_missions": my_missions,
            "my_missions_count": my_missions[0].total if my_missions else 0,
            "invitations": list(open_invitations(user)),
        }
        if user.has_perm("missions.manage_mission") or any(
            m.lead_id == user.pk for m in my_missions
        ):
            context["transport_unconfirmed"] = list(
                visible.manageable_by(user)
                .transport_unconfirmed_soon()
                .with_list_data()
                .order_by("planned_departure", "id")
            )
        return context


# --------------------------------------------------------------------------------------------
# The service worker (site-wide: served at the root so that it may control every page)
# --------------------------------------------------------------------------------------------

SW_SOURCE = "js/sw.js"
# The vendored Workbox modules, in load order (static/vendor/workbox/README.md).
SW_MODULES = [
    f"vendor/workbox/workbox-{name}.prod.js"
    for name in ("core", "routing", "strategies", "expiration", "precaching")
]
# The app shell: what templates/base.html and the visit form load from static/.
SW_SHELL = [
    "vendor/bootstrap/css/bootstrap.min.css",
    "vendor/bootstrap-icons/bootstrap-icons.min.css",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff2",
    "vendor/bootstrap-icons/fonts/bootstrap-icons.woff",
    "css/app.css",
    "vendor/bootstrap/js/bootstrap.bundle.min.js",
    "vendor/htmx/htmx.min.js",
    "js/visits.js",
]
# Pages the worker keeps for offline use (network first).
SW_PAGES = ["recommendations:visit_create"]


def _static_bytes(name: str) -> bytes:
    """A static file's content: from the source folders, else from ``collectstatic``'s."""
    found = finders.find(name)
    if found:
        return Path(found).read_bytes()
    with staticfiles_storage.open(name) as handle:
        return handle.read()


def _build_service_worker() -> str:
    config = {
        "modules": [static(name) for name in SW_MODULES],
        # A URL with the file's hash in its name (production) needs no revision; the revision
        # also covers the plain names of make run and the tests.
        "precache": [
            {"url": static(name), "revision": hashlib.sha256(_static_bytes(name)).hexdigest()[:16]}
            for name in SW_SHELL
        ],
        "pages": [reverse(name) for name in SW_PAGES],
        "logout": reverse("logout"),
    }
    return f"self.JPT_SW = {json.dumps(config)};\n" + _static_bytes(SW_SOURCE).decode()


_cached_service_worker = lru_cache(maxsize=1)(_build_service_worker)


def service_worker_script() -> str:
    """``static/js/sw.js`` with its configuration in front (built once per process; on every
    request under DEBUG, where the files change). Its bytes change whenever a shell file does,
    so browsers install the new worker, which precaches the new files."""
    return _build_service_worker() if settings.DEBUG else _cached_service_worker()


def _service_worker_etag(request) -> str:
    return hashlib.sha256(service_worker_script().encode()).hexdigest()[:32]


@require_safe
@condition(etag_func=_service_worker_etag)
def service_worker(request):
    """The service worker at ``/sw.js`` (a worker controls the pages below its own path; this
    one may control the whole site, ``Service-Worker-Allowed: /``). Public: it holds no data.
    Cached, but revalidated each time (``no-cache`` with an ETag: a 304 when unchanged)."""
    response = HttpResponse(service_worker_script(), content_type="application/javascript")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response

"""A CLI's follow-up visits: the visit form (built for a phone on a slow link, and offline: the
page holds every approved recommendation of the CLI's provinces, its script keeps the visits on
the device and sends them to the sync endpoint), the visit list and a visit's page (where Civil
Affairs turns an urgent alert into a new JPT request), and the visit calendar.

Every query starts from the user's scope (``visible_to`` and the selectors built on it): a
visit, a place or a recommendation outside it is a 404. Writes go through
``recommendations.services``.
"""

from __future__ import annotations

import json
import uuid
from datetime import date, timedelta

from django.contrib import messages
from django.core.exceptions import PermissionDenied, RequestDataTooBig, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.cache import (
    get_conditional_response,
    patch_cache_control,
    patch_vary_headers,
    set_response_etag,
)
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, ListView, TemplateView, View

from jpt.core.ids import parse_id
from jpt.core.views import (
    ExportMixin,
    FilteredListMixin,
    ScopedPermissionMixin,
    add_service_errors,
)
from jpt.places.models import Locality, Province
from missions.caching import CachedChoicesMixin, CachedCountMixin, PartsMixin
from reports.models import Recommendation

from .. import services
from ..choices import Finding
from ..filters import VisitFilter
from ..forms.visits import (
    PlannedVisitForm,
    VisitForm,
    VisitRequestForm,
    form_data_from_json,
    observations_from_json,
    observations_from_post,
)
from ..models import (
    PERM_LOG_FOLLOWUP,
    PERM_TRACK,
    PERM_VIEW_FOLLOWUP,
    FollowUpVisit,
    PlannedVisit,
    VisitObservation,
)
from ..selectors import (
    approved_rows,
    followup_places,
    open_recommendations,
    place_details,
    places_to_follow,
    planned_visits,
    visit_form_places,
    visit_rows,
)

# Civil Affairs officers make a JPT request from an urgent alert (``services.visit_to_request``
# files it: the right to file requests is checked there too). CLIs file no requests.
PERMS_REQUEST_FROM_VISIT = (PERM_TRACK, "missions.add_jptrequest")


# --------------------------------------------------------------------------------------------
# Scope
# --------------------------------------------------------------------------------------------


def scoped_localities(user):
    """Localities of the user's provinces, by province, territory and name."""
    return (
        Locality.objects.filter(territory__province__in=Province.objects.visible_to(user))
        .select_related("territory__province")
        .order_by("territory__province__name", "territory__name", "name", "id")
    )


def own_planned_visits(user):
    """The user's planned visits, whatever their state (the service says when one is no longer
    planned), within their provinces."""
    return PlannedVisit.objects.visible_to(user).filter(cli=user).prefetch_related("localities")


def resolve_observations(user, rows) -> tuple[list[dict], list[int]]:
    """The observed recommendations, looked up in the user's scope: ``(observations for the
    service, ids not found)``. A recommendation the user sees but that is no longer approved, or
    does not concern the places, reaches the service, which refuses it with the reason."""
    ids = {row.recommendation_id for row in rows}
    found = dict(Recommendation.objects.visible_to(user).filter(pk__in=ids).values_list("pk", "pk"))
    missing = sorted(ids - set(found))
    observations = [
        {"recommendation": row.recommendation_id, "finding": row.finding, "note": row.note}
        for row in rows
        if row.recommendation_id in found
    ]
    return observations, missing


def error_dict(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        return {name: [str(m) for m in messages_] for name, messages_ in error.message_dict.items()}
    return {"__all__": [str(m) for m in error.messages]}


# --------------------------------------------------------------------------------------------
# The visit form
# --------------------------------------------------------------------------------------------


def recommendation_groups(recommendations) -> list[dict]:
    """Approved recommendations grouped by the places they concern (most concern one): each
    group shows on the form when one of its places is ticked."""
    groups: dict[tuple, dict] = {}
    for rec in recommendations:
        places = sorted(rec.localities.all(), key=lambda loc: (loc.name, loc.pk))
        if not places:
            continue  # concerns no named place: nothing a visit can observe
        key = tuple(loc.pk for loc in places)
        group = groups.setdefault(
            key,
            {
                "localities": places,
                "ids": " ".join(str(pk) for pk in key),
                "recommendations": [],
            },
        )
        group["recommendations"].append(rec)
    return sorted(groups.values(), key=lambda g: [loc.name for loc in g["localities"]])


def js_strings() -> dict[str, str]:
    """What the page's script says (translated here: no catalogue to download)."""
    return {
        "unsent_none": _("Every visit is sent."),
        "saved": _("Saved on this phone. It is sent as soon as there is a connection."),
        "sending": _("Sending…"),
        "sent": _("Stored on the server."),
        "already": _("Already stored on the server."),
        "open": _("Open it"),
        "refused": _("Refused by the server:"),
        "waiting": _("Waiting to be sent"),
        "correct": _("Correct"),
        "discard": _("Discard"),
        "send_now": _("Send now"),
        "confirm_discard": _("Discard this visit? What you typed will be lost."),
        "editing": _(
            "Correcting a refused visit: change what the server refused, then send it again."
        ),
        "logged_out": _("You are logged out: log in again to send it (it stays on this phone)."),
        "offline": _("No connection: it is sent when the connection returns."),
        "server_error": _("The server could not take it now; it tries again later."),
        "other_account": _("Visits saved here by another account wait for that account:"),
        "choose_place": _("Choose at least one place."),
        "no_storage": _("This browser cannot keep visits offline: the form is sent at once."),
        "places": _("Places"),
        "left_out": _("Recommendations no longer on this form, left out of the visit:"),
    }


class VisitFormView(ScopedPermissionMixin, CachedChoicesMixin, TemplateView):
    """A CLI logs a visit. GET: the form, with the approved recommendations still to follow up
    of the places ticked only (``?locality=``, ``?localities=``, ``?recommendation=``,
    ``?planned=``); the page's script fetches those of a place when it is ticked
    (``VisitPlaceRecommendationsView``, kept by the service worker for offline use, and
    prefetched for the places of the CLI's planned visits and the first places to follow up).
    POST: the form without JavaScript (the script sends JSON to ``VisitSyncView`` instead); its
    "show the recommendations" button posts ``show``: the form again, as typed, with the
    recommendations of the places ticked."""

    permission_required = PERM_LOG_FOLLOWUP
    template_name = "recommendations/visit_form.html"
    # Places whose recommendations the script asks the service worker to keep while online
    # (the planned visits' places first, then the first places to follow up).
    PREFETCH_PLACES = 10

    def get(self, request, *args, **kwargs):
        form = self.make_form(initial=self.initial())
        return self.render_to_response(self.get_context_data(form=form, observed={}))

    def initial(self) -> dict:
        """Today, a new device id, and the places of ``?locality=``, ``?localities=``,
        ``?recommendation=`` or ``?planned=`` (a link from the home page or a recommendation,
        the form's own button without JavaScript); out of scope: 404."""
        user = self.request.user
        initial = {"visited_on": timezone.localdate(), "client_id": uuid.uuid4()}
        places: list[int] = []
        if "locality" in self.request.GET:
            locality = get_object_or_404(
                scoped_localities(user), pk=parse_id(self.request.GET["locality"]) or 0
            )
            places.append(locality.pk)
        if "localities" in self.request.GET:
            wanted = {parse_id(value) or 0 for value in self.request.GET.getlist("localities")}
            found = set(scoped_localities(user).filter(pk__in=wanted).values_list("pk", flat=True))
            if wanted - found:
                raise Http404("A place asked for is outside the user's provinces.")
            places.extend(sorted(found))
        if "recommendation" in self.request.GET:
            rec = get_object_or_404(
                approved_rows(user).prefetch_related("localities"),
                pk=parse_id(self.request.GET["recommendation"]) or 0,
            )
            places.extend(loc.pk for loc in rec.localities.all())
        if "planned" in self.request.GET:
            planned = get_object_or_404(
                planned_visits(user), pk=parse_id(self.request.GET["planned"]) or 0
            )
            initial["planned_visit"] = planned.pk
            places.extend(loc.pk for loc in planned.localities.all())
        if places:
            initial["localities"] = list(dict.fromkeys(places))
        return initial

    def make_form(self, **kwargs) -> VisitForm:
        user = self.request.user
        return VisitForm(
            localities=scoped_localities(user), planned=own_planned_visits(user), **kwargs
        )

    def post(self, request, *args, **kwargs):
        user = request.user
        rows, row_errors = observations_from_post(request.POST)
        observed = {
            row.recommendation_id: {"finding": row.finding, "note": row.note} for row in rows
        }
        if "show" in request.POST:
            # Without JavaScript: the form again as typed, with the recommendations of the
            # places ticked (nothing is checked nor stored yet).
            form = self.make_form(initial=typed_initial(request.POST))
            return self.render_to_response(self.get_context_data(form=form, observed=observed))
        form = self.make_form(data=request.POST)
        observations, missing = resolve_observations(user, rows)
        if missing:
            raise Http404("A recommendation observed is outside the user's scope.")
        if form.is_valid() and not row_errors:
            try:
                visit, created = services.visit_record(
                    user=user,
                    client_id=form.cleaned_data["client_id"],
                    data=form.service_data(observations),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                if created:
                    messages.success(request, _("Visit stored."))
                else:
                    messages.info(request, _("This visit was already stored."))
                if visit.urgent_alert and created:
                    messages.warning(
                        request, _("The Civil Affairs officers of the province are e-mailed.")
                    )
                return redirect(visit)
        for message in row_errors:
            form.add_error(None, message)
        return self.render_to_response(
            self.get_context_data(form=form, observed=observed), status=200
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        form = context["form"]
        observed = context.get("observed") or {}
        # Every place of the provinces with two figures each (has it an open recommendation,
        # when was it last visited): a few hundred rows read once per version of the data
        # (missions/caching.py), under the SQL of the places offered.
        localities = form.fields["localities"].queryset
        sql, params = localities.query.sql_with_params()
        places = self.parts.get(
            "visit_form_places",
            lambda: visit_form_places(user, localities),
            sql=sql,
            params=params,
        )
        in_scope = {place.pk for place in places}
        chosen = {parse_id(str(value)) for value in (form["localities"].value() or [])}
        chosen &= in_scope
        for place in places:
            place.checked = place.pk in chosen
        # The recommendations of the places ticked (and, when the form comes back, any one
        # something was typed for, so that nothing typed is lost); the script fetches the
        # others' when their place is ticked.
        groups = recommendation_groups(
            form_recommendations(user, places=chosen, observed=set(observed))
        )
        for group in groups:
            for rec in group["recommendations"]:
                rec.observed = observed.get(rec.pk, {})
        planned = list(form.fields["planned_visit"].queryset.filter(status="planned"))
        to_follow = [p for p in places if p.has_open]
        prefetch = [loc.pk for visit in planned for loc in visit.localities.all()]
        prefetch += [p.pk for p in sorted(to_follow, key=place_order)]
        context.update(
            {
                "places_to_follow": to_follow,
                "other_places": [p for p in places if not p.has_open],
                "groups": groups,
                "loaded_places": " ".join(str(pk) for pk in sorted(chosen)),
                "findings": Finding.choices,
                "planned": planned,
                "config": {
                    "mode": "form",
                    "user": user.pk,
                    "syncUrl": reverse("recommendations:visit_sync"),
                    "listUrl": reverse("recommendations:visit_list"),
                    "swUrl": reverse("service_worker"),
                    "formUrl": reverse("recommendations:visit_create"),
                    "placeUrl": place_url_template(),
                    "prefetch": list(dict.fromkeys(prefetch))[: self.PREFETCH_PLACES],
                    "today": timezone.localdate().isoformat(),
                    "strings": js_strings() | form_strings(),
                    "labels": {name: str(field.label) for name, field in form.fields.items()}
                    | {"observations": str(_("What was seen")), "__all__": ""},
                },
            }
        )
        return context


def form_strings() -> dict[str, str]:
    """What the form's script says of the recommendations it fetches by place."""
    return {
        "loading": _("Loading the recommendations of:"),
        "unavailable": _("Not on this phone (not kept while online): the recommendations of"),
        "unavailable_help": _(
            "Write what you saw there in the notes below; they show here once online again."
        ),
    }


# The path of a place's recommendations, with ``{id}`` for the locality's id (the script
# builds the URL; the service worker recognises it: below the form's path, ``places/<id>/``).
PLACE_ID_PLACEHOLDER = 999999999999999999


def place_url_template() -> str:
    return reverse(
        "recommendations:visit_place_recommendations", kwargs={"pk": PLACE_ID_PLACEHOLDER}
    ).replace(str(PLACE_ID_PLACEHOLDER), "{id}")


def place_order(place) -> tuple:
    """Never visited first, then the longest unvisited, then by name (as the places page)."""
    return (place.last_visited is not None, place.last_visited or date.min, place.name, place.pk)


def typed_initial(data) -> dict:
    """What the form without JavaScript posted, as the initial values of an unbound form (its
    "show the recommendations" button: shown again as typed, without any error yet)."""
    multiple = {"localities", "new_threats"}
    initial = {
        name: data.getlist(name) if name in multiple else data.get(name)
        for name in VisitForm.base_fields
        if name in data
    }
    if _uuid(initial.get("client_id")) is None:
        initial["client_id"] = uuid.uuid4()
    return initial


def form_recommendations(user, *, places: set[int], observed: set[int]) -> list:
    """The recommendations the form shows of itself: still to follow up in the ``places``
    ticked, and the approved ones of ``observed`` (something was typed for them)."""
    if not places and not observed:
        return []
    wanted = Q(pk__in=observed)
    if places:
        wanted |= Q(
            pk__in=open_recommendations(user).filter(localities__in=places).order_by().values("pk")
        )
    return list(
        approved_rows(user)
        .filter(wanted)
        .prefetch_related("localities")
        .order_by("report__approved_at", "id")
    )


class VisitPlaceRecommendationsView(ScopedPermissionMixin, TemplateView):
    """The recommendations of one place for the visit form (a fragment its script fetches when
    the place is ticked, and the service worker keeps for offline use): the approved
    recommendations still to follow up (not implemented, still relevant) concerning the
    locality, grouped as the form groups them. A locality outside the user's provinces: 404.
    With an ETag: a prefetch of a place that did not change costs the link a 304."""

    permission_required = PERM_LOG_FOLLOWUP
    template_name = "recommendations/partials/visit_place_recommendations.html"
    http_method_names = ["get", "head"]

    def get(self, request, *args, **kwargs):
        user = request.user
        locality = get_object_or_404(scoped_localities(user), pk=kwargs["pk"])
        recommendations = (
            open_recommendations(user)
            .filter(localities=locality)
            .prefetch_related("localities")
            .order_by("report__approved_at", "id")
        )
        groups = recommendation_groups(recommendations)
        for group in groups:
            for rec in group["recommendations"]:
                rec.observed = {}
        response = self.render_to_response(
            {"locality": locality, "groups": groups, "findings": Finding.choices}
        )
        response.render()
        patch_cache_control(response, private=True, no_cache=True)
        set_response_etag(response)
        return get_conditional_response(request, etag=response["ETag"], response=response)


class VisitSyncView(View):
    """The endpoint the form's script posts each visit to, as JSON (CSRF-protected: the page
    has the token). The answer says what the device does with the visit:

    - 201 stored, 200 already stored (the same device id again: a retry): it leaves the device;
    - 400 refused, 403 not allowed, 404 a place or recommendation outside the user's provinces:
      ``{"errors": {field: [messages]}}``, the device keeps it with the reason, to correct or
      discard;
    - 401 logged out (and any other answer, or none): the device keeps it and tries again.
    """

    http_method_names = ["post", "options"]

    def post(self, request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return refusal(401, _("You are logged out: log in again to send this visit."))
        if not user.has_perm(PERM_LOG_FOLLOWUP):
            return refusal(403, _("Only CLIs log follow-up visits."))
        try:
            payload = json.loads(request.body or b"null")
        except (ValueError, RequestDataTooBig):
            payload = None
        if not isinstance(payload, dict):
            return refusal(400, _("Send the visit as a JSON object."))
        client_id = _uuid(payload.get("client_id"))
        if client_id is not None:
            # A retry of a visit already stored: it is stored, whatever changed since (the
            # recommendation withdrawn, the province lost) — the device must let it go.
            stored = FollowUpVisit.objects.filter(client_id=client_id, cli=user).first()
            if stored is not None:
                return stored_answer(stored, created=False)
        rows, row_errors = observations_from_json(payload.get("observations"))
        localities = payload.get("localities")
        ids = localities if isinstance(localities, list) else []
        wanted = {parse_id(value) for value in ids} - {None}
        if wanted - set(scoped_localities(user).filter(pk__in=wanted).values_list("pk", flat=True)):
            return refusal(
                404,
                _("A place of this visit is not in your provinces (any more)."),
                field="localities",
            )
        observations, missing = resolve_observations(user, rows)
        if missing:
            return refusal(
                404,
                _("A recommendation observed is not one of your provinces' (any more)."),
                field="observations",
            )
        form = VisitForm(
            data=form_data_from_json({k: v for k, v in payload.items() if k != "observations"}),
            localities=scoped_localities(user),
            planned=own_planned_visits(user),
        )
        if not form.is_valid() or row_errors:
            errors = {
                name: [item["message"] for item in items]
                for name, items in form.errors.get_json_data().items()
            }
            if row_errors:
                errors["observations"] = row_errors
            return JsonResponse({"errors": errors}, status=400)
        try:
            visit, created = services.visit_record(
                user=user,
                client_id=form.cleaned_data["client_id"],
                data=form.service_data(observations),
            )
        except ValidationError as error:
            return JsonResponse({"errors": error_dict(error)}, status=400)
        except PermissionDenied as error:
            return refusal(403, str(error) or _("You may not log this visit."))
        return stored_answer(visit, created=created)


def _uuid(value):
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError, AttributeError):
        return None


def refusal(status: int, message: str, *, field: str = "__all__") -> JsonResponse:
    return JsonResponse({"errors": {field: [str(message)]}}, status=status)


def stored_answer(visit: FollowUpVisit, *, created: bool) -> JsonResponse:
    return JsonResponse(
        {"id": visit.pk, "url": visit.get_absolute_url(), "created": created},
        status=201 if created else 200,
    )


# --------------------------------------------------------------------------------------------
# The visit list and a visit's page
# --------------------------------------------------------------------------------------------


# The export of the visit list: what its table shows (recommendations/visit_list.html); people
# met are counted by sex, never named.
VISIT_EXPORT_COLUMNS = [
    (gettext_lazy("Date"), "visited_on"),
    (gettext_lazy("Places"), "localities"),
    (gettext_lazy("Province"), "province"),
    (gettext_lazy("CLI"), "cli"),
    (gettext_lazy("Women met"), "women"),
    (gettext_lazy("Men met"), "men"),
    (gettext_lazy("Separate meeting with women"), "women_meeting"),
    (gettext_lazy("Confidence (1-5)"), "confidence"),
    (gettext_lazy("Recommendations seen"), "observed"),
    (gettext_lazy("Urgent alert"), "urgent_alert"),
    (gettext_lazy("JPT request made from it"), lambda v: v.request.reference if v.request else ""),
]


class VisitListView(
    ExportMixin, ScopedPermissionMixin, FilteredListMixin, CachedCountMixin, ListView
):
    """Follow-up visits in the user's provinces, newest first, filtered (``VisitFilter``: the
    indicators' counts of visits link here); the export follows the filters."""

    permission_required = PERM_VIEW_FOLLOWUP
    template_name = "recommendations/visit_list.html"
    context_object_name = "visits"
    paginate_by = 25
    export_name = "follow-up-visits"
    export_title = gettext_lazy("Follow-up visits")
    export_columns = VISIT_EXPORT_COLUMNS

    def get_queryset(self):
        user = self.request.user
        self.filterset = VisitFilter(self.request.GET or None, queryset=visit_rows(user), user=user)
        return self.filterset.qs.order_by("-visited_on", "-id")


class VisitDetailView(ScopedPermissionMixin, DetailView):
    """A visit: who was met (counted), what was seen of each recommendation, the threats heard
    of; for Civil Affairs, an urgent alert's "make a JPT request" button."""

    permission_required = PERM_VIEW_FOLLOWUP
    template_name = "recommendations/visit_detail.html"
    context_object_name = "visit"

    def get_queryset(self):
        return visit_rows(self.request.user).prefetch_related(
            Prefetch(
                "observations",
                queryset=VisitObservation.objects.select_related(
                    "recommendation__report__mission"
                ).order_by("recommendation_id"),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        visit = self.object
        context["can_make_request"] = (
            visit.urgent_alert and not visit.request_id and user.has_perms(PERMS_REQUEST_FROM_VISIT)
        )
        return context


class VisitRequestView(ScopedPermissionMixin, FormView):
    """Civil Affairs turns an urgent alert into a new JPT request: only the dates are asked,
    the area and the context come from the visit (``services.visit_to_request``)."""

    permission_required = PERMS_REQUEST_FROM_VISIT
    template_name = "recommendations/visit_request_form.html"
    form_class = VisitRequestForm

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated or not request.user.has_perms(
            PERMS_REQUEST_FROM_VISIT
        ):
            return super().dispatch(request, *args, **kwargs)
        self.visit = get_object_or_404(
            visit_rows(request.user).filter(urgent_alert=True), pk=kwargs["pk"]
        )
        if self.visit.request_id:
            messages.info(request, _("A request was already made from this visit."))
            return redirect(self.visit.request)
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        start = timezone.localdate() + timedelta(days=1)
        return {"start_date": start, "end_date": start + timedelta(days=5)}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "visit": self.visit}

    def form_valid(self, form):
        try:
            jpt_request = services.visit_to_request(
                visit=self.visit,
                user=self.request.user,
                start_date=form.cleaned_data["start_date"],
                end_date=form.cleaned_data["end_date"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Request %(reference)s filed; another Civil Affairs officer decides it.")
            % {"reference": jpt_request.reference},
        )
        return redirect(jpt_request)


# --------------------------------------------------------------------------------------------
# Places to follow up
# --------------------------------------------------------------------------------------------


def joined(items) -> str:
    return "; ".join(str(item) for item in items)


# The export of the places to follow up: what the page shows of each place
# (recommendations/partials/places_to_follow.html).
PLACE_EXPORT_COLUMNS = [
    (gettext_lazy("Place"), "locality.name"),
    (gettext_lazy("Last visited"), "last_visited"),
    (gettext_lazy("Days since the last visit"), "days_since_visit"),
    (gettext_lazy("Approved recommendations"), lambda p: len(p.recommendations)),
    (gettext_lazy("Protection plans"), lambda p: len(p.plans)),
    (
        gettext_lazy("Recommendations"),
        lambda p: joined(rec.display_text for rec in p.recommendations),
    ),
    (
        gettext_lazy("Community protection plans of"),
        lambda p: joined(plan.report.mission.reference for plan in p.plans),
    ),
]


class PlacesView(ExportMixin, ScopedPermissionMixin, PartsMixin, TemplateView):
    """The places to follow up in the CLI's provinces: approved recommendations and protection
    plans by locality, with the last visit to each (never visited first), counted in the
    database (``followup_places``), 25 a page, each with its first recommendations and its
    plans (``place_details``). The home page loads the first ones into its follow-up section
    (htmx: the fragment alone), so that the home page itself stays light; without JavaScript
    its link opens this page. The export holds every place, with every recommendation."""

    permission_required = PERM_LOG_FOLLOWUP
    template_name = "recommendations/visit_places.html"
    HOME_SHOWN = 12
    PAGE_SIZE = 25
    export_name = "places-to-follow-up"
    export_title = gettext_lazy("Places to follow up")
    export_columns = PLACE_EXPORT_COLUMNS

    def get_export_rows(self):
        return places_to_follow(self.request.user)

    list_template = "recommendations/partials/places_to_follow.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        home = bool(getattr(self.request, "htmx", False))
        page = parse_id(self.request.GET.get("page")) or 1
        # The list, drawn once per version of the data (missions/caching.py): two queries over every
        # place of the provinces and the details of a page, at 5,000 missions.
        places = self.parts.get(
            "places", lambda: self.draw_list(user, home, page), home=home, page=page
        )
        context.update({**places, "places_html": mark_safe(places["places_html"]), "home": home})
        return context

    def draw_list(self, user, home: bool, page: int) -> dict:
        """The list of places (the partial, rendered) and how many there are."""
        # Every place, in one query (a province has a few hundred): counted and paged here,
        # so that the filter behind the list runs once; then the page's details.
        rows = list(followup_places(user))
        paginator = Paginator(rows, self.HOME_SHOWN if home else self.PAGE_SIZE)
        page_obj = paginator.page(1) if home else paginator.get_page(page)
        context = {
            "places": place_details(user, page_obj.object_list),
            "places_count": paginator.count,
            "page_obj": page_obj,
            "is_paginated": page_obj.has_other_pages(),
            "home": home,
        }
        return {
            "places_html": render_to_string(self.list_template, context, self.request),
            "places_count": paginator.count,
        }

    def render_to_response(self, context, **kwargs):
        if context["home"]:  # the home page's follow-up section asks for the list alone (htmx)
            response = HttpResponse(context["places_html"])
        else:
            response = super().render_to_response(context, **kwargs)
        patch_vary_headers(response, ["HX-Request"])
        return response


# --------------------------------------------------------------------------------------------
# The visit calendar
# --------------------------------------------------------------------------------------------


# The export of the visit calendar: the planned visits the page lists.
PLANNED_EXPORT_COLUMNS = [
    (gettext_lazy("Planned for"), "planned_on"),
    (gettext_lazy("Places"), "localities"),
    (gettext_lazy("Purpose"), "purpose"),
    (gettext_lazy("Not made by its date"), "is_overdue"),
]


class CalendarView(ExportMixin, ScopedPermissionMixin, FormView):
    """The CLI's planned visits (those whose date passed flagged), and a visit to plan."""

    permission_required = PERM_LOG_FOLLOWUP
    template_name = "recommendations/calendar.html"
    form_class = PlannedVisitForm
    export_name = "visit-calendar"
    export_title = gettext_lazy("My visit calendar")
    export_columns = PLANNED_EXPORT_COLUMNS

    def get_export_rows(self):
        return planned_visits(self.request.user)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "localities": scoped_localities(self.request.user)}

    def get_initial(self):
        return {"planned_on": timezone.localdate() + timedelta(days=1)}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["planned"] = list(planned_visits(self.request.user))
        return context

    def form_valid(self, form):
        try:
            planned = services.planned_visit_add(user=self.request.user, data=form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Visit planned for %(day)s.") % {"day": planned.planned_on.strftime("%d/%m/%Y")},
        )
        return redirect("recommendations:calendar")


class PlannedVisitCancelView(ScopedPermissionMixin, View):
    """Cancel one of my planned visits (a button of the calendar)."""

    permission_required = PERM_LOG_FOLLOWUP
    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        planned = get_object_or_404(own_planned_visits(request.user), pk=kwargs["pk"])
        try:
            services.planned_visit_cancel(planned=planned, user=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Planned visit cancelled."))
        return redirect("recommendations:calendar")


urlpatterns = [
    path("follow-up/visits/", VisitListView.as_view(), name="visit_list"),
    path("follow-up/visits/new/", VisitFormView.as_view(), name="visit_create"),
    path(
        "follow-up/visits/new/places/<id:pk>/",
        VisitPlaceRecommendationsView.as_view(),
        name="visit_place_recommendations",
    ),
    path("follow-up/visits/sync/", VisitSyncView.as_view(), name="visit_sync"),
    path("follow-up/visits/<id:pk>/", VisitDetailView.as_view(), name="visit_detail"),
    path("follow-up/visits/<id:pk>/request/", VisitRequestView.as_view(), name="visit_request"),
    path("follow-up/places/", PlacesView.as_view(), name="places"),
    path("follow-up/calendar/", CalendarView.as_view(), name="calendar"),
    path(
        "follow-up/calendar/<id:pk>/cancel/",
        PlannedVisitCancelView.as_view(),
        name="planned_visit_cancel",
    ),
]

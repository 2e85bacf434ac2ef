"""Pages for JPT requests: lists, detail with history, the form, and Civil Affairs' decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import DetailView, FormView, ListView, View

from jpt.audit.history import page_history
from jpt.core.exceptions import InvalidTransition
from jpt.core.ids import parse_id
from jpt.core.views import (
    ExportMixin,
    FilteredListMixin,
    ScopedPermissionMixin,
    add_service_errors,
)
from jpt.notifications.models import EmailMessage
from jpt.places.models import Locality, OperatingBase, Territory
from missions.caching import CachedCountMixin, PartsMixin

from .. import services
from ..choices import DECIDABLE_REQUEST_STATUSES, EDITABLE_REQUEST_STATUSES
from ..filters import JptRequestFilter
from ..forms import ApproveForm, DeclineForm, JptRequestForm, ReturnForm, provinces_for
from ..history import REQUEST_VOCABULARY
from ..models import JptRequest
from ..permissions import can_decide_request

# The export of the request lists: what their table shows (missions/partials/request_table.html),
# the flags as columns of their own.
REQUEST_EXPORT_COLUMNS = [
    (gettext_lazy("Reference"), "reference"),
    (gettext_lazy("Title"), "title"),
    (gettext_lazy("Requested by"), "requester_label"),
    (gettext_lazy("Filed by"), "requested_by"),
    (gettext_lazy("Province"), "province"),
    (gettext_lazy("Territory"), "territory"),
    (gettext_lazy("Localities"), "localities"),
    (gettext_lazy("Trigger"), "get_trigger_display"),
    (gettext_lazy("Start"), "start_date"),
    (gettext_lazy("End"), "end_date"),
    (gettext_lazy("Days"), "visit_days"),
    (gettext_lazy("Urgency"), "get_urgency_display"),
    (gettext_lazy("Short notice"), "is_short_notice"),
    (gettext_lazy("Repeat visit"), "is_repeat_visit"),
    (gettext_lazy("Status"), "get_status_display"),
]


class RequestListView(
    ExportMixin, ScopedPermissionMixin, FilteredListMixin, CachedCountMixin, ListView
):
    """All requests within the user's provinces, filtered, searched and paginated; exported
    as CSV or XLSX with the same filters (``ExportMixin``)."""

    permission_required = "missions.view_jptrequest"
    template_name = "missions/request_list.html"
    context_object_name = "requests"
    paginate_by = 25
    title = _("JPT requests")
    export_name = "requests"
    export_title = gettext_lazy("JPT requests")
    export_columns = REQUEST_EXPORT_COLUMNS

    def base_queryset(self):
        return JptRequest.objects.visible_to(self.request.user)

    def get_queryset(self):
        self.filterset = JptRequestFilter(
            self.request.GET or None,
            queryset=self.base_queryset().with_list_data(),
            user=self.request.user,
            parts=self.parts,
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "page_title": self.title}


class MyRequestListView(RequestListView):
    """The requests the user filed."""

    permission_required = "missions.add_jptrequest"
    title = _("My requests")
    export_name = "my-requests"
    export_title = gettext_lazy("My requests")

    def base_queryset(self):
        return JptRequest.objects.filter(requested_by=self.request.user)


class RequestDetailView(ScopedPermissionMixin, PartsMixin, DetailView):
    permission_required = "missions.view_jptrequest"
    template_name = "missions/request_detail.html"
    context_object_name = "jpt_request"

    def get_queryset(self):
        return JptRequest.objects.visible_to(self.request.user).with_list_data()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        jpt_request = self.object
        user = self.request.user
        context["history"] = page_history(self.request, [jpt_request], REQUEST_VOCABULARY)
        context["emails"] = EmailMessage.objects.for_object(jpt_request).only(
            "to_address", "subject", "status", "created_at", "sent_at", "attempts"
        )
        context["mission"] = getattr(jpt_request, "mission", None)
        context["can_edit"] = (
            jpt_request.requested_by_id == user.pk
            and jpt_request.status in EDITABLE_REQUEST_STATUSES
        )
        can_decide = (
            can_decide_request(user, jpt_request)
            and jpt_request.status in DECIDABLE_REQUEST_STATUSES
        )
        context["can_decide"] = can_decide
        context["filer_cannot_decide"] = (
            not can_decide
            and jpt_request.status in DECIDABLE_REQUEST_STATUSES
            and jpt_request.requested_by_id == user.pk
            and user.has_perm("missions.decide_jptrequest")
        )
        if can_decide:
            context.setdefault("approve_form", ApproveForm(prefix="approve"))
            context.setdefault("decline_form", DeclineForm(prefix="decline"))
            context.setdefault("return_form", ReturnForm(prefix="return"))
        return context


class RequestFormMixin(ScopedPermissionMixin):
    permission_required = "missions.add_jptrequest"
    template_name = "missions/request_form.html"
    form_class = JptRequestForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "user": self.request.user}

    def get_context_data(self, **kwargs):
        user = self.request.user
        return {
            **super().get_context_data(**kwargs),
            # The user's provinces are read once per request (User.province_ids).
            "no_province": not user.sees_all_provinces and not user.province_ids(),
        }

    def form_valid(self, form):
        try:
            jpt_request = self.save(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        except InvalidTransition as error:
            messages.error(self.request, error.message)
            return redirect(self.get_object_url())
        return redirect(jpt_request)


class RequestCreateView(RequestFormMixin, FormView):
    """File a JPT request."""

    def get_initial(self):
        initial = super().get_initial()
        provinces = provinces_for(self.request.user)
        if provinces.count() == 1:
            initial["province"] = provinces.get()
        return initial

    def save(self, form):
        jpt_request = services.request_submit(user=self.request.user, details=form.details())
        messages.success(
            self.request,
            _("Request %(ref)s filed. Civil Affairs will decide on it.")
            % {"ref": jpt_request.reference},
        )
        return jpt_request


class RequestUpdateView(RequestFormMixin, FormView):
    """The requester changes a request not yet decided (e.g. one returned for information)."""

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return self.handle_no_permission()
        self.object = get_object_or_404(
            JptRequest.objects.visible_to(request.user), pk=kwargs["pk"]
        )
        if self.object.requested_by_id != request.user.pk:
            raise PermissionDenied
        if self.object.status not in EDITABLE_REQUEST_STATUSES:
            messages.error(request, _("This request has been decided and cannot be changed."))
            return redirect(self.object)
        return super().dispatch(request, *args, **kwargs)

    def get_object_url(self):
        return self.object.get_absolute_url()

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "jpt_request": self.object}

    def save(self, form):
        jpt_request = services.request_update(
            jpt_request=self.object, user=self.request.user, details=form.details()
        )
        messages.success(self.request, _("Request updated and sent for decision."))
        return jpt_request


DECISIONS = {
    "approve": (ApproveForm, "approve_form"),
    "decline": (DeclineForm, "decline_form"),
    "return": (ReturnForm, "return_form"),
}


class RequestDecideView(ScopedPermissionMixin, View):
    """Civil Affairs approves, declines or returns a request (POST from the detail page)."""

    permission_required = "missions.decide_jptrequest"
    http_method_names = ["post"]

    def post(self, request, pk: int, action: str):
        jpt_request = get_object_or_404(
            JptRequest.objects.visible_to(request.user).with_list_data(), pk=pk
        )
        if not can_decide_request(request.user, jpt_request):
            raise PermissionDenied
        form_class, context_name = DECISIONS[action]
        form = form_class(request.POST, prefix=action)
        if form.is_valid():
            try:
                self.decide(action, jpt_request, form.cleaned_data)
            except ValidationError as error:
                add_service_errors(form, error)
            except InvalidTransition as error:
                messages.error(request, error.message)
                return redirect(jpt_request)
            else:
                return redirect(jpt_request)
        detail = RequestDetailView(request=request, kwargs={"pk": pk}, object=jpt_request)
        context = detail.get_context_data(**{context_name: form, "open_decision": action})
        return render(request, RequestDetailView.template_name, context, status=400)

    def decide(self, action: str, jpt_request: JptRequest, data: dict) -> None:
        user = self.request.user
        if action == "approve":
            services.request_approve(
                jpt_request=jpt_request, user=user, mandate=data["mandate"], comment=data["comment"]
            )
            messages.success(self.request, _("Request approved: the mission is created."))
        elif action == "decline":
            services.request_decline(jpt_request=jpt_request, user=user, reason=data["reason"])
            messages.success(self.request, _("Request declined; the requester is informed."))
        else:
            services.request_return(jpt_request=jpt_request, user=user, comment=data["comment"])
            messages.success(self.request, _("Request returned to the requester."))


# htmx fragments: the options of dependent <select>s in the request form.


@login_required
def territory_options(request):
    provinces = provinces_for(request.user)
    territories = Territory.objects.filter(
        province_id=_int(request.GET.get("province")), province__in=provinces
    )
    return render(
        request, "missions/partials/options.html", {"options": territories, "blank": True}
    )


@login_required
def locality_options(request):
    provinces = provinces_for(request.user)
    localities = Locality.objects.filter(
        territory_id=_int(request.GET.get("territory")), territory__province__in=provinces
    )
    return render(request, "missions/partials/options.html", {"options": localities})


@login_required
def base_options(request):
    provinces = provinces_for(request.user)
    bases = OperatingBase.objects.active().filter(
        locality__territory__province_id=_int(request.GET.get("province")),
        locality__territory__province__in=provinces,
    )
    return render(request, "missions/partials/options.html", {"options": bases, "blank": True})


def _int(value) -> int:
    """An id from the query string; 0 (no row) when it cannot be one."""
    return parse_id(value) or 0

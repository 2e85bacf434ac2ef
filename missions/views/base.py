"""What the mission pages share: loading the mission within the user's scope, checking the
right to act on it, and handing a valid form to a service; and the record lists' view."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import ListView

from jpt.core.exceptions import InvalidTransition
from jpt.core.views import (
    ExportMixin,
    FilteredListMixin,
    ScopedPermissionMixin,
    add_service_errors,
)

from ..caching import CachedCountMixin
from ..choices import FIELD_RECORD_OPEN_STATUSES
from ..models import Mission
from ..permissions import can_contribute, can_manage, can_see_contacts
from ..services._common import require_field_record_open, require_open


def mission_section_url(mission: Mission, section: str = "") -> str:
    """The mission page, scrolled to one of its sections."""
    url = reverse("missions:mission_detail", args=[mission.pk])
    return f"{url}#{section}" if section else url


class MissionMixin(LoginRequiredMixin):
    """Loads ``self.mission`` from the URL and checks the right to act on it.

    Anonymous users go to the login page; a mission outside the user's scope is a 404
    (``Mission.objects.visible_to``); a visible mission the user may not act on is a 403.
    ``right`` is ``missions.permissions.can_manage`` (the default) or ``can_contribute``;
    ``section`` is the part of the mission page to go back to.
    """

    right = staticmethod(can_manage)
    section = ""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        self.mission = get_object_or_404(
            Mission.objects.visible_to(request.user).with_list_data(), pk=kwargs["pk"]
        )
        if not self.right(request.user, self.mission):
            raise PermissionDenied
        try:
            self.check_state()
        except InvalidTransition as error:
            # Say it before the user types anything, rather than refuse what they typed.
            messages.error(request, error.message)
            return redirect(self.get_success_url())
        self.load_objects()
        return super().dispatch(request, *args, **kwargs)

    def check_state(self) -> None:
        """Raise InvalidTransition when the mission's state refuses this page's change (the
        service checks it again, under its lock)."""

    def load_objects(self) -> None:
        """Load the rows of the URL that belong to the mission (a 404 otherwise)."""

    def get_success_url(self) -> str:
        return mission_section_url(self.mission, self.section)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["mission"] = self.mission
        context["back_url"] = self.get_success_url()
        context["can_manage"] = can_manage(user, self.mission)
        context["can_contribute"] = can_contribute(user, self.mission)
        context["can_see_contacts"] = can_see_contacts(user, self.mission)
        context["can_edit_field_record"] = context["can_contribute"] and field_record_open(
            self.mission
        )
        return context


def field_record_open(mission: Mission) -> bool:
    """Consultations and stakeholders may still change (the report is not in review)."""
    return mission.status in FIELD_RECORD_OPEN_STATUSES


class FieldRecordMixin:
    """Pages that change the record of meetings or the key-stakeholder list."""

    what = ""

    def check_state(self) -> None:
        require_field_record_open(self.mission, str(self.what))


class OpenMissionMixin:
    """Pages that add to a mission (logistics): refused once it is closed or cancelled."""

    what = ""

    def check_state(self) -> None:
        require_open(self.mission, str(self.what))


class ServiceFormMixin:
    """``form_valid`` calls ``self.save(form)``: a service's ValidationError goes next to the
    fields (input kept), an InvalidTransition back to the mission page with a message."""

    success_message = ""

    def form_valid(self, form):
        try:
            self.save(form)
        except ValidationError as error:
            add_service_errors(form, error)
            return self.form_invalid(form)
        except InvalidTransition as error:
            messages.error(self.request, error.message)
        else:
            if self.success_message:
                messages.success(self.request, self.success_message)
        return redirect(self.get_success_url())


class RecordListView(
    ExportMixin, ScopedPermissionMixin, FilteredListMixin, CachedCountMixin, ListView
):
    """A list of records the indicators link to (consultations, threats, team members, what
    the visits saw): ``rows(user)``, the user's scope, filtered by ``filterset_class`` (a
    ``CachedIdsMixin`` filter set taking the user), 25 a page, exported with the same filters
    (``export_columns``). Its template extends ``partials/record_list_page.html``; its title is
    ``export_title``."""

    paginate_by = 25
    filterset_class: type
    # user -> the records in the user's scope, in the list's order (a selector:
    # ``rows = staticmethod(consultation_rows)``).
    rows = staticmethod(lambda user: None)

    def get_queryset(self):
        user = self.request.user
        self.filterset = self.filterset_class(
            self.request.GET or None, queryset=self.rows(user), user=user, parts=self.parts
        )
        return self.filterset.qs

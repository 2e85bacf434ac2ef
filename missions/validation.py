"""Rules on a JPT request's content, shared by the form (messages next to fields) and the
services (which enforce them again, so the API behaves the same)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils.translation import gettext as _

from jpt.places.models import Locality, OperatingBase, Province, Territory

from .choices import (
    TRIGGER_CATEGORY,
    TRIGGERS_NEEDING_DETAILS,
    RequesterKind,
    Trigger,
    TriggerCategory,
    Urgency,
)

TITLE_MAX_LENGTH = 200


@dataclass
class RequestDetails:
    """Everything a requester types into a JPT request.

    Every field has a default so that a form whose fields are partly invalid still yields
    details to check (each missing piece then gets its own message next to its field).
    """

    title: str = ""
    requester_kind: str = ""
    trigger: str = ""
    province: Province | None = None
    territory: Territory | None = None
    reason: str = ""
    start_date: date | None = None
    end_date: date | None = None
    urgency: str = Urgency.ROUTINE
    localities: list[Locality] = field(default_factory=list)
    new_locality_names: list[str] = field(default_factory=list)
    requesting_office: str = ""
    requesting_section: str = ""
    trigger_details: str = ""
    nearest_base: OperatingBase | None = None
    is_repeat_visit: bool = False
    previous_request: object | None = None

    @classmethod
    def from_cleaned_data(cls, data: dict) -> RequestDetails:
        """Details from a form's ``cleaned_data``, which lacks the fields that did not validate."""
        names = set(cls.__dataclass_fields__)
        values = {k: v for k, v in data.items() if k in names and v is not None}
        values["localities"] = list(values.get("localities") or [])
        values["new_locality_names"] = list(values.get("new_locality_names") or [])
        return cls(**values)

    @property
    def is_emergency(self) -> bool:
        try:
            return TRIGGER_CATEGORY[Trigger(self.trigger)] == TriggerCategory.EMERGENCY
        except ValueError:
            return False


def _blank(value) -> bool:
    return not (value or "").strip() if isinstance(value, str) else value is None


def request_errors(details: RequestDetails, *, today: date, is_new: bool) -> dict[str, list[str]]:
    """Blocking problems, keyed by field name. Missing values are problems too: the services
    call this as well as the form, so a request can never be stored incomplete."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    if _blank(details.title):
        add("title", _("Give the request a short title."))
    elif len(details.title) > TITLE_MAX_LENGTH:
        add(
            "title",
            _("The title has at most %(max)d characters (it has %(n)d).")
            % {"max": TITLE_MAX_LENGTH, "n": len(details.title)},
        )
    if _blank(details.reason):
        add("reason", _("Say what happened or is feared, and who is at risk."))
    if details.requester_kind not in RequesterKind.values:
        add("requester_kind", _("Say who asks for the JPT."))
    if details.trigger not in Trigger.values:
        add("trigger", _("Choose what triggers the request."))
    if details.urgency not in Urgency.values:
        add("urgency", _("Choose the urgency."))
    if details.province is None:
        add("province", _("Choose the province."))
    if details.territory is None:
        add("territory", _("Choose the territory."))
    if details.start_date is None:
        add("start_date", _("Give the wanted start date."))
    if details.end_date is None:
        add("end_date", _("Give the wanted end date."))
    for name in ("title", "reason", "requesting_office", "trigger_details"):
        if "\x00" in (getattr(details, name) or ""):
            add(name, _("Remove the invisible null character from this text."))
    if (
        details.nearest_base is not None
        and details.province is not None
        and details.nearest_base.locality.territory.province_id != details.province.pk
    ):
        add(
            "nearest_base",
            _("%(base)s is not in %(province)s: choose a base of the request's province.")
            % {"base": details.nearest_base, "province": details.province},
        )
    if details.start_date and details.end_date and details.end_date < details.start_date:
        add("end_date", _("The end date must be on or after the start date."))
    if is_new and details.start_date and details.start_date < today:
        add("start_date", _("The start date cannot be in the past for a new request."))
    if (
        details.territory
        and details.province
        and details.territory.province_id != (details.province.pk)
    ):
        add(
            "territory",
            _("%(territory)s is not in %(province)s.")
            % {"territory": details.territory, "province": details.province},
        )
    for locality in details.localities:
        if details.territory and locality.territory_id != details.territory.pk:
            add(
                "localities",
                _("%(locality)s is not in %(territory)s.")
                % {"locality": locality, "territory": details.territory},
            )
    if not details.localities and not details.new_locality_names:
        add("localities", _("Choose at least one locality, or type the name of a new one."))
    if details.requester_kind == RequesterKind.FIELD_OFFICE and not details.requesting_office:
        add("requesting_office", _("Name the field office that asks for the JPT."))
    if details.requester_kind == RequesterKind.SECTION and not details.requesting_section:
        add("requesting_section", _("Choose the section that asks for the JPT."))
    if details.trigger in TRIGGERS_NEEDING_DETAILS and not (details.trigger_details or "").strip():
        add("trigger_details", _("Describe the trigger when you choose 'other'."))
    if details.previous_request is not None and not details.is_repeat_visit:
        add("is_repeat_visit", _("Tick 'repeat visit' when you link an earlier request."))
    return errors


def request_warnings(details: RequestDetails, *, today: date) -> list[str]:
    """Problems that do not block the request but that the requester should know about."""
    warnings: list[str] = []
    if details.start_date and details.end_date and details.end_date >= details.start_date:
        days = (details.end_date - details.start_date).days + 1
        if days < settings.JPT_MIN_VISIT_DAYS:
            warnings.append(
                _(
                    "The visit lasts %(days)d day(s): the target is at least %(min)d days, "
                    "so that the team can hold several days of consultations."
                )
                % {"days": days, "min": settings.JPT_MIN_VISIT_DAYS}
            )
    if details.start_date and is_short_notice(
        details.start_date, today=today, emergency=details.is_emergency
    ):
        warnings.append(
            _(
                "Short notice: the start is less than three weeks away. Missions should be "
                "planned about three weeks before departure; this request will be flagged."
            )
        )
    return warnings


def is_short_notice(start_date: date, *, today: date, emergency: bool = False) -> bool:
    """Less than three weeks' notice for a risk assessment. Emergencies are expected at short
    notice (an attack, a displacement): the brief's three-week planning target is not theirs."""
    if emergency:
        return False
    return (start_date - today).days < settings.JPT_SHORT_NOTICE_DAYS

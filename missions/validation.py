"""Rules on a JPT request's content, shared by the form (messages next to fields) and the
services (which enforce them again, so the API behaves the same)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.utils.translation import gettext as _

from jpt.places.models import Locality, OperatingBase, Province, Territory

from .choices import TRIGGERS_NEEDING_DETAILS, RequesterKind


@dataclass
class RequestDetails:
    """Everything a requester types into a JPT request."""

    title: str
    requester_kind: str
    trigger: str
    province: Province
    territory: Territory
    reason: str
    start_date: date
    end_date: date
    urgency: str
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
        names = set(cls.__dataclass_fields__)
        values = {k: v for k, v in data.items() if k in names}
        values["localities"] = list(values.get("localities") or [])
        return cls(**values)


def request_errors(details: RequestDetails, *, today: date, is_new: bool) -> dict[str, list[str]]:
    """Blocking problems, keyed by field name."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

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
    if details.trigger in TRIGGERS_NEEDING_DETAILS and not details.trigger_details.strip():
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
    if details.start_date and (details.start_date - today).days < settings.JPT_SHORT_NOTICE_DAYS:
        warnings.append(
            _(
                "Short notice: the start is less than three weeks away. Missions should be "
                "planned about three weeks before departure; this request will be flagged."
            )
        )
    return warnings


def is_short_notice(start_date: date, *, today: date) -> bool:
    return (start_date - today).days < settings.JPT_SHORT_NOTICE_DAYS

"""What follows approval (step 8): implementation tracking of the approved recommendations, the
CLIs' follow-up visits and their calendar, community alerts and material support.

Data only. ``jpt.demo.loaders.recommendations`` records each through the recommendations app's
services, as the Civil Affairs officers and the CLIs of the story would. Two reports are approved
(``stories.reports``): Otobora (in Kinshasa two days ago) and Duru and Bangadi (at provincial
level, some eight weeks ago; its mission is closed). Dates are days relative to today.

- Otobora: the commander kept his word but not every family is home yet (partly implemented);
  HEAL Africa's convoy waits for a military escort (stalled: logistics); the dawn patrols on the
  field paths were due yesterday and have not started (overdue). Patient Kambale Muhindo, the
  CLI of Walikale, visits Otobora before and after the approval; on the second visit women tell
  him of assaults on those paths: an urgent alert, which Civil Affairs turns into a new JPT
  request (waiting for the other Civil Affairs officer of Nord-Kivu to decide it).
- Ntoto: his visit five days ago heard of armed men on the hills, which is why the repeat visit
  to Ntoto was requested (``stories.requests``); tonight's alert from the chief still has no
  response (the board's "waiting" flag).
- Duru and Bangadi: both recommendations implemented, confirmed by the CLI of Dungu; the
  protection plan's escort point was used in an alert, answered within hours.
- Matili: the recommendations still wait at the provincial SMG-P; the CLI of Shabunda visits and
  logs an alert answered the next day.

A visit the server refuses is not stored anywhere but on the CLI's phone (the offline queue
keeps it with the reason), so the demo database holds none; ``tests/test_load_demo`` shows the
service refusing one of the story (Otobora's recommendation observed on the Ntoto visit).
"""

from __future__ import annotations

from dataclasses import dataclass

from recommendations.choices import (
    AlertChannel,
    AlertSource,
    Finding,
    ImplementationStatus,
    OwnerKind,
    PlanUse,
    RelayedTo,
    StalledReason,
    SupportItem,
)
from reports.choices import ThreatType

from .provinces import HU, NK, SK
from .requests import DURU_BANGADI, OTOBORA

# Implementation tracking ---------------------------------------------------------------------


@dataclass(frozen=True)
class DemoTrackingStep:
    """One change recorded by a Civil Affairs officer (``implementation_update``), with its
    comment. ``None`` leaves a field as the previous step set it."""

    by: str
    comment: str
    status: str
    owner_kind: str | None = None
    owner_name: str | None = None
    focal_person: str | None = None
    target_in_days: int | None = None  # from today; negative: passed
    stalled_reason: str | None = None
    plan_section: str | None = None
    plan_name: str | None = None
    cluster_days_ago: int | None = None
    cluster_outcome: str | None = None


@dataclass(frozen=True)
class DemoImplementation:
    """The implementation of one approved recommendation (``stories.reports``: the mission's
    report and the recommendation's key), change by change."""

    mission_title: str
    recommendation: str
    steps: tuple[DemoTrackingStep, ...]


IMPLEMENTATIONS: tuple[DemoImplementation, ...] = (
    # Otobora, approved in Kinshasa two days ago.
    DemoImplementation(
        OTOBORA,
        "ihl",
        (
            DemoTrackingStep(
                "civil.affairs",
                "In the Civil Affairs plan for Walikale; the CLI checks each week that the "
                "families are back in their homes.",
                ImplementationStatus.IN_PROGRESS,
                owner_kind=OwnerKind.MISSION_SECTION,
                owner_name="Civil Affairs section",
                focal_person="Amina Diallo",
                target_in_days=14,
                plan_section="Civil Affairs",
                plan_name="Civil Affairs work plan, Walikale",
            ),
            DemoTrackingStep(
                "civil.affairs",
                "CLI visit of yesterday: the troops are in the camp outside town and 28 of the "
                "34 families are back; six homes were damaged and their families still live "
                "with relatives.",
                ImplementationStatus.PARTLY_IMPLEMENTED,
            ),
        ),
    ),
    DemoImplementation(
        OTOBORA,
        "health",
        (
            DemoTrackingStep(
                "civil.affairs",
                "HEAL Africa has the medicine and the kits ready in Goma; the convoy needs the "
                "escort from COB Walikale asked for by the provincial SMG-P.",
                ImplementationStatus.IN_PROGRESS,
                owner_kind=OwnerKind.NGO,
                owner_name="HEAL Africa",
                focal_person="HEAL Africa programme officer, Goma",
                target_in_days=30,
                plan_section="Civil Affairs",
                plan_name="Civil Affairs work plan, Walikale",
            ),
            DemoTrackingStep(
                "civil.affairs",
                "No escort vehicle is free at COB Walikale before the rotation; the convoy "
                "cannot leave Goma.",
                ImplementationStatus.STALLED,
                stalled_reason=StalledReason.LOGISTICS,
                cluster_days_ago=1,
                cluster_outcome=(
                    "The Protection Cluster asked OCHA to look for road transport with an "
                    "escort; HEAL Africa keeps the convoy ready to leave."
                ),
            ),
        ),
    ),
    DemoImplementation(
        OTOBORA,
        "patrols",
        (
            DemoTrackingStep(
                "civil.affairs.goma",
                "The battalion patrols the town centre every day since the approval and "
                "committed to start the dawn patrols on the field paths yesterday.",
                ImplementationStatus.IN_PROGRESS,
                owner_kind=OwnerKind.MISSION_SECTION,
                owner_name="Indian battalion, COB Walikale",
                focal_person="Major Arvind Rathore",
                target_in_days=-1,
                plan_section="North Kivu Brigade",
                plan_name="COB Walikale patrol plan",
            ),
        ),
    ),
    # Duru and Bangadi, approved at provincial level some eight weeks ago; done, and the
    # mission closed.
    DemoImplementation(
        DURU_BANGADI,
        "patrols",
        (
            DemoTrackingStep(
                "civil.affairs.ituri",
                "The Moroccan company extended its foot patrols to the far fields; the CLI of "
                "Dungu confirmed it on his visit.",
                ImplementationStatus.IMPLEMENTED,
                owner_kind=OwnerKind.MISSION_SECTION,
                owner_name="Moroccan battalion, COB Dungu",
                focal_person="Major Youssef El Idrissi",
                target_in_days=-40,
                plan_section="Ituri Brigade",
                plan_name="COB Dungu patrol plan",
                cluster_days_ago=50,
                cluster_outcome=(
                    "FAO to give seeds to the families going back to the far fields; the "
                    "Protection Cluster follows the patrols with the CLI's reports."
                ),
            ),
        ),
    ),
    DemoImplementation(
        DURU_BANGADI,
        "calendar",
        (
            DemoTrackingStep(
                "civil.affairs.dungu",
                "The calendar is agreed with the chiefs and the women farmers' cooperative and "
                "posted at the Duru market every Monday.",
                ImplementationStatus.IMPLEMENTED,
                owner_kind=OwnerKind.MISSION_SECTION,
                owner_name="Civil Affairs section, Dungu",
                focal_person="Faustin Bakongo Ngbandi (CLI)",
                target_in_days=-45,
                plan_section="Civil Affairs",
                plan_name="Civil Affairs work plan, Haut-Uele",
            ),
        ),
    ),
)


# Follow-up visits and the calendar -------------------------------------------------------------


@dataclass(frozen=True)
class DemoPlannedVisit:
    """A visit in a CLI's calendar, ``in_days`` from today (yesterday at the earliest: the
    service plans from today on, a day's grace). ``cancelled``: the CLI cancels it."""

    key: str
    cli: str
    province: str
    territory: str
    localities: tuple[str, ...]
    in_days: int
    purpose: str
    cancelled: bool = False


@dataclass(frozen=True)
class DemoObservation:
    """What the CLI saw of one approved recommendation (``stories.reports``: mission, key)."""

    mission_title: str
    recommendation: str
    finding: str
    note: str = ""


@dataclass(frozen=True)
class DemoVisitRequest:
    """Civil Affairs turns the visit's urgent alert into a JPT request (``visit_to_request``)."""

    by: str
    start_in_days: int
    visit_days: int


@dataclass(frozen=True)
class DemoVisit:
    """A CLI's follow-up visit ``days_ago`` days ago. ``key`` makes the device id (the same id
    again is the same visit: a second load stores nothing); ``planned`` is the key of the
    planned visit it makes."""

    key: str
    cli: str
    province: str
    territory: str
    localities: tuple[str, ...]
    days_ago: int
    women: int
    men: int
    confidence: int
    women_meeting: bool = False
    new_threats: tuple[str, ...] = ()
    threats_note: str = ""
    urgent_alert: bool = False
    note: str = ""
    observations: tuple[DemoObservation, ...] = ()
    planned: str = ""
    to_request: DemoVisitRequest | None = None


PLANNED_VISITS: tuple[DemoPlannedVisit, ...] = (
    DemoPlannedVisit(
        "otobora-weekly",
        "cli.walikale",
        NK,
        "Walikale",
        ("Otobora",),
        -1,
        "Otobora: weekly check of the families' return, the patrols and the health centre.",
    ),
    # Not made: the CLI spent the day in Otobora. Its date is past: flagged in the calendar.
    DemoPlannedVisit(
        "pinga-market-road",
        "cli.walikale",
        NK,
        "Walikale",
        ("Pinga",),
        -1,
        "Pinga: confirm the reports of armed men on the market road, as Civil Affairs asked.",
    ),
    DemoPlannedVisit(
        "ntoto-plan",
        "cli.walikale",
        NK,
        "Walikale",
        ("Ntoto",),
        4,
        "Ntoto: walk the safe area and the meeting points with the protection committee, "
        "women included, before the JPT comes back.",
    ),
    DemoPlannedVisit(
        "otobora-next",
        "cli.walikale",
        NK,
        "Walikale",
        ("Otobora",),
        6,
        "Otobora: weekly follow-up; has the HEAL Africa convoy come, are the dawn patrols on?",
    ),
    # The women's network meets the team in Walikale instead.
    DemoPlannedVisit(
        "otobora-market",
        "cli.walikale",
        NK,
        "Walikale",
        ("Otobora",),
        2,
        "Otobora market day with the Walikale women's network.",
        cancelled=True,
    ),
    DemoPlannedVisit(
        "nyabiondo-road",
        "cli.masisi",
        NK,
        "Masisi",
        ("Nyabiondo", "Masisi Centre"),
        3,
        "Nyabiondo: market day on the road to Masisi Centre, with the women's group.",
    ),
    DemoPlannedVisit(
        "duru-season",
        "cli.dungu",
        HU,
        "Dungu",
        ("Duru", "Bangadi"),
        10,
        "Duru and Bangadi: the patrol calendar for the next growing season.",
    ),
)

VISITS: tuple[DemoVisit, ...] = (
    # Otobora, after the team left and before the approval: nothing approved to observe yet.
    DemoVisit(
        "otobora-after-the-team",
        "cli.walikale",
        NK,
        "Walikale",
        ("Otobora",),
        days_ago=8,
        women=6,
        men=10,
        confidence=3,
        note=(
            "The Mayi-Mayi Kifuafua left the homes of the town centre for the camp outside "
            "town, as the commander promised the team. 20 of the 34 displaced families are "
            "back; the others wait to see whether the troops stay in the camp."
        ),
    ),
    # Ntoto: what prompted the repeat visit (stories.requests, NTOTO).
    DemoVisit(
        "ntoto-plan-review",
        "cli.walikale",
        NK,
        "Walikale",
        ("Ntoto",),
        days_ago=5,
        women=15,
        men=11,
        confidence=4,
        women_meeting=True,
        new_threats=(ThreatType.ATTACK,),
        threats_note=(
            "Armed men seen crossing the hills north of Ntoto at night, three times this month."
        ),
        note=(
            "The protection committee still knows the plan: the meeting point at the school "
            "and the safe area where more than 300 villagers gathered during the last attack. "
            "The plan has not been reviewed since the last JPT; the women ask to review it "
            "with the committee, where two women now sit."
        ),
    ),
    # Otobora, the day after the approval: what was seen of each recommendation; women tell of
    # assaults on the field paths at dawn, which the patrols do not cover yet.
    DemoVisit(
        "otobora-after-approval",
        "cli.walikale",
        NK,
        "Walikale",
        ("Otobora",),
        days_ago=1,
        women=14,
        men=8,
        confidence=3,
        women_meeting=True,
        new_threats=(ThreatType.SEXUAL_VIOLENCE, ThreatType.CHECKPOINT),
        threats_note=(
            "Women say armed men from the camp outside town stop them on the paths to the "
            "fields at dawn; two assaults were reported to the health centre this week (no "
            "survivor named)."
        ),
        urgent_alert=True,
        note="Met the women separately at the church hall, at 07:00 as they asked.",
        observations=(
            DemoObservation(
                OTOBORA,
                "ihl",
                Finding.PARTLY,
                "28 of the 34 families are back in their homes; six homes were damaged.",
            ),
            DemoObservation(
                OTOBORA,
                "health",
                Finding.NOT_AT_ALL,
                "No HEAL Africa convoy yet; the health centre still has no post-exposure kits.",
            ),
            DemoObservation(
                OTOBORA,
                "patrols",
                Finding.PARTLY,
                "A patrol in the town centre every day; none on the field paths at dawn.",
            ),
        ),
        planned="otobora-weekly",
        to_request=DemoVisitRequest("civil.affairs", start_in_days=3, visit_days=6),
    ),
    # Duru and Bangadi, after the approval: the patrols and the calendar work.
    DemoVisit(
        "duru-bangadi-fields",
        "cli.dungu",
        HU,
        "Dungu",
        ("Duru", "Bangadi"),
        days_ago=20,
        women=19,
        men=12,
        confidence=4,
        women_meeting=True,
        note="Families are planting the far fields again.",
        observations=(
            DemoObservation(
                DURU_BANGADI,
                "patrols",
                Finding.AS_PLANNED,
                "The patrols reach the far fields three days a week.",
            ),
            DemoObservation(
                DURU_BANGADI,
                "calendar",
                Finding.AS_PLANNED,
                "The women farmers plan their days in the far fields by the calendar.",
            ),
        ),
    ),
    # Matili: the recommendations still wait at the provincial SMG-P.
    DemoVisit(
        "matili-waiting",
        "cli.shabunda",
        SK,
        "Shabunda",
        ("Matili",),
        days_ago=4,
        women=9,
        men=4,
        confidence=2,
        women_meeting=True,
        new_threats=(ThreatType.LOOTING,),
        threats_note="Traders robbed again on the road to Shabunda on market day.",
        note=(
            "Women ask when the motorbike to the CADDHOM legal clinic will come; nobody from "
            "Matili has reached the clinic since the JPT."
        ),
    ),
)


# Community alerts ------------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoAlert:
    """An alert a CLI took: received ``days_ago`` days ago at ``at`` (local time), or
    ``hours_ago`` hours ago; relayed and answered so many minutes after it came (``None``: not
    yet). ``logged_later``: the relay and the response are recorded afterwards
    (``alert_update``), as they come. ``safe_area`` and ``escort_point`` name rows of the
    approved protection plan of the locality's territory."""

    cli: str
    province: str
    territory: str
    locality: str
    base: str
    channel: str
    threat_type: str
    source: str
    description: str
    days_ago: int = 0
    at: str = ""
    hours_ago: float | None = None
    relayed_after_minutes: int | None = None
    relayed_to: tuple[str, ...] = ()
    responded_after_minutes: int | None = None
    response: str = ""
    plan_used: bool | None = None
    safe_area: str = ""
    escort_point: str = ""
    plan_outcome: str = ""
    plan_note: str = ""
    logged_later: bool = False


ALERTS: tuple[DemoAlert, ...] = (
    # Answered within two hours; the Otobora plan worked as agreed.
    DemoAlert(
        "cli.walikale",
        NK,
        "Walikale",
        "Otobora",
        "COB Walikale",
        AlertChannel.PHONE,
        ThreatType.ATTACK,
        AlertSource.WOMENS_GROUP,
        "Shots near the camp outside town; women of the network say armed men are moving "
        "towards the town centre.",
        days_ago=1,
        at="21:40",
        relayed_after_minutes=12,
        relayed_to=(RelayedTo.PEACEKEEPERS,),
        responded_after_minutes=95,
        response=(
            "A patrol of the Indian battalion from COB Walikale reached the town centre; the "
            "armed men went back to the camp."
        ),
        plan_used=True,
        safe_area="Catholic mission compound",
        plan_outcome=PlanUse.WORKED,
        plan_note=(
            "The church bell was rung as agreed; about 150 people spent the night in the "
            "Catholic mission compound and went home in the morning."
        ),
        logged_later=True,
    ),
    # Relayed, still no response: the board's "waiting" flag.
    DemoAlert(
        "cli.walikale",
        NK,
        "Walikale",
        "Ntoto",
        "COB Walikale",
        AlertChannel.PHONE,
        ThreatType.ATTACK,
        AlertSource.LOCAL_LEADER,
        "The chief of Ntoto reports armed men on the hills above the village; families are "
        "getting ready to go to the safe area.",
        hours_ago=9,
        relayed_after_minutes=25,
        relayed_to=(RelayedTo.PEACEKEEPERS, RelayedTo.AUTHORITIES),
    ),
    # Duru: the plan's escort point used; answered in under four hours.
    DemoAlert(
        "cli.dungu",
        HU,
        "Dungu",
        "Duru",
        "COB Dungu",
        AlertChannel.IN_PERSON,
        ThreatType.ABDUCTION,
        AlertSource.COMMUNITY_MEMBER,
        "Farmers saw armed men near the far fields at dawn and fear abductions.",
        days_ago=40,
        at="05:50",
        relayed_after_minutes=15,
        relayed_to=(RelayedTo.PEACEKEEPERS,),
        responded_after_minutes=220,
        response=(
            "A foot patrol of the Moroccan company searched the far fields and escorted the "
            "farmers back to work."
        ),
        plan_used=True,
        escort_point="Duru market",
        plan_outcome=PlanUse.PARTLY,
        plan_note=(
            "The farmers met the escort at the Duru market as agreed, but the families "
            "already in the far fields had not heard the alert."
        ),
    ),
    # Matili: relayed by radio, answered the next morning.
    DemoAlert(
        "cli.shabunda",
        SK,
        "Shabunda",
        "Matili",
        "COB Shabunda",
        AlertChannel.RADIO,
        ThreatType.LOOTING,
        AlertSource.CIVIL_SOCIETY,
        "Traders robbed by armed men on the road to Shabunda on market day.",
        days_ago=4,
        at="14:10",
        relayed_after_minutes=30,
        relayed_to=(RelayedTo.PEACEKEEPERS, RelayedTo.POLICE),
        responded_after_minutes=19 * 60,
        response="The Shabunda police and a patrol from COB Shabunda went along the road.",
    ),
)


# Material support --------------------------------------------------------------------------


@dataclass(frozen=True)
class DemoSupport:
    """Items given out in a locality ``days_ago`` days ago, recipients counted by sex."""

    recorded_by: str
    province: str
    territory: str
    locality: str
    days_ago: int
    item: str
    women: int
    men: int
    note: str
    item_detail: str = ""


SUPPORT: tuple[DemoSupport, ...] = (
    DemoSupport(
        "cli.walikale",
        NK,
        "Walikale",
        "Otobora",
        8,
        SupportItem.PHONE,
        6,
        6,
        "Early-warning network of the protection plan: the hotline to COB Walikale.",
        item_detail="Basic phone with a solar charger",
    ),
    DemoSupport(
        "cli.walikale",
        NK,
        "Walikale",
        "Ntoto",
        5,
        SupportItem.WHISTLE,
        38,
        24,
        "For the protection committee's alarm in an attack.",
    ),
    DemoSupport(
        "civil.affairs",
        NK,
        "Walikale",
        "Otobora",
        1,
        SupportItem.LAMP,
        30,
        10,
        "Families back in their homes; women asked for light on the paths at night.",
    ),
    DemoSupport(
        "cli.dungu",
        HU,
        "Dungu",
        "Bangadi",
        45,
        SupportItem.RADIO,
        12,
        3,
        "The women farmers' cooperative, to hear the patrol calendar on community radio.",
    ),
    # Given to the chiefs and elders: the women's group asked for one too.
    DemoSupport(
        "cli.shabunda",
        SK,
        "Shabunda",
        "Matili",
        4,
        SupportItem.PHONE,
        2,
        8,
        "Village chiefs and elders; the women's group asks for a phone of its own.",
    ),
)

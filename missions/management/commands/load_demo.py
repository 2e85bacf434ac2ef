"""Load demonstration accounts, operating bases, JPT requests, missions and their reports (never in
production).

The requests retell stories from the policy brief (Otobora, Ntoto, Nyabiondo, Matili, Walungu,
Bogoro, Bangadi, Duru). They are filed and decided through the services, so the audit trail and
the e-mails exist exactly as if people had used the site. Dates are relative to today. The
reports and their review chain are in ``reports/demo.py``.

Idempotent: users are matched by username, bases by name, requests by title and reports by
mission; a second run creates nothing and prints the logins again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from jpt.accounts.choices import Section, Sex, StaffCategory
from jpt.accounts.roles import Role
from jpt.audit.models import AuditEntry
from jpt.places.choices import BaseKind
from jpt.places.models import Locality, OperatingBase, Province, Territory
from missions.choices import (
    Announcement,
    ConsultationSetting,
    ConsultationType,
    LogisticsCategory,
    LogisticsStatus,
    MissionStatus,
    RequesterKind,
    RequestStatus,
    StakeholderCategory,
    TeamRole,
    TransportMode,
    Trigger,
    Urgency,
)
from missions.models import JptRequest, Mission, Stakeholder, TeamMember
from missions.services import (
    consultation_create,
    logistics_add,
    logistics_update,
    mission_change_status,
    mission_send_early_notice,
    mission_update_plan,
    request_approve,
    request_decline,
    request_return,
    request_submit,
    request_update,
    stakeholder_add,
    team_add_member,
    team_respond,
)
from missions.validation import RequestDetails

DEMO_PASSWORD = "jpt-demo-2026"  # noqa: S105 - a published demo password, refused in production
EMAIL_DOMAIN = "jpt-desk.example"


@dataclass(frozen=True)
class DemoUser:
    """One demonstration account."""

    username: str
    full_name: str
    sex: str
    staff_category: str
    role: Role
    section: str = ""
    duty_station: str = ""
    languages: str = ""
    provinces: tuple[str, ...] = ()
    superuser: bool = False


@dataclass(frozen=True)
class DemoBase:
    """One operating base, placed at a gazetteer locality."""

    name: str
    kind: str
    province: str
    territory: str
    locality: str
    host_unit: str
    is_active: bool = True


@dataclass(frozen=True)
class DemoRequest:
    """One JPT request, and what Civil Affairs does with it after it is filed."""

    title: str
    filed_by: str
    requester_kind: str
    trigger: str
    province: str
    territory: str
    localities: tuple[str, ...]
    reason: str
    start_in_days: int
    visit_days: int
    urgency: str = Urgency.ROUTINE
    requesting_office: str = ""
    requesting_section: str = ""
    nearest_base: str = ""
    is_repeat_visit: bool = False
    decided_by: str = ""
    # One of "", "approve", "decline", "return".
    decision: str = ""
    decision_text: str = ""
    mandate: str = ""
    extra: dict = field(default_factory=dict)


NK, SK, ITURI, HU = "Nord-Kivu", "Sud-Kivu", "Ituri", "Haut-Uele"

USERS: tuple[DemoUser, ...] = (
    DemoUser(
        "requester",
        "Jean-Pierre Mukendi Kasongo",
        Sex.MALE,
        StaffCategory.NATIONAL,
        Role.REQUESTER,
        Section.POLITICAL_AFFAIRS,
        "Goma",
        "French, Swahili, Lingala",
        (NK,),
    ),
    DemoUser(
        "requester.southkivu",
        "Espérance Bahati Mugisho",
        Sex.FEMALE,
        StaffCategory.NATIONAL,
        Role.REQUESTER,
        Section.HUMAN_RIGHTS,
        "Bukavu",
        "French, Swahili, Mashi",
        (SK,),
    ),
    DemoUser(
        "civil.affairs",
        "Amina Diallo",
        Sex.FEMALE,
        StaffCategory.INTERNATIONAL,
        Role.CIVIL_AFFAIRS,
        Section.CIVIL_AFFAIRS,
        "Goma",
        "French, English, Swahili",
        (NK, SK),
    ),
    DemoUser(
        "team.member",
        "Esther Furaha Bahati",
        Sex.FEMALE,
        StaffCategory.NATIONAL,
        Role.TEAM_MEMBER,
        Section.GENDER_AFFAIRS,
        "Goma",
        "French, Swahili, Kinyarwanda",
        (NK,),
    ),
    DemoUser(
        "head.office",
        "Henrik Lindqvist",
        Sex.MALE,
        StaffCategory.INTERNATIONAL,
        Role.HEAD_OF_OFFICE,
        Section.POLITICAL_AFFAIRS,
        "Goma",
        "English, French, Swedish",
        (NK,),
    ),
    DemoUser(
        "smg.nordkivu",
        "Sarah Okello",
        Sex.FEMALE,
        StaffCategory.INTERNATIONAL,
        Role.SMG_PROVINCIAL,
        Section.HUMAN_RIGHTS,
        "Goma",
        "English, French, Swahili",
        (NK,),
    ),
    DemoUser(
        "smg.kinshasa",
        "Catherine Moreau",
        Sex.FEMALE,
        StaffCategory.INTERNATIONAL,
        Role.SMG_KINSHASA,
        Section.POLITICAL_AFFAIRS,
        "Kinshasa",
        "French, English",
    ),
    DemoUser(
        "cli.walikale",
        "Patient Kambale Muhindo",
        Sex.MALE,
        StaffCategory.NATIONAL,
        Role.CLI,
        Section.CIVIL_AFFAIRS,
        "Walikale",
        "Swahili, Kinyanga, Kinande, French",
        (NK,),
    ),
    DemoUser(
        "cli.shabunda",
        "Solange Mapendo Lwango",
        Sex.FEMALE,
        StaffCategory.NATIONAL,
        Role.CLI,
        Section.CIVIL_AFFAIRS,
        "Shabunda",
        "Swahili, Kirega, Mashi, French",
        (SK,),
    ),
    DemoUser(
        "analyst",
        "Ana Lucía Ferreira",
        Sex.FEMALE,
        StaffCategory.INTERNATIONAL,
        Role.ANALYST,
        Section.CIVIL_AFFAIRS,
        "Kinshasa",
        "Portuguese, Spanish, English, French",
    ),
    DemoUser(
        "admin",
        "Didier Lukusa Ilunga",
        Sex.MALE,
        StaffCategory.NATIONAL,
        Role.ADMINISTRATOR,
        "",
        "Kinshasa",
        "French, Lingala, Tshiluba",
        superuser=True,
    ),
    DemoUser(
        "requester.east",
        "Dieudonné Ngona Lobo",
        Sex.MALE,
        StaffCategory.NATIONAL,
        Role.REQUESTER,
        Section.POLITICAL_AFFAIRS,
        "Bunia",
        "French, Swahili, Lingala, Kilendu",
        (ITURI, HU),
    ),
    DemoUser(
        "civil.affairs.ituri",
        "Kwame Asante",
        Sex.MALE,
        StaffCategory.INTERNATIONAL,
        Role.CIVIL_AFFAIRS,
        Section.CIVIL_AFFAIRS,
        "Bunia",
        "English, French, Swahili",
        (ITURI, HU),
    ),
    DemoUser(
        "hr.northkivu",
        "Emmanuel Tshibanda Mwamba",
        Sex.MALE,
        StaffCategory.NATIONAL,
        Role.TEAM_MEMBER,
        Section.HUMAN_RIGHTS,
        "Goma",
        "French, Swahili, Tshiluba",
        (NK,),
    ),
    DemoUser(
        "hr.southkivu",
        "Marie-Claire Nabintu Bisimwa",
        Sex.FEMALE,
        StaffCategory.NATIONAL,
        Role.TEAM_MEMBER,
        Section.HUMAN_RIGHTS,
        "Bukavu",
        "French, Swahili, Mashi",
        (SK,),
    ),
    DemoUser(
        "sv.expert",
        "Nadia Benali",
        Sex.FEMALE,
        StaffCategory.INTERNATIONAL,
        Role.TEAM_MEMBER,
        Section.HUMAN_RIGHTS,
        "Bukavu",
        "French, English, Arabic",
        (NK, SK),
    ),
    DemoUser(
        "milobs.goma",
        "Major Daniel Okonkwo",
        Sex.MALE,
        StaffCategory.INTERNATIONAL,
        Role.TEAM_MEMBER,
        Section.MILITARY_OBSERVER,
        "Goma",
        "English, French",
        (NK,),
    ),
    DemoUser(
        "cli.masisi",
        "Jeanne Kahindo Mbusa",
        Sex.FEMALE,
        StaffCategory.NATIONAL,
        Role.CLI,
        Section.CIVIL_AFFAIRS,
        "Masisi",
        "Swahili, Kihunde, Kinyarwanda, French",
        (NK,),
    ),
    DemoUser(
        "hr.ituri",
        "Grace Ayiko Lokana",
        Sex.FEMALE,
        StaffCategory.NATIONAL,
        Role.TEAM_MEMBER,
        Section.HUMAN_RIGHTS,
        "Bunia",
        "French, Swahili, Kilendu",
        (ITURI,),
    ),
    DemoUser(
        "unpol.bunia",
        "Inspector Moussa Traore",
        Sex.MALE,
        StaffCategory.INTERNATIONAL,
        Role.TEAM_MEMBER,
        Section.UN_POLICE,
        "Bunia",
        "French, Bambara",
        (ITURI, HU),
    ),
    DemoUser(
        "milobs.dungu",
        "Captain Samuel Mensah",
        Sex.MALE,
        StaffCategory.INTERNATIONAL,
        Role.TEAM_MEMBER,
        Section.MILITARY_OBSERVER,
        "Dungu",
        "English, French",
        (HU,),
    ),
    DemoUser(
        "cli.dungu",
        "Faustin Bakongo Ngbandi",
        Sex.MALE,
        StaffCategory.NATIONAL,
        Role.CLI,
        Section.CIVIL_AFFAIRS,
        "Dungu",
        "Zande, Lingala, Swahili, French",
        (HU,),
    ),
    # Reviewers of the chain in the other provinces, and the early-warning cell in Nord-Kivu.
    DemoUser(
        "head.southkivu",
        "Fatou Ndiaye",
        Sex.FEMALE,
        StaffCategory.INTERNATIONAL,
        Role.HEAD_OF_OFFICE,
        Section.POLITICAL_AFFAIRS,
        "Bukavu",
        "French, English, Wolof",
        (SK,),
    ),
    DemoUser(
        "smg.southkivu",
        "Johan Van den Berghe",
        Sex.MALE,
        StaffCategory.INTERNATIONAL,
        Role.SMG_PROVINCIAL,
        Section.CIVIL_AFFAIRS,
        "Bukavu",
        "French, Dutch, English",
        (SK,),
    ),
    DemoUser(
        "head.ituri",
        "Priya Raman",
        Sex.FEMALE,
        StaffCategory.INTERNATIONAL,
        Role.HEAD_OF_OFFICE,
        Section.POLITICAL_AFFAIRS,
        "Bunia",
        "English, French, Tamil",
        (ITURI, HU),
    ),
    DemoUser(
        "smg.ituri",
        "Halima Abubakar Sadiq",
        Sex.FEMALE,
        StaffCategory.INTERNATIONAL,
        Role.SMG_PROVINCIAL,
        Section.HUMAN_RIGHTS,
        "Bunia",
        "English, Hausa, French",
        (ITURI, HU),
    ),
    DemoUser(
        "rrewc.nordkivu",
        "Olivier Mbuyi Kalala",
        Sex.MALE,
        StaffCategory.NATIONAL,
        Role.RREWC,
        Section.CIVIL_AFFAIRS,
        "Goma",
        "French, Swahili, Tshiluba",
        (NK,),
    ),
)

BASES: tuple[DemoBase, ...] = (
    DemoBase(
        "COB Walikale",
        BaseKind.COB,
        NK,
        "Walikale",
        "Walikale",
        "A company of the Indian battalion (North Kivu Brigade)",
    ),
    DemoBase(
        "TOB Nyabiondo",
        BaseKind.TOB,
        NK,
        "Masisi",
        "Nyabiondo",
        "A platoon of the Indian battalion",
    ),
    DemoBase(
        "COB Shabunda",
        BaseKind.COB,
        SK,
        "Shabunda",
        "Shabunda",
        "A company of the Pakistani battalion (South Kivu Brigade)",
    ),
    DemoBase(
        "COB Walungu",
        BaseKind.COB,
        SK,
        "Walungu",
        "Walungu",
        "A company of the Pakistani battalion",
    ),
    DemoBase(
        "TOB Bogoro",
        BaseKind.TOB,
        ITURI,
        "Irumu",
        "Bogoro",
        "A company of the Bangladeshi battalion (Ituri Brigade)",
    ),
    DemoBase(
        "COB Dungu",
        BaseKind.COB,
        HU,
        "Dungu",
        "Dungu",
        "A company of the Moroccan battalion",
    ),
    DemoBase(
        "TOB Bangadi",
        BaseKind.TOB,
        HU,
        "Dungu",
        "Bangadi",
        "A platoon of the Moroccan battalion",
    ),
    DemoBase(
        "TOB Ntoto (closed)",
        BaseKind.TOB,
        NK,
        "Walikale",
        "Ntoto",
        "Formerly a platoon of the Indian battalion",
        is_active=False,
    ),
)

ANNEX_2 = (
    " Include a gender analysis and the analysis of patterns of sexual violence (Annex 2); "
    "hold a separate meeting with local women at a time and place that suits them, announced "
    "by word of mouth and at the market."
)

REQUESTS: tuple[DemoRequest, ...] = (
    DemoRequest(
        title="Mayi-Mayi Kifuafua occupying homes in Otobora",
        filed_by="requester",
        requester_kind=RequesterKind.FIELD_OFFICE,
        requesting_office="Goma field office",
        trigger=Trigger.DISPLACEMENT,
        province=NK,
        territory="Walikale",
        localities=("Otobora",),
        nearest_base="COB Walikale",
        reason=(
            "Local leaders report that the Mayi-Mayi Kifuafua militia has forcibly displaced "
            "families and seized their homes in the town centre instead of occupying the camp on "
            "the outskirts. Displaced families are sheltering with relatives in the surrounding "
            "villages. There are allegations of rape, forced marriage and harassment of women."
        ),
        start_in_days=12,
        visit_days=6,
        urgency=Urgency.IMMEDIATE,
        decided_by="civil.affairs",
        decision="approve",
        decision_text="Priority for the provincial SMG-P; host unit informed.",
        mandate=(
            "Establish the extent of the displacement and of the occupation of civilian homes in "
            "Otobora. Meet the Mayi-Mayi Kifuafua commander to explain that international "
            "humanitarian law forbids bases in or near civilian centres, and ask that troops "
            "move to the camp outside town. Agree with local leaders on a community protection "
            "plan." + ANNEX_2
        ),
    ),
    DemoRequest(
        title="Ntoto: follow-up of the community protection plan",
        filed_by="requester",
        requester_kind=RequesterKind.FIELD_OFFICE,
        requesting_office="Goma field office",
        trigger=Trigger.FOLLOW_UP,
        province=NK,
        territory="Walikale",
        localities=("Ntoto",),
        nearest_base="COB Walikale",
        is_repeat_visit=True,
        reason=(
            "Residents followed the community protection plan during the last rebel attack and "
            "more than 300 villagers reached the agreed zone of protection unharmed. The CLI "
            "reports new armed movements nearby; the plan's meeting points, safe areas and "
            "contingency contacts need to be reviewed with the community, including women."
        ),
        start_in_days=40,
        visit_days=5,
        decided_by="civil.affairs",
        decision="approve",
        decision_text="Repeat visit; reuse the stakeholder list of the Otobora mission.",
        mandate=(
            "Review the community protection plan of Ntoto with local leaders and with women: "
            "meeting points for escorts, vulnerable areas, the safe area where the population "
            "gathered during the last attack, and contingency contacts with local leaders. "
            "Assess what was implemented since the last JPT and new threats." + ANNEX_2
        ),
    ),
    DemoRequest(
        title="Nyabiondo: tensions between FARDC families and residents",
        filed_by="requester",
        requester_kind=RequesterKind.SECTION,
        requesting_section=Section.GENDER_AFFAIRS,
        trigger=Trigger.RISK_OTHER,
        extra={
            "trigger_details": "Tensions between FARDC families and the local population",
        },
        province=NK,
        territory="Masisi",
        localities=("Nyabiondo", "Masisi Centre"),
        nearest_base="TOB Nyabiondo",
        reason=(
            "Families of FARDC personnel have arrived en masse in Nyabiondo without army "
            "housing, leading to hostility and violence with the local population. Women report "
            "violence on the road to Masisi Centre on market day and on the way to their fields."
        ),
        start_in_days=25,
        visit_days=5,
        urgency=Urgency.HIGH,
        decided_by="civil.affairs",
        decision="return",
        decision_text=(
            "Please say which market days and which stretches of the road are affected, and "
            "whether the Gender Affairs office can organize a meeting of local women on the TOB "
            "early in the morning."
        ),
        mandate=(
            "Assess the tensions between FARDC families and residents of Nyabiondo and the "
            "violence against women on the road to Masisi Centre and to the fields. The gender "
            "officer organises a separate early-morning meeting of local women on the TOB. "
            "Recommend patrol times and a dialogue between army families and residents." + ANNEX_2
        ),
    ),
    DemoRequest(
        title="Matili: reports of sexual violence in an inaccessible village",
        filed_by="requester.southkivu",
        requester_kind=RequesterKind.SECTION,
        requesting_section=Section.HUMAN_RIGHTS,
        trigger=Trigger.EMERGENCY_OTHER,
        extra={"trigger_details": "Reports of human rights attacks and sexual violence"},
        province=SK,
        territory="Shabunda",
        localities=("Matili",),
        nearest_base="COB Shabunda",
        reason=(
            "Human rights attacks and sexual violence have been reported in Matili, about 30 km "
            "from Shabunda and cut off for most of the rainy season. Survivors have no access to "
            "the legal clinic in Shabunda town (CADDHOM). No survivor is named in this request."
        ),
        start_in_days=15,
        visit_days=7,
        urgency=Urgency.HIGH,
        decided_by="civil.affairs",
        decision="approve",
        mandate=(
            "Give human rights officers access to Matili to document the reported abuses. "
            "Inform local women about the CADDHOM legal clinic in Shabunda and assess transport "
            "to it (e.g. a motorbike maintained by the human rights section). Include a "
            "sexual-violence expert and a woman officer in the team." + ANNEX_2
        ),
    ),
    DemoRequest(
        title="Walungu: women traders attacked on the road to the market",
        filed_by="requester.southkivu",
        requester_kind=RequesterKind.FIELD_OFFICE,
        requesting_office="Bukavu field office",
        trigger=Trigger.ATTACK,
        province=SK,
        territory="Walungu",
        localities=("Walungu",),
        nearest_base="COB Walungu",
        reason=(
            "Women traders walking to and from the weekly market in Walungu have been robbed "
            "and attacked by armed men on the main road, mostly on the return journey in the "
            "late afternoon. Several have stopped going to the market."
        ),
        start_in_days=10,
        visit_days=5,
        urgency=Urgency.HIGH,
        decided_by="civil.affairs",
        decision="approve",
        mandate=(
            "Assess the attacks on the Walungu market road and agree with the traders, most of "
            "them women, and with the Pakistani company on escort times and meeting points for "
            "market day." + ANNEX_2
        ),
    ),
    DemoRequest(
        title="Walungu: escorts to the weekly market",
        filed_by="requester.southkivu",
        requester_kind=RequesterKind.SENIOR_MANAGEMENT,
        trigger=Trigger.RUMOURED_ATTACKS,
        province=SK,
        territory="Walungu",
        localities=("Walungu",),
        nearest_base="COB Walungu",
        reason=(
            "Rumours of attacks on people travelling to and from the weekly market; traders, "
            "most of them women, ask for escorts along the main road."
        ),
        start_in_days=30,
        visit_days=5,
        decided_by="civil.affairs",
        decision="decline",
        decision_text=(
            "A JPT has just come back from Walungu: its report, with market-day escorts on "
            "this road, is with the head of office. No second team is needed."
        ),
    ),
    DemoRequest(
        title="Bogoro: protection of villagers going to market",
        filed_by="requester.east",
        requester_kind=RequesterKind.FIELD_OFFICE,
        requesting_office="Bunia field office",
        trigger=Trigger.RUMOURED_ATTACKS,
        province=ITURI,
        territory="Irumu",
        localities=("Bogoro",),
        nearest_base="TOB Bogoro",
        reason=(
            "Villagers fear attacks on the road to the Bogoro market. The Bangladeshi patrol "
            "keeps watch on market day, but women say the return journey in the afternoon is "
            "not covered."
        ),
        start_in_days=8,
        visit_days=3,
        urgency=Urgency.HIGH,
        decided_by="civil.affairs.ituri",
        decision="approve",
        decision_text="Visit extended to five days in the plan.",
        mandate=(
            "Assess the threat on the Bogoro market road, in particular on the afternoon return, "
            "and agree with traders, most of them women, on escort times and meeting points "
            "with the Bangladeshi patrol." + ANNEX_2
        ),
    ),
    DemoRequest(
        title="Bangadi: attacks on villagers and alleged FARDC abuses",
        filed_by="requester.east",
        requester_kind=RequesterKind.FIELD_OFFICE,
        requesting_office="Bunia field office",
        trigger=Trigger.ATTACK,
        province=HU,
        territory="Dungu",
        localities=("Bangadi",),
        nearest_base="TOB Bangadi",
        reason=(
            "LRA-type attacks on villages around Bangadi; villagers no longer go to their "
            "fields and food is short. Women also allege rapes by soldiers of the FARDC unit "
            "deployed in the area."
        ),
        start_in_days=18,
        visit_days=6,
        urgency=Urgency.IMMEDIATE,
        decided_by="civil.affairs.ituri",
        decision="approve",
        decision_text="Human Rights to join for possible follow-on investigation.",
        mandate=(
            "Assess the threat from armed attacks around Bangadi and the need for wider foot "
            "patrols so villagers can reach their fields. Document allegations of abuses by "
            "the FARDC unit for a follow-on investigation; recommend whether mission support to "
            "the unit should be withdrawn." + ANNEX_2
        ),
    ),
    DemoRequest(
        title="Duru: access to fields after armed attacks",
        filed_by="requester.east",
        requester_kind=RequesterKind.FIELD_OFFICE,
        requesting_office="Bunia field office",
        trigger=Trigger.ATTACK,
        province=HU,
        territory="Dungu",
        localities=("Duru",),
        nearest_base="COB Dungu",
        reason=(
            "After LRA-type attacks on farmers, families in Duru have stopped cultivating the "
            "fields beyond the village. Local leaders ask for patrols during the growing season."
        ),
        start_in_days=55,
        visit_days=5,
    ),
    DemoRequest(
        title="Pinga: attacks on the road to the weekly market",
        filed_by="requester",
        requester_kind=RequesterKind.FIELD_OFFICE,
        requesting_office="Goma field office",
        trigger=Trigger.RUMOURED_ATTACKS,
        province=NK,
        territory="Walikale",
        localities=("Pinga",),
        nearest_base="COB Walikale",
        reason=(
            "Traders say armed men stop people on the road to the Pinga market and take their "
            "goods. Local leaders ask for escorts on market days."
        ),
        start_in_days=35,
        visit_days=5,
        decided_by="civil.affairs",
        decision="return",
        decision_text=(
            "Please say which days and which stretch of the road are affected, and whether the "
            "CLI in Walikale has confirmed the reports."
        ),
    ),
    DemoRequest(
        title="Kalembe: escorts to the weekly market",
        filed_by="requester",
        requester_kind=RequesterKind.FIELD_OFFICE,
        requesting_office="Goma field office",
        trigger=Trigger.RUMOURED_ATTACKS,
        province=NK,
        territory="Masisi",
        localities=("Kalembe",),
        nearest_base="TOB Nyabiondo",
        reason=(
            "Rumours of attacks on women walking to the Kalembe market; the community asks for "
            "escorts on market days."
        ),
        start_in_days=22,
        visit_days=5,
        decided_by="civil.affairs",
        decision="approve",
        mandate=(
            "Assess the need for market-day escorts around Kalembe and agree meeting points "
            "with the community." + ANNEX_2
        ),
    ),
    DemoRequest(
        title="Duru and Bangadi: villagers cannot reach their fields",
        filed_by="requester.east",
        requester_kind=RequesterKind.FIELD_OFFICE,
        requesting_office="Bunia field office",
        trigger=Trigger.ATTACK,
        province=HU,
        territory="Dungu",
        localities=("Duru", "Bangadi"),
        nearest_base="COB Dungu",
        reason=(
            "Since the attacks on farmers last season, villagers of Duru and Bangadi no longer "
            "go beyond the area patrolled by the Moroccan company; fields are left unplanted and "
            "food is short."
        ),
        start_in_days=14,
        visit_days=6,
        urgency=Urgency.HIGH,
        decided_by="civil.affairs.ituri",
        decision="approve",
        mandate=(
            "Map with villagers, women farmers among them, the fields they cannot reach and the "
            "hours they need to work them, and recommend how far the foot patrols of the "
            "Moroccan company should reach." + ANNEX_2
        ),
    ),
)


# Missions ------------------------------------------------------------------------------------
# Each approved request becomes a mission; the tables below say how far it has gone. Dates are
# days relative to today (a past mission "drawn from the brief" left some days ago). Every step
# goes through the services, so the audit trail and the e-mails exist.


@dataclass(frozen=True)
class DemoMember:
    """A place on the team: a demo account (``username``) or an external participant."""

    role: str
    username: str = ""
    # True: accepted, False: declined, None: invitation still pending.
    accepts: bool | None = True
    external_name: str = ""
    external_organisation: str = ""
    external_sex: str = ""


@dataclass(frozen=True)
class DemoLogistics:
    """A logistics line, filed as requested and then (if ``status`` says so) answered."""

    category: str
    description: str
    transport_mode: str = ""
    requested: int | None = None
    confirmed: int | None = None
    status: str = LogisticsStatus.REQUESTED
    notes: str = ""


@dataclass(frozen=True)
class DemoConsultation:
    """A meeting the team held, ``day`` days after the departure, at ``at`` (HH:MM)."""

    day: int
    at: str
    kind: str
    locality: str
    recorded_by: str
    venue: str = ""
    setting: str = ConsultationSetting.COMMUNITY
    language: str = ""
    interpreter: str = ""
    women: int = 0
    men: int = 0
    girls: int | None = None
    boys: int | None = None
    announced_by: tuple[str, ...] = ()
    time_avoids_childcare: bool = False
    reimbursement_amount: Decimal | None = None
    topics: str = ""
    concerns: str = ""
    follow_up: str = ""


@dataclass(frozen=True)
class DemoStakeholder:
    """A key local stakeholder; ``reuse`` picks the person recorded on an earlier mission."""

    name: str
    added_by: str
    notes: str = ""
    reuse: bool = False
    title: str = ""
    organisation: str = ""
    sex: str = Sex.FEMALE
    locality: str = ""
    phone: str = ""
    category: str = StakeholderCategory.OTHER
    agreed_to_contact: bool = False


@dataclass(frozen=True)
class DemoMission:
    """How far the mission of an approved request has gone, and what the team did."""

    request_title: str
    status: str
    departure_in_days: int
    visit_days: int
    host_unit_commander: str = ""
    host_unit_email: str = ""
    women_accommodation_needed: bool = False
    women_accommodation_confirmed: bool = False
    women_accommodation_notes: str = ""
    early_notice: bool = False
    # For a request returned to its requester: the answer the requester adds before approval.
    resubmit_answer: str = ""
    team: tuple[DemoMember, ...] = ()
    logistics: tuple[DemoLogistics, ...] = ()
    consultations: tuple[DemoConsultation, ...] = ()
    stakeholders: tuple[DemoStakeholder, ...] = ()


S = MissionStatus
# The statuses a mission passes through to reach each status (from planning).
STATUS_PATHS: dict[str, tuple[str, ...]] = {
    S.PLANNING: (),
    S.TEAM_FORMING: (S.TEAM_FORMING,),
    S.DEPLOYED: (S.TEAM_FORMING, S.DEPLOYED),
    S.RETURNED: (S.TEAM_FORMING, S.DEPLOYED, S.RETURNED),
    S.REPORT_DRAFTING: (S.TEAM_FORMING, S.DEPLOYED, S.RETURNED, S.REPORT_DRAFTING),
    S.CLOSED: (S.TEAM_FORMING, S.DEPLOYED, S.RETURNED, S.REPORT_DRAFTING, S.CLOSED),
    S.CANCELLED: (S.CANCELLED,),
}
R, LC, TM, CT, AN = TeamRole, LogisticsCategory, TransportMode, ConsultationType, Announcement
CONFIRMED = LogisticsStatus.CONFIRMED

OTOBORA = "Mayi-Mayi Kifuafua occupying homes in Otobora"
NTOTO = "Ntoto: follow-up of the community protection plan"
NYABIONDO = "Nyabiondo: tensions between FARDC families and residents"
MATILI = "Matili: reports of sexual violence in an inaccessible village"
BOGORO = "Bogoro: protection of villagers going to market"
BANGADI = "Bangadi: attacks on villagers and alleged FARDC abuses"
KALEMBE = "Kalembe: escorts to the weekly market"
WALUNGU = "Walungu: women traders attacked on the road to the market"
DURU_BANGADI = "Duru and Bangadi: villagers cannot reach their fields"
WOMENS_NETWORK_HEAD = "Mama Furaha Kavira"
DEPUTY_ADMINISTRATOR = "Mr. Bienvenu Kasereka Paluku"

MISSIONS: tuple[DemoMission, ...] = (
    # Drawn from the brief (Otobora): back from the field, the team is writing its report.
    DemoMission(
        request_title=OTOBORA,
        status=S.REPORT_DRAFTING,
        departure_in_days=-16,
        visit_days=6,
        host_unit_commander="Major Arvind Rathore, Indian battalion (COB Walikale)",
        host_unit_email="cob.walikale@jpt-desk.example",
        women_accommodation_needed=True,
        women_accommodation_confirmed=True,
        women_accommodation_notes="Two rooms in the COB guest block for the women on the team.",
        early_notice=True,
        team=(
            DemoMember(R.GENDER_OFFICER, "team.member"),
            DemoMember(R.INTERPRETER, "cli.walikale"),
            DemoMember(R.HUMAN_RIGHTS, "hr.northkivu"),
            DemoMember(R.MILITARY_OBSERVER, "milobs.goma"),
            DemoMember(R.SEXUAL_VIOLENCE_EXPERT, "sv.expert", accepts=False),
        ),
        logistics=(
            DemoLogistics(
                LC.TRANSPORT,
                "Helicopter Goma to Walikale and back",
                TM.HELICOPTER,
                requested=6,
                confirmed=6,
                status=CONFIRMED,
            ),
            DemoLogistics(
                LC.ESCORT,
                "Escort by road from COB Walikale to Otobora each day",
                status=CONFIRMED,
                notes="Two vehicles of the Indian battalion; back at the COB before dark.",
            ),
            DemoLogistics(
                LC.ACCOMMODATION,
                "Rooms at COB Walikale for six people",
                requested=6,
                confirmed=6,
                status=CONFIRMED,
            ),
        ),
        consultations=(
            DemoConsultation(
                day=0,
                at="10:00",
                kind=CT.LOCAL_AUTHORITIES,
                locality="Walikale",
                recorded_by="civil.affairs",
                venue="Office of the territory administrator",
                language="French",
                women=1,
                men=5,
                topics="Displacement from Otobora; presence of the Mayi-Mayi Kifuafua in town.",
                concerns="The administration has no access to Otobora since the militia arrived.",
                follow_up="Share the JPT findings with the territory administrator.",
            ),
            DemoConsultation(
                day=1,
                at="09:00",
                kind=CT.LOCAL_LEADERS,
                locality="Otobora",
                recorded_by="civil.affairs",
                venue="The customary chief's compound",
                language="Swahili",
                interpreter="cli.walikale",
                women=2,
                men=9,
                announced_by=(AN.CLI,),
                topics="Homes seized in the town centre; where the displaced families are.",
                concerns=(
                    "The Mayi-Mayi Kifuafua seized homes in the town centre instead of using "
                    "the camp on the outskirts. Families shelter with relatives in nearby villages."
                ),
                follow_up="Meet the Mayi-Mayi Kifuafua commander; agree a protection plan.",
            ),
            DemoConsultation(
                day=1,
                at="14:30",
                kind=CT.DISPLACED,
                locality="Otobora",
                recorded_by="hr.northkivu",
                venue="Host families' compounds on the road out of town",
                language="Swahili",
                interpreter="cli.walikale",
                women=18,
                men=7,
                girls=4,
                boys=3,
                announced_by=(AN.CLI, AN.WORD_OF_MOUTH),
                topics="Living conditions of displaced families; return to their homes.",
                concerns="Families cannot return while troops occupy their homes.",
            ),
            DemoConsultation(
                day=2,
                at="07:00",
                kind=CT.LOCAL_WOMEN,
                locality="Otobora",
                recorded_by="team.member",
                venue="Church hall, away from the town centre",
                language="Swahili",
                interpreter="cli.walikale",
                women=21,
                announced_by=(AN.GENDER_OFFICE, AN.WORD_OF_MOUTH, AN.MARKET),
                time_avoids_childcare=True,
                topics="Safety of women in Otobora; access to fields and to health care.",
                concerns=(
                    "Reports of rape, forced marriage and harassment by members of the militia "
                    "(no survivor named). Women no longer go to the fields alone."
                ),
                follow_up="Referral of survivors to the health centre; patrols on the field paths.",
            ),
            DemoConsultation(
                day=3,
                at="10:00",
                kind=CT.ARMED_ACTOR,
                locality="Otobora",
                recorded_by="civil.affairs",
                venue="Otobora, neutral ground agreed with the chief",
                language="Swahili",
                interpreter="cli.walikale",
                men=4,
                topics=("Troops in civilian homes; IHL forbids bases in civilian centres."),
                concerns=(
                    "The commander said the camp outside town has no shelter. He agreed to move "
                    "his troops out of the homes in the town centre."
                ),
                follow_up="The CLI confirms that the families are back in their homes.",
            ),
        ),
        stakeholders=(
            DemoStakeholder(
                "Mwami Kasongo Binamungu",
                "civil.affairs",
                title="Customary chief of Otobora",
                sex=Sex.MALE,
                locality="Otobora",
                phone="+243 99 000 0001",
                category=StakeholderCategory.CUSTOMARY_CHIEF,
                agreed_to_contact=True,
                notes="Contingency contact for the community protection plan.",
            ),
            DemoStakeholder(
                WOMENS_NETWORK_HEAD,
                "team.member",
                title="Head of the Walikale women's network",
                organisation="Walikale women's network",
                locality="Walikale",
                phone="+243 99 000 0002",
                category=StakeholderCategory.WOMENS_LEADER,
                agreed_to_contact=True,
                notes="Mobilised women for the early-morning meeting.",
            ),
            DemoStakeholder(
                "Sister Anuarite Masika",
                "team.member",
                title="Head nurse, Otobora health centre",
                locality="Otobora",
                phone="+243 99 000 0003",
                category=StakeholderCategory.HEALTH_WORKER,
                agreed_to_contact=True,
            ),
            DemoStakeholder(
                DEPUTY_ADMINISTRATOR,
                "civil.affairs",
                title="Deputy territory administrator",
                sex=Sex.MALE,
                locality="Walikale",
                phone="+243 99 000 0004",
                category=StakeholderCategory.LOCAL_AUTHORITY,
            ),
        ),
    ),
    # Drawn from the brief (Nyabiondo): the women's meeting on the TOB; the head of office
    # returned the report to the team (see reports/demo.py).
    DemoMission(
        request_title=NYABIONDO,
        status=S.REPORT_DRAFTING,
        departure_in_days=-40,
        visit_days=6,
        resubmit_answer=(
            " Market day in Masisi Centre is Thursday; women are attacked on the stretch between "
            "Nyabiondo and Masisi Centre and on the field paths. The Gender Affairs office will "
            "organise an early-morning meeting of local women on the TOB."
        ),
        host_unit_commander="Captain Rohit Sharma, Indian battalion (TOB Nyabiondo)",
        host_unit_email="tob.nyabiondo@jpt-desk.example",
        women_accommodation_needed=True,
        women_accommodation_confirmed=True,
        women_accommodation_notes="A separate tent and latrine for women on the TOB.",
        early_notice=True,
        team=(
            DemoMember(R.GENDER_OFFICER, "team.member"),
            DemoMember(R.INTERPRETER, "cli.masisi"),
            DemoMember(R.HUMAN_RIGHTS, "hr.northkivu"),
            DemoMember(R.MILITARY_OBSERVER, "milobs.goma"),
            DemoMember(
                R.MEMBER,
                external_name="Protection officer",
                external_organisation="UNHCR",
                external_sex="male",
            ),
        ),
        logistics=(
            DemoLogistics(
                LC.TRANSPORT,
                "Road convoy Goma to Nyabiondo and back",
                TM.ROAD_CONVOY,
                requested=2,
                confirmed=2,
                status=CONFIRMED,
                notes="Two vehicles.",
            ),
            DemoLogistics(LC.ESCORT, "Escort Sake to Nyabiondo", status=CONFIRMED),
            DemoLogistics(
                LC.ACCOMMODATION,
                "Tents on TOB Nyabiondo, one for women",
                requested=3,
                confirmed=3,
                status=CONFIRMED,
            ),
        ),
        consultations=(
            DemoConsultation(
                day=1,
                at="10:00",
                kind=CT.LOCAL_AUTHORITIES,
                locality="Nyabiondo",
                recorded_by="civil.affairs",
                venue="Office of the head of locality",
                language="Swahili",
                interpreter="cli.masisi",
                women=1,
                men=6,
                topics="Arrival of FARDC families; disputes over houses and fields.",
                concerns="The army gave no housing to the families of its soldiers.",
            ),
            DemoConsultation(
                day=2,
                at="06:30",
                kind=CT.LOCAL_WOMEN,
                locality="Nyabiondo",
                recorded_by="team.member",
                venue="TOB Nyabiondo, meeting tent by the gate",
                setting=ConsultationSetting.ON_BASE,
                language="Swahili",
                interpreter="cli.masisi",
                women=26,
                announced_by=(AN.GENDER_OFFICE, AN.WORD_OF_MOUTH),
                time_avoids_childcare=True,
                reimbursement_amount=Decimal("52.00"),
                topics="Safety of women in Nyabiondo; relations with FARDC families; markets.",
                concerns=(
                    "Families of FARDC soldiers arrived en masse without army housing; disputes "
                    "with residents turn violent. Women are attacked on the road to Masisi Centre "
                    "on market day and on the way to their fields in the growing season."
                ),
                follow_up=(
                    "Patrols at set times on market days on the Masisi Centre road; dialogue "
                    "between army families and residents; raise housing with FARDC authorities."
                ),
            ),
            DemoConsultation(
                day=3,
                at="09:00",
                kind=CT.MILITARY,
                locality="Nyabiondo",
                recorded_by="milobs.goma",
                venue="FARDC battalion headquarters",
                language="French",
                men=5,
                topics="Housing for the families of FARDC soldiers; conduct of soldiers.",
                concerns="The battalion has asked for housing for its families for months.",
                follow_up="Raise the housing of army families with the military region.",
            ),
            DemoConsultation(
                day=4,
                at="08:00",
                kind=CT.LOCAL_LEADERS,
                locality="Masisi Centre",
                recorded_by="civil.affairs",
                venue="Market traders' shed",
                language="Swahili",
                interpreter="cli.masisi",
                women=7,
                men=8,
                announced_by=(AN.CLI, AN.MARKET),
                topics="Safe passage to and from the market.",
                concerns="Attacks happen on the return journey in the afternoon.",
            ),
        ),
        stakeholders=(
            DemoStakeholder(
                "Mama Esperance Nyiransabimana",
                "team.member",
                title="Women's leader, Nyabiondo",
                locality="Nyabiondo",
                phone="+243 99 000 0005",
                category=StakeholderCategory.WOMENS_LEADER,
                agreed_to_contact=True,
            ),
            DemoStakeholder(
                "Mr. Jean-Bosco Habimana",
                "civil.affairs",
                title="Head of locality, Nyabiondo",
                sex=Sex.MALE,
                locality="Nyabiondo",
                phone="+243 99 000 0006",
                category=StakeholderCategory.LOCAL_AUTHORITY,
                agreed_to_contact=True,
            ),
            DemoStakeholder(
                "Mrs. Odette Mukamana",
                "team.member",
                title="Representative of the families of FARDC soldiers",
                locality="Nyabiondo",
                phone="+243 99 000 0007",
                category=StakeholderCategory.OTHER,
            ),
            DemoStakeholder(
                "Mrs. Chantal Bahati Kahindo",
                "civil.affairs",
                title="Chair of the market traders' association",
                organisation="Masisi Centre traders' association",
                locality="Masisi Centre",
                phone="+243 99 000 0008",
                category=StakeholderCategory.CIVIL_SOCIETY,
                agreed_to_contact=True,
            ),
        ),
    ),
    # Drawn from the brief (Matili): back for a month; the report waits, overdue, at the
    # provincial SMG-P (see reports/demo.py).
    DemoMission(
        request_title=MATILI,
        status=S.REPORT_DRAFTING,
        departure_in_days=-32,
        visit_days=7,
        host_unit_commander="Major Imran Qureshi, Pakistani battalion (COB Shabunda)",
        host_unit_email="cob.shabunda@jpt-desk.example",
        women_accommodation_needed=True,
        women_accommodation_confirmed=True,
        women_accommodation_notes="Separate room and washing area for women at COB Shabunda.",
        early_notice=True,
        team=(
            DemoMember(R.HUMAN_RIGHTS, "hr.southkivu"),
            DemoMember(R.SEXUAL_VIOLENCE_EXPERT, "sv.expert"),
            DemoMember(R.INTERPRETER, "cli.shabunda"),
            DemoMember(
                R.MEMBER,
                external_name="Legal officer",
                external_organisation="CADDHOM legal clinic, Shabunda",
                external_sex="female",
            ),
        ),
        logistics=(
            DemoLogistics(
                LC.TRANSPORT,
                "Helicopter Bukavu to Shabunda and back",
                TM.HELICOPTER,
                requested=5,
                confirmed=5,
                status=CONFIRMED,
            ),
            DemoLogistics(
                LC.ESCORT,
                "Escort Shabunda to Matili (about 30 km, partly on foot)",
                status=CONFIRMED,
            ),
            DemoLogistics(
                LC.EQUIPMENT, "Satellite phone", requested=1, confirmed=1, status=CONFIRMED
            ),
            DemoLogistics(
                LC.EQUIPMENT,
                "Motorbike for the human rights section",
                requested=1,
                notes="To bring survivors to the CADDHOM clinic and experts to Matili.",
            ),
        ),
        consultations=(
            DemoConsultation(
                day=0,
                at="15:00",
                kind=CT.CIVIL_SOCIETY,
                locality="Shabunda",
                recorded_by="hr.southkivu",
                venue="CADDHOM legal clinic, Shabunda town centre",
                language="French",
                women=3,
                men=2,
                topics="Cases of sexual violence from Matili; how survivors reach the clinic.",
                concerns="Almost no client from Matili: the road is long and costly.",
            ),
            DemoConsultation(
                day=1,
                at="09:00",
                kind=CT.LOCAL_WOMEN,
                locality="Matili",
                recorded_by="sv.expert",
                venue="Matili health post",
                language="Kirega",
                interpreter="cli.shabunda",
                women=17,
                announced_by=(AN.CLI, AN.WORD_OF_MOUTH, AN.MARKET),
                time_avoids_childcare=True,
                reimbursement_amount=Decimal("30.00"),
                topics="The CADDHOM legal clinic and how to reach it; medical care.",
                concerns=(
                    "Attacks and sexual violence by armed men (no survivor named). Survivors "
                    "cannot pay for or walk the 30 km to Shabunda."
                ),
                follow_up="Transport to the clinic (motorbike); a visit by clinic staff.",
            ),
        ),
        stakeholders=(
            DemoStakeholder(
                "Mrs. Yvette Mulonda",
                "hr.southkivu",
                title="Coordinator",
                organisation="CADDHOM legal clinic",
                locality="Shabunda",
                phone="+243 99 000 0009",
                category=StakeholderCategory.CIVIL_SOCIETY,
                agreed_to_contact=True,
            ),
            DemoStakeholder(
                "Mwami Lwango Kalimba",
                "hr.southkivu",
                title="Customary chief of Matili",
                sex=Sex.MALE,
                locality="Matili",
                phone="+243 99 000 0010",
                category=StakeholderCategory.CUSTOMARY_CHIEF,
            ),
            DemoStakeholder(
                "Mrs. Riziki Wabiwa",
                "sv.expert",
                title="Nurse, Matili health post",
                locality="Matili",
                phone="+243 99 000 0011",
                category=StakeholderCategory.HEALTH_WORKER,
                agreed_to_contact=True,
            ),
        ),
    ),
    # Bangadi: invitations out, the helicopter is not confirmed and the team leaves tomorrow.
    # No woman on the team (the readiness check warns).
    DemoMission(
        request_title=BANGADI,
        status=S.TEAM_FORMING,
        departure_in_days=1,
        visit_days=6,
        host_unit_commander="Major Youssef El Idrissi, Moroccan battalion (TOB Bangadi)",
        host_unit_email="tob.bangadi@jpt-desk.example",
        team=(
            DemoMember(R.MILITARY_OBSERVER, "milobs.dungu", accepts=None),
            DemoMember(R.UN_POLICE, "unpol.bunia", accepts=None),
            DemoMember(R.INTERPRETER, "cli.dungu", accepts=None),
        ),
        logistics=(
            DemoLogistics(
                LC.TRANSPORT,
                "Helicopter Bunia to Dungu and Bangadi",
                TM.HELICOPTER,
                requested=5,
                notes="Flight request sent to movement control; no answer yet.",
            ),
            # Confirmed, unlike the helicopter: the mission must still be flagged.
            DemoLogistics(
                LC.ACCOMMODATION,
                "Tents at TOB Bangadi",
                requested=2,
                confirmed=2,
                status=CONFIRMED,
            ),
        ),
    ),
    # Bogoro: the team is in the field today.
    DemoMission(
        request_title=BOGORO,
        status=S.DEPLOYED,
        departure_in_days=-1,
        visit_days=5,
        host_unit_commander="Major Tanvir Ahmed, Bangladeshi battalion (TOB Bogoro)",
        host_unit_email="tob.bogoro@jpt-desk.example",
        women_accommodation_needed=True,
        women_accommodation_confirmed=True,
        women_accommodation_notes="A separate room and latrine for women on the TOB.",
        early_notice=True,
        team=(
            DemoMember(R.HUMAN_RIGHTS, "hr.ituri"),
            DemoMember(
                R.CHILD_PROTECTION,
                external_name="Child protection officer",
                external_organisation="UNICEF",
                external_sex="female",
            ),
        ),
        logistics=(
            DemoLogistics(
                LC.TRANSPORT,
                "Road convoy Bunia to Bogoro",
                TM.ROAD_CONVOY,
                requested=2,
                confirmed=2,
                status=CONFIRMED,
            ),
            DemoLogistics(
                LC.ESCORT,
                "Patrol on the market road for the afternoon return",
                notes="Asked of the Bangladeshi company for market day.",
            ),
        ),
    ),
    # Ntoto: a repeat visit; the stakeholders are picked from the Otobora mission (Walikale).
    DemoMission(
        request_title=NTOTO,
        status=S.PLANNING,
        departure_in_days=40,
        visit_days=5,
        host_unit_commander="Major Arvind Rathore, Indian battalion (COB Walikale)",
        host_unit_email="cob.walikale@jpt-desk.example",
        stakeholders=(
            DemoStakeholder(
                WOMENS_NETWORK_HEAD,
                "civil.affairs",
                reuse=True,
                notes="Knows the women of the Ntoto protection committee.",
            ),
            DemoStakeholder(DEPUTY_ADMINISTRATOR, "civil.affairs", reuse=True),
            DemoStakeholder(
                "Mr. Pascal Mutunzi Kiza",
                "civil.affairs",
                title="Chief of Ntoto village",
                sex=Sex.MALE,
                locality="Ntoto",
                phone="+243 99 000 0012",
                category=StakeholderCategory.CUSTOMARY_CHIEF,
                agreed_to_contact=True,
                notes="Led the villagers to the zone of protection during the last attack.",
            ),
            DemoStakeholder(
                "Mrs. Neema Bulambo",
                "civil.affairs",
                title="Member of the Ntoto community protection committee",
                locality="Ntoto",
                phone="+243 99 000 0013",
                category=StakeholderCategory.CIVIL_SOCIETY,
                agreed_to_contact=True,
            ),
        ),
    ),
    # Drawn from the brief (Walungu market escorts): back a few days ago; the report has just
    # reached the head of office (see reports/demo.py).
    DemoMission(
        request_title=WALUNGU,
        status=S.RETURNED,
        departure_in_days=-9,
        visit_days=5,
        host_unit_commander="Major Faisal Rehman, Pakistani battalion (COB Walungu)",
        host_unit_email="cob.walungu@jpt-desk.example",
        women_accommodation_needed=True,
        women_accommodation_confirmed=True,
        women_accommodation_notes="Separate room for women at COB Walungu.",
        early_notice=True,
        team=(
            DemoMember(R.HUMAN_RIGHTS, "hr.southkivu"),
            DemoMember(R.SEXUAL_VIOLENCE_EXPERT, "sv.expert"),
            DemoMember(R.INTERPRETER, "cli.shabunda"),
        ),
        logistics=(
            DemoLogistics(
                LC.TRANSPORT,
                "Road convoy Bukavu to Walungu and back",
                TM.ROAD_CONVOY,
                requested=1,
                confirmed=1,
                status=CONFIRMED,
            ),
        ),
        consultations=(
            DemoConsultation(
                day=1,
                at="06:30",
                kind=CT.LOCAL_WOMEN,
                locality="Walungu",
                recorded_by="sv.expert",
                venue="Traders' shelter at the market, before the stalls open",
                language="Mashi",
                interpreter="cli.shabunda",
                women=31,
                announced_by=(AN.MARKET, AN.WORD_OF_MOUTH),
                time_avoids_childcare=True,
                reimbursement_amount=Decimal("40.00"),
                topics="Safety on the market road; when and where the attacks happen.",
                concerns=(
                    "Armed men wait on the stretch past the river on the return journey in the "
                    "late afternoon; women travel in groups but are still robbed and assaulted."
                ),
                follow_up="Escort meeting points and times agreed with the traders.",
            ),
            DemoConsultation(
                day=2,
                at="10:00",
                kind=CT.LOCAL_AUTHORITIES,
                locality="Walungu",
                recorded_by="civil.affairs",
                venue="Office of the territory administrator",
                language="French",
                women=1,
                men=4,
                topics="Security committee; police presence on market day.",
                concerns="The police post has two officers and no vehicle.",
            ),
        ),
        stakeholders=(
            DemoStakeholder(
                "Mrs. Anuarite Cirhuza Mapendo",
                "sv.expert",
                title="President of the Walungu women traders' association",
                organisation="Walungu women traders' association",
                locality="Walungu",
                phone="+243 99 000 0014",
                category=StakeholderCategory.WOMENS_LEADER,
                agreed_to_contact=True,
            ),
            DemoStakeholder(
                "Mr. Bahati Mugisho Bisimwa",
                "civil.affairs",
                title="Territory administrator",
                sex=Sex.MALE,
                locality="Walungu",
                phone="+243 99 000 0015",
                category=StakeholderCategory.LOCAL_AUTHORITY,
                agreed_to_contact=True,
            ),
        ),
    ),
    # Drawn from the brief (Duru and Bangadi): an earlier mission, closed once its report was
    # approved at provincial level (Haut-Uele's chain ends there; see reports/demo.py).
    DemoMission(
        request_title=DURU_BANGADI,
        status=S.REPORT_DRAFTING,
        departure_in_days=-75,
        visit_days=6,
        host_unit_commander="Major Youssef El Idrissi, Moroccan battalion (COB Dungu)",
        host_unit_email="cob.dungu@jpt-desk.example",
        women_accommodation_needed=True,
        women_accommodation_confirmed=True,
        women_accommodation_notes="A separate tent for women at COB Dungu.",
        early_notice=True,
        team=(
            DemoMember(R.HUMAN_RIGHTS, "hr.ituri"),
            DemoMember(R.MILITARY_OBSERVER, "milobs.dungu"),
            DemoMember(R.INTERPRETER, "cli.dungu"),
        ),
        logistics=(
            DemoLogistics(
                LC.TRANSPORT,
                "Helicopter Bunia to Dungu and back",
                TM.HELICOPTER,
                requested=4,
                confirmed=4,
                status=CONFIRMED,
            ),
            DemoLogistics(LC.ESCORT, "Escort Dungu to Duru and Bangadi", status=CONFIRMED),
        ),
        consultations=(
            DemoConsultation(
                day=1,
                at="09:00",
                kind=CT.LOCAL_LEADERS,
                locality="Duru",
                recorded_by="civil.affairs.ituri",
                venue="Chief's compound, Duru",
                language="Zande",
                interpreter="cli.dungu",
                women=3,
                men=11,
                announced_by=(AN.CLI,),
                topics="Fields abandoned since the attacks; where the patrols go.",
                concerns="Patrols stay within two kilometres of the village; fields lie further.",
            ),
            DemoConsultation(
                day=2,
                at="07:00",
                kind=CT.LOCAL_WOMEN,
                locality="Bangadi",
                recorded_by="hr.ituri",
                venue="Church compound, Bangadi",
                language="Zande",
                interpreter="cli.dungu",
                women=24,
                announced_by=(AN.WORD_OF_MOUTH, AN.MARKET),
                time_avoids_childcare=True,
                reimbursement_amount=Decimal("25.00"),
                topics="Access to the fields; safety of women working there.",
                concerns=(
                    "Women farm the far fields and are attacked there in the growing season; "
                    "the hours that matter are from dawn to early afternoon."
                ),
                follow_up="Patrol calendar agreed with the CLI and the women farmers.",
            ),
        ),
        stakeholders=(
            DemoStakeholder(
                "Mrs. Germaine Nabiato Kumbo",
                "hr.ituri",
                title="President of the Bangadi women farmers' cooperative",
                organisation="Bangadi women farmers' cooperative",
                locality="Bangadi",
                phone="+243 99 000 0016",
                category=StakeholderCategory.WOMENS_LEADER,
                agreed_to_contact=True,
            ),
            DemoStakeholder(
                "Chief Dieudonné Mbolifue",
                "civil.affairs.ituri",
                title="Customary chief of Duru",
                sex=Sex.MALE,
                locality="Duru",
                phone="+243 99 000 0017",
                category=StakeholderCategory.CUSTOMARY_CHIEF,
                agreed_to_contact=True,
            ),
        ),
    ),
    # Kalembe: approved, then cancelled (its concerns are covered by the Nyabiondo patrols).
    DemoMission(
        request_title=KALEMBE,
        status=S.CANCELLED,
        departure_in_days=22,
        visit_days=5,
        host_unit_commander="Captain Rohit Sharma, Indian battalion (TOB Nyabiondo)",
    ),
)


def _locality(province: str, territory: str, name: str) -> Locality:
    try:
        return Locality.objects.select_related("territory__province").get(
            territory__province__name=province, territory__name=territory, name=name
        )
    except Locality.DoesNotExist as exc:
        raise CommandError(
            f"Locality {name!r} ({territory}, {province}) is not in the gazetteer; "
            "run `manage.py load_places` first."
        ) from exc


def _locality_of(mission: Mission, name: str) -> Locality:
    """A locality of the mission's province, by name."""
    try:
        return Locality.objects.select_related("territory").get(
            territory__province_id=mission.province_id, name=name
        )
    except Locality.DoesNotExist as exc:
        raise CommandError(f"Locality {name!r} is not in the mission's province.") from exc


def _user(username: str):
    """A fresh user object (permissions are cached on an instance; groups may be new)."""
    return get_user_model().objects.get(username=username)


def _fresh(mission: Mission) -> Mission:
    """A fresh mission object (the permission checks cache the team on an instance)."""
    return Mission.objects.select_related("request", "lead").get(pk=mission.pk)


class Command(BaseCommand):
    help = (
        "Load demonstration accounts (password jpt-demo-2026), operating bases, JPT requests and "
        "missions with their teams, logistics, consultations and stakeholders, and reports at "
        "each level of the review chain. "
        "Refused unless DEMO_DATA_ALLOWED is set. Safe to run again."
    )

    def handle(self, *args, **options) -> None:
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError(
                "Demo data is not allowed here (settings.DEMO_DATA_ALLOWED is False). "
                "Never load demo accounts with a published password into production."
            )
        if not Province.objects.exists():
            self.stdout.write("No places yet: loading the gazetteer first (load_places).")
            call_command("load_places", stdout=self.stdout, stderr=self.stderr)

        with transaction.atomic():
            users = self._load_users()
            bases = self._load_bases()
            requests = self._load_requests()
            missions = self._load_missions()
            # Imported here: reports.demo reads this module's tables and helpers.
            from reports.demo import load_reports

            reports = load_reports()

        self.stdout.write("")
        for label, (created, present) in (
            ("accounts", users),
            ("operating bases", bases),
            ("JPT requests", requests),
            ("missions", missions),
            ("reports", (reports.created, reports.present)),
        ):
            self.stdout.write(f"Demo {label}: {created} created, {present} already present.")
        for note in reports.skipped:
            self.stdout.write(self.style.WARNING(f"Report skipped: {note}"))
        self._print_logins()

    # Accounts ---------------------------------------------------------------------------------

    def _load_users(self) -> tuple[int, int]:
        User = get_user_model()
        created = present = 0
        for spec in USERS:
            if User.objects.filter(username=spec.username).exists():
                present += 1
                continue
            user = User(
                username=spec.username,
                email=f"{spec.username}@{EMAIL_DOMAIN}",
                full_name=spec.full_name,
                sex=spec.sex,
                staff_category=spec.staff_category,
                section=spec.section,
                duty_station=spec.duty_station,
                languages=spec.languages,
                is_staff=spec.superuser,
                is_superuser=spec.superuser,
            )
            user.set_password(DEMO_PASSWORD)
            user.full_clean(exclude=["password"])
            user.save()
            user.provinces.set(Province.objects.filter(name__in=spec.provinces))
            try:
                user.groups.add(Group.objects.get(name=spec.role.value))
            except Group.DoesNotExist as exc:
                raise CommandError(
                    f"The role group {spec.role.value!r} is missing; run `manage.py migrate`."
                ) from exc
            created += 1
        return created, present

    # Operating bases --------------------------------------------------------------------------

    def _load_bases(self) -> tuple[int, int]:
        created = present = 0
        for spec in BASES:
            if OperatingBase.objects.filter(name=spec.name).exists():
                present += 1
                continue
            OperatingBase.objects.create(
                name=spec.name,
                kind=spec.kind,
                locality=_locality(spec.province, spec.territory, spec.locality),
                host_unit=spec.host_unit,
                is_active=spec.is_active,
            )
            created += 1
        return created, present

    # Requests ---------------------------------------------------------------------------------

    def _load_requests(self) -> tuple[int, int]:
        User = get_user_model()
        today = timezone.localdate()
        created = present = 0
        for spec in REQUESTS:
            if JptRequest.objects.filter(title=spec.title).exists():
                present += 1
                continue
            # Fresh instances: permissions are cached on a user object, and the groups may have
            # been assigned a moment ago.
            filer = User.objects.get(username=spec.filed_by)
            province = Province.objects.get(name=spec.province)
            territory = Territory.objects.get(province=province, name=spec.territory)
            start = today + timedelta(days=spec.start_in_days)
            details = RequestDetails(
                title=spec.title,
                requester_kind=spec.requester_kind,
                requesting_office=spec.requesting_office,
                requesting_section=spec.requesting_section,
                trigger=spec.trigger,
                trigger_details=spec.extra.get("trigger_details", ""),
                province=province,
                territory=territory,
                localities=[_locality(spec.province, spec.territory, n) for n in spec.localities],
                nearest_base=(
                    OperatingBase.objects.get(name=spec.nearest_base) if spec.nearest_base else None
                ),
                reason=spec.reason,
                start_date=start,
                end_date=start + timedelta(days=spec.visit_days - 1),
                urgency=spec.urgency,
                is_repeat_visit=spec.is_repeat_visit,
            )
            jpt_request = request_submit(user=filer, details=details)
            if spec.decision:
                officer = User.objects.get(username=spec.decided_by)
                if spec.decision == "approve":
                    request_approve(
                        jpt_request=jpt_request,
                        user=officer,
                        mandate=spec.mandate,
                        comment=spec.decision_text,
                    )
                elif spec.decision == "decline":
                    request_decline(
                        jpt_request=jpt_request, user=officer, reason=spec.decision_text
                    )
                elif spec.decision == "return":
                    request_return(
                        jpt_request=jpt_request, user=officer, comment=spec.decision_text
                    )
                else:  # pragma: no cover - a typo in the table above
                    raise CommandError(f"Unknown decision {spec.decision!r}.")
            created += 1
        return created, present

    # Missions ---------------------------------------------------------------------------------

    def _load_missions(self) -> tuple[int, int]:
        """Take each mission of MISSIONS to its status. A mission counts as present once anything
        was done to it (its audit trail says so), so a database loaded by an older version of
        this command (missions just approved) is completed rather than skipped."""
        created = present = 0
        specs = {spec.title: spec for spec in REQUESTS}
        for spec in MISSIONS:
            request_spec = specs[spec.request_title]
            mission = Mission.objects.filter(request__title=spec.request_title).first()
            if mission is not None and AuditEntry.objects.for_object(mission).exists():
                present += 1
                continue
            if mission is None:
                mission = self._approve(spec, request_spec)
            self._stage(mission, spec)
            created += 1
        return created, present

    def _approve(self, spec: DemoMission, request_spec: DemoRequest) -> Mission:
        """Approve the request (answering it first if it was returned to its requester)."""
        try:
            jpt_request = JptRequest.objects.get(title=spec.request_title)
        except JptRequest.DoesNotExist as exc:  # pragma: no cover - filed just above
            raise CommandError(f"The request {spec.request_title!r} is missing.") from exc
        if jpt_request.status == RequestStatus.RETURNED:
            jpt_request = request_update(
                jpt_request=jpt_request,
                user=_user(jpt_request.requested_by.username),
                details=RequestDetails(
                    title=jpt_request.title,
                    requester_kind=jpt_request.requester_kind,
                    requesting_office=jpt_request.requesting_office,
                    requesting_section=jpt_request.requesting_section,
                    trigger=jpt_request.trigger,
                    trigger_details=jpt_request.trigger_details,
                    province=jpt_request.province,
                    territory=jpt_request.territory,
                    localities=list(jpt_request.localities.all()),
                    nearest_base=jpt_request.nearest_base,
                    reason=jpt_request.reason + spec.resubmit_answer,
                    start_date=jpt_request.start_date,
                    end_date=jpt_request.end_date,
                    urgency=jpt_request.urgency,
                    is_repeat_visit=jpt_request.is_repeat_visit,
                    previous_request=jpt_request.previous_request,
                ),
            )
        if jpt_request.status != RequestStatus.SUBMITTED or not request_spec.mandate:
            raise CommandError(
                f"The request {spec.request_title!r} is {jpt_request.status}: it cannot be "
                "approved for its demo mission."
            )
        return request_approve(
            jpt_request=jpt_request,
            user=_user(request_spec.decided_by),
            mandate=request_spec.mandate,
            comment=request_spec.decision_text,
        )

    def _stage(self, mission: Mission, spec: DemoMission) -> None:
        """Plan, staff, equip and move the mission along, as its lead and team would."""
        today = timezone.localdate()
        departure = today + timedelta(days=spec.departure_in_days)
        back = departure + timedelta(days=spec.visit_days - 1)
        lead_name = mission.lead.username
        mission_update_plan(
            mission=_fresh(mission),
            user=_user(lead_name),
            data={
                "planned_departure": departure,
                "planned_return": back,
                "host_unit_commander": spec.host_unit_commander,
                "host_unit_email": spec.host_unit_email,
                "women_accommodation_needed": spec.women_accommodation_needed,
                "women_accommodation_confirmed": spec.women_accommodation_confirmed,
                "women_accommodation_notes": spec.women_accommodation_notes,
            },
        )
        for line in spec.logistics:
            item = logistics_add(
                mission=_fresh(mission),
                user=_user(lead_name),
                data={
                    "category": line.category,
                    "transport_mode": line.transport_mode,
                    "description": line.description,
                    "quantity_requested": line.requested,
                    "status": LogisticsStatus.REQUESTED,
                    "notes": line.notes,
                },
            )
            if line.status != LogisticsStatus.REQUESTED:
                logistics_update(
                    item=item,
                    user=_user(lead_name),
                    data={"status": line.status, "quantity_confirmed": line.confirmed},
                )
        for member in spec.team:
            data: dict = {"role": member.role}
            if member.username:
                data["member"] = _user(member.username)
            else:
                data.update(
                    external_name=member.external_name,
                    external_organisation=member.external_organisation,
                    external_sex=member.external_sex,
                )
            place = team_add_member(mission=_fresh(mission), user=_user(lead_name), data=data)
            if member.username and member.accepts is not None:
                team_respond(member=place, user=_user(member.username), accept=member.accepts)
        if spec.early_notice:
            mission_send_early_notice(mission=_fresh(mission), user=_user(lead_name))
        field_work_done = False
        for status in STATUS_PATHS[spec.status]:
            on_date = None
            if status == MissionStatus.DEPLOYED:
                on_date = departure
            elif status == MissionStatus.RETURNED:
                on_date = back
            mission_change_status(
                mission=_fresh(mission), user=_user(lead_name), status=status, on_date=on_date
            )
            if status == MissionStatus.DEPLOYED:
                # Consultations and stakeholders are recorded while the team is in the field.
                self._field_work(mission, spec, departure)
                field_work_done = True
        if not field_work_done:
            self._field_work(mission, spec, departure)

    def _field_work(self, mission: Mission, spec: DemoMission, departure) -> None:
        for meeting in spec.consultations:
            hour, minute = (int(part) for part in meeting.at.split(":"))
            interpreter = None
            if meeting.interpreter:
                interpreter = TeamMember.objects.get(
                    mission=mission, user__username=meeting.interpreter
                )
            consultation_create(
                mission=_fresh(mission),
                user=_user(meeting.recorded_by),
                data={
                    "held_at": timezone.make_aware(
                        datetime.combine(
                            departure + timedelta(days=meeting.day), time(hour, minute)
                        )
                    ),
                    "kind": meeting.kind,
                    "locality": _locality_of(mission, meeting.locality),
                    "venue": meeting.venue,
                    "setting": meeting.setting,
                    "language": meeting.language,
                    "interpreter": interpreter,
                    "women": meeting.women,
                    "men": meeting.men,
                    "girls": meeting.girls,
                    "boys": meeting.boys,
                    "announced_by": list(meeting.announced_by),
                    "time_avoids_childcare": meeting.time_avoids_childcare,
                    "travel_reimbursed": meeting.reimbursement_amount is not None,
                    "reimbursement_amount": meeting.reimbursement_amount,
                    "topics": meeting.topics,
                    "concerns": meeting.concerns,
                    "follow_up": meeting.follow_up,
                },
            )
        for person in spec.stakeholders:
            if person.reuse:
                existing = Stakeholder.objects.in_area_of(mission).filter(name=person.name).first()
                if existing is None:
                    raise CommandError(
                        f"{person.name} should have been recorded on an earlier mission to "
                        f"{mission.request.territory}."
                    )
                stakeholder_add(
                    mission=_fresh(mission),
                    user=_user(person.added_by),
                    existing=existing,
                    notes=person.notes,
                )
                continue
            stakeholder_add(
                mission=_fresh(mission),
                user=_user(person.added_by),
                notes=person.notes,
                data={
                    "name": person.name,
                    "title": person.title,
                    "organisation": person.organisation,
                    "sex": person.sex,
                    "locality": _locality_of(mission, person.locality),
                    "phone": person.phone,
                    "category": person.category,
                    "agreed_to_contact": person.agreed_to_contact,
                },
            )

    # Output -----------------------------------------------------------------------------------

    def _print_logins(self) -> None:
        User = get_user_model()
        labels = dict(Role.choices)
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password: {DEMO_PASSWORD}):")
        width = max(len(spec.username) for spec in USERS)
        for spec in USERS:
            user = User.objects.filter(username=spec.username).first()
            if user is None:  # pragma: no cover - created above
                continue
            provinces = ", ".join(user.provinces.values_list("name", flat=True))
            if user.sees_all_provinces:
                provinces = "all provinces"
            self.stdout.write(
                f"  {spec.username:<{width}}  {user.full_name} - "
                f"{labels[spec.role.value]} - {provinces or 'no province'}"
            )

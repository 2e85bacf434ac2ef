"""How far each approved request's mission has gone, and what its team did.

Data only. ``jpt.demo.loaders.missions`` approves the request (the approving officer leads the
mission), then plans, staffs, equips and moves each mission along through the services, so the
audit trail and the e-mails exist as if people had used the site. Dates are days relative to
today; a mission "drawn from the brief" left some days ago and says, in ``lead_times``, how long
before its departure it was filed, approved and staffed.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from jpt.accounts.choices import Sex
from missions.choices import (
    Announcement,
    ConsultationSetting,
    ConsultationType,
    LogisticsCategory,
    LogisticsStatus,
    MissionStatus,
    StakeholderCategory,
    TeamRole,
    TransportMode,
)

from .requests import (
    BANGADI,
    BOGORO,
    DURU_BANGADI,
    KALEMBE,
    MATILI,
    NTOTO,
    NYABIONDO,
    OTOBORA,
    WALUNGU,
)


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
class LeadTimes:
    """For a mission that left before today: how many days before its departure the request
    was filed, approved and the team invited (the planning and invitation lead times), and the
    early notice sent (by default, the day after the approval).

    The services stamp these moments with the time they run, and take no other; a mission that
    has already left was not approved today, so the loader writes these times afterwards (the
    audit trail keeps the time the demo was loaded).
    """

    filed: int
    approved: int
    invited: int
    early_notice: int | None = None


@dataclass(frozen=True)
class DemoMission:
    """How far the mission of an approved request has gone, and what the team did.

    ``status`` is where its lead takes it (``mission_change_status``); a report submitted from
    there (``stories.reports``) moves it on, as the report moves.
    """

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
    # A mission that left before today: when it was filed, approved and staffed.
    lead_times: LeadTimes | None = None
    # For a request returned to its requester: the answer the requester adds before approval.
    resubmit_answer: str = ""
    team: tuple[DemoMember, ...] = ()
    logistics: tuple[DemoLogistics, ...] = ()
    consultations: tuple[DemoConsultation, ...] = ()
    stakeholders: tuple[DemoStakeholder, ...] = ()


S = MissionStatus
R, LC, TM, CT, AN = TeamRole, LogisticsCategory, TransportMode, ConsultationType, Announcement
CONFIRMED = LogisticsStatus.CONFIRMED

WOMENS_NETWORK_HEAD = "Mama Furaha Kavira"
DEPUTY_ADMINISTRATOR = "Mr. Bienvenu Kasereka Paluku"

MISSIONS: tuple[DemoMission, ...] = (
    # Drawn from the brief (Otobora): an emergency, approved ten days before the team flew out;
    # back from the field, the team wrote its report, approved in Kinshasa (stories/reports.py).
    DemoMission(
        request_title=OTOBORA,
        status=S.REPORT_DRAFTING,
        departure_in_days=-16,
        visit_days=6,
        lead_times=LeadTimes(filed=11, approved=10, invited=5),
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
    # returned the report to the team (see stories/reports.py).
    DemoMission(
        request_title=NYABIONDO,
        status=S.REPORT_DRAFTING,
        departure_in_days=-40,
        visit_days=6,
        # Returned for more information, then approved three weeks ahead (the brief's target).
        lead_times=LeadTimes(filed=30, approved=24, invited=6),
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
    # provincial SMG-P (see stories/reports.py).
    DemoMission(
        request_title=MATILI,
        status=S.REPORT_DRAFTING,
        departure_in_days=-32,
        visit_days=7,
        lead_times=LeadTimes(filed=16, approved=14, invited=4),
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
    # Bogoro: filed, approved and staffed today, the team left this morning (its planning and
    # invitation lead times are zero: the indicators and the readiness checks say so).
    DemoMission(
        request_title=BOGORO,
        status=S.DEPLOYED,
        departure_in_days=0,
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
    # reached the head of office (see stories/reports.py).
    DemoMission(
        request_title=WALUNGU,
        status=S.RETURNED,
        departure_in_days=-9,
        visit_days=5,
        lead_times=LeadTimes(filed=10, approved=9, invited=3),
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
    # approved at provincial level (Haut-Uele's chain ends there; see stories/reports.py).
    DemoMission(
        request_title=DURU_BANGADI,
        status=S.REPORT_DRAFTING,
        departure_in_days=-75,
        visit_days=6,
        lead_times=LeadTimes(filed=16, approved=14, invited=7),
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
    # Kalembe: filed by civil.affairs, so approved (and led) by civil.affairs.goma, then
    # cancelled: its concerns are covered by the Nyabiondo patrols.
    DemoMission(
        request_title=KALEMBE,
        status=S.CANCELLED,
        departure_in_days=22,
        visit_days=5,
        host_unit_commander="Captain Rohit Sharma, Indian battalion (TOB Nyabiondo)",
    ),
)

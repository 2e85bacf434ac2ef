"""Load demonstration accounts, operating bases and JPT requests (never in production).

The requests retell stories from the policy brief (Otobora, Ntoto, Nyabiondo, Matili, Walungu,
Bogoro, Bangadi, Duru). They are filed and decided through the services, so the audit trail and
the e-mails exist exactly as if people had used the site. Dates are relative to today.

Idempotent: users are matched by username, bases by name and requests by title; a second run
creates nothing and prints the logins again.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from jpt.accounts.choices import Section, Sex, StaffCategory
from jpt.accounts.roles import Role
from jpt.places.choices import BaseKind
from jpt.places.models import Locality, OperatingBase, Province, Territory
from missions.choices import RequesterKind, Trigger, Urgency
from missions.models import JptRequest
from missions.services import (
    request_approve,
    request_decline,
    request_return,
    request_submit,
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
    ),
    DemoRequest(
        title="Matili: reports of sexual violence in an inaccessible village",
        filed_by="requester",
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
        title="Walungu: escorts to the weekly market",
        filed_by="requester",
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
            "Market-day escorts on this road are already in the COB Walungu patrol plan agreed "
            "after the last JPT; the CLI will monitor them and report any incident."
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


class Command(BaseCommand):
    help = (
        "Load demonstration accounts (password jpt-demo-2026), operating bases and JPT requests. "
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

        self.stdout.write("")
        for label, (created, present) in (
            ("accounts", users),
            ("operating bases", bases),
            ("JPT requests", requests),
        ):
            self.stdout.write(f"Demo {label}: {created} created, {present} already present.")
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

"""The JPT requests of the demo world, and what Civil Affairs does with each once it is filed.

Data only. ``jpt.demo.loaders.missions`` files each request as its requester (dates counted
from the day it is filed), then returns or declines it as ``decided_by``; an approval comes with
the request's mission (``stories.missions``). Nobody decides a request they filed: every
province has a second Civil Affairs officer (``stories.people``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from jpt.accounts.choices import Section
from missions.choices import RequesterKind, Trigger, Urgency

from .provinces import HU, ITURI, NK, SK


@dataclass(frozen=True)
class DemoRequest:
    """One JPT request, and what Civil Affairs does with it after it is filed.

    ``start_in_days`` counts from the day the request is filed (today for a request still in
    the future; for the mission of a past story, the day ``stories.missions`` says it was filed).
    """

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
    trigger_details: str = ""
    nearest_base: str = ""
    is_repeat_visit: bool = False
    decided_by: str = ""
    decision: Literal["", "approve", "decline", "return"] = ""
    decision_text: str = ""
    mandate: str = ""


OTOBORA = "Mayi-Mayi Kifuafua occupying homes in Otobora"
NTOTO = "Ntoto: follow-up of the community protection plan"
NYABIONDO = "Nyabiondo: tensions between FARDC families and residents"
MATILI = "Matili: reports of sexual violence in an inaccessible village"
WALUNGU = "Walungu: women traders attacked on the road to the market"
WALUNGU_ESCORTS = "Walungu: escorts to the weekly market"
BOGORO = "Bogoro: protection of villagers going to market"
BANGADI = "Bangadi: attacks on villagers and alleged FARDC abuses"
DURU = "Duru: access to fields after armed attacks"
PINGA = "Pinga: attacks on the road to the weekly market"
KALEMBE = "Kalembe: escorts to the weekly market"
DURU_BANGADI = "Duru and Bangadi: villagers cannot reach their fields"

ANNEX_2 = (
    " Include a gender analysis and the analysis of patterns of sexual violence (Annex 2); "
    "hold a separate meeting with local women at a time and place that suits them, announced "
    "by word of mouth and at the market."
)

REQUESTS: tuple[DemoRequest, ...] = (
    DemoRequest(
        title=OTOBORA,
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
        title=NTOTO,
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
        title=NYABIONDO,
        filed_by="requester",
        requester_kind=RequesterKind.SECTION,
        requesting_section=Section.GENDER_AFFAIRS,
        trigger=Trigger.RISK_OTHER,
        trigger_details="Tensions between FARDC families and the local population",
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
        title=MATILI,
        filed_by="requester.southkivu",
        requester_kind=RequesterKind.SECTION,
        requesting_section=Section.HUMAN_RIGHTS,
        trigger=Trigger.EMERGENCY_OTHER,
        trigger_details="Reports of human rights attacks and sexual violence",
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
        title=WALUNGU,
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
        title=WALUNGU_ESCORTS,
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
        decided_by="civil.affairs.bukavu",
        decision="decline",
        decision_text=(
            "A JPT has just come back from Walungu: its report, with market-day escorts on "
            "this road, is with the head of office. No second team is needed."
        ),
    ),
    DemoRequest(
        title=BOGORO,
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
            "not covered, and armed men were seen on the road yesterday: the field office asks "
            "for a team to leave today."
        ),
        start_in_days=0,
        visit_days=3,
        urgency=Urgency.IMMEDIATE,
        decided_by="civil.affairs.ituri",
        decision="approve",
        decision_text="The team leaves today; visit extended to five days in the plan.",
        mandate=(
            "Assess the threat on the Bogoro market road, in particular on the afternoon return, "
            "and agree with traders, most of them women, on escort times and meeting points "
            "with the Bangladeshi patrol." + ANNEX_2
        ),
    ),
    DemoRequest(
        title=BANGADI,
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
        title=DURU,
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
        title=PINGA,
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
        title=KALEMBE,
        # Filed by a Civil Affairs officer, so decided by the other one of Nord-Kivu.
        filed_by="civil.affairs",
        requester_kind=RequesterKind.SECTION,
        requesting_section=Section.CIVIL_AFFAIRS,
        trigger=Trigger.RUMOURED_ATTACKS,
        province=NK,
        territory="Masisi",
        localities=("Kalembe",),
        nearest_base="TOB Nyabiondo",
        reason=(
            "The CLI in Masisi reports rumours of attacks on women walking to the Kalembe "
            "market; the community asks for escorts on market days."
        ),
        start_in_days=22,
        visit_days=5,
        decided_by="civil.affairs.goma",
        decision="approve",
        mandate=(
            "Assess the need for market-day escorts around Kalembe and agree meeting points "
            "with the community." + ANNEX_2
        ),
    ),
    DemoRequest(
        title=DURU_BANGADI,
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

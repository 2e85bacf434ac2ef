"""The reports of the demo missions, and what each level of the review chain did with them.

Data only. The reports retell outcomes of the policy brief: the Mayi-Mayi Kifuafua commander
moving his troops out of Otobora (approved in Kinshasa), the motorbike to the CADDHOM legal
clinic and the escorts to the Shabunda market (overdue at the provincial SMG-P), dialogues and
market-day patrols in Nyabiondo (returned to the team), doubled foot patrols in Duru and Bangadi
(approved at provincial level: Haut-Uele's chain ends there), escorts to the Walungu market (just
arrived at the head of office). At the first level the brigade commander decides beside the
head of office.

``jpt.demo.loaders.reports`` drafts each report as its team would, submits it (its mission is
back: ``stories.missions``) and lets each reviewer decide ``days_ago`` days ago.
"""

from __future__ import annotations

from dataclasses import dataclass

from reports.choices import (
    Addressee,
    AgeGroup,
    Category,
    Decision,
    PerpetratorCategory,
    Priority,
    ServiceAccess,
    SurvivorSex,
    ThreatType,
    Trend,
)

from .provinces import HU
from .requests import DURU_BANGADI, MATILI, NYABIONDO, OTOBORA, WALUNGU

# Provinces whose review chain ends at provincial level ("some regions approve at provincial
# level"), as an administrator would set them in the admin.
PROVINCIAL_CHAINS = (HU,)


@dataclass(frozen=True)
class DemoThreat:
    threat_type: str
    perpetrator_category: str
    localities: tuple[str, ...]
    period: str
    severity: int
    trend: str
    narrative: str
    perpetrator_name: str = ""
    frequency: str = ""


@dataclass(frozen=True)
class DemoIncidents:
    """Reported incidents of sexual violence: a count, never a case."""

    period: str
    locality: str
    perpetrator_category: str
    age_group: str
    survivor_sex: str
    count: int


@dataclass(frozen=True)
class DemoSvAnalysis:
    """The analysis of patterns of sexual violence (Annex 2), aggregates only."""

    author: str
    medical_access: str
    psychosocial_access: str
    legal_access: str
    services_notes: str
    risk_places_times: str
    patterns: str
    incidents: tuple[DemoIncidents, ...] = ()


@dataclass(frozen=True)
class DemoSafeArea:
    name: str
    locality: str
    capacity: int | None = None


@dataclass(frozen=True)
class DemoContact:
    """A contingency contact: a person on the mission's key-stakeholder list, by name."""

    stakeholder: str
    how_to_reach: str
    when: str = ""


@dataclass(frozen=True)
class DemoPlan:
    """The community protection plan; ``womens_organizations`` non-empty means consulted."""

    priorities: str
    local_authority_roles: str
    early_warning: str
    womens_organizations: str = ""
    safe_areas: tuple[DemoSafeArea, ...] = ()
    escort_points: tuple[tuple[str, str], ...] = ()  # (place, day and time)
    vulnerable_areas: tuple[tuple[str, str, str], ...] = ()  # (place, why, when)
    contacts: tuple[DemoContact, ...] = ()


@dataclass(frozen=True)
class DemoRecommendation:
    key: str
    text: str
    category: str
    addressee: str
    priority: str
    localities: tuple[str, ...]
    addressee_detail: str = ""
    target_in_days: int | None = None


@dataclass(frozen=True)
class DemoDecision:
    recommendation: str  # DemoRecommendation.key
    decision: str
    changed_text: str = ""
    reason: str = ""


@dataclass(frozen=True)
class DemoReview:
    """What one reviewer did at the report's current level, ``days_ago`` days ago: decisions on
    recommendations, or the return of the whole report. At the first level the head of office
    and the brigade commander both decide; a level closes with the decision on its last
    recommendation."""

    reviewer: str
    days_ago: float
    decisions: tuple[DemoDecision, ...] = ()
    return_comment: str = ""


@dataclass(frozen=True)
class DemoReport:
    mission_title: str
    author: str  # the mission's lead, who drafts and submits
    plan_of_action: str
    threats: tuple[DemoThreat, ...]
    sv_analysis: DemoSvAnalysis
    plan: DemoPlan
    recommendations: tuple[DemoRecommendation, ...]
    # None: still a draft.
    submitted_days_ago: float | None = None
    reviews: tuple[DemoReview, ...] = ()
    # Civil Affairs closes the mission once the approved recommendations need no more follow-up.
    close_mission: bool = False


PC, TT, SV, END, WITH_CHANGES, REJECT = (
    PerpetratorCategory,
    ThreatType,
    ServiceAccess,
    Decision.ENDORSE,
    Decision.ENDORSE_WITH_CHANGES,
    Decision.REJECT,
)

REPORTS: tuple[DemoReport, ...] = (
    # Otobora: through the three levels and approved in Kinshasa; the commander moved his troops.
    DemoReport(
        mission_title=OTOBORA,
        author="civil.affairs",
        plan_of_action=(
            "Civil Affairs follows up the commander's commitment with the CLI each week until "
            "every family is back home; the Indian battalion patrols the town centre daily; "
            "HEAL Africa brings medical and psychosocial care with a military escort."
        ),
        threats=(
            DemoThreat(
                TT.OCCUPATION,
                PC.ARMED_GROUP,
                ("Otobora",),
                "Since the militia arrived, about two months ago",
                3,
                Trend.FALLING,
                "The Mayi-Mayi Kifuafua seized homes in the town centre instead of occupying the "
                "military camp on the outskirts of town. After the meeting with the team the "
                "commander agreed to move his troops out of the homes.",
                perpetrator_name="Mayi-Mayi Kifuafua",
                frequency="Continuous",
            ),
            DemoThreat(
                TT.SEXUAL_VIOLENCE,
                PC.ARMED_GROUP,
                ("Otobora",),
                "Since the militia arrived",
                4,
                Trend.RISING,
                "Residents accuse the militia of rape, forced marriage and harassment of women, "
                "in the town centre at night and on the paths to the fields.",
                perpetrator_name="Mayi-Mayi Kifuafua",
                frequency="Several times a week",
            ),
            DemoThreat(
                TT.FORCED_DISPLACEMENT,
                PC.ARMED_GROUP,
                ("Otobora", "Walikale"),
                "Since the militia arrived",
                3,
                Trend.STABLE,
                "Families forced out of their homes shelter with relatives in the villages around "
                "Otobora and on the road to Walikale.",
                perpetrator_name="Mayi-Mayi Kifuafua",
            ),
        ),
        sv_analysis=DemoSvAnalysis(
            author="team.member",
            medical_access=SV.LIMITED,
            psychosocial_access=SV.NONE,
            legal_access=SV.NONE,
            services_notes=(
                "The Otobora health centre has no post-exposure kits; the nearest psychosocial "
                "and legal services are in Walikale, a day's walk away."
            ),
            risk_places_times=(
                "The town centre at night, near the occupied homes; the paths to the fields in "
                "the early morning."
            ),
            patterns=(
                "Women and girls report assaults by armed men in uniform since the militia "
                "occupied the town centre; most incidents are not reported to any service for "
                "fear of reprisals. Counts below are incidents reported to the health centre and "
                "the women's network, not survivors identified by the team."
            ),
            incidents=(
                DemoIncidents(
                    "Last two months",
                    "Otobora",
                    PC.ARMED_GROUP,
                    AgeGroup.ADULT,
                    SurvivorSex.FEMALE,
                    9,
                ),
                DemoIncidents(
                    "Last two months",
                    "Otobora",
                    PC.ARMED_GROUP,
                    AgeGroup.CHILD,
                    SurvivorSex.FEMALE,
                    3,
                ),
            ),
        ),
        plan=DemoPlan(
            priorities=(
                "Families back in their homes; safe access to the fields; a warning system in "
                "case the militia returns to the town centre."
            ),
            local_authority_roles=(
                "The customary chief calls the community to the safe area; the deputy territory "
                "administrator informs COB Walikale and the territory authorities."
            ),
            early_warning=(
                "The CLI and the women's network alert COB Walikale of armed movements; the "
                "church bell calls people to the safe area."
            ),
            womens_organizations="Walikale women's network",
            safe_areas=(DemoSafeArea("Catholic mission compound", "Otobora", 400),),
            escort_points=(("Otobora market square", "Daily, 06:00 and 16:00"),),
            vulnerable_areas=(
                (
                    "Homes in the town centre",
                    "Occupied by the militia until its departure",
                    "Night",
                ),
                ("Paths to the fields", "Assaults on women", "Early morning"),
            ),
            contacts=(
                DemoContact(
                    "Mwami Kasongo Binamungu",
                    "By phone, or through the CLI",
                    "Any time in an attack",
                ),
                DemoContact("Mama Furaha Kavira", "By phone", "Any time in an attack"),
            ),
        ),
        recommendations=(
            DemoRecommendation(
                "ihl",
                "IHL engagement: ask the Mayi-Mayi Kifuafua commander to move his troops out of "
                "town to the camp on the outskirts, and follow up until every family is back "
                "in its home.",
                Category.IHL_ENGAGEMENT,
                Addressee.MISSION_SECTION,
                Priority.HIGH,
                ("Otobora",),
                addressee_detail="Civil Affairs section",
                target_in_days=14,
            ),
            DemoRecommendation(
                "health",
                "Bring medical and psychosocial care for survivors of sexual violence, and "
                "medicine for the health centre, to Otobora with HEAL Africa.",
                Category.HEALTH,
                Addressee.NGO,
                Priority.HIGH,
                ("Otobora",),
                addressee_detail="HEAL Africa",
                target_in_days=30,
            ),
            DemoRecommendation(
                "patrols",
                "Daily foot patrols in the town centre of Otobora and on the paths to the fields "
                "in the early morning.",
                Category.ESCORT_PATROL,
                Addressee.FORCE,
                Priority.MEDIUM,
                ("Otobora",),
                addressee_detail="Indian battalion, COB Walikale",
            ),
            DemoRecommendation(
                "tob",
                "Open a temporary operating base in Otobora.",
                Category.BASE_POSTURE,
                Addressee.FORCE,
                Priority.LOW,
                ("Otobora",),
            ),
        ),
        submitted_days_ago=10,
        reviews=(
            # The first level: the brigade commander decides on what his troops would do, the
            # head of office on the rest; the last decision sends the report on.
            DemoReview(
                "brigade.nordkivu",
                8.1,
                (DemoDecision("patrols", END), DemoDecision("tob", END)),
            ),
            DemoReview(
                "head.office",
                8,
                (DemoDecision("ihl", END), DemoDecision("health", END)),
            ),
            DemoReview(
                "smg.nordkivu",
                5,
                (
                    DemoDecision("ihl", END),
                    DemoDecision(
                        "health",
                        WITH_CHANGES,
                        changed_text=(
                            "Bring medical and psychosocial care for survivors of sexual "
                            "violence, and medicine for the health centre, to Otobora with HEAL "
                            "Africa, with a military escort from COB Walikale for the convoy."
                        ),
                    ),
                    DemoDecision("patrols", END),
                    DemoDecision("tob", END),
                ),
            ),
            DemoReview(
                "smg.kinshasa",
                2,
                (
                    DemoDecision("ihl", END),
                    DemoDecision("health", END),
                    DemoDecision("patrols", END),
                    DemoDecision(
                        "tob",
                        REJECT,
                        reason=(
                            "No company is free to open a base before the next rotation; the "
                            "daily patrols from COB Walikale cover Otobora meanwhile."
                        ),
                    ),
                ),
            ),
        ),
    ),
    # Matili: endorsed by the head of office; overdue at the provincial SMG-P, one decision taken.
    DemoReport(
        mission_title=MATILI,
        author="civil.affairs",
        plan_of_action=(
            "The Human Rights section documents the reported abuses with CADDHOM; survivors who "
            "wish to file a complaint are brought to the clinic; escorts on market day."
        ),
        threats=(
            DemoThreat(
                TT.SEXUAL_VIOLENCE,
                PC.UNKNOWN,
                ("Matili",),
                "Since the start of the rainy season",
                4,
                Trend.STABLE,
                "Women report rapes by armed men on the paths around Matili; the village is cut "
                "off for most of the rainy season and survivors cannot reach any service.",
                frequency="Weekly",
            ),
            DemoThreat(
                TT.LOOTING,
                PC.UNKNOWN,
                ("Matili", "Shabunda"),
                "Since the start of the rainy season",
                3,
                Trend.RISING,
                "Traders walking to the Shabunda market are stopped and robbed on the road.",
                frequency="On market days",
            ),
        ),
        sv_analysis=DemoSvAnalysis(
            author="sv.expert",
            medical_access=SV.LIMITED,
            psychosocial_access=SV.NONE,
            legal_access=SV.NONE,
            services_notes=(
                "CADDHOM legal clinic in Shabunda centre, about 30 km away, with no transport; "
                "the Matili health post has a nurse and no post-exposure kits."
            ),
            risk_places_times=(
                "The road to the Shabunda market on market days; the fields in the growing season."
            ),
            patterns=(
                "Incidents happen on the paths out of the village and on the market road, most "
                "often when women travel alone. Almost no survivor from Matili has reached the "
                "legal clinic: the road is long and costly."
            ),
            incidents=(
                DemoIncidents(
                    "Rainy season", "Matili", PC.UNKNOWN, AgeGroup.ADULT, SurvivorSex.FEMALE, 11
                ),
                DemoIncidents(
                    "Rainy season", "Matili", PC.UNKNOWN, AgeGroup.CHILD, SurvivorSex.FEMALE, 2
                ),
            ),
        ),
        plan=DemoPlan(
            priorities="Safe travel to the Shabunda market; access to the legal clinic.",
            local_authority_roles="The customary chief relays alerts to COB Shabunda.",
            early_warning="The CLI calls COB Shabunda on the satellite phone.",
            womens_organizations="CADDHOM legal clinic (women's rights programme)",
            escort_points=(("Matili crossroads", "Market days, 05:30"),),
            vulnerable_areas=(("Road to Shabunda", "Robbery and assault", "Market days"),),
            contacts=(DemoContact("Mwami Lwango Kalimba", "Through the CLI"),),
        ),
        recommendations=(
            DemoRecommendation(
                "motorbike",
                "Provide a motorbike, maintained by the Human Rights section, to transport "
                "survivors to the CADDHOM legal clinic in Shabunda.",
                Category.JUSTICE,
                Addressee.MISSION_SECTION,
                Priority.HIGH,
                ("Matili", "Shabunda"),
                addressee_detail="Human Rights section",
                target_in_days=20,
            ),
            DemoRecommendation(
                "escorts",
                "Escorts to the Shabunda market on market days along the Matili road.",
                Category.ESCORT_PATROL,
                Addressee.FORCE,
                Priority.HIGH,
                ("Matili", "Shabunda"),
                addressee_detail="Pakistani battalion, COB Shabunda",
            ),
            DemoRecommendation(
                "clinic_visits",
                "A monthly visit of CADDHOM staff to Matili during the rainy season.",
                Category.JUSTICE,
                Addressee.NGO,
                Priority.MEDIUM,
                ("Matili",),
                addressee_detail="CADDHOM legal clinic",
            ),
        ),
        submitted_days_ago=24,
        reviews=(
            DemoReview(
                "head.southkivu",
                16.2,
                (DemoDecision("motorbike", END), DemoDecision("clinic_visits", END)),
            ),
            # The brigade commander sets the escorts' times, which closes the first level.
            DemoReview(
                "brigade.southkivu",
                16,
                (
                    DemoDecision(
                        "escorts",
                        WITH_CHANGES,
                        changed_text=(
                            "Escorts to the Shabunda market on market days along the Matili "
                            "road, meeting the traders at the Matili crossroads at 05:30 and "
                            "for the return at 15:00."
                        ),
                    ),
                ),
            ),
            # Still waiting at the provincial SMG-P past its deadline: one decision so far.
            DemoReview("smg.southkivu", 14, (DemoDecision("motorbike", END),)),
        ),
    ),
    # Nyabiondo: returned by the head of office with comments.
    DemoReport(
        mission_title=NYABIONDO,
        author="civil.affairs",
        plan_of_action=(
            "Gender Affairs and Civil Affairs organise the dialogues; the Indian battalion "
            "patrols the Masisi Centre road on market days."
        ),
        threats=(
            DemoThreat(
                TT.ATTACK,
                PC.UNKNOWN,
                ("Nyabiondo",),
                "Since the FARDC families arrived",
                2,
                Trend.RISING,
                "Disputes between families of FARDC soldiers and residents over houses and "
                "fields turn violent.",
            ),
            DemoThreat(
                TT.SEXUAL_VIOLENCE,
                PC.UNKNOWN,
                ("Nyabiondo", "Masisi Centre"),
                "This growing season",
                3,
                Trend.STABLE,
                "Women are attacked on the road to Masisi Centre on market day, mostly on the "
                "return in the afternoon, and on the way to their fields.",
                frequency="Market days",
            ),
        ),
        sv_analysis=DemoSvAnalysis(
            author="team.member",
            medical_access=SV.AVAILABLE,
            psychosocial_access=SV.LIMITED,
            legal_access=SV.LIMITED,
            services_notes="Masisi hospital; a legal aid desk in Masisi Centre once a week.",
            risk_places_times=(
                "The road to Masisi Centre on market day (Thursday), afternoon return; the "
                "fields in the growing season."
            ),
            patterns=(
                "Assaults on women travelling alone or in small groups on the market road; "
                "reported to the women's meeting on the TOB, in aggregate."
            ),
            incidents=(
                DemoIncidents(
                    "This growing season",
                    "Nyabiondo",
                    PC.UNKNOWN,
                    AgeGroup.ADULT,
                    SurvivorSex.FEMALE,
                    6,
                ),
            ),
        ),
        plan=DemoPlan(
            priorities="Safe passage to the market; calmer relations with army families.",
            local_authority_roles="The head of locality convenes the dialogues.",
            early_warning="The women's leader alerts the TOB through the CLI.",
            womens_organizations="Nyabiondo women's group; Masisi Centre traders' association",
            escort_points=(("Nyabiondo market exit", "Thursdays, 06:00 and 14:00"),),
            vulnerable_areas=(("Road to Masisi Centre", "Assaults on women", "Market days"),),
            contacts=(DemoContact("Mama Esperance Nyiransabimana", "Through the CLI"),),
        ),
        recommendations=(
            DemoRecommendation(
                "dialogues",
                "A series of dialogues between FARDC families and residents of Nyabiondo.",
                Category.DIALOGUE,
                Addressee.MISSION_SECTION,
                Priority.HIGH,
                ("Nyabiondo",),
                addressee_detail="Gender Affairs and Civil Affairs",
            ),
            DemoRecommendation(
                "patrols",
                "Patrols at fixed times on market days on the road to Masisi Centre.",
                Category.ESCORT_PATROL,
                Addressee.FORCE,
                Priority.HIGH,
                ("Nyabiondo", "Masisi Centre"),
                addressee_detail="Indian battalion, TOB Nyabiondo",
            ),
        ),
        submitted_days_ago=20,
        reviews=(
            DemoReview(
                "head.office",
                17,
                return_comment=(
                    "Say at what times the patrols should run on market day (the women's "
                    "meeting gave them), and who convenes the dialogues. Add a recommendation "
                    "to raise the housing of FARDC families with the military region."
                ),
            ),
        ),
    ),
    # Duru and Bangadi: Haut-Uele approves at provincial level; the mission is then closed.
    DemoReport(
        mission_title=DURU_BANGADI,
        author="civil.affairs.ituri",
        plan_of_action=(
            "The Moroccan company extends its foot patrols; the CLI agrees a daily patrol "
            "calendar with the villagers and reports each month."
        ),
        threats=(
            DemoThreat(
                TT.ATTACK,
                PC.ARMED_GROUP,
                ("Duru", "Bangadi"),
                "Last growing season",
                4,
                Trend.STABLE,
                "Armed attacks on farmers in the far fields; villagers no longer farm beyond the "
                "patrolled area and food is short.",
                perpetrator_name="LRA",
            ),
            DemoThreat(
                TT.ABDUCTION,
                PC.ARMED_GROUP,
                ("Duru",),
                "Last growing season",
                3,
                Trend.FALLING,
                "Abductions of farmers and children during the attacks.",
                perpetrator_name="LRA",
            ),
        ),
        sv_analysis=DemoSvAnalysis(
            author="hr.ituri",
            medical_access=SV.LIMITED,
            psychosocial_access=SV.LIMITED,
            legal_access=SV.NONE,
            services_notes="Dungu hospital; no legal service in the area.",
            risk_places_times="The far fields in the growing season, from dawn to early afternoon.",
            patterns="Assaults on women working the far fields, during the attacks.",
            incidents=(
                DemoIncidents(
                    "Last growing season",
                    "Bangadi",
                    PC.ARMED_GROUP,
                    AgeGroup.ADULT,
                    SurvivorSex.FEMALE,
                    4,
                ),
            ),
        ),
        plan=DemoPlan(
            priorities="Access to the fields in the growing season.",
            local_authority_roles="The chiefs share the patrol calendar with the villagers.",
            early_warning="The CLI alerts COB Dungu by phone.",
            womens_organizations="Bangadi women farmers' cooperative",
            safe_areas=(DemoSafeArea("Duru parish", "Duru", 600),),
            escort_points=(("Duru market", "Daily, 06:00"),),
            vulnerable_areas=(("Far fields", "Attacks on farmers", "Growing season"),),
            contacts=(DemoContact("Chief Dieudonné Mbolifue", "Through the CLI"),),
        ),
        recommendations=(
            DemoRecommendation(
                "patrols",
                "Double the area of the foot patrols in Duru and Bangadi so villagers can reach "
                "their fields.",
                Category.ESCORT_PATROL,
                Addressee.FORCE,
                Priority.HIGH,
                ("Duru", "Bangadi"),
                addressee_detail="Moroccan battalion",
            ),
            DemoRecommendation(
                "calendar",
                "The CLI agrees a daily patrol calendar with the villagers.",
                Category.ESCORT_PATROL,
                Addressee.MISSION_SECTION,
                Priority.MEDIUM,
                ("Duru", "Bangadi"),
                addressee_detail="Civil Affairs section",
            ),
        ),
        submitted_days_ago=66,
        reviews=(
            DemoReview("brigade.ituri", 60.2, (DemoDecision("patrols", END),)),
            DemoReview("head.ituri", 60, (DemoDecision("calendar", END),)),
            DemoReview(
                "smg.ituri",
                55,
                (
                    DemoDecision("patrols", END),
                    DemoDecision(
                        "calendar",
                        WITH_CHANGES,
                        changed_text=(
                            "The CLI agrees a daily patrol calendar with the villagers, women "
                            "farmers included, for the growing season."
                        ),
                    ),
                ),
            ),
        ),
        close_mission=True,
    ),
    # Walungu: submitted a couple of hours ago; waiting at the head of office.
    DemoReport(
        mission_title=WALUNGU,
        author="civil.affairs",
        plan_of_action="Escorts on market day; the CLI monitors and reports each week.",
        threats=(
            DemoThreat(
                TT.LOOTING,
                PC.UNKNOWN,
                ("Walungu",),
                "The last three months",
                3,
                Trend.RISING,
                "Women traders are robbed and assaulted on the market road on the return "
                "journey in the late afternoon.",
                frequency="Market days",
            ),
        ),
        sv_analysis=DemoSvAnalysis(
            author="sv.expert",
            medical_access=SV.AVAILABLE,
            psychosocial_access=SV.LIMITED,
            legal_access=SV.LIMITED,
            services_notes="Walungu health centre; Panzi hospital mobile clinic monthly.",
            risk_places_times="The market road past the river, market-day afternoons.",
            patterns="Assaults during robberies of women traders on the market road.",
            incidents=(
                DemoIncidents(
                    "The last three months",
                    "Walungu",
                    PC.UNKNOWN,
                    AgeGroup.ADULT,
                    SurvivorSex.FEMALE,
                    5,
                ),
            ),
        ),
        plan=DemoPlan(
            priorities="Safe travel to and from the weekly market.",
            local_authority_roles="The territory administrator posts police on market day.",
            early_warning="The traders' association calls COB Walungu.",
            womens_organizations="Walungu women traders' association",
            escort_points=(
                ("Walungu market gate", "Market day, 06:00"),
                ("River bridge", "Market day, 15:30"),
            ),
            vulnerable_areas=(
                ("Market road past the river", "Robbery and assault", "Market-day afternoons"),
            ),
            contacts=(DemoContact("Mrs. Anuarite Cirhuza Mapendo", "By phone"),),
        ),
        recommendations=(
            DemoRecommendation(
                "escorts",
                "Escorts to the Walungu market on market days, meeting the traders at the "
                "market gate in the morning and at the river bridge for the return.",
                Category.ESCORT_PATROL,
                Addressee.FORCE,
                Priority.HIGH,
                ("Walungu",),
                addressee_detail="Pakistani battalion, COB Walungu",
            ),
            DemoRecommendation(
                "committee",
                "Include women traders in the Walungu community security committee.",
                Category.OTHER,
                Addressee.NATIONAL_AUTHORITIES,
                Priority.MEDIUM,
                ("Walungu",),
                addressee_detail="Territory administration",
            ),
        ),
        submitted_days_ago=0.1,
    ),
)

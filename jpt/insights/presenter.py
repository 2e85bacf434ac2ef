"""One presenter for the trend figures: the dashboard, a stored summary's page and the trend
PDF show what ``present_figures`` returns, and nothing else.

It is the one place where small counts of people are suppressed (``suppression``): every
table of people goes through ``suppress_table`` before a cell is made, a share or a change
from a hidden count is hidden too, and a hidden cell carries neither its value nor a link.
Charts (``charts``) are drawn from these cells, so a hidden count is never plotted.

``links`` (``Links``) puts on every count the URL of the list holding exactly those records
(the mission, consultation, threat, recommendation, follow-up visit, alert and
material-support lists, with the period, province and category as filters), for the period
and for the two it is compared with; without it (analysts, who see aggregates only, and the
PDF) there is no link at all. The missions that held meetings of a type ("Missions" of the
meetings by type) link to the mission list by the meetings held (``held``, ``held_from`` /
``held_to``: one meeting of that type in the period's local days). The participants of the
meetings (people by sex, ``participants-by-type``) link to the consultation list of the
meetings whose participants they add up: the cell is the sum of that column (of the four for
a total) over the list's rows, not the number of rows; a hidden count has no link. The people
met on follow-up visits and the recipients of material support, by sex, link the same way to
the visits and the distributions of the period (their "women met" / "men met" and "women" /
"men" columns add up to the cell). Team members (by sex, by staff category) and the CLIs on the
teams link to the team list (``missions:team_member_list``: one row a member, invited or
accepted, of the missions leaving in the period).

The reports first submitted in the period, and those of them with the sexual-violence analysis
filled or women's organisations consulted on the plan, link to the mission list of their
missions (``report_submitted_from`` / ``_to``, ``report_has``: one report per mission).

Counts with no list that can filter to exactly them stay without a link: the incidents and
access to services (the analysis is aggregates only, and no list holds them), key stakeholders
(no list of stakeholders: their names and numbers stay on the mission page, for those it shows
them to) and the CLIs on staff (a count of users today, not of the period). The review
stages that ended in the period, returned to the team or past their deadline, link to the list
of review stages (``reports:review_stage_list``); their median and 90th percentile are of the
stages "Stages closed" links to (each row shows its days spent). What the visits saw of the
recommendations (``findings``: observations, one per visit and recommendation) links to the
list of observations (``recommendations:observation_list``), not to the visit list (one visit
may see several recommendations alike).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _

from missions.choices import ConsultationType, TeamRole, Trigger
from recommendations.choices import Finding, ImplementationStatus
from reports.choices import (
    AgeGroup,
    Category,
    PerpetratorCategory,
    RecommendationStatus,
    ReviewLevel,
    ServiceAccess,
    StageOutcome,
    SurvivorSex,
    ThreatType,
    Trend,
)

from . import suppression
from .figures import BUCKETS, CURRENT, PREVIOUS, YEAR_BEFORE
from .periods import Period

# --------------------------------------------------------------------------------------------
# Cells, rows, tables
# --------------------------------------------------------------------------------------------


@dataclass
class Cell:
    """What one figure shows: its text, its value (None when hidden or unknown), the URL of
    the list behind it, and why it is hidden (``suppression.SMALL`` or ``COMPLEMENT``)."""

    display: str
    value: float | int | None = None
    url: str = ""
    mark: str | None = None

    @property
    def hidden(self) -> bool:
        return self.mark is not None


def count_cell(value: int, mark=None, url: str = "") -> Cell:
    if mark:
        return Cell(suppression.display(value, mark), None, "", mark)
    return Cell(str(value), value, url if value else "", None)


def hidden_cell() -> Cell:
    return Cell(suppression.COMPLEMENT_SIGN, None, "", suppression.COMPLEMENT)


def share_cell(part: Cell, whole: Cell) -> Cell:
    """``part`` as a percentage of ``whole``: hidden when either is hidden; "—" of nothing."""
    if part.hidden or whole.hidden:
        return hidden_cell()
    if not whole.value:
        return Cell("—")
    share = round(100 * (part.value or 0) / whole.value)
    return Cell(f"{share} %", share)


def number_cell(value, unit: str = "") -> Cell:
    if value is None:
        return Cell("—")
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return Cell(f"{text} {unit}".strip(), value)


@dataclass
class Row:
    label: str
    cells: list[Cell]
    total: Cell | None = None


@dataclass
class Table:
    """A table of counts with its margins. ``people``: counts of people (suppressed)."""

    id: str
    title: str
    columns: list[str]
    rows: list[Row]
    totals: list[Cell] | None = None
    grand: Cell | None = None
    people: bool = False
    note: str = ""
    first_heading: str = ""

    @property
    def has_hidden(self) -> bool:
        cells = [c for row in self.rows for c in row.cells] + [
            r.total for r in self.rows if r.total
        ]
        cells += list(self.totals or []) + ([self.grand] if self.grand else [])
        return any(cell.hidden for cell in cells)

    def column(self, index: int) -> list[Cell]:
        return [row.cells[index] for row in self.rows]


def count_table(
    *,
    id: str,
    title: str,
    row_labels: Sequence[str],
    column_labels: Sequence[str],
    counts: Sequence[Sequence[int]],
    people: bool,
    url: Callable[[int | None, int | None], str] | None = None,
    note: str = "",
    first_heading: str = "",
    margins: bool = True,
) -> Table:
    """A table of ``counts`` (rows × columns) with row totals, column totals and the grand
    total; suppressed when ``people``. ``url(i, j)`` gives the list of a cell (``None`` for a
    margin: ``url(i, None)`` a row total, ``url(None, j)`` a column total)."""
    if people and counts:
        marks = suppression.suppress_table(counts)
    else:  # not people, or no rows at all (every margin is 0: nothing to hide)
        marks = suppression.Suppressed(
            tuple(tuple(None for _v in row) for row in counts),
            tuple(None for _r in counts),
            tuple(None for _c in column_labels),
            None,
        )

    def link(i, j):
        return url(i, j) if url else ""

    rows = []
    for i, label in enumerate(row_labels):
        cells = [
            count_cell(counts[i][j], marks.cells[i][j], link(i, j))
            for j in range(len(column_labels))
        ]
        total = count_cell(sum(counts[i]), marks.row_totals[i], link(i, None)) if margins else None
        rows.append(Row(str(label), cells, total))
    totals = grand = None
    if margins:
        totals = [
            count_cell(sum(row[j] for row in counts), marks.col_totals[j], link(None, j))
            for j in range(len(column_labels))
        ]
        grand = count_cell(sum(sum(row) for row in counts), marks.total, link(None, None))
    return Table(
        id=id,
        title=title,
        columns=[str(c) for c in column_labels],
        rows=rows,
        totals=totals,
        grand=grand,
        people=people,
        note=note,
        first_heading=first_heading,
    )


def row_table(
    *,
    id: str,
    title: str,
    column_labels: Sequence[str],
    rows: Sequence[tuple[str, Sequence[int], Callable[[int | None], str] | None]],
    people: bool,
    note: str = "",
    first_heading: str = "",
) -> Table:
    """Rows of different things over the same columns (CLIs on teams, CLIs on staff), each
    with its own total and no column totals: each row is suppressed on its own when
    ``people``. ``rows``: (label, counts, url(j) or None: ``url(None)`` for the total)."""
    table_rows = []
    for label, counts, url in rows:
        if people:
            cells, total = people_vector(counts, url)
        else:
            cells = [count_cell(v, None, url(j) if url else "") for j, v in enumerate(counts)]
            total = count_cell(sum(counts), None, url(None) if url else "")
        table_rows.append(Row(str(label), cells, total))
    return Table(
        id=id,
        title=title,
        columns=[str(c) for c in column_labels],
        rows=table_rows,
        people=people,
        note=note,
        first_heading=first_heading,
    )


def people_vector(
    values: Sequence[int], url: Callable[[int | None], str] | None = None
) -> tuple[list[Cell], Cell]:
    """Counts of people that add up to a total (women, men): their cells and the total's,
    linked by ``url(j)`` (``url(None)`` for the total) when shown."""

    def link(j):
        return url(j) if url else ""

    marks, total_mark = suppression.suppress_vector(values)
    cells = [count_cell(v, m, link(j)) for j, (v, m) in enumerate(zip(values, marks, strict=True))]
    return cells, count_cell(sum(values), total_mark, link(None))


# --------------------------------------------------------------------------------------------
# Links to the lists behind the figures
# --------------------------------------------------------------------------------------------


class Links:
    """URLs of the lists behind the figures of ``period`` in one province (or in every
    province the user sees: no province filter), with the lists' own filters
    (``missions.filters.MissionFilter``, ``missions.filters.ConsultationFilter``,
    ``reports.filters.ThreatFilter``, ``recommendations.filters``)."""

    def __init__(self, period: Period, province_id: int | None):
        self.period = period
        self.province_id = province_id

    def of(self, period: Period) -> Links:
        """The same lists for another period (the previous one, the year before)."""
        return Links(period, self.province_id)

    @property
    def _days(self) -> tuple[str, str]:
        return self.period.start.isoformat(), self.period.end.isoformat()

    def _url(self, name: str, **params) -> str:
        params = {"province": self.province_id, **params}
        query = urlencode({k: v for k, v in params.items() if v not in (None, "")})
        return f"{reverse(name)}?{query}" if query else reverse(name)

    def missions(self, *, province=None, trigger=None, team_includes=None) -> str:
        return self._url(
            "missions:mission_list",
            province=province or self.province_id,
            trigger=trigger,
            team_includes=team_includes,
            departure_from=self.period.start.isoformat(),
            departure_to=self.period.end.isoformat(),
        )

    def reports(self, *, has=None) -> str:
        """The missions whose report was first submitted in the period (one report each);
        ``has``: what the report holds (``missions.filters.MissionFilter.report_has``)."""
        return self._url(
            "missions:mission_list",
            report_submitted_from=self.period.start.isoformat(),
            report_submitted_to=self.period.end.isoformat(),
            report_has=has,
        )

    def team(self, **params) -> str:
        """Team members (invited or accepted) of the missions leaving in the period
        (``missions.filters.TeamMemberFilter``); ``params``: its ``sex``, ``category`` and
        ``role``."""
        return self._url(
            "missions:team_member_list",
            departure_from=self.period.start.isoformat(),
            departure_to=self.period.end.isoformat(),
            **params,
        )

    def consultations(self, *, kind=None) -> str:
        """Consultations held in the period's local days (``missions.filters.
        ConsultationFilter``), of a type."""
        start, end = self._days
        return self._url("missions:consultation_list", kind=kind, held_from=start, held_to=end)

    def missions_held(self, *, kind=None) -> str:
        """The missions that held a consultation (of a type) in the period's local days
        (``missions.filters.MissionFilter``: ``held``, ``held_from`` / ``held_to``, the same
        meeting)."""
        start, end = self._days
        return self._url("missions:mission_list", held=kind, held_from=start, held_to=end)

    def threats(self, *, threat_type=None, perpetrator=None, trend=None) -> str:
        """Threats analysed in the reports first submitted in the period (``reports.filters.
        ThreatFilter``), of a type, an alleged perpetrator's category, a trend."""
        return self._url(
            "reports:threat_list",
            threat_type=threat_type,
            perpetrator=perpetrator,
            trend=trend,
            submitted_from=self.period.start.isoformat(),
            submitted_to=self.period.end.isoformat(),
        )

    def recommendations(self, *, category=None, status=None) -> str:
        return self._url(
            "recommendations:recommendation_list",
            category=category,
            status=status,
            submitted_from=self.period.start.isoformat(),
            submitted_to=self.period.end.isoformat(),
        )

    def approved(self, *, implementation=None, to_date: bool = False) -> str:
        return self._url(
            "recommendations:recommendation_list",
            status=RecommendationStatus.APPROVED,
            implementation=implementation,
            approved_from=None if to_date else self.period.start.isoformat(),
            approved_to=self.period.end.isoformat(),
        )

    def visits(self, **params) -> str:
        """``params``: the visit list's yes / no filters (``urgent``, ``women_meeting``)."""
        start, end = self._days
        return self._url("recommendations:visit_list", visited_from=start, visited_to=end, **params)

    def observations(self, *, finding=None) -> str:
        """What the visits of the period's local days saw of each recommendation
        (``recommendations.filters.ObservationFilter``), of one finding."""
        start, end = self._days
        return self._url(
            "recommendations:observation_list",
            finding=finding,
            visited_from=start,
            visited_to=end,
        )

    def review_stages(self, **params) -> str:
        """Review stages that ended in the period's local days (``reports.filters.
        ReviewStageFilter``); ``params``: its ``level``, ``outcome``, ``late``."""
        start, end = self._days
        return self._url("reports:review_stage_list", closed_from=start, closed_to=end, **params)

    def alerts(self, **params) -> str:
        """Alerts received in the period's local days (``received_from`` / ``received_to``,
        any period); ``params``: the alert list's yes / no filters."""
        start, end = self._days
        return self._url(
            "recommendations:alert_list", received_from=start, received_to=end, **params
        )

    def support(self) -> str:
        return self._url(
            "recommendations:support_list",
            given_after=self.period.start.isoformat(),
            given_before=self.period.end.isoformat(),
        )


# --------------------------------------------------------------------------------------------
# The presentation
# --------------------------------------------------------------------------------------------


@dataclass
class Kpi:
    """A headline figure for the period, the previous one and the year before."""

    id: str
    label: str
    values: dict[str, Cell]
    note: str = ""

    @property
    def current(self) -> Cell:
        return self.values[CURRENT]

    @property
    def previous(self) -> Cell:
        return self.values[PREVIOUS]

    @property
    def year_before(self) -> Cell:
        return self.values[YEAR_BEFORE]


@dataclass
class Section:
    id: str
    title: str
    tables: list[Table] = field(default_factory=list)
    note: str = ""


@dataclass
class Presentation:
    period: Period
    previous: Period
    year_before: Period
    provinces: dict[str, str]
    kpis: list[Kpi]
    sections: list[Section]
    series: dict
    trigger_counts: dict[str, list[int]]
    threat_counts: list[tuple[str, int]]
    review_rows: list[tuple[str, float | None, float | None]]
    linked: bool

    @property
    def has_hidden(self) -> bool:
        return any(
            table.has_hidden for section in self.sections for table in section.tables
        ) or any(cell.hidden for kpi in self.kpis for cell in kpi.values.values())


def _labels(choices) -> dict[str, str]:
    return {value: str(label) for value, label in choices}


def _sum(values) -> int:
    return sum(int(v or 0) for v in values)


def present_figures(figures: dict, *, links: Links | None = None) -> Presentation:
    """The figures as the pages and the PDF show them (suppressed: see the module)."""
    buckets = figures["buckets"]
    provinces = figures.get("provinces", {})
    per_bucket = {key: _bucket_cells(buckets[key]) for key in BUCKETS}
    cur = buckets[CURRENT]

    def kpi(id, label, note=""):
        return Kpi(id, label, {key: per_bucket[key][id] for key in BUCKETS}, note)

    headline = [
        kpi("missions", _("JPT missions (departures)")),
        kpi("reports", _("Reports submitted")),
        kpi("threats", _("Protection threats reported")),
        kpi("recommendations", _("Recommendations drafted")),
        kpi(
            "implemented_share",
            _("Approved recommendations implemented (to date)"),
            _("Implemented, of every recommendation approved by the end of the period."),
        ),
        kpi("women_share", _("Women on teams")),
        kpi("gender_officer_share", _("Teams with a gender officer")),
        kpi("sv_expert_share", _("Teams with a sexual-violence expert")),
        kpi("stakeholder_women_share", _("Women among key stakeholders")),
        kpi("women_meetings", _("Meetings with local women")),
        kpi("visits", _("Follow-up visits")),
        kpi("urgent", _("Urgent alerts (follow-up visits)")),
        kpi("alert_median", _("Alert to response, median (hours)")),
        kpi("support_women_share", _("Women among support recipients")),
    ]
    if links:
        _link_kpis(headline, figures, links)
    sections = [
        _missions_section(cur, provinces, links),
        _gender_section(cur, figures.get("stock", {}), links),
        _consultations_section(cur, links),
        _threats_section(cur, links),
        _sexual_violence_section(cur),
        _recommendations_section(cur, links),
        _review_section(cur, links),
        _followup_section(cur, links),
    ]
    series = _series(figures.get("series", {}))
    triggers = list(Trigger)
    trigger_counts = {
        key: [
            _sum(row.get(t.value, 0) for row in buckets[key]["missions"].values()) for t in triggers
        ]
        for key in BUCKETS
    }
    threat_counts = []
    threat_labels = _labels(ThreatType.choices)
    totals: dict[str, int] = {}
    for threat_type, _perp, _trend, n, _severity in cur["threats"]:
        totals[threat_type] = totals.get(threat_type, 0) + n
    for value, _label in ThreatType.choices:
        if totals.get(value):
            threat_counts.append((threat_labels[value], totals[value]))
    level_labels = _labels(ReviewLevel.choices)
    review_rows = [
        (
            level_labels[level],
            _days(cur["review"][level]["median_hours"]),
            _days(cur["review"][level]["p90_hours"]),
        )
        for level in ReviewLevel.values
        if level in cur["review"]
    ]
    return Presentation(
        period=Period.from_dict(figures["period"]),
        previous=Period.from_dict(figures["previous"]),
        year_before=Period.from_dict(figures["year_before"]),
        provinces=provinces,
        kpis=headline,
        sections=sections,
        series=series,
        trigger_counts=trigger_counts,
        threat_counts=threat_counts,
        review_rows=review_rows,
        linked=links is not None,
    )


def with_link(cell: Cell, url: str) -> Cell:
    """``url`` on a count shown (neither hidden nor zero: no list behind nothing)."""
    if cell.value and not cell.hidden:
        cell.url = url
    return cell


# The headline counts with a list behind them, by the Kpi's id.
# The columns of "Missions whose team includes…", as the mission list filters them.
TEAM_PRESENCE = ["woman", "gender_officer", "sv_expert", "cli", "stakeholder_woman"]

KPI_LINKS: dict[str, Callable[[Links], str]] = {
    "missions": lambda links: links.missions(),
    "reports": lambda links: links.reports(),
    "threats": lambda links: links.threats(),
    "women_meetings": lambda links: links.consultations(kind=ConsultationType.LOCAL_WOMEN),
    "recommendations": lambda links: links.recommendations(),
    "visits": lambda links: links.visits(),
    "urgent": lambda links: links.visits(urgent="true"),
}


def _link_kpis(headline: list[Kpi], figures: dict, links: Links) -> None:
    """Each period's count to its list: the period's, the previous one's, the year before's."""
    per_bucket = {
        CURRENT: links,
        PREVIOUS: links.of(Period.from_dict(figures["previous"])),
        YEAR_BEFORE: links.of(Period.from_dict(figures["year_before"])),
    }
    for kpi in headline:
        make = KPI_LINKS.get(kpi.id)
        if make:
            for key, cell in kpi.values.items():
                with_link(cell, make(per_bucket[key]))


def _days(hours) -> float | None:
    return None if hours is None else round(hours / 24, 1)


def _bucket_cells(data: dict) -> dict[str, Cell]:
    """The headline figures of one period, suppressed as their tables are."""
    team = data["team"]
    members = [team["women"], team["members"] - team["women"]]
    (women, _men), members_total = people_vector(members)
    stakeholders = data["stakeholders"]
    (st_women, _st_men), st_total = people_vector(
        [stakeholders["women"], stakeholders["total"] - stakeholders["women"]]
    )
    support = data["support"]
    (su_women, _su_men), su_total = people_vector([support["women"], support["men"]])
    missions = _sum(n for row in data["missions"].values() for n in row.values())
    with_team = team["missions"]
    to_date = data["implementation_to_date"]
    approved = _sum(to_date.values())
    implemented = to_date.get(ImplementationStatus.IMPLEMENTED, 0)
    consultations = data["consultations"]
    return {
        "missions": count_cell(missions),
        "reports": count_cell(data["reports"]["submitted"]),
        "threats": count_cell(_sum(row[3] for row in data["threats"])),
        "recommendations": count_cell(
            _sum(n for row in data["recommendations"].values() for n in row.values())
        ),
        "implemented_share": share_cell(count_cell(implemented), count_cell(approved)),
        "women_share": share_cell(women, members_total),
        "gender_officer_share": share_cell(
            count_cell(team["with_gender_officer"]), count_cell(with_team)
        ),
        "sv_expert_share": share_cell(count_cell(team["with_sv_expert"]), count_cell(with_team)),
        "stakeholder_women_share": share_cell(st_women, st_total),
        "women_meetings": count_cell(
            consultations.get(ConsultationType.LOCAL_WOMEN, {}).get("meetings", 0)
        ),
        "visits": count_cell(data["visits"]["visits"]),
        "urgent": count_cell(data["visits"]["urgent"]),
        "alert_median": number_cell(data["alerts"]["median_hours"]),
        "support_women_share": share_cell(su_women, su_total),
    }


# --------------------------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------------------------


def _missions_section(data: dict, provinces: dict, links: Links | None) -> Section:
    triggers = list(Trigger)
    province_ids = [pid for pid in provinces if pid in data["missions"]]
    counts = [[data["missions"][pid].get(t.value, 0) for t in triggers] for pid in province_ids]

    def url(i, j):
        if not links:
            return ""
        return links.missions(
            province=None if i is None else province_ids[i],
            trigger=None if j is None else triggers[j].value,
        )

    table = count_table(
        id="missions-by-province",
        title=_("Missions by province and trigger"),
        row_labels=[provinces[pid] for pid in province_ids],
        column_labels=[t.label for t in triggers],
        counts=counts,
        people=False,
        url=url,
        first_heading=_("Province"),
        note=_("Missions whose departure (actual, else planned) falls in the period."),
    )
    return Section("missions", _("Missions"), tables=[table])


# The mission list's ``report_has`` for the columns of the reports table (``missions.filters``).
REPORTS_HAVE = (None, "sv_analysis", "womens_organizations")
# The team list's filters for the columns of the team tables (``missions.filters``).
TEAM_SEXES = ("woman", "man")
TEAM_CATEGORIES = ("national", "international", "external")


def pick(values: Sequence[str], j: int | None) -> str | None:
    """The filter of column ``j`` (none for a total)."""
    return None if j is None else values[j]


def _gender_section(data: dict, stock: dict, links: Links | None = None) -> Section:
    team = data["team"]
    members = team["members"]
    with_team = team["missions"]
    women_men = count_table(
        id="team-by-sex",
        title=_("Team members by sex"),
        row_labels=[_("Team members")],
        column_labels=[_("Women"), _("Men")],
        counts=[[team["women"], members - team["women"]]],
        people=True,
        first_heading=_("Members invited or accepted"),
        url=(lambda i, j: links.team(sex=pick(TEAM_SEXES, j))) if links else None,
    )
    staff = count_table(
        id="team-by-category",
        title=_("Team members by staff category"),
        row_labels=[_("Team members")],
        column_labels=[_("National staff"), _("International staff"), _("External")],
        counts=[[team["national"], team["international"], team["external"]]],
        people=True,
        url=(lambda i, j: links.team(category=pick(TEAM_CATEGORIES, j))) if links else None,
    )
    cli_staff = stock.get("cli_staff", {"total": 0, "women": 0})
    clis = row_table(
        id="cli-by-sex",
        title=_("CLIs: on the period's teams and on staff, by sex"),
        column_labels=[_("Women"), _("Men")],
        rows=[
            (
                _("CLIs on the teams"),
                [team["cli_women"], team["cli_members"] - team["cli_women"]],
                (
                    (lambda j: links.team(role=TeamRole.INTERPRETER, sex=pick(TEAM_SEXES, j)))
                    if links
                    else None
                ),
            ),
            (
                _("CLIs on staff (today)"),
                [cli_staff["women"], cli_staff["total"] - cli_staff["women"]],
                None,
            ),
        ],
        people=True,
    )
    stakeholders = data["stakeholders"]
    key_people = count_table(
        id="stakeholders-by-sex",
        title=_("Key local stakeholders by sex"),
        row_labels=[_("Key stakeholders")],
        column_labels=[_("Women"), _("Men")],
        counts=[[stakeholders["women"], stakeholders["total"] - stakeholders["women"]]],
        people=True,
    )
    presence = count_table(
        id="team-presence",
        title=_("Missions whose team includes…"),
        row_labels=[_("Missions with a team")],
        column_labels=[
            _("a woman"),
            _("a gender officer"),
            _("a sexual-violence expert"),
            _("a CLI"),
            _("a woman on the key-stakeholder list"),
        ],
        counts=[
            [
                team["with_woman"],
                team["with_gender_officer"],
                team["with_sv_expert"],
                team["with_cli"],
                stakeholders["missions_with_woman"],
            ]
        ],
        people=False,
        margins=False,
        note=_("Out of %(n)d missions with a team in the period.") % {"n": with_team},
        url=(lambda i, j: links.missions(team_includes=TEAM_PRESENCE[j])) if links else None,
    )
    return Section(
        "gender",
        _("Gender indicators"),
        tables=[women_men, staff, clis, key_people, presence],
        note=_(
            "The brief asks every team to include women, a gender officer and a "
            "sexual-violence expert, and every key-stakeholder list to include women."
        ),
    )


def _consultations_section(data: dict, links: Links | None = None) -> Section:
    kinds = [k for k in ConsultationType if k.value in data["consultations"]]
    rows = [data["consultations"][k.value] for k in kinds]

    def meetings_url(i, j):
        # The meetings of a type to the consultation list; the missions that held them to the
        # mission list (a meeting of that type in the period).
        kind = kinds[i].value
        return links.consultations(kind=kind) if j == 0 else links.missions_held(kind=kind)

    def participants_url(i, j):
        # People, not rows: the consultation list of the meetings whose participants are
        # summed (of the row's type, or of every type for a column total); the cell is the sum
        # of its column (of the four for a total) over that list's rows. A hidden cell has no
        # link (``count_cell``).
        return links.consultations(kind=None if i is None else kinds[i].value)

    meetings = count_table(
        id="meetings-by-type",
        title=_("Meetings held, by type"),
        row_labels=[k.label for k in kinds],
        column_labels=[_("Meetings"), _("Missions")],
        counts=[[row["meetings"], row["missions"]] for row in rows],
        people=False,
        url=meetings_url if links else None,
        margins=False,
        first_heading=_("Type"),
    )
    participants = count_table(
        id="participants-by-type",
        title=_("Participants, by type of meeting"),
        row_labels=[k.label for k in kinds],
        column_labels=[_("Women"), _("Men"), _("Girls"), _("Boys")],
        counts=[[row["women"], row["men"], row["girls"], row["boys"]] for row in rows],
        people=True,
        url=participants_url if links else None,
        first_heading=_("Type"),
    )
    return Section("consultations", _("Consultations"), tables=[meetings, participants])


def _threats_section(data: dict, links: Links | None = None) -> Section:
    types = list(ThreatType)
    trends = list(Trend)
    by_type: dict[str, dict[str, int]] = {}
    by_perpetrator: dict[str, dict[str, int]] = {}
    for threat_type, perpetrator, trend, n, _severity in data["threats"]:
        by_type.setdefault(threat_type, {}).setdefault(trend, 0)
        by_type[threat_type][trend] += n
        by_perpetrator.setdefault(perpetrator, {}).setdefault(trend, 0)
        by_perpetrator[perpetrator][trend] += n
    shown_types = [t for t in types if t.value in by_type]
    perpetrators = [p for p in PerpetratorCategory if p.value in by_perpetrator]

    def trend_of(j):
        return None if j is None else trends[j].value

    def type_url(i, j):
        return links.threats(
            threat_type=None if i is None else shown_types[i].value, trend=trend_of(j)
        )

    def perpetrator_url(i, j):
        return links.threats(
            perpetrator=None if i is None else perpetrators[i].value, trend=trend_of(j)
        )

    type_table = count_table(
        id="threats-by-type",
        title=_("Protection threats by type and trend"),
        row_labels=[t.label for t in shown_types],
        column_labels=[t.label for t in trends],
        counts=[[by_type[t.value].get(tr.value, 0) for tr in trends] for t in shown_types],
        people=False,
        url=type_url if links else None,
        first_heading=_("Threat"),
        note=_("Threats analysed in the reports first submitted in the period."),
    )
    perpetrator_table = count_table(
        id="threats-by-perpetrator",
        title=_("Protection threats by alleged perpetrator and trend"),
        row_labels=[p.label for p in perpetrators],
        column_labels=[t.label for t in trends],
        counts=[[by_perpetrator[p.value].get(tr.value, 0) for tr in trends] for p in perpetrators],
        people=False,
        url=perpetrator_url if links else None,
        first_heading=_("Alleged perpetrator"),
    )
    reports = data["reports"]
    report_table = count_table(
        id="reports",
        title=_("Reports first submitted in the period"),
        row_labels=[_("Reports")],
        column_labels=[
            _("Submitted"),
            _("Sexual-violence analysis filled"),
            _("Women's organisations consulted on the protection plan"),
        ],
        counts=[[reports["submitted"], reports["sv_filled"], reports["plans_women_orgs"]]],
        people=False,
        margins=False,
        url=(lambda i, j: links.reports(has=REPORTS_HAVE[j])) if links else None,
    )
    return Section(
        "threats",
        _("Reports and protection threats"),
        tables=[report_table, type_table, perpetrator_table],
    )


def _sexual_violence_section(data: dict) -> Section:
    ages = list(AgeGroup)
    sexes = list(SurvivorSex)
    perpetrators = list(PerpetratorCategory)
    by_age = {(a.value, s.value): 0 for a in ages for s in sexes}
    by_perpetrator = {(p.value, s.value): 0 for p in perpetrators for s in sexes}
    for perpetrator, age, sex, n in data["incidents"]:
        if (age, sex) in by_age:
            by_age[(age, sex)] += n
        if (perpetrator, sex) in by_perpetrator:
            by_perpetrator[(perpetrator, sex)] += n
    age_table = count_table(
        id="sv-by-age-sex",
        title=_("Reported incidents of sexual violence, by survivors' age group and sex"),
        row_labels=[a.label for a in ages],
        column_labels=[s.label for s in sexes],
        counts=[[by_age[(a.value, s.value)] for s in sexes] for a in ages],
        people=True,
        first_heading=_("Age group"),
        note=_("Counts from the reports' analyses of patterns of sexual violence, never cases."),
    )
    perpetrator_table = count_table(
        id="sv-by-perpetrator-sex",
        title=_("Reported incidents of sexual violence, by alleged perpetrator and survivors' sex"),
        row_labels=[p.label for p in perpetrators],
        column_labels=[s.label for s in sexes],
        counts=[[by_perpetrator[(p.value, s.value)] for s in sexes] for p in perpetrators],
        people=True,
        first_heading=_("Alleged perpetrator"),
    )
    access_levels = [*ServiceAccess, None]
    services = [
        ("medical", _("Medical care")),
        ("psychosocial", _("Psychosocial support")),
        ("legal", _("Legal services")),
    ]
    access = data["sv_access"]
    access_table = count_table(
        id="sv-access",
        title=_("Survivors' access to services, as the reports assess it"),
        row_labels=[label for _key, label in services],
        column_labels=[level.label if level else _("Not assessed") for level in access_levels],
        counts=[
            [
                access.get(key, {}).get(level.value if level else "unknown", 0)
                + (access.get(key, {}).get("", 0) if level is None else 0)
                for level in access_levels
            ]
            for key, _label in services
        ],
        people=False,
        margins=False,
        first_heading=_("Service"),
        note=_("Number of reports."),
    )
    return Section(
        "sexual-violence",
        _("Sexual violence (aggregates)"),
        tables=[age_table, perpetrator_table, access_table],
    )


def _recommendations_section(data: dict, links: Links | None) -> Section:
    categories = [c for c in Category if c.value in data["recommendations"]]
    statuses = list(RecommendationStatus)

    def url(i, j):
        if not links:
            return ""
        return links.recommendations(
            category=None if i is None else categories[i].value,
            status=None if j is None else statuses[j].value,
        )

    by_category = count_table(
        id="recommendations-by-category",
        title=_("Recommendations by category and status"),
        row_labels=[c.label for c in categories],
        column_labels=[s.label for s in statuses],
        counts=[
            [data["recommendations"][c.value].get(s.value, 0) for s in statuses] for c in categories
        ],
        people=False,
        url=url,
        first_heading=_("Category"),
        note=_("Recommendations of the reports first submitted in the period, as they stand."),
    )
    impl = list(ImplementationStatus)

    def impl_url(to_date: bool):
        if not links:
            return None
        return lambda j: links.approved(
            implementation=None if j is None else impl[j].value, to_date=to_date
        )

    cohort = data["implementation"]
    to_date = data["implementation_to_date"]
    implementation = row_table(
        id="implementation",
        title=_("Approved recommendations by implementation status"),
        column_labels=[s.label for s in impl],
        rows=[
            (
                _("Approved in the period"),
                [cohort.get(s.value, 0) for s in impl],
                impl_url(False),
            ),
            (
                _("Approved by the end of the period"),
                [to_date.get(s.value, 0) for s in impl],
                impl_url(True),
            ),
        ],
        people=False,
    )
    approved = _sum(to_date.values())
    implemented = to_date.get(ImplementationStatus.IMPLEMENTED, 0)
    partly = to_date.get(ImplementationStatus.PARTLY_IMPLEMENTED, 0)
    stalled = to_date.get(ImplementationStatus.STALLED, 0)
    return Section(
        "recommendations",
        _("Recommendations and their implementation"),
        tables=[by_category, implementation],
        note=_(
            "Implemented: %(implemented)s · partly implemented: %(partly)s · stalled: "
            "%(stalled)s, of %(approved)s approved by the end of the period."
        )
        % {
            "implemented": share_cell(count_cell(implemented), count_cell(approved)).display,
            "partly": share_cell(count_cell(partly), count_cell(approved)).display,
            "stalled": share_cell(count_cell(stalled), count_cell(approved)).display,
            "approved": approved,
        },
    )


def _review_section(data: dict, links: Links | None = None) -> Section:
    levels = [lvl for lvl in ReviewLevel if lvl.value in data["review"]]
    rows = []
    for level in levels:
        row = data["review"][level.value]

        def url(level=level, **params):
            return links.review_stages(level=level.value, **params) if links else ""

        rows.append(
            Row(
                level.label,
                [
                    # The median and the 90th percentile are of the stages listed behind
                    # "Stages closed" (their days spent), not counts of a list.
                    count_cell(row["stages"], url=url()),
                    number_cell(_days(row["median_hours"])),
                    number_cell(_days(row["p90_hours"])),
                    count_cell(row["returned"], url=url(outcome=StageOutcome.RETURNED)),
                    count_cell(row["late"], url=url(late="true")),
                ],
            )
        )
    table = Table(
        id="review-times",
        title=_("Time spent at each review level (days)"),
        columns=[
            _("Stages closed"),
            _("Median"),
            _("90th percentile"),
            _("Returned to the team"),
            _("Past the deadline"),
        ],
        rows=rows,
        first_heading=_("Level"),
        note=_(
            "Review stages that ended in the period: from arrival at the level to its decision."
        ),
    )
    return Section("review", _("Review chain"), tables=[table])


def _followup_section(data: dict, links: Links | None) -> Section:
    visits = data["visits"]
    alerts = data["alerts"]
    support = data["support"]
    visit_table = Table(
        id="visits",
        title=_("Follow-up visits"),
        columns=[
            _("Visits"),
            _("Urgent alerts"),
            _("Separate meeting with women"),
            _("Average community confidence (1–5)"),
        ],
        rows=[
            Row(
                _("Visits"),
                [
                    with_link(count_cell(visits["visits"]), links.visits() if links else ""),
                    with_link(
                        count_cell(visits["urgent"]), links.visits(urgent="true") if links else ""
                    ),
                    with_link(
                        count_cell(visits["women_meeting"]),
                        links.visits(women_meeting="true") if links else "",
                    ),
                    number_cell(
                        round(visits["confidence_sum"] / visits["visits"], 1)
                        if visits["visits"]
                        else None
                    ),
                ],
            )
        ],
    )
    met = count_table(
        id="visits-people",
        title=_("People met on follow-up visits, by sex"),
        row_labels=[_("People met")],
        column_labels=[_("Women"), _("Men")],
        counts=[[visits["women"], visits["men"]]],
        people=True,
        # People, not visits: each count is the sum of its column over the visits listed.
        url=(lambda i, j: links.visits()) if links else None,
    )
    findings = list(Finding)
    finding_table = count_table(
        id="findings",
        title=_("What the visits saw of the approved recommendations"),
        row_labels=[_("Observations")],
        column_labels=[f.label for f in findings],
        counts=[[data["findings"].get(f.value, 0) for f in findings]],
        people=False,
        # One row of the list an observation (a visit and a recommendation).
        url=(
            (lambda i, j: links.observations(finding=None if j is None else findings[j].value))
            if links
            else None
        ),
    )
    alert_table = Table(
        id="alerts",
        title=_("Community alerts and alert-to-response times (hours)"),
        columns=[
            _("Alerts"),
            _("With a response"),
            _("Median"),
            _("90th percentile"),
            _("Relayed"),
            _("Protection plan used"),
        ],
        rows=[
            Row(
                _("Alerts"),
                [
                    count_cell(alerts["alerts"], url=links.alerts() if links else ""),
                    count_cell(
                        alerts["responded"],
                        url=links.alerts(responded="true") if links else "",
                    ),
                    number_cell(alerts["median_hours"]),
                    number_cell(alerts["p90_hours"]),
                    count_cell(
                        alerts["relayed"], url=links.alerts(relayed="true") if links else ""
                    ),
                    count_cell(
                        alerts["plan_used"], url=links.alerts(plan_used="true") if links else ""
                    ),
                ],
            )
        ],
    )
    distributions = Table(
        id="support-distributions",
        title=_("Material support"),
        columns=[_("Distributions")],
        rows=[
            Row(
                _("Material support"),
                [count_cell(support["distributions"], url=links.support() if links else "")],
            )
        ],
    )
    recipients = count_table(
        id="support-by-sex",
        title=_("Material support recipients by sex"),
        row_labels=[_("Recipients")],
        column_labels=[_("Women"), _("Men")],
        counts=[[support["women"], support["men"]]],
        people=True,
        # People, not distributions: each count is the sum of its column over those listed.
        url=(lambda i, j: links.support()) if links else None,
        note=_(
            "The brief asks for material support to be distributed equally among women and men."
        ),
    )
    return Section(
        "follow-up",
        _("Follow-up, alerts and material support"),
        tables=[visit_table, met, finding_table, alert_table, distributions, recipients],
    )


def _series(series: dict) -> dict:
    """The 13-month series, with the women's share of team members suppressed month by month
    (a month whose women or men on teams are fewer than five shows no point)."""
    months = series.get("months", [])
    shares: list[int | None] = []
    for members, women in zip(
        series.get("team_members", []), series.get("team_women", []), strict=False
    ):
        (women_cell, _men), total = people_vector([women, members - women])
        shares.append(share_cell(women_cell, total).value)
    return {
        "months": months,
        "missions": series.get("missions", []),
        "threats": series.get("threats", []),
        "alerts": series.get("alerts", []),
        "women_share": shares,
    }

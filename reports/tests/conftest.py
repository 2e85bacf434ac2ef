"""Fixtures of the review-chain tests: reviewers of each level in both Kivus, and a builder of
reports ready to be submitted.

``reviewers``
    Namespace of users: ``hoo`` (head of office, Nord-Kivu), ``provincial`` (provincial SMG-P,
    Nord-Kivu), ``kinshasa`` (Kinshasa SMG-P, every province), ``rrewc`` (RREWC, Nord-Kivu), and
    their Sud-Kivu counterparts ``hoo_sud``, ``provincial_sud``, ``rrewc_sud``.
``make_report(province=None, recommendations=2, ...)``
    ``tests.factories.ready_report`` in Walikale / Ntoto (Shabunda / Matili for Sud-Kivu), led
    by the province's Civil Affairs officer (``ca_officer``, ``ca_officer_sud``): an approved
    request and its mission back from the field, with an accepted team member
    ``report.team_user`` and a withdrawn one ``report.gone_user``; a report with a filled
    sexual-violence analysis, one threat, a chief (``MAN_PHONE``) and a woman (``WOMAN_PHONE``)
    on the key-stakeholder list, and N recommendations (``RECOMMENDATION_TEXTS``). Rows are
    written directly (no audit entry). Ready for
    ``report_submit(report=report, user=report.mission.lead)``.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from jpt.accounts.roles import Role
from reports.models import Report
from tests.factories import MAN_PHONE, RECOMMENDATION_TEXTS, WOMAN_PHONE, ready_report

__all__ = ["MAN_PHONE", "RECOMMENDATION_TEXTS", "WOMAN_PHONE"]


@pytest.fixture
def reviewers(make_user, places, kinshasa_smg):
    nord, sud = [places.nord_kivu], [places.sud_kivu]
    return SimpleNamespace(
        hoo=make_user("hoo_nord", Role.HEAD_OF_OFFICE, nord),
        provincial=make_user("smgp_nord", Role.SMG_PROVINCIAL, nord),
        kinshasa=kinshasa_smg,
        rrewc=make_user("rrewc_nord", Role.RREWC, nord),
        hoo_sud=make_user("hoo_sud", Role.HEAD_OF_OFFICE, sud),
        provincial_sud=make_user("smgp_sud", Role.SMG_PROVINCIAL, sud),
        rrewc_sud=make_user("rrewc_sud", Role.RREWC, sud),
    )


@pytest.fixture
def make_report(places, ca_officer, ca_officer_sud):
    counter = iter(range(1, 1000))

    def build(
        province=None,
        recommendations: int = 2,
        *,
        lead=None,
        sv_analysis: bool = True,
        sv_filled: bool = True,
        threats: int = 1,
        woman_stakeholder: bool = True,
    ) -> Report:
        sud = province == places.sud_kivu
        locality = places.matili if sud else places.ntoto
        return ready_report(
            locality=locality,
            lead=lead or (ca_officer_sud if sud else ca_officer),
            title=f"Attack on {locality.name} ({next(counter)})",
            recommendations=recommendations,
            sv_analysis=sv_analysis,
            sv_filled=sv_filled,
            threats=threats,
            woman_stakeholder=woman_stakeholder,
        )

    return build

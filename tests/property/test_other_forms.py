"""The form pages neither ``test_forms.py`` nor ``test_followup_forms.py`` covers, with the same
properties (``harness.run``), and the check that no form page of the project is left out.

``test_every_form_page_is_covered`` walks Django's URL resolver (as the permission matrix
does): a route whose view takes a POST is in one of the three ``FORMS`` tables, or in
``NO_TYPED_INPUT`` (a button: the POST carries nothing a user types, only the CSRF token; the
permission matrix posts each of them) or ``DJANGO_FORMS`` (Django's own, unchanged), each with
its reason. A new form page fails it until it has its property test.
"""

from __future__ import annotations

import pytest

from jpt.audit.models import AuditEntry
from jpt.insights.models import MonthlySummary
from tests.browser.test_small_screens import named_routes

from . import test_followup_forms, test_forms
from .fields import id_field, text_field
from .harness import FormCase, form_property, run
from .strategies import Ref

pytestmark = [pytest.mark.django_db, pytest.mark.sqlite]

FORMS: dict[str, FormCase] = {
    case.title: case
    for case in [
        FormCase(
            "indicators: compute a summary",
            "insights:summary_compute",
            (),
            "lead",  # a Civil Affairs officer of Nord-Kivu
            {"month": "2026-03", "province": Ref("nord_kivu")},
            {
                "month": text_field("2026-03", "2025-12", "2000-01", max_length=7),
                "province": id_field("nord_kivu", out_of_scope=("sud_kivu",)),
            },
            (MonthlySummary, AuditEntry),
            after_commit=True,  # the Celery task computes it once the request has committed
        ),
    ]
}

# A POST with nothing typed: what each button does.
NO_TYPED_INPUT = {
    "logout": "log out",
    "insights:summary_pdf": "ask for a summary's PDF",
    "reports:report_pdf": "ask for a report's PDF",
    "reports:report_start": "start the mission's report",
    "reports:report_submit": "submit the report for review",
    "reports:threat_remove": "remove a threat (a confirmation page, then a button)",
    "reports:recommendation_remove": "remove a draft recommendation (likewise)",
    "missions:stakeholder_remove": "remove a key stakeholder (likewise)",
    "missions:team_withdraw": "withdraw a team member (likewise)",
    "missions:mission_early_notice": "send the early notice",
    "missions:mission_email_resend": "send a failed e-mail again",
    "recommendations:planned_visit_cancel": "cancel a planned visit",
}
# Django's authentication views, unchanged (their forms are Django's, with Django's tests).
DJANGO_FORMS = {
    "password_reset": "django.contrib.auth.views.PasswordResetView",
    "password_reset_confirm": "django.contrib.auth.views.PasswordResetConfirmView",
}


@form_property(FORMS["indicators: compute a summary"])
def test_summary_compute(scene, changes):
    run(FORMS["indicators: compute a summary"], scene, changes)


def test_every_form_page_is_covered():
    covered = {
        case.view
        for table in (test_forms.FORMS, test_followup_forms.FORMS, FORMS)
        for case in table.values()
    }
    posting = set()
    for name, pattern in named_routes().items():
        view = getattr(pattern.callback, "view_class", None)
        if view is not None and hasattr(view, "post") and "post" in view.http_method_names:
            posting.add(name)
    assert sorted(posting - covered - set(NO_TYPED_INPUT) - set(DJANGO_FORMS)) == []
    assert sorted((set(NO_TYPED_INPUT) | set(DJANGO_FORMS)) - posting) == []

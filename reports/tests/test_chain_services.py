"""The review chain through its services: submission, decisions, forwarding, approval, returns,
rights, audit and e-mails."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from jpt.core.exceptions import InvalidTransition
from jpt.notifications.models import EmailMessage
from reports.choices import Decision, RecommendationStatus, ReportStatus, ReviewLevel, StageOutcome
from reports.freeze import content_hash, verify
from reports.models import (
    ProvinceChain,
    Recommendation,
    RecommendationDecision,
    Report,
    ReportVersion,
    ReviewStage,
)
from reports.selectors import inbox
from reports.services import recommendation_decide, report_return, report_submit

pytestmark = pytest.mark.django_db

T0 = timezone.make_aware(datetime(2026, 3, 2, 9, 0))


def recs(report) -> list[Recommendation]:
    return list(Recommendation.objects.filter(report=report).order_by("id"))


def open_stage(report) -> ReviewStage:
    return ReviewStage.objects.open().get(report=report)


def decide(rec, user, decision=Decision.ENDORSE, now=None, **kwargs):
    return recommendation_decide(
        recommendation=rec, user=user, decision=decision, now=now or T0, **kwargs
    )


def endorse_all(report, user, now=None):
    for rec in Recommendation.objects.filter(
        report=report, status=RecommendationStatus.IN_REVIEW
    ).order_by("id"):
        decide(rec, user, now=now)


def audit_actions(obj) -> list[str]:
    return list(AuditEntry.objects.for_object(obj).values_list("action", flat=True))


def emails_to(report) -> set[str]:
    return set(EmailMessage.objects.for_object(report).values_list("to_address", flat=True))


# --- the whole chain ------------------------------------------------------------------------


def test_whole_chain_to_kinshasa(make_report, reviewers):
    report = make_report(recommendations=3)
    lead = report.mission.lead
    first, second, third = recs(report)

    stage = report_submit(report=report, user=lead, now=T0)

    report.refresh_from_db()
    assert report.status == ReportStatus.IN_REVIEW
    assert report.chain_final_level == ReviewLevel.KINSHASA_SMG
    assert report.submitted_at == T0
    assert stage.level == ReviewLevel.HEAD_OF_OFFICE
    assert stage.entered_at == T0
    assert stage.due_at == T0 + timedelta(days=10)
    assert all(r.status == RecommendationStatus.IN_REVIEW for r in recs(report))

    # Head of office: endorse, endorse with changes, reject.
    decide(first, reviewers.hoo)
    decide(
        second,
        reviewers.hoo,
        Decision.ENDORSE_WITH_CHANGES,
        changed_text="Double the foot patrols and publish a daily patrol calendar.",
    )
    assert ReviewStage.objects.filter(report=report).count() == 1  # not yet closed
    decide(third, reviewers.hoo, Decision.REJECT, reason="Outside the mission's means.")

    stage.refresh_from_db()
    assert stage.outcome == StageOutcome.FORWARDED
    assert stage.closed_at == T0
    assert stage.closed_by == reviewers.hoo
    provincial = open_stage(report)
    assert provincial.level == ReviewLevel.PROVINCIAL_SMG
    assert ReviewStage.objects.filter(report=report).count() == 2
    first, second, third = recs(report)
    assert third.status == RecommendationStatus.REJECTED
    assert first.status == second.status == RecommendationStatus.IN_REVIEW
    assert second.text == "Double the foot patrols between Ntoto and Otobora."
    assert second.current_text == "Double the foot patrols and publish a daily patrol calendar."
    assert first.current_text == ""

    # Provincial SMG-P: only the two endorsed ones are in play.
    later = T0 + timedelta(days=2)
    decide(first, reviewers.provincial, now=later)
    with pytest.raises(InvalidTransition):  # rejected below: no longer in review
        decide(third, reviewers.provincial, now=later)
    decide(second, reviewers.provincial, now=later)
    provincial.refresh_from_db()
    assert provincial.outcome == StageOutcome.FORWARDED
    kinshasa = open_stage(report)
    assert kinshasa.level == ReviewLevel.KINSHASA_SMG
    assert Report.objects.get(pk=report.pk).status == ReportStatus.IN_REVIEW

    # Kinshasa: final level, approved.
    final = T0 + timedelta(days=5)
    endorse_all(report, reviewers.kinshasa, now=final)

    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert report.approved_at == final
    assert [s.outcome for s in report.stages.order_by("entered_at", "id")] == [
        StageOutcome.FORWARDED,
        StageOutcome.FORWARDED,
        StageOutcome.APPROVED,
    ]
    assert [s.level for s in report.stages.order_by("entered_at", "id")] == [
        ReviewLevel.HEAD_OF_OFFICE,
        ReviewLevel.PROVINCIAL_SMG,
        ReviewLevel.KINSHASA_SMG,
    ]
    assert not ReviewStage.objects.open().filter(report=report).exists()
    assert [r.status for r in recs(report)] == [
        RecommendationStatus.APPROVED,
        RecommendationStatus.APPROVED,
        RecommendationStatus.REJECTED,
    ]
    assert RecommendationDecision.objects.filter(recommendation__report=report).count() == 7

    version = ReportVersion.objects.get(report=report)
    assert version.number == 1
    assert version.sha256 == content_hash(version.content)
    assert verify(version)
    frozen = {r["id"]: r for r in version.content["recommendations"]}
    assert frozen[second.pk]["text"] == second.current_text
    assert frozen[second.pk]["original_text"] == second.text
    assert frozen[first.pk]["status"] == RecommendationStatus.APPROVED
    assert frozen[third.pk]["status"] == RecommendationStatus.REJECTED
    assert len(frozen[first.pk]["decisions"]) == 3

    actions = audit_actions(report)
    assert actions == [
        AuditAction.REPORT_SUBMITTED,
        AuditAction.REPORT_FORWARDED,
        AuditAction.REPORT_FORWARDED,
        AuditAction.REPORT_APPROVED,
    ]
    approved = AuditEntry.objects.for_object(report).get(action=AuditAction.REPORT_APPROVED)
    assert approved.details["sha256"] == version.sha256
    assert approved.actor == reviewers.kinshasa

    with pytest.raises(InvalidTransition):
        decide(first, reviewers.kinshasa)


def test_whole_chain_ending_at_provincial_level(make_report, reviewers, places):
    ProvinceChain.objects.create(province=places.sud_kivu, final_level=ReviewLevel.PROVINCIAL_SMG)
    report = make_report(province=places.sud_kivu, recommendations=2)
    first, second = recs(report)

    report_submit(report=report, user=report.mission.lead, now=T0)
    report.refresh_from_db()
    assert report.chain_final_level == ReviewLevel.PROVINCIAL_SMG

    decide(first, reviewers.hoo_sud)
    decide(second, reviewers.hoo_sud, Decision.REJECT, reason="Already covered by patrols.")
    assert open_stage(report).level == ReviewLevel.PROVINCIAL_SMG

    approved_at = T0 + timedelta(days=1)
    decide(first, reviewers.provincial_sud, now=approved_at)

    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED
    assert report.approved_at == approved_at
    assert [s.outcome for s in report.stages.order_by("entered_at", "id")] == [
        StageOutcome.FORWARDED,
        StageOutcome.APPROVED,
    ]
    assert not report.stages.filter(level=ReviewLevel.KINSHASA_SMG).exists()
    first, second = recs(report)
    assert first.status == RecommendationStatus.APPROVED
    assert second.status == RecommendationStatus.REJECTED
    version = ReportVersion.objects.get(report=report)
    assert version.sha256 == content_hash(version.content)
    assert verify(version)


def test_chain_fixed_at_first_submission(make_report, reviewers, places):
    """Configured to end at Kinshasa when submitted: an administrator's later change to
    provincial does not stop it at provincial level."""
    report = make_report(recommendations=1)
    report_submit(report=report, user=report.mission.lead, now=T0)
    ProvinceChain.objects.create(province=places.nord_kivu, final_level=ReviewLevel.PROVINCIAL_SMG)

    endorse_all(report, reviewers.hoo)
    endorse_all(report, reviewers.provincial)

    report.refresh_from_db()
    assert report.status == ReportStatus.IN_REVIEW
    assert report.chain_final_level == ReviewLevel.KINSHASA_SMG
    assert open_stage(report).level == ReviewLevel.KINSHASA_SMG


def test_chain_kept_across_return_and_resubmission(make_report, reviewers, places):
    chain = ProvinceChain.objects.create(
        province=places.nord_kivu, final_level=ReviewLevel.PROVINCIAL_SMG
    )
    report = make_report(recommendations=1)
    lead = report.mission.lead
    report_submit(report=report, user=lead, now=T0)
    report_return(report=report, user=reviewers.hoo, comment="Add the patrol routes.")
    chain.final_level = ReviewLevel.KINSHASA_SMG
    chain.save()

    report_submit(report=report, user=lead)
    endorse_all(report, reviewers.hoo)
    endorse_all(report, reviewers.provincial)

    report.refresh_from_db()
    assert report.chain_final_level == ReviewLevel.PROVINCIAL_SMG
    assert report.status == ReportStatus.APPROVED
    assert report.submitted_at == T0  # the first submission


def test_all_rejected_closes_the_report(make_report, reviewers):
    report = make_report(recommendations=2)
    report_submit(report=report, user=report.mission.lead, now=T0)
    for rec in recs(report):
        decide(rec, reviewers.hoo, Decision.REJECT, reason="Not feasible.")
    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED
    assert report.stages.get().outcome == StageOutcome.CLOSED
    assert not ReportVersion.objects.filter(report=report).exists()
    assert AuditAction.REPORT_CLOSED in audit_actions(report)


# --- return and resubmit --------------------------------------------------------------------


def test_return_at_provincial_then_resubmit_goes_back_to_provincial(make_report, reviewers):
    report = make_report(recommendations=2)
    lead = report.mission.lead
    report_submit(report=report, user=lead, now=T0)
    endorse_all(report, reviewers.hoo)
    provincial = open_stage(report)
    first, second = recs(report)

    # A decision taken at this level, then the whole report is returned.
    decide(
        first,
        reviewers.provincial,
        Decision.ENDORSE_WITH_CHANGES,
        changed_text="Escort women to the market on Thursdays and Saturdays.",
    )
    returned_at = T0 + timedelta(days=3)
    result = report_return(
        report=report,
        user=reviewers.provincial,
        comment="Name the patrol routes and the escort meeting points.",
        now=returned_at,
    )

    assert result.status == ReportStatus.RETURNED
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED
    provincial.refresh_from_db()
    assert provincial.outcome == StageOutcome.RETURNED
    assert provincial.closed_at == returned_at
    assert provincial.closed_by == reviewers.provincial
    assert provincial.comment == "Name the patrol routes and the escort meeting points."
    assert not ReviewStage.objects.open().filter(report=report).exists()
    # The decision at the returning level does not apply.
    first, second = recs(report)
    assert first.status == second.status == RecommendationStatus.IN_REVIEW
    assert first.current_text == ""
    assert audit_actions(report)[-1] == AuditAction.REPORT_RETURNED

    # Nothing can be decided while the team has it.
    with pytest.raises(InvalidTransition):
        decide(second, reviewers.provincial)

    resubmitted_at = T0 + timedelta(days=5)
    stage = report_submit(report=report, user=lead, now=resubmitted_at)

    assert stage.level == ReviewLevel.PROVINCIAL_SMG
    assert stage.entered_at == resubmitted_at
    assert stage.decisions.count() == 0
    assert report.stages.count() == 3
    assert not report.stages.filter(level=ReviewLevel.HEAD_OF_OFFICE, outcome="open").exists()
    report.refresh_from_db()
    assert report.status == ReportStatus.IN_REVIEW
    assert report.submitted_at == T0

    # The provincial level decides afresh (the earlier decision was on the returned stage).
    endorse_all(report, reviewers.provincial)
    assert open_stage(report).level == ReviewLevel.KINSHASA_SMG
    assert recs(report)[0].current_text == ""


@pytest.mark.parametrize("comment", ["", "   "])
def test_return_needs_a_comment(make_report, reviewers, comment):
    report = make_report()
    report_submit(report=report, user=report.mission.lead, now=T0)
    with pytest.raises(ValidationError) as excinfo:
        report_return(report=report, user=reviewers.hoo, comment=comment)
    assert "comment" in excinfo.value.message_dict
    report.refresh_from_db()
    assert report.status == ReportStatus.IN_REVIEW
    assert open_stage(report).outcome == StageOutcome.OPEN


def test_return_rights_and_state(make_report, reviewers):
    report = make_report()
    with pytest.raises(InvalidTransition):
        report_return(report=report, user=reviewers.hoo, comment="Not yet submitted.")
    report_submit(report=report, user=report.mission.lead, now=T0)
    for user in (reviewers.provincial, reviewers.kinshasa, reviewers.rrewc, report.mission.lead):
        with pytest.raises(PermissionDenied):
            report_return(report=report, user=user, comment="Please change it.")
    with pytest.raises(PermissionDenied):
        report_return(report=report, user=reviewers.hoo_sud, comment="Please change it.")
    assert open_stage(report).level == ReviewLevel.HEAD_OF_OFFICE


# --- submission checks ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("options", "code_words"),
    [
        ({"sv_analysis": False}, "sexual violence"),
        ({"sv_filled": False}, "sexual violence"),
        ({"threats": 0}, "threat"),
        ({"recommendations": 0}, "recommendation"),
        ({"woman_stakeholder": False}, "must include women"),
    ],
    ids=["no_sv_analysis", "sv_not_filled", "no_threat", "no_recommendation", "no_woman"],
)
def test_each_blocking_check_stops_submission(make_report, reviewers, options, code_words):
    report = make_report(**options)
    with pytest.raises(ValidationError) as excinfo:
        report_submit(report=report, user=report.mission.lead, now=T0)
    assert len(excinfo.value.messages) == 1
    assert code_words in excinfo.value.messages[0]

    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert report.submitted_at is None
    assert report.chain_final_level == ""
    assert not ReviewStage.objects.filter(report=report).exists()
    assert all(r.status == RecommendationStatus.DRAFT for r in recs(report))
    assert audit_actions(report) == []
    assert not EmailMessage.objects.for_object(report).exists()


def test_woman_check_says_why(make_report):
    report = make_report(woman_stakeholder=False)
    with pytest.raises(ValidationError) as excinfo:
        report_submit(report=report, user=report.mission.lead, now=T0)
    message = excinfo.value.messages[0]
    assert "no woman" in message
    assert "policy brief" in message


def test_every_blocking_problem_is_listed(make_report):
    report = make_report(recommendations=0, sv_analysis=False, threats=0, woman_stakeholder=False)
    with pytest.raises(ValidationError) as excinfo:
        report_submit(report=report, user=report.mission.lead, now=T0)
    assert len(excinfo.value.messages) == 4


def test_warnings_do_not_block(make_report, reviewers):
    """The default report has no meeting with local women and no women's organization on the
    plan: two warnings, and the submission goes through."""
    report = make_report()
    stage = report_submit(report=report, user=report.mission.lead, now=T0)
    assert stage.level == ReviewLevel.HEAD_OF_OFFICE


def test_only_team_or_civil_affairs_may_submit(make_report, reviewers, ca_officer_sud, cli):
    report = make_report()
    for outsider in (reviewers.hoo, reviewers.kinshasa, reviewers.rrewc, ca_officer_sud, cli):
        with pytest.raises(PermissionDenied):
            report_submit(report=report, user=outsider, now=T0)
    with pytest.raises(PermissionDenied):  # withdrawn from the team
        report_submit(report=report, user=report.gone_user, now=T0)
    assert Report.objects.get(pk=report.pk).status == ReportStatus.DRAFT

    stage = report_submit(report=report, user=report.team_user, now=T0)
    assert stage.level == ReviewLevel.HEAD_OF_OFFICE


def test_civil_affairs_of_the_province_may_submit(make_report, make_user, places):
    from jpt.accounts.roles import Role

    other_officer = make_user("ca_nord_two", Role.CIVIL_AFFAIRS, [places.nord_kivu])
    report = make_report()
    report_submit(report=report, user=other_officer, now=T0)
    assert Report.objects.get(pk=report.pk).status == ReportStatus.IN_REVIEW


def test_report_in_review_cannot_be_submitted_again(make_report, reviewers):
    report = make_report(recommendations=1)
    lead = report.mission.lead
    report_submit(report=report, user=lead, now=T0)
    with pytest.raises(InvalidTransition):
        report_submit(report=report, user=lead, now=T0)
    assert ReviewStage.objects.filter(report=report).count() == 1

    endorse_all(report, reviewers.hoo)
    endorse_all(report, reviewers.provincial)
    endorse_all(report, reviewers.kinshasa)
    with pytest.raises(InvalidTransition):
        report_submit(report=report, user=lead, now=T0)
    assert ReportVersion.objects.filter(report=report).count() == 1


# --- rights ---------------------------------------------------------------------------------


def test_head_of_office_cannot_decide_at_provincial_level(make_report, reviewers):
    report = make_report(recommendations=2)
    report_submit(report=report, user=report.mission.lead, now=T0)
    endorse_all(report, reviewers.hoo)
    with pytest.raises(PermissionDenied):
        decide(recs(report)[0], reviewers.hoo)
    assert open_stage(report).decisions.count() == 0


def test_sud_kivu_reviewer_cannot_see_nor_decide_nord_kivu_report(make_report, reviewers):
    report = make_report(recommendations=2)
    report_submit(report=report, user=report.mission.lead, now=T0)
    stage = open_stage(report)

    assert not Report.objects.visible_to(reviewers.hoo_sud).filter(pk=report.pk).exists()
    assert not Recommendation.objects.visible_to(reviewers.hoo_sud).exists()
    assert list(inbox(reviewers.hoo_sud)) == []
    assert list(inbox(reviewers.hoo)) == [stage]
    assert list(inbox(reviewers.provincial)) == []
    with pytest.raises(PermissionDenied):
        decide(recs(report)[0], reviewers.hoo_sud)

    endorse_all(report, reviewers.hoo)
    assert list(inbox(reviewers.provincial)) == [open_stage(report)]
    assert list(inbox(reviewers.provincial_sud)) == []
    assert not Report.objects.visible_to(reviewers.provincial_sud).filter(pk=report.pk).exists()
    with pytest.raises(PermissionDenied):
        decide(recs(report)[0], reviewers.provincial_sud)
    assert open_stage(report).decisions.count() == 0
    # The Nord-Kivu RREWC reads it, the Sud-Kivu one does not, and neither decides.
    assert Report.objects.visible_to(reviewers.rrewc).filter(pk=report.pk).exists()
    assert not Report.objects.visible_to(reviewers.rrewc_sud).filter(pk=report.pk).exists()
    with pytest.raises(PermissionDenied):
        decide(recs(report)[0], reviewers.rrewc)


def test_kinshasa_member_cannot_decide_at_head_of_office_level(make_report, reviewers):
    report = make_report(recommendations=2)
    report_submit(report=report, user=report.mission.lead, now=T0)
    assert Report.objects.visible_to(reviewers.kinshasa).filter(pk=report.pk).exists()
    assert list(inbox(reviewers.kinshasa)) == []
    with pytest.raises(PermissionDenied):
        decide(recs(report)[0], reviewers.kinshasa)
    assert RecommendationDecision.objects.count() == 0


def test_deciding_a_report_not_in_review(make_report, reviewers):
    report = make_report(recommendations=2)
    with pytest.raises(InvalidTransition):
        decide(recs(report)[0], reviewers.hoo)
    assert RecommendationDecision.objects.count() == 0


def test_deciding_twice_is_already_decided(make_report, reviewers, make_user, places):
    from jpt.accounts.roles import Role

    other = make_user("hoo_nord_two", Role.HEAD_OF_OFFICE, [places.nord_kivu])
    report = make_report(recommendations=2)
    report_submit(report=report, user=report.mission.lead, now=T0)
    first = recs(report)[0]
    decide(first, reviewers.hoo)

    for user, decision, extra in [
        (other, Decision.REJECT, {"reason": "No troops available."}),
        (reviewers.hoo, Decision.ENDORSE, {}),
    ]:
        with pytest.raises(InvalidTransition) as excinfo:
            decide(first, user, decision, **extra)
        assert "Already decided" in excinfo.value.message
        assert "Nothing was changed" in excinfo.value.message

    record = RecommendationDecision.objects.get(recommendation=first)
    assert record.decided_by == reviewers.hoo
    assert record.decision == Decision.ENDORSE
    assert (
        AuditEntry.objects.for_object(first)
        .filter(action=AuditAction.RECOMMENDATION_DECIDED)
        .count()
        == 1
    )


@pytest.mark.parametrize(
    ("decision", "extra", "field"),
    [
        (Decision.ENDORSE_WITH_CHANGES, {}, "changed_text"),
        (Decision.ENDORSE_WITH_CHANGES, {"changed_text": "   "}, "changed_text"),
        (
            Decision.ENDORSE_WITH_CHANGES,
            {"changed_text": " Escort women to the Ntoto market every Thursday. "},
            "changed_text",
        ),
        (Decision.REJECT, {}, "reason"),
        (Decision.REJECT, {"reason": "  "}, "reason"),
    ],
    ids=["changes_empty", "changes_blank", "changes_same", "reject_empty", "reject_blank"],
)
def test_decision_needs_its_text(make_report, reviewers, decision, extra, field):
    report = make_report(recommendations=2)
    report_submit(report=report, user=report.mission.lead, now=T0)
    with pytest.raises(ValidationError) as excinfo:
        decide(recs(report)[0], reviewers.hoo, decision, **extra)
    assert field in excinfo.value.message_dict
    assert RecommendationDecision.objects.count() == 0


def test_changed_text_compared_with_the_current_text(make_report, reviewers):
    """At the next level "with changes" must differ from the text as changed below."""
    report = make_report(recommendations=1)
    report_submit(report=report, user=report.mission.lead, now=T0)
    rec = recs(report)[0]
    decide(rec, reviewers.hoo, Decision.ENDORSE_WITH_CHANGES, changed_text="New wording.")
    with pytest.raises(ValidationError):
        decide(
            rec, reviewers.provincial, Decision.ENDORSE_WITH_CHANGES, changed_text="New wording."
        )
    record = decide(
        rec, reviewers.provincial, Decision.ENDORSE_WITH_CHANGES, changed_text="Newer wording."
    )
    assert record.text_before == "New wording."
    rec.refresh_from_db()
    assert rec.text == "Escort women to the Ntoto market every Thursday."
    assert rec.current_text == "Newer wording."


def test_audit_one_entry_per_decision(make_report, reviewers):
    report = make_report(recommendations=3)
    report_submit(report=report, user=report.mission.lead, now=T0)
    first, second, third = recs(report)
    decide(first, reviewers.hoo)
    decide(second, reviewers.hoo, Decision.ENDORSE_WITH_CHANGES, changed_text="Changed.")
    decide(third, reviewers.hoo, Decision.REJECT, reason="Too costly.")

    for rec, decision in [
        (first, Decision.ENDORSE),
        (second, Decision.ENDORSE_WITH_CHANGES),
        (third, Decision.REJECT),
    ]:
        entry = AuditEntry.objects.for_object(rec).get()
        assert entry.action == AuditAction.RECOMMENDATION_DECIDED
        assert entry.actor == reviewers.hoo
        assert entry.details["decision"] == decision
        assert entry.details["level"] == ReviewLevel.HEAD_OF_OFFICE
    assert AuditEntry.objects.for_object(third).get().details["reason"] == "Too costly."
    assert AuditEntry.objects.for_object(second).get().details["changed_text"] == "Changed."
    assert audit_actions(report) == [AuditAction.REPORT_SUBMITTED, AuditAction.REPORT_FORWARDED]
    forwarded = AuditEntry.objects.for_object(report).get(action=AuditAction.REPORT_FORWARDED)
    assert forwarded.details == {
        "from": ReviewLevel.HEAD_OF_OFFICE,
        "to": ReviewLevel.PROVINCIAL_SMG,
        "recommendations": 2,
    }


# --- e-mails --------------------------------------------------------------------------------


def test_emails_on_arrival_at_each_level(
    make_report, reviewers, make_user, django_capture_on_commit_callbacks
):
    # An inactive head of office and one without e-mail get nothing.
    from jpt.accounts.roles import Role

    places_nord = list(reviewers.hoo.provinces.all())
    make_user("hoo_inactive", Role.HEAD_OF_OFFICE, places_nord, is_active=False)
    make_user("hoo_no_mail", Role.HEAD_OF_OFFICE, places_nord, email="")
    report = make_report(recommendations=1)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report_submit(report=report, user=report.mission.lead, now=T0)
    assert mail.outbox == []  # nothing leaves before the commit
    assert emails_to(report) == {reviewers.hoo.email}
    for callback in callbacks:
        callback()
    assert [m.to for m in mail.outbox] == [[reviewers.hoo.email]]
    assert report.mission.reference in mail.outbox[0].subject
    message = EmailMessage.objects.for_object(report).get()
    assert message.recipient == reviewers.hoo
    assert message.status == "sent"

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        endorse_all(report, reviewers.hoo)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [reviewers.provincial.email, reviewers.rrewc.email]
    )
    rrewc_mail = next(m for m in mail.outbox if m.to == [reviewers.rrewc.email])
    assert "Early Warning" in rrewc_mail.body

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        endorse_all(report, reviewers.provincial)
    assert [m.to for m in mail.outbox] == [[reviewers.kinshasa.email]]
    for outsider in (
        reviewers.hoo_sud,
        reviewers.provincial_sud,
        reviewers.rrewc_sud,
    ):
        assert not EmailMessage.objects.filter(recipient=outsider).exists()


def test_emails_to_the_team_on_return_and_approval(
    make_report, reviewers, django_capture_on_commit_callbacks
):
    report = make_report(recommendations=1)
    lead = report.mission.lead
    team = sorted([lead.email, report.team_user.email])
    report_submit(report=report, user=lead, now=T0)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report_return(report=report, user=reviewers.hoo, comment="Add the escort points.")
    assert mail.outbox == []
    for callback in callbacks:
        callback()
    assert sorted(m.to[0] for m in mail.outbox) == team
    assert all("Add the escort points." in m.body for m in mail.outbox)
    assert report.gone_user.email not in {m.to[0] for m in mail.outbox}

    report_submit(report=report, user=lead)
    endorse_all(report, reviewers.hoo)
    endorse_all(report, reviewers.provincial)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        endorse_all(report, reviewers.kinshasa)
    assert sorted(m.to[0] for m in mail.outbox) == team
    assert all("approved" in m.subject for m in mail.outbox)
    approved = EmailMessage.objects.for_object(report).filter(subject__contains="approved")
    assert sorted(approved.values_list("to_address", flat=True)) == team


def test_no_email_when_the_service_fails(
    make_report, reviewers, django_capture_on_commit_callbacks
):
    report = make_report(woman_stakeholder=False)
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(ValidationError),
    ):
        report_submit(report=report, user=report.mission.lead, now=T0)
    assert callbacks == []
    assert mail.outbox == []


def test_a_brigade_commander_decides_at_the_first_level_beside_the_head_of_office(
    make_report, reviewers, make_user, places
):
    """The brief: reports are reviewed "by civilian heads of office and brigade commanders"."""
    from jpt.accounts.roles import Role

    commander = make_user("brigade_nord", Role.BRIGADE_COMMANDER, [places.nord_kivu])
    report = make_report(recommendations=2)
    report_submit(report=report, user=report.mission.lead)
    assert commander.email in emails_to(report)
    first, second = recs(report)
    decide(first, commander)
    decide(second, reviewers.hoo)
    decided_by = {
        d.recommendation_id: d.decided_by
        for d in RecommendationDecision.objects.filter(stage__level=ReviewLevel.HEAD_OF_OFFICE)
    }
    assert decided_by == {first.pk: commander, second.pk: reviewers.hoo}
    assert open_stage(report).level == ReviewLevel.PROVINCIAL_SMG
    # Not in another province.
    other = make_user("brigade_sud", Role.BRIGADE_COMMANDER, [places.sud_kivu])
    report2 = make_report(recommendations=1)
    report_submit(report=report2, user=report2.mission.lead)
    with pytest.raises(PermissionDenied):
        decide(recs(report2)[0], other)

"""The factories of ``tests/factories.py``: one for every model of the project's own apps, and
each one makes a row the models accept (``full_clean`` and ``save``)."""

from __future__ import annotations

import inspect

import factory
import pytest
from django.apps import apps

from jpt.accounts.roles import Role
from jpt.documents.services import document_request
from jpt.insights.services import can_compute, check_month
from recommendations import services
from recommendations.choices import PlannedVisitStatus
from tests import factories

# The project's own apps: the domain apps and the shared ones inside the project package,
# except the benchmark (its rows are its own business).
DOMAIN_APPS = {"missions", "reports", "recommendations"}
NOT_COVERED_APPS = {"jpt.bench"}


def project_models() -> list[type]:
    """Concrete models of the project's own apps (no proxy, no auto-created through table)."""
    return [
        model
        for config in apps.get_app_configs()
        if (config.name in DOMAIN_APPS or config.name.startswith("jpt."))
        and config.name not in NOT_COVERED_APPS
        for model in config.get_models()  # leaves out auto-created through tables
        if not model._meta.proxy and not model._meta.abstract and model._meta.managed
    ]


def model_factories() -> list[type[factory.django.DjangoModelFactory]]:
    """Every concrete model factory of ``tests.factories``, in the order they are written."""
    found = [
        value
        for value in vars(factories).values()
        if inspect.isclass(value)
        and issubclass(value, factory.django.DjangoModelFactory)
        and value._meta.model is not None
        and not value._meta.abstract
    ]
    return sorted(found, key=lambda cls: inspect.getsourcelines(cls)[1])


def test_every_model_of_the_project_has_a_factory():
    covered = {cls._meta.model for cls in model_factories()}
    missing = sorted(m._meta.label for m in project_models() if m not in covered)
    assert not missing, f"No factory in tests/factories.py for: {', '.join(missing)}"


def test_the_walk_sees_the_apps_it_should():
    """The walk above covers what it claims: the follow-up models and the shared apps, not the
    benchmark nor the through tables."""
    labels = {m._meta.label for m in project_models()}
    assert {
        "recommendations.FollowUpVisit",
        "insights.MonthlySummary",
        "documents.Document",
        "accounts.User",
    } <= labels
    assert not any(label.startswith("bench.") for label in labels)
    assert "recommendations.FollowUpVisit_localities" not in labels


# Traits of the follow-up, indicator and document factories, each a row of its own.
TRAITS = {
    "ImplementationFactory": ["not_started", "implemented", "stalled", "discussed"],
    "PlannedVisitFactory": ["done", "cancelled", "overdue"],
    "FollowUpVisitFactory": ["urgent", "from_plan"],
    "CommunityAlertFactory": ["relayed", "answered", "with_plan"],
    "MaterialSupportFactory": ["other"],
    "MonthlySummaryFactory": ["all_provinces", "on_demand"],
    "DocumentFactory": ["rendering", "ready", "failed", "trend"],
}
CASES = [pytest.param(cls, {}, id=cls.__name__) for cls in model_factories()] + [
    pytest.param(getattr(factories, name), {trait: True}, id=f"{name}-{trait}")
    for name, traits in TRAITS.items()
    for trait in traits
]


_CREATE = factory.django.DjangoModelFactory.__dict__["_create"].__func__


def _create_checked(cls, model_class, *args, **kwargs):
    """``DjangoModelFactory._create``, with ``full_clean()`` on each row before it is saved
    (after ``get_or_create``, for the factories that look their row up first)."""
    if cls._meta.django_get_or_create:
        row = _CREATE(cls, model_class, *args, **kwargs)
        row.full_clean()
        return row
    row = model_class(*args, **kwargs)
    row.full_clean()
    row.save(force_insert=True)
    return row


@pytest.mark.django_db
@pytest.mark.parametrize(("factory_class", "kwargs"), CASES)
def test_each_factory_makes_a_valid_row(factory_class, kwargs, monkeypatch, settings, tmp_path):
    """Every row the factory writes (its own and those it hangs from) passes ``full_clean()``
    before ``save()``; the row, read back with its many-to-many links, passes it again."""
    settings.MEDIA_ROOT = tmp_path  # the files of ready documents
    monkeypatch.setattr(factory.django.DjangoModelFactory, "_create", classmethod(_create_checked))
    row = factory_class(**kwargs)
    stored = type(row)._default_manager.get(pk=row.pk)
    stored.full_clean()


# --------------------------------------------------------------------------------------------
# The follow-up rows are rows the services would accept
# --------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_visit_and_its_observation_pass_the_visit_checks():
    observation = factories.VisitObservationFactory(visit__urgent=True)
    visit = observation.visit
    assert visit.cli.provinces.get() == visit.province
    checked, localities, observations = services._check_visit(
        visit.cli,
        {
            "localities": list(visit.localities.all()),
            **{
                name: getattr(visit, name)
                for name in ("visited_on", "women", "men", "women_meeting", "confidence")
            },
            "new_threats": visit.new_threats,
            "observations": [
                {"recommendation": observation.recommendation, "finding": observation.finding}
            ],
        },
    )
    assert checked["province"] == visit.province
    assert [row["recommendation_id"] for row in observations] == [observation.recommendation_id]
    assert observation.recommendation.report.approved_at.date() <= visit.visited_on


@pytest.mark.django_db
def test_a_visit_made_of_a_plan_is_the_plans():
    visit = factories.FollowUpVisitFactory(from_plan=True)
    planned = visit.planned_visit
    assert (planned.cli, planned.province, planned.planned_on) == (
        visit.cli,
        visit.province,
        visit.visited_on,
    )
    assert planned.status == PlannedVisitStatus.DONE
    assert set(planned.localities.all()) == set(visit.localities.all())


@pytest.mark.django_db
def test_a_planned_visit_is_one_the_calendar_accepts():
    planned = factories.PlannedVisitFactory()
    again = services.planned_visit_add(
        user=planned.cli,
        data={"planned_on": planned.planned_on, "localities": list(planned.localities.all())},
    )
    assert again.province == planned.province


@pytest.mark.django_db
@pytest.mark.parametrize("trait", [None, "relayed", "answered", "with_plan"])
def test_an_alert_passes_the_alert_checks(trait):
    factories.OperatingBaseFactory()  # a base elsewhere: never the alert's
    alert = factories.CommunityAlertFactory(**({trait: True} if trait else {}))
    data = {name: getattr(alert, name) for name in services.ALERT_FIELDS}
    assert services._check_alert(alert.cli, data) == {}
    assert alert.province == alert.locality.territory.province
    if trait == "with_plan":
        assert alert.safe_area in services.plan_options(alert.locality)[0]


@pytest.mark.django_db
@pytest.mark.parametrize("trait", [None, "other"])
def test_material_support_is_what_the_service_records(trait):
    support = factories.MaterialSupportFactory(**({trait: True} if trait else {}))
    again = services.support_record(
        user=support.recorded_by,
        data={name: getattr(support, name) for name in services.SUPPORT_FIELDS},
    )
    assert again.province == support.province


@pytest.mark.django_db
@pytest.mark.parametrize("traits", [{}, {"stalled": True, "discussed": True}])
def test_an_implementation_is_what_tracking_records(traits):
    implementation = factories.ImplementationFactory(**traits)
    recommendation = implementation.recommendation
    officer = factories.UserFactory(
        roles=[Role.CIVIL_AFFAIRS], provinces=[recommendation.report.mission.province]
    )
    data = {name: getattr(implementation, name) for name in services.IMPLEMENTATION_FIELDS}
    again = services.implementation_update(
        recommendation=recommendation, user=officer, data=data, comment="As agreed."
    )
    assert again.pk == implementation.pk
    assert implementation.target_date > recommendation.report.approved_at.date()


@pytest.mark.django_db
def test_a_summary_computed_on_demand_is_one_its_officer_may_compute():
    summary = factories.MonthlySummaryFactory(on_demand=True)
    assert check_month(summary.month) == summary.month
    assert can_compute(summary.computed_by, summary.province)
    assert factories.MonthlySummaryFactory(province=summary.province).pk == summary.pk


@pytest.mark.django_db
@pytest.mark.parametrize("trait", [None, "trend"])
def test_a_document_is_the_one_its_request_would_store(trait):
    document = factories.DocumentFactory(**({trait: True} if trait else {}))
    again = document_request(
        kind=document.kind,
        target=document.target,
        user=document.requested_by,
        audience=document.audience,
        enqueue=False,
    )
    assert again.pk == document.pk  # the same input: the stored document

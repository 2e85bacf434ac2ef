"""The community alert pages (list, log, relay / response / plan use, the plan's options) and
the material support pages: who gets what, input kept next to the fields, the protection
plan's rows offered for the alert's area only, and a constant number of queries on the lists."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import empty

from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from recommendations import services
from recommendations.choices import AlertChannel, AlertSource, RelayedTo, SupportItem
from recommendations.models import CommunityAlert, MaterialSupport
from reports.choices import ThreatType

pytestmark = pytest.mark.django_db

ALERTS = reverse("recommendations:alert_list")
ALERT_NEW = reverse("recommendations:alert_create")
PLAN_OPTIONS = reverse("recommendations:alert_plan_options")
SUPPORT = reverse("recommendations:support_list")
SUPPORT_NEW = reverse("recommendations:support_create")


def alert_url(alert) -> str:
    return reverse("recommendations:alert_update", args=[alert.pk])


def split(moment, name: str) -> dict:
    moment = timezone.localtime(moment)
    return {f"{name}_0": f"{moment:%Y-%m-%d}", f"{name}_1": f"{moment:%H:%M}"}


@pytest.fixture
def received():
    return timezone.localtime().replace(second=0, microsecond=0) - timedelta(hours=2)


def form_data(places, received, **overrides) -> dict:
    data = {
        **split(received, "received_at"),
        "locality": places.ntoto.pk,
        "channel": AlertChannel.PHONE,
        "threat_type": ThreatType.ATTACK,
        "source": AlertSource.WOMENS_GROUP,
        "description": "Armed men seen near the fields at dawn.",
        "plan_used": "unknown",
    }
    data.update(overrides)
    return data


@pytest.fixture
def alert(cli_nord, places, received):
    return services.alert_record(
        user=cli_nord,
        data={
            "received_at": received,
            "locality": places.ntoto,
            "channel": AlertChannel.RADIO,
            "threat_type": ThreatType.LOOTING,
            "source": AlertSource.LOCAL_LEADER,
            "description": "Looting at the Ntoto checkpoint.",
        },
    )


# --------------------------------------------------------------------------------------------
# Who gets what
# --------------------------------------------------------------------------------------------


def test_anonymous_users_go_to_the_login_page(client, alert):
    for url in (ALERTS, ALERT_NEW, alert_url(alert), PLAN_OPTIONS, SUPPORT, SUPPORT_NEW):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login")), url


def test_the_permission_matrix(
    client, alert, cli_nord, cli_sud, ca_officer, kinshasa_smg, analyst, requester, reviewers
):
    """CLIs log and update alerts; everyone who follows up reads them (in scope); Civil Affairs
    and CLIs record material support; analysts (aggregates only) and requesters see none."""
    pages = [ALERTS, ALERT_NEW, alert_url(alert), SUPPORT, SUPPORT_NEW]
    expected = {
        cli_nord: [200, 200, 200, 200, 200],
        cli_sud: [200, 200, 404, 200, 200],
        ca_officer: [200, 403, 200, 200, 200],
        reviewers.hoo: [200, 403, 200, 200, 403],
        kinshasa_smg: [200, 403, 200, 200, 403],
        reviewers.rrewc_sud: [200, 403, 404, 200, 403],
        analyst: [403, 403, 403, 403, 403],
        requester: [403, 403, 403, 403, 403],
    }
    for user, statuses in expected.items():
        client.force_login(user)
        assert [client.get(url).status_code for url in pages] == statuses, user
    # Reading an alert is not updating it.
    client.force_login(ca_officer)
    response = client.get(alert_url(alert))
    assert "Looting at the Ntoto checkpoint." in response.text
    assert 'id="alert-form"' not in response.text
    assert client.post(alert_url(alert), {"response": "x"}).status_code == 403
    client.force_login(cli_sud)
    assert alert.pk not in [a.pk for a in client.get(ALERTS).context["alerts"]]


# --------------------------------------------------------------------------------------------
# Logging and updating an alert
# --------------------------------------------------------------------------------------------


def test_a_cli_logs_an_alert_and_the_base_comes_from_the_place(client, cli_nord, places, received):
    client.force_login(cli_nord)
    response = client.post(ALERT_NEW, form_data(places, received))
    assert response.status_code == 302
    assert response["Location"] == ALERTS
    alert = CommunityAlert.objects.get()
    assert alert.base == places.walikale_cob
    assert alert.received_at == received
    assert alert.source == AlertSource.WOMENS_GROUP
    assert AuditEntry.objects.for_object(alert).get().action == AuditAction.ALERT_RECORDED


def test_bad_input_is_kept_next_to_the_fields(client, cli_nord, places, received):
    client.force_login(cli_nord)
    response = client.post(
        ALERT_NEW,
        form_data(places, received, channel="", source="Jean Mukendi", response="Patrol sent."),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"channel", "source"} <= set(errors)
    assert "Armed men seen near the fields at dawn." in response.text
    assert "Patrol sent." in response.text
    # The service's rules, next to their fields too: a relay before the alert came, a
    # response with no relay.
    response = client.post(
        ALERT_NEW,
        form_data(
            places,
            received,
            **split(received - timedelta(hours=1), "responded_at"),
            response="Patrol sent.",
        ),
    )
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"responded_at", "relayed_at"} <= set(errors)
    assert 'id="error_1_id_relayed_at"' in response.text
    assert "Patrol sent." in response.text
    assert not CommunityAlert.objects.exists()


def test_relay_response_and_the_plan_used(client, approved, alert, cli_nord, places, received):
    client.force_login(cli_nord)
    data = form_data(
        places,
        received,
        **split(received + timedelta(minutes=15), "relayed_at"),
        relayed_to=[RelayedTo.PEACEKEEPERS, RelayedTo.AUTHORITIES],
        **split(received + timedelta(hours=1), "responded_at"),
        response="A patrol went to the fields.",
        plan_used="true",
        safe_area=approved.safe_area.pk,
        escort_point=approved.escort_point.pk,
        plan_outcome="worked",
    )
    response = client.post(alert_url(alert), data)
    assert response.status_code == 302, response.context["form"].errors
    alert.refresh_from_db()
    assert alert.responded_at == received + timedelta(hours=1)
    assert alert.relayed_to == [RelayedTo.PEACEKEEPERS, RelayedTo.AUTHORITIES]
    assert alert.safe_area == approved.safe_area
    assert alert.plan_used is True
    entry = AuditEntry.objects.for_object(alert).latest("id")
    assert entry.action == AuditAction.ALERT_UPDATED
    html = client.get(alert_url(alert)).text
    assert "Ntoto parish" in html
    assert "Worked as agreed" in html


# --------------------------------------------------------------------------------------------
# The protection plan's rows: those of the alert's area
# --------------------------------------------------------------------------------------------


def test_the_plan_options_follow_the_locality(client, approved, cli_nord, cli_sud, places):
    client.force_login(cli_nord)
    # Before a locality is chosen: none (every approved plan of a province is thousands of
    # <option>s after a few years); the page asks for the locality's once it is chosen.
    form = client.get(ALERT_NEW).context["form"]
    assert not form.fields["safe_area"].queryset.exists()
    assert not form.fields["escort_point"].queryset.exists()
    # A form sent back with the locality offers that locality's plan.
    sent = client.post(ALERT_NEW, {"locality": places.ntoto.pk}).context["form"]
    assert list(sent.fields["safe_area"].queryset) == [approved.safe_area]
    assert list(sent.fields["escort_point"].queryset) == [approved.escort_point]
    ntoto = client.get(PLAN_OPTIONS, {"locality": places.ntoto.pk, "kind": "safe_area"})
    assert "Ntoto parish (Ntoto)" in ntoto.text
    escort = client.get(PLAN_OPTIONS, {"locality": places.ntoto.pk, "kind": "escort_point"})
    assert "Ntoto bridge (Thursday 6:00)" in escort.text
    # Masisi has no approved plan: nothing to offer.
    masisi = client.get(PLAN_OPTIONS, {"locality": places.nyabiondo.pk, "kind": "safe_area"})
    assert "Ntoto parish" not in masisi.text
    # Digits Python's str.isdigit() accepts but int() refuses (superscripts, other scripts'
    # digits) are junk too, in the fragment and in the alert form.
    for junk in ("", "abc", "99999999999", "²", "¹²", "٣", "-1", "0"):
        assert client.get(PLAN_OPTIONS, {"locality": junk}).status_code == 200
        posted = client.post(ALERT_NEW, {"locality": junk})
        assert posted.status_code == 200 and posted.context["form"].errors["locality"]
    # Another province's CLI learns nothing of the plan.
    client.force_login(cli_sud)
    other = client.get(PLAN_OPTIONS, {"locality": places.ntoto.pk, "kind": "safe_area"})
    assert other.status_code == 200 and "Ntoto parish" not in other.text
    assert "Ntoto parish" not in client.get(ALERT_NEW).text


@pytest.mark.sqlite
def test_the_forms_options_are_read_again_only_after_a_change(
    client, approved, alert, cli_nord, places, received
):
    """``CachedChoicesMixin``: the alert form's selects of rows (the province's localities, the
    bases, the plan's safe areas) are cached by the version of the data: the form again reads
    none of them, a change recorded by a service shows at the next view, and what is sent is
    still checked against the rows."""
    client.force_login(cli_nord)
    url = alert_url(alert)

    def view() -> str:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        view.read = {
            table
            for q in queries.captured_queries
            for table in ("places_locality", "places_operatingbase", "reports_safearea")
            if re.match(rf'(DECLARE .*? FOR )?SELECT "{table}"', q["sql"])
        }
        return response.text

    assert "Ntoto parish (Ntoto)" in view()
    assert view.read == {"places_locality", "places_operatingbase", "reports_safearea"}
    assert "Ntoto parish (Ntoto)" in view()
    assert view.read == set()
    approved.safe_area.name = "Ntoto church"
    approved.safe_area.save()
    services.alert_update(alert=alert, user=cli_nord, data={"response": "A patrol went."})
    html = view()
    assert "Ntoto church (Ntoto)" in html and "Ntoto parish" not in html
    assert "reports_safearea" in view.read
    posted = client.post(ALERT_NEW, form_data(places, received, locality=10**9))
    assert posted.status_code == 200 and posted.context["form"].errors["locality"]
    assert not CommunityAlert.objects.exclude(pk=alert.pk).exists()


def test_the_alert_form_is_drawn_again_after_a_change_and_only_then(
    client, approved, alert, cli_nord, places, received
):
    """An alert's form (hundreds of options) is drawn once per version of the data
    (``{% part alert_form %}``): a second view never builds it, a change recorded by a service
    shows at the next view, and a form sent with an error comes back as typed, not from the
    cache."""
    client.force_login(cli_nord)
    url = alert_url(alert)

    def page():
        response = client.get(url)
        return response, re.sub(r"[A-Za-z0-9]{64}", "TOKEN", response.text)

    first, drawn = page()
    again, cached = page()
    assert cached == drawn and 'id="alert-form"' in cached
    assert first.context["form"]._wrapped is not empty  # built, to be drawn
    assert again.context["form"]._wrapped is empty  # never built: drawn from the cache
    services.alert_update(alert=alert, user=cli_nord, data={"response": "A patrol went."})
    changed, html = page()
    assert changed.context["form"]._wrapped is not empty and "A patrol went." in html
    typed = form_data(places, received, locality=10**9, response="Typed, not saved")
    posted = client.post(url, typed)
    assert posted.status_code == 200 and posted.context["form"].errors["locality"]
    assert "Typed, not saved" in posted.text


def test_a_safe_area_of_another_area_is_refused_next_to_its_field(
    client, approved, cli_nord, places, received
):
    client.force_login(cli_nord)
    response = client.post(
        ALERT_NEW,
        form_data(
            places,
            received,
            locality=places.nyabiondo.pk,
            plan_used="true",
            safe_area=approved.safe_area.pk,
        ),
    )
    assert response.status_code == 200
    assert "safe_area" in response.context["form"].errors
    assert not CommunityAlert.objects.exists()


# --------------------------------------------------------------------------------------------
# The list
# --------------------------------------------------------------------------------------------


def test_the_list_flags_alerts_waiting_past_the_setting(client, alert, ca_officer):
    client.force_login(ca_officer)
    with override_settings(JPT_ALERT_RESPONSE_HOURS=1):
        response = client.get(ALERTS)
        assert 'data-waiting="1"' in response.text
        assert [a.pk for a in client.get(ALERTS, {"waiting": "true"}).context["alerts"]] == [
            alert.pk
        ]
    with override_settings(JPT_ALERT_RESPONSE_HOURS=3):
        assert 'data-waiting="1"' not in client.get(ALERTS).text
        assert list(client.get(ALERTS, {"waiting": "true"}).context["alerts"]) == []


def test_the_list_filters_by_month_base_and_response(client, alert, ca_officer, places):
    client.force_login(ca_officer)

    def ids(**params):
        return [a.pk for a in client.get(ALERTS, params).context["alerts"]]

    month = f"{timezone.localtime(alert.received_at):%Y-%m}"
    assert ids(month=month, base=places.walikale_cob.pk) == []  # logged without a base
    assert ids(month=month, base="none") == [alert.pk]
    assert ids(responded="false") == [alert.pk]
    assert ids(responded="true") == []
    response = client.get(ALERTS, {"month": "last year"})
    assert response.status_code == 200
    assert "month" in response.context["filter"].form.errors


def test_the_list_filters_by_days_received(client, alert, cli_nord, ca_officer, places):
    """Any range of local days: an alert at 23:30 belongs to its day, one at 00:30 to the
    next; both ends are included."""
    client.force_login(ca_officer)
    local_day = timezone.localtime(alert.received_at).date()
    late = timezone.make_aware(datetime.combine(local_day - timedelta(days=3), time(23, 30)))
    early = timezone.make_aware(datetime.combine(local_day - timedelta(days=2), time(0, 30)))
    late_alert, early_alert = (
        services.alert_record(
            user=cli_nord,
            data={
                "received_at": moment,
                "locality": places.ntoto,
                "channel": AlertChannel.PHONE,
                "threat_type": ThreatType.ATTACK,
                "source": AlertSource.OTHER,
            },
        )
        for moment in (late, early)
    )

    def ids(**params):
        response = client.get(ALERTS, params)
        assert response.status_code == 200
        return [a.pk for a in response.context["alerts"]]

    def day(offset):
        return (local_day - timedelta(days=offset)).isoformat()

    assert ids(received_from=day(3), received_to=day(3)) == [late_alert.pk]
    assert ids(received_from=day(2), received_to=day(2)) == [early_alert.pk]
    assert ids(received_from=day(2)) == [alert.pk, early_alert.pk]
    assert ids(received_to=day(1)) == [early_alert.pk, late_alert.pk]
    assert ids(received_from=day(0), received_to=day(0)) == [alert.pk]
    assert ids(received_from=day(0), received_to=day(3)) == []  # the wrong way round
    assert ids(received_to=day(2), threat_type=ThreatType.ATTACK) == [early_alert.pk, late_alert.pk]
    # Beside the month filter.
    month = f"{local_day:%Y-%m}"
    assert ids(month=month, received_from=day(0)) == [alert.pk]
    # The export follows the range.
    export = client.get(ALERTS, {"received_from": day(3), "received_to": day(2), "export": "csv"})
    assert len(export.content.decode("utf-8-sig").strip().splitlines()) == 3


def test_the_list_filters_by_relay_and_plan_used(client, alert, cli_nord, ca_officer, places):
    used = services.alert_record(
        user=cli_nord,
        data={
            "received_at": alert.received_at,
            "locality": places.ntoto,
            "channel": AlertChannel.PHONE,
            "threat_type": ThreatType.ATTACK,
            "source": AlertSource.OTHER,
        },
    )
    CommunityAlert.objects.filter(pk=used.pk).update(
        relayed_at=alert.received_at + timedelta(minutes=5), plan_used=True
    )
    client.force_login(ca_officer)

    def ids(**params):
        return {a.pk for a in client.get(ALERTS, params).context["alerts"]}

    assert ids(relayed="true") == {used.pk}
    assert ids(relayed="false") == {alert.pk}
    assert ids(plan_used="true") == {used.pk}
    assert ids(plan_used="false") == set()  # the other one's use is not recorded


@pytest.mark.parametrize(
    "value",
    [
        "0000-01-01",
        "0000-01",
        "0001-01",
        "9999-12",
        "9999-12-31",
        "0001-01-01",
        "99999999999999999999",
        "2026-03-01\x00",
        "2026-03\x00",
        "\x00",
        "2026-13",
        "x" * 2000,
    ],
)
def test_odd_filter_values_never_crash_the_alert_list(client, alert, ca_officer, value):
    client.force_login(ca_officer)
    for name in ("province", "base", "month", "received_from", "received_to", "relayed"):
        response = client.get(ALERTS, {name: value})
        assert response.status_code == 200, (name, value)
        assert client.get(ALERTS, {name: value, "export": "csv"}).status_code == 200, (name, value)
    # Year 0, month 13, a NUL: mistakes shown next to the field.
    for name, wrong in (
        ("month", "0000-01"),
        ("month", "2026-13"),
        ("received_from", "0000-01-01"),
    ):
        response = client.get(ALERTS, {name: wrong})
        assert name in response.context["filter"].form.errors, (name, wrong)
    response = client.get(ALERTS, {"received_to": "2026-03-01\x00", "province": "\x00"})
    assert {"received_to", "province"} <= set(response.context["filter"].form.errors)


def many_alerts(cli, places, n: int = 30) -> None:
    now = timezone.now()
    CommunityAlert.objects.bulk_create(
        CommunityAlert(
            received_at=now - timedelta(hours=6 + i),
            relayed_at=now - timedelta(hours=5 + i) if i % 2 else None,
            relayed_to=[RelayedTo.POLICE] if i % 2 else [],
            cli=cli,
            province=places.nord_kivu,
            base=places.walikale_cob if i % 3 else None,
            locality=places.otobora if i % 2 else places.ntoto,
            channel=AlertChannel.PHONE,
            threat_type=ThreatType.ATTACK,
            source=AlertSource.OTHER,
        )
        for i in range(n)
    )


def many_support(cli, places, n: int = 30) -> None:
    MaterialSupport.objects.bulk_create(
        MaterialSupport(
            province=places.nord_kivu,
            locality=places.ntoto if i % 2 else places.nyabiondo,
            given_on=timezone.localdate() - timedelta(days=i),
            item=SupportItem.LAMP,
            women=i,
            men=2,
            recorded_by=cli,
        )
        for i in range(n)
    )


@pytest.mark.parametrize(
    ("url", "grow"), [(ALERTS, many_alerts), (SUPPORT, many_support)], ids=["alerts", "support"]
)
def test_the_lists_make_as_many_queries_with_one_row_as_with_many(
    drawn, client, alert, cli_nord, places, today, url, grow, django_assert_num_queries
):
    services.support_record(
        user=cli_nord,
        data={
            "locality": places.ntoto,
            "given_on": today,
            "item": SupportItem.PHONE,
            "women": 1,
            "men": 1,
        },
    )
    client.force_login(cli_nord)
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    assert len(one) <= 12, [q["sql"][:120] for q in one.captured_queries]
    grow(cli_nord, places)
    with django_assert_num_queries(len(one)):
        response = client.get(url)
    assert response.context["paginator"].count == 31


# --------------------------------------------------------------------------------------------
# Material support
# --------------------------------------------------------------------------------------------


def test_cli_and_civil_affairs_record_material_support(client, cli_nord, ca_officer, places, today):
    for user, women, men in ((cli_nord, 6, 4), (ca_officer, 3, 7)):
        client.force_login(user)
        response = client.post(
            SUPPORT_NEW,
            {
                "locality": places.ntoto.pk,
                "given_on": today.isoformat(),
                "item": SupportItem.PHONE,
                "women": women,
                "men": men,
            },
        )
        assert response.status_code == 302
        assert response["Location"] == SUPPORT
    totals = client.get(SUPPORT).context["totals"]
    assert totals == {"women": 9, "men": 11, "women_share": 45}
    assert MaterialSupport.objects.filter(recorded_by=ca_officer).count() == 1


def test_material_support_with_mistakes_is_kept_next_to_the_fields(client, cli_nord, places, today):
    client.force_login(cli_nord)
    response = client.post(
        SUPPORT_NEW,
        {
            "locality": places.ntoto.pk,
            "given_on": today.isoformat(),
            "item": SupportItem.OTHER,
            "women": 0,
            "men": 0,
            "note": "Given at the parish after mass.",
        },
    )
    assert response.status_code == 200
    assert {"women", "item_detail"} <= set(response.context["form"].errors)
    assert "Given at the parish after mass." in response.text
    base = {"locality": places.ntoto.pk, "given_on": today.isoformat(), "item": SupportItem.RADIO}
    response = client.post(SUPPORT_NEW, {**base, "women": "two", "men": -1})
    assert response.status_code == 200
    assert {"women", "men"} <= set(response.context["form"].errors)
    assert 'value="two"' in response.text
    future = (today + timedelta(days=2)).isoformat()
    response = client.post(SUPPORT_NEW, {**base, "given_on": future, "women": 2, "men": 1})
    assert response.status_code == 200
    assert "given_on" in response.context["form"].errors
    assert not MaterialSupport.objects.exists()

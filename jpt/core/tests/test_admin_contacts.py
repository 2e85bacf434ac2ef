"""The contact rule in the admin: no list, filter, search, ordering or lookup of any registered
ModelAdmin touches a contact field (a stakeholder's phone, how to reach a contingency contact).

The probe this guards against: ``/admin/missions/stakeholder/?phone__startswith=+24381``
answering "1 result" or "0 results" recovers a number in about a hundred requests. Whatever a
lookup on a contact is, the answer must not depend on the contact's value.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin import AdminSite
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import SuspiciousOperation
from django.db.models import F
from django.test import RequestFactory
from django.urls import path, reverse

from jpt.core.admin import ProtectedModelAdmin, is_protected
from jpt.core.checks import check_admins_are_protected, check_contact_fields
from missions import services
from missions.choices import StakeholderCategory
from missions.models import Mission, MissionStakeholder, Stakeholder
from reports.models import ContingencyContact, ProtectionPlan, Report

pytestmark = pytest.mark.django_db

PHONE = "+243 81 234 5678"
WRONG = "+243 99 876 5432"
HOW_TO_REACH = "+243 82 555 0101, through the parish radio"
HOW_TO_REACH_WRONG = "+243 97 000 0000"
MANDATE = "Assess threats to civilians around Ntoto."

# The models holding a contact, written out here (not read from jpt.core.admin) so that a contact
# missing from CONTACT_FIELDS fails these tests.
CONTACTS = {Stakeholder: ["phone"], ContingencyContact: ["how_to_reach"]}
OUR_APPS = {"auth", "accounts", "places", "audit", "notifications", "missions", "reports"} | {
    "recommendations"
}


# --------------------------------------------------------------------------------------------
# Fixtures and helpers
# --------------------------------------------------------------------------------------------


@pytest.fixture
def superuser(make_user):
    return make_user("root_admin", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def world(submitted_request, ca_officer, places):
    """A Nord-Kivu mission with one key stakeholder (with a phone) who is also the contingency
    contact of the report's community protection plan."""
    mission = services.request_approve(
        jpt_request=submitted_request, user=ca_officer, mandate=MANDATE
    )
    link = services.stakeholder_add(
        mission=mission,
        user=ca_officer,
        data={
            "name": "Mwami Kalinda",
            "title": "Chef de groupement",
            "sex": "male",
            "locality": places.ntoto,
            "phone": PHONE,
            "category": StakeholderCategory.CUSTOMARY_CHIEF,
            "agreed_to_contact": True,
        },
    )
    report = Report.objects.create(mission=mission)
    plan = ProtectionPlan.objects.create(report=report)
    contact = ContingencyContact.objects.create(
        plan=plan, stakeholder=link, how_to_reach=HOW_TO_REACH, when="At night"
    )
    return SimpleNamespace(
        mission=mission,
        link=link,
        stakeholder=link.stakeholder,
        report=report,
        plan=plan,
        contact=contact,
        locality=places.ntoto,
    )


def outcome(response) -> tuple:
    """All a prober learns from a changelist's answer: status, redirect, number of rows."""
    context = response.context
    cl = context["cl"] if context is not None and "cl" in context else None
    return (
        response.status_code,
        response.get("Location"),
        None if cl is None else cl.result_count,
    )


def assert_same_answer(right, wrong) -> None:
    """Right and wrong guesses of a contact get the same answer, and it is a refusal."""
    assert outcome(right) == outcome(wrong)
    assert right.status_code in (302, 400), outcome(right)
    assert "1 result" not in right.content.decode()


def admin_request(user, **params):
    request = RequestFactory().get("/admin/", params)
    request.user = user
    return request


def registered(model):
    """The class of the ModelAdmin registered for ``model``."""
    return type(admin.site._registry[model])


def call_changelist(model_admin, user, **params) -> tuple[tuple, str]:
    """Call a ModelAdmin's changelist view directly (for admins built in a test, which have no
    URL): what a prober learns, and the HTML."""
    try:
        response = model_admin.changelist_view(admin_request(user, **params))
    except (SuspiciousOperation, IncorrectLookupParameters):
        return ("refused", None, None), ""
    if hasattr(response, "render"):
        response.render()
    cl = getattr(response, "context_data", {}).get("cl")
    answer = (
        response.status_code,
        response.get("Location"),
        None if cl is None else cl.result_count,
    )
    return answer, response.content.decode()


def call_change_view(model_admin, user, obj) -> str:
    response = model_admin.change_view(admin_request(user), str(obj.pk))
    response.render()
    assert response.status_code == 200
    return response.content.decode()


def relation_paths(model, depth: int = 3):
    """Every path of at most ``depth`` relations from ``model`` (forward and reverse, as the ORM
    names them), with the model it ends on; the empty path first."""
    paths = [((), model)]
    frontier = paths
    for _ in range(depth):
        frontier = [
            ((*path, field.name), field.related_model)
            for path, current in frontier
            for field in current._meta.get_fields()
            if field.is_relation and field.related_model is not None
        ]
        paths = paths + frontier
    return paths


# --------------------------------------------------------------------------------------------
# (a) The changelist through the test client: a right guess and a wrong one look the same
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lookup", "right", "wrong"),
    [
        ("phone__startswith", PHONE[:7], WRONG[:7]),
        ("phone__istartswith", PHONE[:8], WRONG[:8]),
        ("phone__contains", PHONE[5:11], WRONG[5:11]),
        ("phone__icontains", PHONE[-4:], WRONG[-4:]),
        ("phone__regex", r"^\+243 81", r"^\+243 99"),
        ("phone__iregex", r"5678$", r"5432$"),
        ("phone", PHONE, WRONG),
        ("phone__exact", PHONE, WRONG),
        ("phone__in", PHONE, WRONG),
        ("phone__gte", PHONE, WRONG),
        ("phone__endswith", PHONE[-4:], WRONG[-4:]),
    ],
)
def test_a_lookup_on_the_phone_does_not_tell_a_right_guess(
    admin_client, world, lookup, right, wrong
):
    url = reverse("admin:missions_stakeholder_changelist")
    assert outcome(admin_client.get(url))[2] == 1  # The stakeholder is listed.

    assert_same_answer(
        admin_client.get(url, {lookup: right}), admin_client.get(url, {lookup: wrong})
    )


@pytest.mark.parametrize(
    ("changelist", "lookup", "right", "wrong"),
    [
        (
            "missions_mission",
            "stakeholders__stakeholder__phone__startswith",
            PHONE[:7],
            WRONG[:7],
        ),
        ("places_locality", "stakeholders__phone__startswith", PHONE[:7], WRONG[:7]),
        (
            "reports_report",
            "mission__stakeholders__stakeholder__phone__regex",
            r"^\+243 81",
            r"^\+243 99",
        ),
        (
            "reports_report",
            "protection_plan__contingency_contacts__how_to_reach__startswith",
            HOW_TO_REACH[:7],
            HOW_TO_REACH_WRONG[:7],
        ),
        (
            "accounts_user",
            "led_missions__stakeholders__stakeholder__phone__contains",
            PHONE[5:11],
            WRONG[5:11],
        ),
    ],
)
def test_a_relational_lookup_from_another_admin_does_not_tell_a_right_guess(
    admin_client, superuser, world, changelist, lookup, right, wrong
):
    url = reverse(f"admin:{changelist}_changelist")
    assert admin_client.get(url).status_code == 200

    assert_same_answer(
        admin_client.get(url, {lookup: right}), admin_client.get(url, {lookup: wrong})
    )

    # Django itself accepts a relational lookup once ``list_filter`` names its path: the same
    # admin with such a filter still refuses it.
    model = apps.get_model(*changelist.split("_", 1))
    field_path = lookup.rsplit("__", 1)[0]
    with_filter = type(
        "FilteringAdmin",
        (registered(model),),
        {"__module__": __name__, "list_filter": [field_path]},
    )(model, admin.site)
    request = admin_request(superuser)
    assert not with_filter.lookup_allowed(lookup, right, request)
    assert not with_filter.lookup_allowed(field_path, right, request)


def test_a_list_filter_reaching_the_phone_is_refused(superuser, world):
    """Django accepts a relational lookup named in ``list_filter``, and lists its values in the
    sidebar: an admin of the project that adds one exposes neither."""
    mission_admin = registered(Mission)
    leaky = type(
        "LeakyMissionAdmin",
        (mission_admin,),
        {
            "__module__": __name__,
            "list_filter": [
                *mission_admin.list_filter,
                "stakeholders__stakeholder__phone",
                ("stakeholders__stakeholder__phone", admin.EmptyFieldListFilter),
            ],
        },
    )(Mission, admin.site)

    right, html = call_changelist(
        leaky, superuser, stakeholders__stakeholder__phone__startswith=PHONE[:7]
    )
    wrong, _ = call_changelist(
        leaky, superuser, stakeholders__stakeholder__phone__startswith=WRONG[:7]
    )
    assert right == wrong == ("refused", None, None)
    listed, html = call_changelist(leaky, superuser)
    assert listed[2] == 1
    assert PHONE not in html


def test_a_search_on_the_phone_finds_nothing(admin_client, superuser, world):
    url = reverse("admin:missions_stakeholder_changelist")
    assert outcome(admin_client.get(url, {"q": PHONE})) == outcome(
        admin_client.get(url, {"q": WRONG})
    )

    stakeholder_admin = registered(Stakeholder)
    leaky = type(
        "LeakyStakeholderAdmin",
        (stakeholder_admin,),
        {
            "__module__": __name__,
            "search_fields": [*stakeholder_admin.search_fields, "phone", "=phone", "^phone"],
        },
    )(Stakeholder, admin.site)
    right, _ = call_changelist(leaky, superuser, q=PHONE[:7])
    wrong, _ = call_changelist(leaky, superuser, q=WRONG[:7])
    assert right == wrong
    assert call_changelist(leaky, superuser, q="Kalinda")[0][2] == 1  # Names are still searched.


def test_the_to_field_parameter_cannot_name_the_phone(admin_client, superuser, world):
    changelist = reverse("admin:missions_stakeholder_changelist")
    popup = admin_client.get(changelist, {"_to_field": "phone", "_popup": "1"})
    assert popup.status_code == 400
    assert PHONE not in popup.content.decode()

    def change(value):
        url = reverse("admin:missions_stakeholder_change", args=[value])
        return admin_client.get(url, {"_to_field": "phone"})

    right, wrong = change(PHONE), change(WRONG)
    assert (right.status_code, right.content) == (wrong.status_code, wrong.content)

    # Nor can an admin of the project that overrides to_field_allowed() allow it.
    class Permissive(registered(Stakeholder)):
        def to_field_allowed(self, request, to_field):
            return True

    permissive = Permissive(Stakeholder, admin.site)
    request = admin_request(superuser)
    assert not permissive.to_field_allowed(request, "phone")
    assert permissive.to_field_allowed(request, "name")


def order_by_of(cl) -> list[str]:
    return [str(item) for item in cl.queryset.query.order_by]


def test_no_ordering_uses_the_phone(admin_client, superuser, world, places):
    """No ``?o=`` column of the stakeholder changelist orders by the phone (the order of the rows
    would leak it); nor does one of an admin with a phone column, a column ordered by the phone,
    an ``ordering`` or ``sortable_by`` naming it."""
    url = reverse("admin:missions_stakeholder_changelist")
    columns = admin_client.get(url).context["cl"].list_display
    assert "phone" not in columns
    for index in range(len(columns)):
        for direction in ("", "-"):
            response = admin_client.get(url, {"o": f"{direction}{index}"})
            assert response.status_code == 200
            assert not [item for item in order_by_of(response.context["cl"]) if "phone" in item]

    Stakeholder.objects.create(
        name="Another person",
        sex="female",
        locality=places.ntoto,
        phone=WRONG,
        category=StakeholderCategory.WOMENS_LEADER,
    )
    stakeholder_admin = registered(Stakeholder)

    @admin.display(ordering="phone", description="Reached by")
    def reached_by(obj):
        return obj.name

    leaky = type(
        "LeakyStakeholderAdmin",
        (stakeholder_admin,),
        {
            "__module__": __name__,
            "list_display": [*stakeholder_admin.list_display, "phone", reached_by],
            "sortable_by": None,
            "ordering": ["-phone", "name"],
        },
    )(Stakeholder, admin.site)

    request = admin_request(superuser)
    assert "phone" not in leaky.get_list_display(request)
    assert "phone" not in leaky.get_sortable_by(request)
    assert list(leaky.get_ordering(request)) == ["name"]

    columns = leaky.get_changelist_instance(request).list_display
    for index in range(len(columns)):
        for direction in ("", "-"):
            params = {"o": f"{direction}{index}"}
            cl = leaky.get_changelist_instance(admin_request(superuser, **params))
            ordering = order_by_of(cl)
            assert not [item for item in ordering if "phone" in item], (params, ordering)
            answer, html = call_changelist(leaky, superuser, **params)
            assert answer[2] == 2
            assert PHONE not in html and WRONG not in html


# --------------------------------------------------------------------------------------------
# (b) Every registered ModelAdmin is protected, and refuses every path to a contact
# --------------------------------------------------------------------------------------------


def test_every_registered_admin_inherits_the_protected_base():
    ours = {
        model._meta.label: type(model_admin)
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in OUR_APPS
    }
    assert "missions.Stakeholder" in ours and "accounts.User" in ours
    assert [label for label, cls in ours.items() if not is_protected(cls)] == []
    assert [
        model._meta.label for model, ma in admin.site._registry.items() if not is_protected(ma)
    ] == []
    assert check_admins_are_protected() == []


def test_no_relation_path_of_three_steps_or_fewer_reaches_a_contact(superuser):
    """From every registered admin, every path of up to three relations to a model holding a
    contact, with the contact field at its end, is refused: as it is, and with the path named in
    the admin's ``list_filter`` (which makes Django accept a relational lookup)."""
    request = admin_request(superuser)
    allowed = []
    checked = 0
    for model, model_admin in admin.site._registry.items():
        paths = [
            "__".join([*relations, field])
            for relations, target in relation_paths(model)
            for field in CONTACTS.get(target, ())
        ]
        with_filters = type(
            "FilteringAdmin",
            (type(model_admin),),
            {"__module__": __name__, "list_filter": [*model_admin.list_filter, *paths]},
        )(model, admin.site)
        for candidate in (model_admin, with_filters):
            for field_path in paths:
                for lookup in ("__startswith", "", "__regex", "__isnull"):
                    checked += 1
                    if candidate.lookup_allowed(f"{field_path}{lookup}", "1", request):
                        allowed.append(f"{type(candidate).__name__}: {field_path}{lookup}")
    assert checked > 300  # The walk reaches the contacts from most admins.
    assert allowed == []


def test_every_admin_page_still_works(admin_client, superuser, world):
    """The base changes nothing else: every changelist, search and filter sidebar answers, the
    add pages of the admins that allow adding, and the change pages."""
    for model, model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        changelist = reverse("admin:{}_{}_changelist".format(*info))
        assert admin_client.get(changelist).status_code == 200, changelist
        assert admin_client.get(changelist, {"q": "Ntoto"}).status_code == 200, changelist
        add = admin_client.get(reverse("admin:{}_{}_add".format(*info)))
        assert add.status_code == (
            200 if model_admin.has_add_permission(admin_request(superuser)) else 403
        ), info
        first = model._default_manager.order_by("pk").first()
        if first is not None:
            change = admin_client.get(reverse("admin:{}_{}_change".format(*info), args=[first.pk]))
            assert change.status_code == 200, info


@pytest.fixture
def serve_admin(settings):
    """``serve_admin(model, admin_class)``: the admin instance, on an admin site of its own with
    its URLs (for an admin the project does not register)."""
    site = AdminSite(name="contacts_test")

    def serve(model, admin_class):
        site.register(model, admin_class)

        class Urls:
            urlpatterns = [path("contacts-admin/", site.urls)]

        settings.ROOT_URLCONF = Urls
        return site._registry[model]

    yield serve
    site._registry.clear()  # It stays in all_sites until collected: leave nothing to check.


def test_the_contingency_contact_admin_follows_the_rule(superuser, world, serve_admin):
    """Not registered today; an admin for it built on the base shows no way to reach anyone."""
    registered_admin = admin.site._registry.get(ContingencyContact)
    assert registered_admin is None or is_protected(registered_admin)

    class ContingencyContactAdmin(ProtectedModelAdmin):
        list_display = ["stakeholder", "how_to_reach", "when"]
        list_filter = ["how_to_reach"]
        search_fields = ["how_to_reach", "when"]
        fields = ["plan", "stakeholder", "how_to_reach", "when"]

    contacts = serve_admin(ContingencyContact, ContingencyContactAdmin)
    listed, html = call_changelist(contacts, superuser)
    assert listed[2] == 1
    assert HOW_TO_REACH not in html
    right, _ = call_changelist(contacts, superuser, how_to_reach__startswith=HOW_TO_REACH[:7])
    wrong, _ = call_changelist(contacts, superuser, how_to_reach__startswith="nothing")
    assert right == wrong == ("refused", None, None)
    assert call_changelist(contacts, superuser, q=HOW_TO_REACH[:7])[0][2] == 0
    assert HOW_TO_REACH not in call_change_view(contacts, superuser, world.contact)
    assert contacts.check() != []  # ... and the system check says what to remove.


# --------------------------------------------------------------------------------------------
# (c) The stakeholder's change page never shows the phone
# --------------------------------------------------------------------------------------------


def test_the_stakeholder_change_page_never_shows_the_phone(admin_client, superuser, world):
    url = reverse("admin:missions_stakeholder_change", args=[world.stakeholder.pk])
    response = admin_client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert world.stakeholder.name in html
    assert PHONE not in html

    # Nor does a page of the stakeholder's admin naming the phone in its fields, read-only
    # fields or fieldsets: the base leaves the contact out.
    stakeholder_admin = registered(Stakeholder)
    for options in (
        {"exclude": None, "fields": ["name", "phone", "title"]},
        {"exclude": None, "readonly_fields": ["phone"]},
        {"exclude": None, "fieldsets": [(None, {"fields": ["name", ("title", "phone")]})]},
    ):
        leaky = type(
            "LeakyStakeholderAdmin",
            (stakeholder_admin,),
            {"__module__": __name__, **options},
        )(Stakeholder, admin.site)
        html = call_change_view(leaky, superuser, world.stakeholder)
        assert world.stakeholder.name in html, options
        assert PHONE not in html, options

    # Nor the other admin pages showing the stakeholder or the contingency contact.
    for url in (
        reverse("admin:missions_mission_change", args=[world.mission.pk]),
        reverse("admin:missions_stakeholder_history", args=[world.stakeholder.pk]),
        reverse("admin:missions_stakeholder_changelist"),
        reverse("admin:reports_report_change", args=[world.report.pk]),
    ):
        response = admin_client.get(url)
        assert response.status_code == 200, url
        assert PHONE not in response.content.decode(), url
        assert HOW_TO_REACH not in response.content.decode(), url


# --------------------------------------------------------------------------------------------
# The base holds against subclasses, and the system checks fail loudly
# --------------------------------------------------------------------------------------------


def test_overrides_and_annotations_cannot_bring_the_phone_back(superuser, world):
    class Sneaky(ProtectedModelAdmin):
        list_display = ["name"]

        def get_queryset(self, request):
            queryset = self.model._default_manager.annotate(reach=F("phone"))
            return queryset.order_by(*self.get_ordering(request))

        def get_search_fields(self, request):
            return ["name", "phone", "reach"]

        def get_list_display(self, request):
            return ["name", "phone", "reach"]

        def get_list_filter(self, request):
            return ["phone", "reach"]

        def get_ordering(self, request):
            return ["reach", "name"]

        def get_fields(self, request, obj=None):
            return ["name", "phone"]

        def lookup_allowed(self, lookup, value, request=None):
            return True

    sneaky = Sneaky(Stakeholder, admin.site)
    request = admin_request(superuser)
    assert sneaky.get_search_fields(request) == ["name"]
    assert sneaky.get_list_display(request) == ["name"]
    assert sneaky.get_list_filter(request) == []
    assert sneaky.get_ordering(request) == ["name"]
    assert sneaky.get_fields(request) == ["name"]
    for lookup in ("phone__startswith", "reach__startswith", "reach", "name"):
        assert sneaky.lookup_allowed(lookup, "+243", request) is (lookup == "name"), lookup
    right, _ = call_changelist(sneaky, superuser, reach__startswith=PHONE[:7])
    wrong, _ = call_changelist(sneaky, superuser, reach__startswith=WRONG[:7])
    assert right == wrong == ("refused", None, None)
    assert call_changelist(sneaky, superuser, q=PHONE[:7])[0][2] == 0


def test_a_contact_in_an_admin_option_is_a_system_check_error():
    class Leaky(ProtectedModelAdmin):
        list_display = ["name", "phone"]
        list_filter = ["phone"]
        search_fields = ["name", "^phone"]
        ordering = ["phone"]
        readonly_fields = ["phone"]

    class LeakyLink(ProtectedModelAdmin):
        list_display = ["mission", "stakeholder__phone"]
        list_filter = ["stakeholder__phone"]
        search_fields = ["stakeholder__phone"]

    errors = [e for e in Leaky(Stakeholder, admin.site).check() if e.id == "core.E003"]
    assert sorted(e.msg.split(" refers")[0] for e in errors) == [
        f"{Leaky.__qualname__}.{option}"
        for option in (
            "list_display",
            "list_filter",
            "ordering",
            "readonly_fields",
            "search_fields",
        )
    ]
    link_errors = [
        e for e in LeakyLink(MissionStakeholder, admin.site).check() if e.id == "core.E003"
    ]
    assert len(link_errors) == 3

    plain = admin.ModelAdmin(Stakeholder, admin.site)
    fake_site = SimpleNamespace(_registry={Stakeholder: plain})
    assert [e.id for e in check_admins_are_protected(sites=[fake_site])] == ["core.E002"]


def test_the_project_passes_its_contact_checks():
    from django.core import checks

    assert check_contact_fields() == []
    errors = [e for e in checks.run_checks() if e.id.startswith("core.")]
    assert errors == []

"""Roles are groups with exactly the listed permissions; scoping follows them."""

from importlib import import_module

import pytest
from django.contrib.auth.models import AnonymousUser, Group
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from jpt.accounts.roles import ROLE_PERMISSIONS, Role
from missions.models import JptRequest
from missions.tests.factories import JptRequestFactory

pytestmark = pytest.mark.django_db


def test_every_role_is_listed():
    assert set(ROLE_PERMISSIONS) == set(Role)


def granted(group) -> set[str]:
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


@pytest.mark.parametrize("role", list(Role))
def test_every_role_has_a_group_with_exactly_its_permissions(role, role_groups):
    """``role_groups`` only re-creates groups missing from a database flushed by an earlier
    transactional test; on a fresh test database these are the migration's groups."""
    assert granted(Group.objects.get(name=role.value)) == set(ROLE_PERMISSIONS[role])


def test_no_other_groups(role_groups):
    assert set(Group.objects.values_list("name", flat=True)) == set(Role.values)


def test_roles_migration_creates_the_groups_with_historical_models():
    """Run the data migration's function on an empty groups table, with the models as they
    were at that migration, as ``migrate`` does on a fresh database."""
    Group.objects.all().delete()
    historical_apps = (
        MigrationExecutor(connection).loader.project_state(("accounts", "0003_roles")).apps
    )
    import_module("jpt.accounts.migrations.0003_roles").create_roles(historical_apps, None)

    groups = {g.name: g for g in Group.objects.all()}
    assert set(groups) == set(Role.values)
    for role, perms in ROLE_PERMISSIONS.items():
        assert granted(groups[role.value]) == set(perms), role


def test_sees_all_provinces(kinshasa_smg, analyst, requester, ca_officer, make_user):
    superuser = make_user("root", is_superuser=True, is_staff=True)
    assert kinshasa_smg.sees_all_provinces
    assert analyst.sees_all_provinces
    assert superuser.sees_all_provinces
    assert not requester.sees_all_provinces
    assert not ca_officer.sees_all_provinces


def test_inactive_kinshasa_member_does_not_see_all_provinces(make_user):
    gone = make_user("gone", Role.SMG_KINSHASA, is_active=False)
    assert not gone.sees_all_provinces


def test_has_role(ca_officer):
    assert ca_officer.has_role(Role.CIVIL_AFFAIRS)
    assert not ca_officer.has_role(Role.REQUESTER)


@pytest.fixture
def requests_by_province(places, requester, make_user):
    """A Nord-Kivu and a Sud-Kivu request, plus a Sud-Kivu one filed by the Nord-Kivu
    requester (who always sees what they filed)."""
    sud_requester = make_user("sud_requester", Role.REQUESTER, [places.sud_kivu])
    return {
        "nord": JptRequestFactory(territory=places.walikale, requested_by=requester),
        "nord_other": JptRequestFactory(territory=places.masisi, requested_by=requester),
        "sud": JptRequestFactory(territory=places.shabunda, requested_by=sud_requester),
        "sud_by_nord_requester": JptRequestFactory(
            territory=places.shabunda, requested_by=requester
        ),
    }


def visible(user) -> set[str]:
    return set(JptRequest.objects.visible_to(user).values_list("title", flat=True))


def titles(reqs, *names) -> set[str]:
    return {reqs[name].title for name in names}


def test_nord_kivu_user_sees_nord_kivu_and_own(requests_by_province, requester, ca_officer):
    reqs = requests_by_province
    assert visible(requester) == titles(reqs, "nord", "nord_other", "sud_by_nord_requester")
    assert visible(ca_officer) == titles(reqs, "nord", "nord_other")


def test_sud_kivu_officer_sees_sud_kivu_only(requests_by_province, ca_officer_sud):
    reqs = requests_by_province
    assert visible(ca_officer_sud) == titles(reqs, "sud", "sud_by_nord_requester")


def test_kinshasa_sees_all(requests_by_province, kinshasa_smg):
    assert visible(kinshasa_smg) == titles(requests_by_province, *requests_by_province)


def test_analyst_sees_no_request(requests_by_province, analyst):
    """Analysts see aggregates across provinces, never a request's detail."""
    assert visible(analyst) == set()


def test_cli_without_request_permission_sees_none(requests_by_province, cli):
    assert visible(cli) == set()


def test_anonymous_sees_none(requests_by_province):
    assert visible(AnonymousUser()) == set()
    assert visible(None) == set()


def test_inactive_sees_none(requests_by_province, make_user, places):
    gone = make_user("gone_ca", Role.CIVIL_AFFAIRS, [places.nord_kivu], is_active=False)
    assert visible(gone) == set()


def test_user_without_province_sees_only_own(requests_by_province, make_user):
    drifter = make_user("drifter", Role.REQUESTER)
    assert visible(drifter) == set()


# Who sees the request pages (/requests/): README.md, "Using JPT Desk", says the same. The
# early-warning cell reads reports from the provincial SMG-P on, CLIs follow up approved
# recommendations, analysts see aggregates: none of them needs the requests.
SEES_REQUESTS = {
    Role.REQUESTER,
    Role.CIVIL_AFFAIRS,
    Role.TEAM_MEMBER,
    Role.HEAD_OF_OFFICE,
    Role.BRIGADE_COMMANDER,
    Role.SMG_PROVINCIAL,
    Role.SMG_KINSHASA,
    Role.ADMINISTRATOR,
}


def test_who_sees_the_requests_is_deliberate():
    assert {
        role for role, perms in ROLE_PERMISSIONS.items() if "missions.view_jptrequest" in perms
    } == SEES_REQUESTS


def test_the_readme_says_who_sees_the_requests():
    from pathlib import Path

    from django.conf import settings

    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    line = next(row for row in readme.splitlines() if row.startswith("| All requests in my"))
    assert line.rstrip(" |").endswith("every role but RREWC, CLI and Analyst")


def test_the_brigade_commander_reviews_at_the_first_level(make_user, places):
    from reports.selectors import reviewer_levels, reviewers_for

    commander = make_user("brigade", Role.BRIGADE_COMMANDER, [places.nord_kivu])
    assert reviewer_levels(commander) == ["head_of_office"]
    assert commander in reviewers_for("head_of_office", places.nord_kivu.pk)
    assert not commander.has_perm("missions.view_stakeholder_contact")

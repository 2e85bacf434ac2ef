"""The permissions backend: the same answers as Django's ModelBackend, in one query."""

import pytest
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Group, Permission

from jpt.accounts.backends import PermissionsInOneQueryBackend
from jpt.accounts.models import User
from tests.factories import UserFactory


@pytest.mark.django_db
@pytest.mark.sqlite
def test_same_permissions_as_model_backend_in_one_query(django_assert_num_queries):
    group = Group.objects.create(name="Some role")
    group.permissions.add(
        *Permission.objects.filter(codename__in=["view_mission", "add_jptrequest"])
    )
    user = UserFactory(username="someone")
    user.groups.add(group)
    user.user_permissions.add(Permission.objects.get(codename="view_jptrequest"))
    expected = ModelBackend().get_all_permissions(User.objects.get(pk=user.pk))
    fresh = User.objects.get(pk=user.pk)
    with django_assert_num_queries(1):
        assert PermissionsInOneQueryBackend().get_all_permissions(fresh) == expected
        assert fresh.has_perm("missions.view_mission")  # cached: no second query
    assert expected == {
        "missions.view_mission",
        "missions.add_jptrequest",
        "missions.view_jptrequest",
    }


@pytest.mark.django_db
def test_inactive_users_and_objects_have_no_permissions():
    user = UserFactory(username="gone", is_active=False)
    assert PermissionsInOneQueryBackend().get_all_permissions(user) == set()
    active = UserFactory(username="here")
    assert PermissionsInOneQueryBackend().get_all_permissions(active, obj=object()) == set()

"""Where a province's review chain ends and each level's deadline, changed in the admin, are in
the audit trail (``jpt.core.admin.AuditedAdminMixin``): one entry per save, old → new."""

from __future__ import annotations

import pytest
from django.urls import reverse

from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from reports.choices import ReviewLevel
from reports.models import LevelSetting, ProvinceChain

pytestmark = pytest.mark.django_db


@pytest.fixture
def root(make_user, client):
    root = make_user("root", is_superuser=True, is_staff=True)
    client.force_login(root)
    return root


def entries(action):
    return list(AuditEntry.objects.filter(action=action).order_by("id"))


def admin_url(model, view, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def test_a_new_province_chain_is_recorded(client, root, places):
    response = client.post(
        admin_url(ProvinceChain, "add"),
        {"province": places.sud_kivu.pk, "final_level": ReviewLevel.PROVINCIAL_SMG},
    )
    assert response.status_code == 302
    chain = ProvinceChain.objects.get(province=places.sud_kivu)

    [entry] = entries(AuditAction.ADMIN_CHAIN_CHANGED)
    assert entry.actor == root
    assert entry.target == chain
    assert entry.details == {
        "created": True,
        "province": [None, "Sud-Kivu"],
        "final_level": [None, "provincial_smg"],
    }


def test_changing_where_a_chain_ends_is_recorded_old_to_new(client, root, places):
    chain = ProvinceChain.objects.create(
        province=places.nord_kivu, final_level=ReviewLevel.KINSHASA_SMG
    )
    response = client.post(
        admin_url(ProvinceChain, "change", chain.pk),
        {"province": places.nord_kivu.pk, "final_level": ReviewLevel.PROVINCIAL_SMG},
    )
    assert response.status_code == 302

    [entry] = entries(AuditAction.ADMIN_CHAIN_CHANGED)
    assert entry.target == chain
    assert entry.details == {"final_level": ["kinshasa_smg", "provincial_smg"]}

    # Saved again unchanged: nothing more.
    client.post(
        admin_url(ProvinceChain, "change", chain.pk),
        {"province": places.nord_kivu.pk, "final_level": ReviewLevel.PROVINCIAL_SMG},
    )
    assert len(entries(AuditAction.ADMIN_CHAIN_CHANGED)) == 1


def test_deleting_chains_is_recorded_one_entry_each(client, root, places):
    nord = ProvinceChain.objects.create(province=places.nord_kivu)
    sud = ProvinceChain.objects.create(
        province=places.sud_kivu, final_level=ReviewLevel.PROVINCIAL_SMG
    )
    response = client.post(admin_url(ProvinceChain, "delete", nord.pk), {"post": "yes"})
    assert response.status_code == 302
    response = client.post(  # the changelist's "delete selected" action
        admin_url(ProvinceChain, "changelist"),
        {"action": "delete_selected", "_selected_action": [sud.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not ProvinceChain.objects.exists()

    first, second = entries(AuditAction.ADMIN_CHAIN_CHANGED)
    assert first.target_id == str(nord.pk)
    assert first.details == {
        "deleted": True,
        "province": ["Nord-Kivu", None],
        "final_level": ["kinshasa_smg", None],
    }
    assert second.target_id == str(sud.pk)
    assert second.details["final_level"] == ["provincial_smg", None]
    assert all(entry.actor == root for entry in (first, second))


def test_changing_a_level_deadline_is_recorded(client, root):
    setting, _ = LevelSetting.objects.update_or_create(
        level=ReviewLevel.PROVINCIAL_SMG, defaults={"deadline_days": 10}
    )
    response = client.post(
        admin_url(LevelSetting, "change", setting.pk),
        {"level": ReviewLevel.PROVINCIAL_SMG, "deadline_days": 7},
    )
    assert response.status_code == 302
    setting.refresh_from_db()
    assert setting.deadline_days == 7

    [entry] = entries(AuditAction.ADMIN_DEADLINE_CHANGED)
    assert entry.actor == root
    assert entry.target == setting
    assert entry.details == {"deadline_days": [10, 7]}


def test_a_refused_deadline_writes_nothing(client, root):
    setting, _ = LevelSetting.objects.update_or_create(
        level=ReviewLevel.HEAD_OF_OFFICE, defaults={"deadline_days": 10}
    )
    response = client.post(
        admin_url(LevelSetting, "change", setting.pk),
        {"level": ReviewLevel.HEAD_OF_OFFICE, "deadline_days": "ten"},
    )
    assert response.status_code == 200
    assert entries(AuditAction.ADMIN_DEADLINE_CHANGED) == []

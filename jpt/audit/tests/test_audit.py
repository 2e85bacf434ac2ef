"""The audit trail is append-only: one entry per recorded action, never changed or deleted."""

import pytest
from django.contrib.contenttypes.models import ContentType

from jpt.audit.choices import AuditAction
from jpt.audit.models import AuditEntry
from jpt.audit.services import audit_record

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(requester, places):
    return audit_record(
        actor=requester,
        action=AuditAction.LOCALITY_ADDED,
        target=places.ntoto,
        details={"territory": "Walikale"},
    )


def test_record_writes_one_entry(requester, places):
    entry = audit_record(
        actor=requester,
        action=AuditAction.LOCALITY_ADDED,
        target=places.ntoto,
        details={"territory": "Walikale", "province": "Nord-Kivu"},
    )

    assert AuditEntry.objects.count() == 1
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.actor == requester
    assert entry.action == AuditAction.LOCALITY_ADDED
    assert entry.target_type == ContentType.objects.get_for_model(places.ntoto)
    assert entry.target_id == str(places.ntoto.pk)
    assert entry.target == places.ntoto
    assert entry.target_repr == "Ntoto"
    assert entry.details == {"territory": "Walikale", "province": "Nord-Kivu"}
    assert entry.created_at is not None
    assert list(AuditEntry.objects.for_object(places.ntoto)) == [entry]
    assert not AuditEntry.objects.for_object(places.otobora).exists()


def test_record_without_a_saved_actor_keeps_no_actor(places):
    entry = audit_record(actor=None, action=AuditAction.LOCALITY_ADDED, target=places.ntoto)
    assert entry.actor is None
    assert entry.details == {}


def test_saving_an_existing_entry_again_raises(entry):
    entry.details = {"territory": "Masisi"}
    with pytest.raises(TypeError):
        entry.save()
    assert AuditEntry.objects.get(pk=entry.pk).details == {"territory": "Walikale"}


def test_deleting_an_entry_raises(entry):
    with pytest.raises(TypeError):
        entry.delete()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_queryset_update_raises(entry):
    with pytest.raises(TypeError):
        AuditEntry.objects.filter(pk=entry.pk).update(action=AuditAction.REQUEST_APPROVED)
    with pytest.raises(TypeError):
        AuditEntry.objects.all().update(details={})
    assert AuditEntry.objects.get(pk=entry.pk).action == AuditAction.LOCALITY_ADDED


def test_queryset_delete_raises(entry):
    with pytest.raises(TypeError):
        AuditEntry.objects.all().delete()
    with pytest.raises(TypeError):
        AuditEntry.objects.for_object(entry.target).delete()
    assert AuditEntry.objects.count() == 1


def test_a_nul_character_is_stored_as_a_replacement_character(requester, places):
    """PostgreSQL's jsonb and text refuse NUL; what an entry records may come from a query
    string no form cleaned."""
    entry = audit_record(
        actor=requester,
        action=AuditAction.LOCALITY_ADDED,
        target=places.ntoto,
        details={"q\x00": ["a\x00b", {"deep": "\x00"}], "n": 3},
        target_repr="x\x00y",
    )
    entry.refresh_from_db()
    assert entry.details == {"q\ufffd": ["a\ufffdb", {"deep": "\ufffd"}], "n": 3}
    assert entry.target_repr == "x\ufffdy"

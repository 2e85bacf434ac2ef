"""factory_boy factories for the JPT Desk models.

Factories write rows directly with the ORM: they skip the services, so they create no audit
entries and queue no e-mails. Use the services (``missions.services``) when a test is about a
state change; use these factories to set the scene quickly.

Every user a factory makes has the password :data:`PASSWORD`.
"""

from __future__ import annotations

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.utils import timezone

from jpt.accounts.choices import Sex, StaffCategory
from jpt.accounts.roles import Role
from jpt.places.choices import BaseKind, LocalitySource
from jpt.places.models import Locality, OperatingBase, Province, Territory
from missions.choices import RequesterKind, RequestStatus, Trigger, Urgency
from missions.models import JptRequest

PASSWORD = "jpt-test-password-2010"


class ProvinceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Province
        django_get_or_create = ("pcode",)

    name = factory.Sequence(lambda n: f"Province {n}")
    pcode = factory.Sequence(lambda n: f"CDT{n:03d}")


class TerritoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Territory
        django_get_or_create = ("pcode",)

    province = factory.SubFactory(ProvinceFactory)
    name = factory.Sequence(lambda n: f"Territory {n}")
    pcode = factory.Sequence(lambda n: f"CDT{n:04d}")


class LocalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Locality
        django_get_or_create = ("territory", "name")

    territory = factory.SubFactory(TerritoryFactory)
    name = factory.Sequence(lambda n: f"Locality {n}")
    pcode = factory.Sequence(lambda n: f"CDTL{n:05d}")
    source = LocalitySource.GAZETTEER


class OperatingBaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OperatingBase
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Base {n}")
    kind = BaseKind.COB
    locality = factory.SubFactory(LocalityFactory)
    host_unit = "A company of the host battalion"
    is_active = True


class UserFactory(factory.django.DjangoModelFactory):
    """A staff member. ``roles=[Role...]`` and ``provinces=[Province...]`` are added after save."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    full_name = factory.LazyAttribute(lambda o: o.username.replace("_", " ").title())
    sex = Sex.FEMALE
    staff_category = StaffCategory.INTERNATIONAL
    password = factory.django.Password(PASSWORD)
    is_active = True

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if not create or not extracted:
            return
        names = [Role(role).value for role in extracted]
        groups = list(Group.objects.filter(name__in=names))
        missing = set(names) - {g.name for g in groups}
        if missing:
            raise LookupError(f"Role groups missing (run sync_role_groups): {sorted(missing)}")
        self.groups.add(*groups)

    @factory.post_generation
    def provinces(self, create, extracted, **kwargs):
        if create and extracted:
            self.provinces.add(*extracted)


class JptRequestFactory(factory.django.DjangoModelFactory):
    """A request row written directly: status submitted, filed now, starting in 30 days for 7.

    ``localities=[...]`` sets the localities; by default one locality of the territory is used
    (created when the territory has none). Traits ``returned``, ``approved`` and ``declined``
    give a request in that state (with the decision recorded, as the constraints require).
    """

    class Meta:
        model = JptRequest
        skip_postgeneration_save = True

    class Params:
        returned = factory.Trait(
            status=RequestStatus.RETURNED, decision_comment="Which villages exactly?"
        )
        approved = factory.Trait(
            status=RequestStatus.APPROVED,
            decided_by=factory.SubFactory(UserFactory),
            decided_at=factory.LazyFunction(timezone.now),
        )
        declined = factory.Trait(
            status=RequestStatus.DECLINED,
            decided_by=factory.SubFactory(UserFactory),
            decided_at=factory.LazyFunction(timezone.now),
            decision_comment="Outside the mandate.",
        )

    title = factory.Sequence(lambda n: f"Attack on village {n}")
    requested_by = factory.SubFactory(UserFactory)
    requester_kind = RequesterKind.SENIOR_MANAGEMENT
    trigger = Trigger.ATTACK
    territory = factory.SubFactory(TerritoryFactory)
    province = factory.SelfAttribute("territory.province")
    reason = "Armed men attacked the village; families fled towards the forest."
    start_date = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))
    end_date = factory.LazyAttribute(lambda o: o.start_date + timedelta(days=6))
    urgency = Urgency.ROUTINE
    status = RequestStatus.SUBMITTED
    submitted_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def localities(self, create, extracted, **kwargs):
        if not create:
            return
        if extracted is None:
            locality = self.territory.localities.first() or LocalityFactory(
                territory=self.territory
            )
            extracted = [locality]
        self.localities.set(extracted)

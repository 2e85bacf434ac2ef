"""Two Civil Affairs officers deciding the same request at the same moment: one decision wins,
the other gets a clear "already decided" error, never two decisions or a lost one."""

import threading

import pytest
from django.db import connection

from jpt.accounts.roles import Role
from jpt.audit.models import AuditEntry
from jpt.core.exceptions import InvalidTransition
from missions.choices import RequestStatus
from missions.models import JptRequest, Mission
from missions.services import request_approve, request_decline


@pytest.mark.django_db(transaction=True)
def test_simultaneous_decisions_produce_one(make_user, places, submitted_request):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL (SQLite serialises writers differently)")
    first = make_user("ca_one", Role.CIVIL_AFFAIRS, [places.nord_kivu])
    second = make_user("ca_two", Role.CIVIL_AFFAIRS, [places.nord_kivu])
    barrier = threading.Barrier(2)
    outcomes: dict[str, object] = {}

    def decide(name, action):
        try:
            barrier.wait(timeout=10)
            outcomes[name] = action()
        except Exception as exc:  # recorded and asserted below
            outcomes[name] = exc
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=decide,
            args=(
                "approve",
                lambda: request_approve(
                    jpt_request=submitted_request, user=first, mandate="Assess the threats."
                ),
            ),
        ),
        threading.Thread(
            target=decide,
            args=(
                "decline",
                lambda: request_decline(
                    jpt_request=submitted_request, user=second, reason="Covered by patrols."
                ),
            ),
        ),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    errors = [o for o in outcomes.values() if isinstance(o, Exception)]
    assert len(outcomes) == 2
    assert len(errors) == 1, outcomes
    assert isinstance(errors[0], InvalidTransition)
    assert "already" in errors[0].message

    submitted_request.refresh_from_db()
    assert submitted_request.status in {RequestStatus.APPROVED, RequestStatus.DECLINED}
    decisions = AuditEntry.objects.for_object(submitted_request).exclude(action="request.submitted")
    assert decisions.count() == 1
    expected_missions = 1 if submitted_request.status == RequestStatus.APPROVED else 0
    assert Mission.objects.filter(request=submitted_request).count() == expected_missions
    assert JptRequest.objects.count() == 1

"""Alumni portal access: discharged clients keep the portal unless their program says not."""

from __future__ import annotations

from alongside.aftercare.tests.factories import discharge_days_ago
from alongside.clients.access import own_client
from alongside.testing.personas import give_portal_account, login


def test_alumni_keep_the_portal_by_default(client, cast):
    account = give_portal_account(cast.casey, "casey@portal.test")
    discharge_days_ago(cast.sam, cast.casey, 3)

    assert own_client(account) == cast.casey
    login(client, account)
    assert client.get("/me/").status_code == 200


def test_a_program_can_close_the_portal_after_discharge(client, cast):
    cast.residential.settings = {"aftercare": {"alumni_portal": False}}
    cast.residential.save()
    account = give_portal_account(cast.casey, "casey@portal.test")
    assert own_client(account) == cast.casey  # still in treatment

    discharge_days_ago(cast.sam, cast.casey, 3)

    assert own_client(account) is None
    login(client, account)
    assert client.get("/me/").status_code == 404
    assert client.get("/api/v1/me/checkins").status_code in (401, 403, 404)


def test_the_portal_reopens_on_readmission(cast):
    from alongside.aftercare.services import readmit

    cast.residential.settings = {"aftercare": {"alumni_portal": False}}
    cast.residential.save()
    account = give_portal_account(cast.casey, "casey@portal.test")
    discharge_days_ago(cast.sam, cast.casey, 3)
    readmit(cast.dana, cast.casey, program=cast.outpatient, level_of_care="outpatient")

    assert own_client(account) == cast.casey

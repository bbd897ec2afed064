"""The staff inbox costs the same number of queries however many conversations it lists."""

from __future__ import annotations

from alongside.messaging.services import send_message
from alongside.testing.personas import give_portal_account, login, make_client
from alongside.testing.querycount import count_queries

URL = "/messages/"


def test_inbox_query_count_does_not_grow_with_the_conversations(client, cast):
    give_portal_account(cast.casey, "casey@example.test")
    send_message(cast.casey.user, cast.casey, "Hi")
    login(client, cast.ana)
    count_queries(client, URL)  # warm-up: the audit chain's head row
    small = count_queries(client, URL)
    for i in range(8):
        person = make_client(cast.residential, f"Person {i:02}", advocate=cast.ana)
        give_portal_account(person, f"person{i}@example.test")
        send_message(person.user, person, "Are you around today?")
        send_message(cast.ana, person, "Yes, after two.")
    response = client.get(URL)
    assert response.text.count("Person 0") == 8
    assert count_queries(client, URL) == small

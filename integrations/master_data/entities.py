"""In which entities each GL account is usable.

Intacct does not expose an account's entity restriction as a field: an entity's session
simply does not see the accounts restricted to other entities. So after each page of GL
accounts, the page's RECORDNOs are read once in every entity's session (key-only, one query
per entity) and each account records the entities that see it; an account seen by only some
entities is restricted.
"""

import dataclasses

from integrations.intacct import IntacctClient
from integrations.intacct import filters as F
from integrations.models import GLAccount, IntacctConnection, Subsidiary
from integrations.request_slots import shared_slots
from integrations.sync.clients import client_config, credentials_for
from integrations.sync.context import RunContext


def _visible_in_entity(
    connection: IntacctConnection, entity_id: str, recordnos: list[int]
) -> set[int]:
    credentials = dataclasses.replace(credentials_for(connection), entity_id=entity_id)
    seen: set[int] = set()
    with IntacctClient(credentials, client_config(), shared_slots=shared_slots()) as client:
        for start in range(0, len(recordnos), 1000):
            chunk = recordnos[start : start + 1000]
            for page in client.query(
                "GLACCOUNT", ["RECORDNO"], filter=F.in_("RECORDNO", chunk), page_size=2000
            ):
                seen.update(n for n in (r.int("RECORDNO") for r in page.records) if n is not None)
    return seen


def gl_account_entities_record(
    *, connection: IntacctConnection, recordnos: list[int], entity_ids: list[str] | None = None
) -> None:
    """Record the entities that see each of the connection's accounts ``recordnos``.

    A connection to one entity sees only that entity: its accounts are usable there.
    """
    rows = GLAccount.objects.filter(connection=connection, intacct_recordno__in=recordnos)
    accounts: dict[int, int] = {
        no: pk for no, pk in rows.values_list("intacct_recordno", "pk") if no is not None
    }
    if not accounts:
        return
    entities: dict[str, int] = dict(
        Subsidiary.objects.filter(connection=connection).values_list("location_id", "pk")
    )
    if connection.entity_id:
        names = [connection.entity_id] if connection.entity_id in entities else []
        seen: dict[str, set[int]] = {connection.entity_id: set(accounts)} if names else {}
    else:
        names = sorted(entity_ids if entity_ids is not None else entities)
        seen = {name: _visible_in_entity(connection, name, list(accounts)) for name in names}
    through = GLAccount.entities.through
    through.objects.filter(glaccount_id__in=accounts.values()).delete()
    through.objects.bulk_create(
        [
            through(glaccount_id=accounts[no], subsidiary_id=entities[name])
            for name in names
            for no in sorted(seen[name])
            if no in accounts
        ]
    )
    everywhere = {no for no in accounts if all(no in seen[name] for name in names)}
    GLAccount.objects.filter(pk__in=[accounts[no] for no in everywhere]).update(restricted=False)
    GLAccount.objects.filter(
        pk__in=[pk for no, pk in accounts.items() if no not in everywhere]
    ).update(restricted=True)


def gl_accounts_after_page(ctx: RunContext, recordnos: list[int]) -> None:
    gl_account_entities_record(connection=ctx.connection, recordnos=recordnos)

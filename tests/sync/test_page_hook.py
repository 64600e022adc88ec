"""The ``after_page`` hook of a pull step: called after each committed page, with its keys."""

import dataclasses

import pytest

from integrations.master_data.steps import CONTACTS
from integrations.models import Contact, SyncRun
from integrations.sync.context import RunContext
from integrations.sync.pull import pull_step
from tests.factories.connections import IntacctConnectionFactory
from tests.fakes.intacct import FakeClient, row

pytestmark = pytest.mark.django_db


def contact(no, modified, name):
    return row(no, modified, CONTACTNAME=name, PRINTAS=name, STATUS="active")


def test_hook_sees_each_committed_page_with_its_recordnos():
    conn = IntacctConnectionFactory()
    run = SyncRun.objects.create(connection=conn, trigger="command", stage="initial")
    client = FakeClient(
        rows={
            "CONTACT": [
                contact(1, "01/01/2025 09:00:00", "A"),
                contact(2, "01/01/2025 09:10:00", "B"),
                contact(3, "01/01/2025 09:20:00", "C"),
            ]
        }
    )
    seen: list[tuple[list[int], list[int]]] = []

    def hook(ctx, recordnos):
        # The page's rows are already committed and visible when the hook runs.
        stored = sorted(
            Contact.objects.filter(connection=ctx.connection).values_list(
                "intacct_recordno", flat=True
            )
        )
        seen.append((recordnos, stored))

    step = dataclasses.replace(CONTACTS, after_page=hook)
    ctx = RunContext(run=run, connection=conn, client=client, stage="initial", page_size=2)
    counts = pull_step(ctx, step)
    assert counts.created == 3
    assert seen == [([1, 2], [1, 2]), ([3], [1, 2, 3])]


def test_an_empty_step_never_calls_the_hook():
    conn = IntacctConnectionFactory()
    run = SyncRun.objects.create(connection=conn, trigger="command", stage="initial")
    calls = []
    step = dataclasses.replace(CONTACTS, after_page=lambda ctx, keys: calls.append(keys))
    ctx = RunContext(run=run, connection=conn, client=FakeClient(), stage="initial")
    pull_step(ctx, step)
    assert calls == []

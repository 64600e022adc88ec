"""Push plans without the network: each record's decision, refusals with their reason and
number, prerequisites first and once, and a builder's refusal of a value."""

import pytest

from integrations.intacct.functions.writes import Create, Update
from integrations.models import Contact, SyncState
from integrations.sync.decisions import INVALID, REFUSED, Action
from integrations.sync.push import decide, plan_batch
from integrations.sync.steps import PushStep
from tests.factories.connections import IntacctConnectionFactory

pytestmark = pytest.mark.django_db


def create(c, cid):
    if c.contact_name.startswith("unsendable"):
        raise ValueError("this value cannot travel in XML")
    return Create("CONTACT", {"CONTACTNAME": c.contact_name}, controlid=cid)


def step(**extra):
    values = {
        "name": "plan_contacts",
        "object_name": "CONTACT",
        "model": Contact,
        "select_pending": lambda conn: Contact.objects.none(),
        "build": create,
        "find_existing": lambda client, c: None,
        "key_from_outcome": lambda o: (None, ""),
        **extra,
    }
    return PushStep(**values)


def contact(conn, name, **extra):
    values = {"sync_state": SyncState.PENDING_PUSH, "push_version": 1, **extra}
    return Contact.objects.create(connection=conn, contact_name=name, **values)


@pytest.fixture
def conn():
    return IntacctConnectionFactory()


def test_decisions(conn):
    update = lambda c, cid: Update("CONTACT", {"RECORDNO": c.intacct_recordno}, controlid=cid)  # noqa: E731
    refusing = step(build_update=update, update_refusal=lambda c: "locked" if c.status else "")
    assert decide(refusing, contact(conn, "new")).action is Action.CREATE
    synced = contact(conn, "synced", intacct_recordno=5, sync_state=SyncState.SYNCED)
    assert decide(refusing, synced).action is Action.NOTHING
    changed = contact(conn, "changed", intacct_recordno=6, status="")
    assert decide(refusing, changed).action is Action.UPDATE
    assert decide(step(), changed).action is Action.NOTHING  # never updated
    locked = contact(conn, "locked", intacct_recordno=7, status="inactive")
    refused = decide(refusing, locked)
    assert (refused.action, refused.errorno) == (Action.REFUSE, REFUSED)
    assert "no longer allows an update: locked" in refused.reason


def test_prerequisites_come_first_once_and_refusals_send_nothing(conn):
    parent_step = step(name="plan_parents")
    parent = contact(conn, "parent")
    done = contact(conn, "done", intacct_recordno=9, sync_state=SyncState.SYNCED)

    def prepare(batch):
        for record in batch.records:
            if record.contact_name.startswith("bad"):
                batch.refuse(record, "bad name", errorno=INVALID)
            else:
                batch.require(record, parent_step, parent)
                batch.require(record, parent_step, done)  # already in Intacct: not sent

    children = [contact(conn, name) for name in ("a", "bad one", "b", "unsendable")]
    plan = plan_batch(step=step(prepare=prepare), records=children, connection=conn, client=None)
    assert [(p.record.contact_name, p.decision.action.value) for p in plan.items] == [
        ("parent", "create"),
        ("a", "create"),
        ("bad one", "refuse"),
        ("b", "create"),
        ("unsendable", "refuse"),  # the builder refused the value: nothing is sent
    ]
    assert plan.items[0].needed_by == [children[0].pk, children[2].pk, children[3].pk]
    assert [f.controlid for f in plan.functions][:3] == [
        f"plan_parents:{parent.pk}:v1",
        f"plan_contacts:{children[0].pk}:v1",
        f"plan_contacts:{children[2].pk}:v1",
    ]
    nul = plan.items[-1]
    assert (nul.decision.action, nul.decision.errorno, nul.function) == (
        Action.REFUSE,
        INVALID,
        None,
    )
    assert plan.items[2].decision.reason == "bad name"


def test_runs_pull_first_and_push_only_when_allowed(conn):
    from types import SimpleNamespace

    from integrations.master_data.steps import CONTACTS as PULL_CONTACTS
    from integrations.sync.runner import _with_pushes_allowed

    push = step()
    steps = [push, PULL_CONTACTS]  # a push planned before a pull

    def run(trigger, objects=None, direction=None, reconcile=False):
        conn.reconcile_to_intacct = reconcile
        parameters = {"direction": direction} if direction else {}
        fake = SimpleNamespace(
            trigger=trigger, objects_requested=objects, parameters=parameters, connection=conn
        )
        return [s.name for s in _with_pushes_allowed(fake, steps)]

    assert run("schedule") == ["contacts"]
    assert run("schedule", reconcile=True) == ["contacts", "plan_contacts"]
    assert run("command") == ["contacts"]
    assert run("sync_now") == ["contacts", "plan_contacts"]
    assert run("command", objects=["plan_contacts"]) == ["contacts", "plan_contacts"]
    assert run("sync_now", direction="pull") == ["contacts"]

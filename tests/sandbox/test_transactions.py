"""transaction="true" rollbacks and the uniqueid duplicate-execution guard."""

from __future__ import annotations

from lxml import etree

from .helpers import call, errors, fn, ok

ROLLBACK = "XL03000009"


def vendor(name: str, ident: str = "") -> str:
    ident_xml = f"<VENDORID>{ident}</VENDORID>" if ident else ""
    return f"<create><VENDOR>{ident_xml}<NAME>{name}</NAME></VENDOR></create>"


def count_vendors(handle, name: str) -> int:
    return len(handle.query_rows('SELECT 1 FROM vendor WHERE "NAME" = ?', (name,)))


def test_transaction_rolls_back_and_marks_the_rest_aborted(sandbox):
    reply = call(
        sandbox,
        fn(vendor("Tx One", "TX-1"), "t1"),
        fn(vendor("Tx Dup", "V-00001"), "t2"),
        fn(vendor("Tx Three", "TX-3"), "t3"),
        transaction=True,
    )
    statuses = [result.findtext("status") for result in reply.results()]
    assert statuses == ["aborted", "failure", "aborted"]
    assert errors(reply.result(0)) == [ROLLBACK]
    assert errors(reply.result(1)) == ["BL34000061", "BL01001973", ROLLBACK]
    assert errors(reply.result(2)) == [ROLLBACK]
    assert [r.findtext("controlid") for r in reply.results()] == ["t1", "t2", "t3"]
    assert count_vendors(sandbox, "Tx One") == 0 and count_vendors(sandbox, "Tx Three") == 0
    assert sandbox.status()["billable_transactions"] == 0


def test_transaction_commits_everything_on_success(sandbox):
    reply = call(sandbox, fn(vendor("Tx A"), "a"), fn(vendor("Tx B"), "b"), transaction=True)
    assert [r.findtext("status") for r in reply.results()] == ["success", "success"]
    assert count_vendors(sandbox, "Tx A") == 1 and count_vendors(sandbox, "Tx B") == 1


def test_without_transaction_functions_are_independent(sandbox):
    reply = call(
        sandbox,
        fn(vendor("Solo A"), "a"),
        fn(vendor("Dup", "V-00001"), "b"),
        fn(vendor("Solo C"), "c"),
    )
    assert [r.findtext("status") for r in reply.results()] == ["success", "failure", "success"]
    assert count_vendors(sandbox, "Solo A") == 1 and count_vendors(sandbox, "Solo C") == 1


def test_uniqueid_replays_the_first_result(sandbox):
    first = call(sandbox, fn(vendor("Once Only"), "vendor:once"), uniqueid=True)
    second = call(sandbox, fn(vendor("Once Only"), "vendor:once"), uniqueid=True)
    assert etree.tostring(first.result()) == etree.tostring(second.result())
    assert count_vendors(sandbox, "Once Only") == 1
    assert sandbox.status()["uniqueid_replays"] == 1


def test_uniqueid_refuse_mode(sandbox):
    sandbox.configure(uniqueid_mode="refuse")
    ok(call(sandbox, fn(vendor("Refused Twice"), "vendor:refuse"), uniqueid=True))
    again = call(sandbox, fn(vendor("Refused Twice"), "vendor:refuse"), uniqueid=True).result()
    assert again.findtext("status") == "failure"
    assert errors(again) == ["SBX-0001"]
    assert count_vendors(sandbox, "Refused Twice") == 1


def test_uniqueid_false_executes_again_and_failures_are_not_remembered(sandbox):
    ok(call(sandbox, fn(vendor("Twice"), "same"), uniqueid=False))
    ok(call(sandbox, fn(vendor("Twice"), "same"), uniqueid=False))
    assert count_vendors(sandbox, "Twice") == 2
    failed = call(sandbox, fn(vendor("Fix me", "V-00001"), "retry-me"), uniqueid=True).result()
    assert failed.findtext("status") == "failure"
    ok(call(sandbox, fn(vendor("Fix me", "FIXED-1"), "retry-me"), uniqueid=True))
    assert count_vendors(sandbox, "Fix me") == 1


def test_uniqueid_replay_inside_a_transaction(sandbox):
    ok(call(sandbox, fn(vendor("In Tx"), "tx:1"), uniqueid=True))
    reply = call(
        sandbox,
        fn(vendor("In Tx"), "tx:1"),
        fn(vendor("In Tx 2"), "tx:2"),
        uniqueid=True,
        transaction=True,
    )
    assert [r.findtext("status") for r in reply.results()] == ["success", "success"]
    assert count_vendors(sandbox, "In Tx") == 1 and count_vendors(sandbox, "In Tx 2") == 1

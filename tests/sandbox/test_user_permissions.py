"""getUserPermissions and the limited web-services user (write rights per object)."""

from __future__ import annotations

from .helpers import call, fn, login_xml, ok

LIMITED = {"user_id": "ws_limited", "user_password": "ws_limited_pw"}


def texts(result) -> list[str]:
    return [e.findtext("description2") for e in result.iterfind("errormessage/error")]


def rights(result) -> dict[tuple[str, str], str]:
    found = {}
    for subscription in result.iterfind("data/permissions/appSubscription"):
        application = subscription.findtext("applicationName")
        for policy in subscription.iterfind("policies/policy"):
            found[(application, policy.findtext("policyName"))] = policy.findtext("rights")
    return found


def permissions_of(sandbox, user: str):
    return call(sandbox, fn(f"<getUserPermissions><userId>{user}</userId></getUserPermissions>"))


def test_each_user_gets_its_rights_per_application_and_permission(sandbox):
    full = rights(ok(permissions_of(sandbox, "ws_user")))
    assert full[("Accounts Receivable", "Invoices")] == "List|View|Add|Edit|Delete"
    readonly = rights(ok(permissions_of(sandbox, "ws_readonly")))
    assert set(readonly.values()) == {"List|View"}
    sandbox.configure(read_only_objects=["ARPYMT", "vendor"])
    limited = rights(ok(permissions_of(sandbox, "ws_limited")))
    assert limited[("Accounts Receivable", "Receive Payments")] == "List|View"
    assert limited[("Accounts Payable", "Vendors")] == "List|View"
    assert limited[("Accounts Receivable", "Invoices")] == "List|View|Add|Edit|Delete"
    assert sandbox.status()["config"]["read_only_objects"] == ["ARPYMT", "VENDOR"]


def test_an_unknown_user_is_an_error(sandbox):
    result = permissions_of(sandbox, "nobody").result()
    assert result.findtext("status") == "failure"
    assert any("nobody does not exist" in e for e in texts(result))


def test_the_limited_user_may_write_what_it_is_not_restricted_from(sandbox):
    sandbox.configure(read_only_objects=["CONTACT"])
    auth = login_xml(sandbox, **LIMITED)
    denied = call(
        sandbox,
        fn(
            "<create><CONTACT><CONTACTNAME>Nope</CONTACTNAME><PRINTAS>Nope</PRINTAS></CONTACT></create>"
        ),
        auth=auth,
    ).result()
    assert denied.findtext("status") == "failure"
    assert any("do not have permission for API operation CREATE" in e for e in texts(denied))
    sandbox.configure(read_only_objects=["ARPYMT"])
    ok(
        call(
            sandbox,
            fn(
                "<create><CONTACT><CONTACTNAME>Yes</CONTACTNAME><PRINTAS>Yes</PRINTAS></CONTACT></create>"
            ),
            auth=auth,
        )
    )

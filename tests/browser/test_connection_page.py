"""The connection page: one operations panel, nothing covering the title (Chromium, 1,400 px)."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from integrations.models import SyncRun
from integrations.roles import IMPLEMENTATION_CONSULTANTS
from tests.browser.screens import WIDTH, horizontal_overflow, shoot
from tests.factories.connections import IntacctConnectionFactory

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.django_db(transaction=True)]

PASSWORD = "Browser-test-pw-1"


def overlaps(a: dict, b: dict) -> bool:
    return not (
        a["x"] + a["width"] <= b["x"]
        or b["x"] + b["width"] <= a["x"]
        or a["y"] + a["height"] <= b["y"]
        or b["y"] + b["height"] <= a["y"]
    )


def text_box(page, selector: str) -> dict:
    """The box of an element's text (a heading's own box spans the whole width)."""
    return page.evaluate(
        """(selector) => {
            const range = document.createRange();
            range.selectNodeContents(document.querySelector(selector));
            const r = range.getBoundingClientRect();
            return {x: r.x, y: r.y, width: r.width, height: r.height};
        }""",
        selector,
    )


@pytest.mark.parametrize("sync_available", [True, False])
def test_operations_sit_in_one_panel_below_the_title(
    page, login, live_server, tmp_path, sync_available
):
    conn = IntacctConnectionFactory(
        name="Acme Holdings (US production)",
        credentials_status="ok",
        sales_document_types=["Sales Invoice", "Sales Order"],
    )
    if not sync_available:
        SyncRun.objects.create(
            connection=conn, trigger="schedule", stage="incremental", status="running"
        )
    user = get_user_model().objects.create_user(username="consultant", password=PASSWORD)
    user.is_staff = True
    user.save()
    user.groups.add(Group.objects.get(name=IMPLEMENTATION_CONSULTANTS))
    page.set_viewport_size({"width": WIDTH, "height": 900})
    login(page, "consultant", PASSWORD)
    page.goto(f"{live_server.url}/admin/integrations/intacctconnection/{conn.pk}/change/")
    panel = page.locator("#connection-operations")
    buttons = panel.locator("button")
    expected = 5 if sync_available else 2  # test, sync, discover, customers, invoices
    assert buttons.count() == expected
    for i in range(buttons.count()):
        assert "button" in (buttons.nth(i).get_attribute("class") or "")
    if sync_available:
        options = panel.locator("#import-invoices-document_type option").all_inner_texts()
        assert options == ["Sales Invoice", "Sales Order"]
    else:
        assert "Sync Now unavailable" in panel.inner_text()
    title = text_box(page, "#content h2")
    heading = text_box(page, "#content h1")
    for tool in page.locator("ul.object-tools li").all():
        box = tool.bounding_box()
        assert not overlaps(box, title) and not overlaps(box, heading)
    assert not overlaps(panel.bounding_box(), title)
    assert horizontal_overflow(page) <= 0
    shoot(page, tmp_path, f"connection-page-{'sync' if sync_available else 'busy'}")

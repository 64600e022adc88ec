"""Records, converters, error details, retry policy, scrubbing and session windows."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from lxml import etree

from integrations.intacct import CallStats, RateLimitError, Record, TransportError
from integrations.intacct.errors import ErrorDetail, ProtocolError
from integrations.intacct.parser import AuthInfo, parse_errors, parse_response
from integrations.intacct.records import format_datetime, to_date, to_decimal
from integrations.intacct.retry import RetryPolicy
from integrations.intacct.scrub import Scrubber
from integrations.intacct.session import remaining_window
from integrations.intacct.transport import parse_retry_after

from .shared import fixture_bytes


def test_record_converts_and_keeps_names():
    row = Record.from_element(
        etree.fromstring(
            "<ARINVOICE><RECORDNO>42</RECORDNO><TOTALDUE>76343.43</TOTALDUE>"
            "<WHENDUE>12/31/2025</WHENDUE><WHENMODIFIED>01/02/2026 13:14:15</WHENMODIFIED>"
            "<CUSTOMER.NAME>Ærø &amp; Sons</CUSTOMER.NAME><MEMO/><ONHOLD>false</ONHOLD>"
            "<DISPLAYCONTACT><EMAIL1>a@b.c</EMAIL1><MAILADDRESS><CITY>Zürich</CITY></MAILADDRESS>"
            "</DISPLAYCONTACT><ARINVOICEITEMS><arinvoiceitem><LINE_NO>1</LINE_NO></arinvoiceitem>"
            "<arinvoiceitem><LINE_NO>2</LINE_NO></arinvoiceitem></ARINVOICEITEMS></ARINVOICE>"
        )
    )
    assert row.int("RECORDNO") == 42
    assert row.decimal("TOTALDUE") == Decimal("76343.43")
    assert row.date("WHENDUE") == date(2025, 12, 31)
    assert row.datetime("WHENMODIFIED") == datetime(2026, 1, 2, 13, 14, 15)
    assert row["CUSTOMER.NAME"] == "Ærø & Sons"
    assert row["MEMO"] is None and row.decimal("MEMO") is None
    assert row.bool("ONHOLD") is False
    assert row["DISPLAYCONTACT.MAILADDRESS.CITY"] == "Zürich"
    assert [line.int("LINE_NO") for line in row.groups("arinvoiceitems")] == [1, 2]
    assert dict(row)["DISPLAYCONTACT.EMAIL1"] == "a@b.c"


def test_converters_refuse_garbage():
    with pytest.raises(ValueError):
        to_decimal("1,000.00")
    with pytest.raises(ValueError):
        to_decimal("NaN")
    with pytest.raises(ValueError):
        to_date("31.12.2025")
    with pytest.raises(ValueError, match="naive"):
        from datetime import UTC

        format_datetime(datetime(2026, 1, 1, tzinfo=UTC))


def test_escaped_markup_is_stripped_from_errors():
    root = etree.fromstring(fixture_bytes("intacct-sdk-net/frag_errormessage_escaped_markup.xml"))
    first, second = parse_errors(root)
    assert first.description2 == "Object definition 'BADOBJECT' not found."
    assert first.correction == "stripthesetags."
    assert second.description == "stripthesetags."


def test_error_detail_text_is_one_line():
    detail = ErrorDetail.from_texts("BL01001973", "", "Dup [Support ID: a%7Eb]", "Fix it")
    assert detail.text() == "BL01001973: Dup (Fix it) [Support ID a~b]"


def test_rate_limit_text_in_a_200_body_is_a_rate_limit():
    body = (
        b"<response><control><status>failure</status></control><errormessage><error>"
        b"<errorno>GW-0010</errorno><description>API rate limit exceeded</description>"
        b"</error></errormessage></response>"
    )
    from integrations.intacct.parser import envelope_error

    assert isinstance(envelope_error(parse_response(body, max_bytes=10_000)), RateLimitError)


def test_retry_policy_backs_off_with_jitter_within_bounds():
    waits: list[float] = []
    clock = [0.0]

    def sleep(seconds: float) -> None:
        waits.append(seconds)
        clock[0] += seconds

    policy = RetryPolicy(
        attempts=5, max_seconds=100, base_delay=1, max_delay=30, sleep=sleep,
        clock=lambda: clock[0], rng=lambda: 0.5,
    )  # fmt: skip
    calls = []

    def flaky():
        calls.append(1)
        raise TransportError("reset")

    with pytest.raises(TransportError):
        policy.run(flaky, retryable=lambda e: e.retry_safe)
    assert len(calls) == 5
    assert waits == [0.75, 1.5, 3.0, 6.0]


def test_retry_policy_honours_retry_after_and_total_time():
    waits: list[float] = []
    policy = RetryPolicy(attempts=10, max_seconds=5, sleep=waits.append, clock=lambda: 0.0)

    def limited():
        raise RateLimitError("slow down", retry_after=3.0)

    with pytest.raises(RateLimitError):
        policy.run(limited, retryable=lambda e: True)
    assert waits == [3.0] * 9

    waits.clear()
    short = RetryPolicy(attempts=10, max_seconds=2, sleep=waits.append, clock=lambda: 0.0)
    with pytest.raises(RateLimitError):
        short.run(limited, retryable=lambda e: True)
    assert waits == [2.0] * 9  # Retry-After is capped by the total budget


def test_non_retryable_errors_are_raised_at_once():
    calls = []

    def bad():
        calls.append(1)
        raise ProtocolError("XL03000003", party="client")

    with pytest.raises(ProtocolError):
        RetryPolicy(sleep=lambda s: None).run(bad, retryable=lambda e: e.retry_safe)
    assert calls == [1]


def test_retry_after_header_forms():
    assert parse_retry_after("7") == 7.0
    assert parse_retry_after("garbage") is None
    assert parse_retry_after(None) is None
    now = datetime(2026, 1, 1, 0, 0, 0).astimezone()
    assert parse_retry_after("Thu, 01 Jan 1970 00:00:00 GMT", now=now) == 0.0


def test_scrubber_hides_raw_and_escaped_secrets():
    scrub = Scrubber(["p&ss<1"])
    scrub.add("SESSION..")
    text = scrub.xml(b"<a>p&amp;ss&lt;1</a><sessionid>SESSION..</sessionid><b>SESSION..</b>")
    assert "ss" not in text.replace("sessionid", "") and "SESSION" not in text


def test_session_window_uses_the_gateway_clock():
    auth = AuthInfo(
        "success",
        session_timestamp="2015-10-22T20:58:27-07:00",
        session_timeout="2015-10-23T20:58:27-07:00",
    )
    assert remaining_window(auth) == timedelta(hours=24)
    assert remaining_window(AuthInfo("success")) is None


def test_call_stats_since():
    before = CallStats(2, 3, 1, {"read": 3})
    after = CallStats(5, 9, 4, {"read": 5, "create": 4})
    assert after.since(before) == CallStats(3, 6, 3, {"read": 2, "create": 4})

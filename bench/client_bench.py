"""Benchmarks of the Intacct client (figures are printed, nothing is asserted).

1. Parse time and records/s for one 2,000-row ARINVOICE ``query`` page (synthetic, ~45 fields
   per row like a real ``*`` read).
2. Peak RSS while streaming 200,000 records through ``IntacctClient.query`` from a local
   HTTP gateway that generates pages on the fly: measured after 20,000 and after 200,000
   records. Streaming holds one page at a time, so the two figures should be about equal.

Run: ``.venv/bin/python -m bench.client_bench`` (options: ``--rows``, ``--stream``, ``--runs``).
"""

from __future__ import annotations

import argparse
import gc
import resource
import statistics
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

from lxml import etree

from integrations.intacct import ClientConfig, Credentials, IntacctClient
from integrations.intacct.parser import parse_response

FIELDS = (
    "RECORDNO", "RECORDTYPE", "RECORDID", "STATE", "RAWSTATE", "CUSTOMERID", "CUSTOMERNAME",
    "DOCNUMBER", "DESCRIPTION", "DESCRIPTION2", "TERMNAME", "WHENCREATED", "WHENPOSTED",
    "WHENDUE", "WHENPAID", "BASECURR", "CURRENCY", "EXCH_RATE_DATE", "EXCHANGE_RATE",
    "TOTALENTERED", "TOTALSELECTED", "TOTALPAID", "TOTALDUE", "TRX_TOTALENTERED",
    "TRX_TOTALSELECTED", "TRX_TOTALPAID", "TRX_TOTALDUE", "BILLTOPAYTOCONTACTNAME",
    "SHIPTORETURNTOCONTACTNAME", "PRBATCH", "PRBATCHKEY", "MODULEKEY", "SUPDOCID",
    "AUWHENCREATED", "WHENMODIFIED", "CREATEDBY", "MODIFIEDBY", "MEGAENTITYKEY",
    "MEGAENTITYID", "MEGAENTITYNAME", "RECORD_URL", "CUSTOMER.NAME", "DUE_IN_DAYS",
    "SYNC_ID", "PROJECT_CODE",
)  # fmt: skip


def _value(field: str, n: int) -> str:
    if field == "RECORDNO":
        return str(n)
    if field.startswith(("TOTAL", "TRX_TOTAL")):
        return f"{(n * 37) % 100000}.{n % 100:02d}"
    if field.startswith("WHEN") or field in ("EXCH_RATE_DATE", "AUWHENCREATED"):
        return (
            f"{1 + n % 12:02d}/{1 + n % 28:02d}/2025 {n % 24:02d}:{n % 60:02d}:{(n * 7) % 60:02d}"
        )
    if field in ("CUSTOMERNAME", "CUSTOMER.NAME"):
        return escape(f"Café & <Sons> {n % 500}")
    return f"{field.lower()}-{n % 1000}"


def _row(n: int) -> str:
    cells = "".join(f"<{f}>{_value(f, n)}</{f}>" for f in FIELDS)
    return f"<ARINVOICE>{cells}</ARINVOICE>"


def query_page(offset: int, size: int, total: int, controlid: str = "bench") -> bytes:
    """A complete gateway response holding one ``query`` page of synthetic ARINVOICE rows."""
    end = min(total, offset + size)
    rows = "".join(_row(n) for n in range(offset + 1, end + 1))
    return (
        '<?xml version="1.0" encoding="UTF-8"?><response><control><status>success</status>'
        "</control><operation><authentication><status>success</status><userid>u</userid>"
        "<companyid>c</companyid><sessiontimestamp>2026-01-01T00:00:00+00:00</sessiontimestamp>"
        "<sessiontimeout>2026-01-02T00:00:00+00:00</sessiontimeout></authentication><result>"
        f"<status>success</status><function>query</function><controlid>{controlid}</controlid>"
        f"<data listtype='ARINVOICE' totalcount='{total}' offset='{offset}' "
        f"count='{end - offset}' numremaining='{total - end}'>{rows}</data></result>"
        "</operation></response>"
    ).encode()


def bench_parse(rows: int, runs: int) -> None:
    """Print parse time and records/s for one page of ``rows`` rows."""
    body = query_page(0, rows, rows)
    timings = []
    for _ in range(runs):
        gc.collect()  # start each run without the previous run's garbage
        started = time.perf_counter()
        parsed = parse_response(body, max_bytes=256 * 1024 * 1024)
        records = parsed.results[0].records
        timings.append(time.perf_counter() - started)
        assert len(records) == rows
        del parsed, records
    median = statistics.median(timings)
    print(f"parse: {rows}-row ARINVOICE page, {len(body) / 1e6:.1f} MB, {len(FIELDS)} fields/row")
    print(
        f"parse: median {median * 1000:.1f} ms over {runs} runs -> {rows / median:,.0f} records/s"
    )


class _Gateway(BaseHTTPRequestHandler):
    total = 0

    def log_message(self, *args: object) -> None:
        pass

    def do_POST(self) -> None:
        request = etree.fromstring(self.rfile.read(int(self.headers["Content-Length"])))
        function = request.find(".//function")
        assert function is not None
        controlid = function.get("controlid", "")
        if function[0].tag == "getAPISession":
            host = f"http://127.0.0.1:{self.server.server_address[1]}/gw"
            body = (
                '<?xml version="1.0" encoding="UTF-8"?><response><control><status>success'
                "</status></control><operation><authentication><status>success</status>"
                "</authentication><result><status>success</status><function>getAPISession"
                f"</function><controlid>{controlid}</controlid><data><api><sessionid>s</sessionid>"
                f"<endpoint>{host}</endpoint><locationid/></api></data></result></operation>"
                "</response>"
            ).encode()
        else:
            query = function[0]
            body = query_page(
                int(query.findtext("offset", "0")),
                int(query.findtext("pagesize", "100")),
                self.total,
                controlid,
            )
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


def _peak_rss_mb() -> float:
    # ru_maxrss is in kilobytes on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_stream(total: int, page_size: int = 2000) -> None:
    """Print peak RSS after 10% of ``total`` streamed records and after all of them."""
    _Gateway.total = total
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Gateway)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/gw"
    creds = Credentials(
        sender_id="s",
        sender_password="sp",  # noqa: S106 - a local fake gateway
        company_id="bench",
        user_id="u",
        user_password="up",  # noqa: S106
        endpoint_url=url,
    )
    config = ClientConfig(allowed_endpoints=(url,), max_requests_per_second=1000.0)
    client = IntacctClient(creds, config)
    checkpoint = total // 10
    seen = 0
    checksum = 0
    rss_at_checkpoint = 0.0
    started = time.perf_counter()
    for page in client.query(
        "ARINVOICE", FIELDS, order_by=[("RECORDNO", "asc")], page_size=page_size
    ):
        for record in page.records:
            checksum += record.int("RECORDNO") or 0
        seen += page.count
        if not rss_at_checkpoint and seen >= checkpoint:
            rss_at_checkpoint = _peak_rss_mb()
    elapsed = time.perf_counter() - started
    server.shutdown()
    assert seen == total and checksum == total * (total + 1) // 2
    print(
        f"stream: {total:,} records in {elapsed:.1f} s ({total / elapsed:,.0f} records/s, "
        f"{client.stats.requests} requests)"
    )
    print(
        f"stream: peak RSS {rss_at_checkpoint:.1f} MB at {checkpoint:,} records, "
        f"{_peak_rss_mb():.1f} MB at {total:,} records"
    )


def main() -> None:
    """Run both benchmarks."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--stream", type=int, default=200_000)
    args = parser.parse_args()
    bench_parse(args.rows, args.runs)
    bench_stream(args.stream)


if __name__ == "__main__":
    main()

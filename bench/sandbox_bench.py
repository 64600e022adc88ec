"""Sandbox benchmark: seed time and size, and time to serve query / readByQuery pages.

Usage: ``python bench/sandbox_bench.py [--scales 100000 1000000] [--dir DIR] [--keep]``.
Prints figures; it is not a test and asserts nothing about speed.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from integrations.sandbox.config import SandboxConfig
from integrations.sandbox.handle import CREDENTIALS
from integrations.sandbox.seed import seed_company
from integrations.sandbox.seed.context import PINNED_AS_OF
from integrations.sandbox.server import SandboxServer
from integrations.sandbox.store import Store


def _envelope(body: str, location: str = "") -> bytes:
    c = CREDENTIALS
    location_xml = f"<locationid>{location}</locationid>" if location else ""
    return (
        f"<request><control><senderid>{c['sender_id']}</senderid>"
        f"<password>{c['sender_password']}</password><controlid>bench</controlid>"
        "<uniqueid>false</uniqueid><dtdversion>3.0</dtdversion>"
        "<includewhitespace>false</includewhitespace></control>"
        f'<operation transaction="false"><authentication><login><userid>{c["user_id"]}</userid>'
        f"<companyid>{c['company_id']}</companyid><password>{c['user_password']}</password>"
        f"{location_xml}</login></authentication>"
        f'<content><function controlid="b1">{body}</function>'
        "</content></operation></request>"
    ).encode()


def _time(
    session: requests.Session, url: str, body: str, repeat: int, location: str = ""
) -> tuple[float, int]:
    timings = []
    size = 0
    for _ in range(repeat):
        started = time.perf_counter()
        response = session.post(url, data=_envelope(body, location), timeout=300)
        timings.append(time.perf_counter() - started)
        size = len(response.content)
        if b"<status>success</status>" not in response.content:
            raise SystemExit(f"benchmark request failed: {response.text[:2000]}")
    return statistics.median(timings) * 1000, size


def _invoice_count(server: SandboxServer) -> int:
    with server.store.connection() as conn:
        return int(conn.execute("SELECT COUNT(*) FROM arinvoice").fetchone()[0])


def bench(scale: int, directory: Path) -> None:
    """Seed a company of ``scale`` invoices and time page requests against it."""
    if directory.exists():
        shutil.rmtree(directory)
    store = Store(directory)
    seconds = seed_company(store, scale=scale, seed=1, as_of=PINNED_AS_OF)
    store.close()
    size_mb = sum(path.stat().st_size for path in directory.iterdir()) / 1e6
    print(f"scale {scale}: seeded in {seconds:.1f} s, database {size_mb:.0f} MB", flush=True)
    server = SandboxServer(directory, port=0, config=SandboxConfig()).start()
    try:
        session = requests.Session()
        url = server.gateway_url
        fields = (
            "<field>RECORDNO</field><field>RECORDID</field><field>CUSTOMERID</field>"
            "<field>STATE</field><field>TOTALENTERED</field><field>TOTALDUE</field>"
            "<field>CURRENCY</field><field>WHENMODIFIED</field><field>MEGAENTITYID</field>"
        )
        order = (
            "<orderby><order><field>WHENMODIFIED</field><ascending/></order>"
            "<order><field>RECORDNO</field><ascending/></order></orderby>"
        )
        first = (
            f"<query><object>ARINVOICE</object><select>{fields}</select>{order}"
            "<options><showprivate>true</showprivate></options><pagesize>2000</pagesize>"
            "<offset>0</offset></query>"
        )
        incremental = (
            f"<query><object>ARINVOICE</object><select>{fields}</select>"
            "<filter><greaterthanorequalto><field>WHENMODIFIED</field>"
            "<value>09/01/2026 00:00:00</value></greaterthanorequalto></filter>"
            f"{order}<options><showprivate>true</showprivate></options>"
            "<pagesize>2000</pagesize></query>"
        )
        total = _invoice_count(server)
        deep_offset = max(total - 2000, 0)
        deep = first.replace("<offset>0</offset>", f"<offset>{deep_offset}</offset>")
        by_recordno = first.replace(
            order, "<orderby><order><field>RECORDNO</field><ascending/></order></orderby>"
        )
        rbq = (
            "<readByQuery><object>ARINVOICE</object><fields>*</fields>"
            "<query></query><pagesize>1000</pagesize></readByQuery>"
        )
        dotted = first.replace(
            "<field>MEGAENTITYID</field>",
            "<field>MEGAENTITYID</field><field>BILLTO.EMAIL1</field><field>TERM.DUEDATE</field>",
        )
        lines = (
            "<query><object>ARINVOICEITEM</object><select><field>RECORDNO</field>"
            "<field>RECORDKEY</field><field>AMOUNT</field><field>ACCOUNTNO</field></select>"
            "<orderby><order><field>RECORDNO</field><ascending/></order></orderby>"
            "<pagesize>2000</pagesize></query>"
        )
        for label, body, location in (
            ("query 2000 rows, first page, order WHENMODIFIED,RECORDNO", first, ""),
            ("query 2000 rows with dotted BILLTO.EMAIL1, TERM.DUEDATE", dotted, ""),
            ("query 2000 invoice lines, entity session US (header visibility)", lines, "US"),
            ("query 2000 rows, first page, order RECORDNO", by_recordno, ""),
            ("query 2000 rows, WHENMODIFIED >= filter (incremental)", incremental, ""),
            (f"query 2000 rows at offset {deep_offset}", deep, ""),
            ("query 2000 rows, entity session UK", first, "UK"),
            ("readByQuery 1000 rows, all fields, entity session US", rbq, "US"),
        ):
            millis, size = _time(session, url, body, repeat=5, location=location)
            print(f"  {label}: {millis:.0f} ms median of 5 ({size / 1e6:.1f} MB)", flush=True)
    finally:
        server.stop()


def main() -> None:
    """Run the benchmark for each requested scale."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--scales", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--dir", default="")
    parser.add_argument("--keep", action="store_true")
    options = parser.parse_args()
    root = Path(options.dir) if options.dir else Path(tempfile.mkdtemp(prefix="sandbox-bench-"))
    try:
        for scale in options.scales:
            bench(scale, root / f"scale-{scale}")
    finally:
        if not options.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()

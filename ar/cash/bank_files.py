"""CSV bank files: every row becomes a bank transaction or a listed refusal, never lost."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction

from ar.models import BankFileImport, BankTransaction
from integrations.models import IntacctConnection

REQUIRED_COLUMNS = ("date", "amount", "currency", "payer_name")
OPTIONAL_COLUMNS = ("memo", "reference", "bank_code")
DATE_FORMATS = ("%Y-%m-%d", "%m/%d/%Y", "%d.%m.%Y")


class BankFileRefused(Exception):
    """The file as a whole cannot be read (no header, missing columns, not text)."""


@dataclass
class RowResult:
    values: dict[str, Any] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def _date(text: str) -> date:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"date “{text}” is not YYYY-MM-DD, MM/DD/YYYY or DD.MM.YYYY")


def _amount(text: str) -> Decimal:
    cleaned = text.replace(",", "").replace(" ", "")
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"amount “{text}” is not a number") from None
    if not value.is_finite():
        raise ValueError(f"amount “{text}” is not a number")
    if value <= 0:
        raise ValueError(f"amount {text} must be positive (only deposits are cash receipts)")
    if value != value.quantize(Decimal("0.01")):
        raise ValueError(f"amount {text} has more than two decimals")
    return value


def _row(raw: dict[str, str]) -> RowResult:
    result = RowResult()
    text = {k: (v or "").strip() for k, v in raw.items() if k}
    for column in REQUIRED_COLUMNS:
        if not text.get(column):
            result.errors.append(f"{column} is empty")
    try:
        if text.get("date"):
            result.values["date"] = _date(text["date"])
    except ValueError as exc:
        result.errors.append(str(exc))
    try:
        if text.get("amount"):
            result.values["amount"] = _amount(text["amount"])
    except ValueError as exc:
        result.errors.append(str(exc))
    currency = text.get("currency", "").upper()
    if currency and (len(currency) != 3 or not currency.isalpha()):
        result.errors.append(f"currency “{currency}” is not a 3-letter ISO code")
    result.values["currency"] = currency
    limits = (("payer_name", 200), ("memo", 500), ("reference", 100), ("bank_code", 50))
    for column, limit in limits:
        value = text.get(column, "")
        if len(value) > limit:
            result.errors.append(f"{column} is longer than {limit} characters")
        result.values[column] = value
    return result


def bank_file_import(
    *, connection: IntacctConnection, file_name: str, content: bytes
) -> BankFileImport:
    """Import a CSV bank file (header: date, amount, currency, payer_name[, memo, reference,
    bank_code]). Good rows become transactions; each bad row is kept with its line number,
    raw text and every problem found; a row already imported (same date, amount, currency,
    reference and payer) is counted as a duplicate, not imported twice."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise BankFileRefused("The file is not UTF-8 text.") from exc
    lines = text.splitlines()
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise BankFileRefused(f"Missing column(s): {', '.join(missing)}.")
    reader.fieldnames = header
    record = BankFileImport(connection=connection, file_name=file_name[:255])
    good: list[BankTransaction] = []
    seen: set[tuple[object, ...]] = set()
    for raw in reader:
        record.rows_total += 1
        line_no = reader.line_num
        result = _row(raw)
        if None in raw:  # more cells than columns
            result.errors.append("the row has more cells than the header")
        if result.errors:
            record.errors.append(
                {
                    "line": line_no,
                    "raw": lines[line_no - 1] if line_no - 1 < len(lines) else "",
                    "errors": result.errors,
                }
            )
            continue
        v = result.values
        key = (v["date"], v["amount"], v["currency"], v["reference"], v["payer_name"])
        exists = (
            key in seen
            or BankTransaction.objects.filter(
                connection=connection,
                date=v["date"],
                amount=v["amount"],
                currency=v["currency"],
                reference=v["reference"],
                payer_name=v["payer_name"],
            ).exists()
        )
        if exists:
            record.rows_duplicate += 1
            continue
        seen.add(key)
        good.append(BankTransaction(connection=connection, line_no=line_no, **v))
    with transaction.atomic():
        record.rows_imported = len(good)
        record.save()
        for line in good:
            line.bank_import = record
        BankTransaction.objects.bulk_create(good)
    return record

"""Checks of an app-made invoice before anything is sent to Intacct.

Accounts and dimensions are checked against the master data the hub has pulled for the
connection; when it holds none of a kind (never pulled), Intacct judges that value itself. A
connection scoped to one entity writes in that entity: a GL account Intacct restricts to other
entities is refused here, naming the entities that may use it.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from ar.models import Invoice, InvoiceEntry
from integrations.models import Department, GLAccount, IntacctConnection, Location, Status

CENT = Decimal("0.01")


@dataclass
class MasterData:
    """The connection's active GL accounts and dimensions (None: never pulled)."""

    accounts: set[str] | None = None
    locations: set[str] | None = None
    departments: set[str] | None = None
    inactive_accounts: set[str] = field(default_factory=set)
    # The entity the connection writes in ("" at the top level) and, for each account Intacct
    # restricts to some entities, the IDs of those entities.
    entity: str = ""
    restricted_accounts: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def load(cls, connection: IntacctConnection) -> "MasterData":
        def active(model: type[Any], key: str) -> set[str] | None:
            rows = model.objects.filter(connection=connection)
            if not rows.exists():
                return None
            return set(rows.filter(status=Status.ACTIVE).values_list(key, flat=True))

        inactive = GLAccount.objects.filter(connection=connection).exclude(status=Status.ACTIVE)
        restricted: dict[str, set[str]] = {}
        entity = connection.entity_id.strip()
        if entity:
            pairs = GLAccount.objects.filter(connection=connection, restricted=True).values_list(
                "account_no", "entities__location_id"
            )
            for account_no, entity_id in pairs:
                usable = restricted.setdefault(account_no, set())
                if entity_id:
                    usable.add(entity_id)
        return cls(
            accounts=active(GLAccount, "account_no"),
            locations=active(Location, "location_id"),
            departments=active(Department, "department_id"),
            inactive_accounts=set(inactive.values_list("account_no", flat=True)),
            entity=entity,
            restricted_accounts=restricted,
        )

    def account_problem(self, account: str) -> str:
        """Why ``account`` cannot take the line ("" when it can, as far as the hub knows)."""
        if account in self.inactive_accounts:
            return f"GL account {account} is inactive in Intacct."
        if self.accounts is not None and account not in self.accounts:
            return f"GL account {account} does not exist in Intacct."
        usable = self.restricted_accounts.get(account)
        if usable is not None and self.entity not in usable:
            where = ", ".join(sorted(usable)) or "no entity"
            return (
                f"GL account {account} is restricted in Intacct to {where}; it cannot be used "
                f"in entity {self.entity}."
            )
        return ""


@dataclass(frozen=True)
class LineValues:
    """A line as it is sent: blank values filled from the connection's settings."""

    gl_account: str
    amount: Decimal
    memo: str
    location_id: str
    department_id: str


def line_values(entry: InvoiceEntry, connection: IntacctConnection) -> LineValues:
    return LineValues(
        gl_account=(entry.gl_account or connection.ar_gl_account).strip(),
        amount=entry.amount,
        memo=entry.memo.strip(),
        location_id=(entry.location_id or connection.push_location_id).strip(),
        department_id=(entry.department_id or connection.push_department_id).strip(),
    )


def invoice_problems(
    invoice: Invoice, lines: list[LineValues], master: MasterData | None = None
) -> list[str]:
    """Everything Intacct would refuse that can be told here; empty when it can be sent."""
    problems: list[str] = []
    if invoice.customer_id is None and not invoice.customer_intacct_id:
        problems.append("The invoice has no customer.")
    if not invoice.number.strip():
        problems.append("The invoice has no number.")
    if invoice.invoice_date is None:
        problems.append("The invoice has no invoice date.")
    if invoice.due_date is None and not invoice.term_name.strip():
        problems.append("The invoice needs a due date or payment terms.")
    if invoice.due_date and invoice.invoice_date and invoice.due_date < invoice.invoice_date:
        problems.append(
            f"The due date {invoice.due_date:%Y-%m-%d} is before the invoice date "
            f"{invoice.invoice_date:%Y-%m-%d}."
        )
    if not lines:
        problems.append("The invoice has no lines.")
    for number, line in enumerate(lines, start=1):
        where = f"Line {number}"
        if line.amount is None:
            problems.append(f"{where} has no amount.")
        elif line.amount != line.amount.quantize(CENT):
            problems.append(f"{where}: the amount {line.amount} has more than two decimals.")
        if not line.gl_account:
            problems.append(
                f"{where} has no GL account (and the connection sets no default AR GL account)."
            )
        elif master is not None and (problem := master.account_problem(line.gl_account)):
            problems.append(f"{where}: {problem}")
        problems.extend(_dimension_problems(where, line, master))
    return problems


def _dimension_problems(where: str, line: LineValues, master: MasterData | None) -> list[str]:
    if master is None:
        return []
    out = []
    if (
        line.location_id
        and master.locations is not None
        and line.location_id not in master.locations
    ):
        out.append(f"{where}: location {line.location_id} does not exist in Intacct.")
    known = master.departments
    if line.department_id and known is not None and line.department_id not in known:
        out.append(f"{where}: department {line.department_id} does not exist in Intacct.")
    return out

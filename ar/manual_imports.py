"""The AR manual imports of the connection page, registered from ``ArConfig.ready()``."""

from typing import Any

from integrations.intacct import filters as F
from integrations.sync.manual_imports import ImportParameter, ManualImport, register_manual_import

ALL_CUSTOMERS = ManualImport(
    name="customers",
    label="Import all customers",
    description="The whole AR customer list, inactive customers included and marked as such",
    steps=("subsidiaries", "payment_terms", "contacts", "customers"),
)


def sales_document_type_check(client: Any, document_type: str) -> None:
    """Raise ValueError unless Intacct has sales documents of ``document_type``."""
    page = next(
        iter(
            client.query(
                "SODOCUMENT", ["RECORDNO"], filter=F.equal("DOCPARID", document_type), page_size=1
            )
        ),
        None,
    )
    if page is None or not page.total_count:
        raise ValueError(
            f"Intacct has no sales documents of type {document_type!r} (the name is "
            "case-sensitive, e.g. Sales Invoice)."
        )


INVOICES_OF_DOCUMENT_TYPE = ManualImport(
    name="invoices",
    label="Import its invoices",
    description="The invoices made from sales documents of the type named",
    steps=("invoices", "invoice_lines"),
    parameter=ImportParameter(
        name="document_type",
        label="Sales document type",
        default="Sales Invoice",
        required_message="Name the sales document type, e.g. Sales Invoice.",
        check=sales_document_type_check,
        choices=lambda connection: list(connection.sales_document_types or []),
    ),
)


def register_manual_imports() -> None:
    register_manual_import(ALL_CUSTOMERS)
    register_manual_import(INVOICES_OF_DOCUMENT_TYPE)

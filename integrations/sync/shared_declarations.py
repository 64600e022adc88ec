"""Pieces of field tables that AR and AP declare alike (see ``integrations.sync.declarations``).

Each domain still declares its own objects; these builders give them the rows Intacct names
the same way on both sides (terms, party relations, document totals, adjustment lines and
payment details). Row order is kept as each builder lists it: the pull's digest of a record
follows the declaration's order, so a reordering would rewrite every row once.
"""

from django.db import models

from integrations.models import Contact, Subsidiary
from integrations.sync.declarations import (
    DATE,
    DECIMAL,
    INTEGER,
    MONEY,
    STATUS,
    Field,
    Relation,
    SyncedObject,
)

ENTITY = Relation("subsidiary", Subsidiary, "MEGAENTITYID", by="intacct_id")
"""The entity a document was created in."""


def payment_term(
    *, object_name: str, model: type[models.Model], discount_basis: bool = False
) -> SyncedObject:
    """A payment term (ARTERM, APTERM), pulled only.

    ``discount_basis``: the term also says what its discount runs from (DISCFROM) and
    whether the discount is an amount or a percentage (DISCPERCAMN), as APTERM does.
    """
    return SyncedObject(
        object_name=object_name,
        model=model,
        id_field="NAME",
        status_field="STATUS",
        fields=(
            Field("name", "NAME"),
            Field("description", "DESCRIPTION"),
            Field("status", "STATUS", STATUS),
            Field("due_days", "DUEDATE", INTEGER),
            Field("due_from", "DUEFROM"),
            Field("discount_days", "DISCDATE", INTEGER),
            *((Field("discount_from", "DISCFROM"),) if discount_basis else ()),
            Field("discount_amount", "DISCAMOUNT", MONEY),
            *((Field("discount_unit", "DISCPERCAMN"),) if discount_basis else ()),
        ),
    )


def party_relations(
    *, term_model: type[models.Model], contacts: tuple[tuple[str, str], ...]
) -> tuple[Relation, ...]:
    """A customer's or vendor's term, entity, display and primary contact, then ``contacts``
    (local field, Intacct contact-reference field) of its own kind (bill-to, pay-to …).

    Contacts are referenced by name (CONTACTNAME is unique in Intacct).
    """
    named = (("display_contact", "DISPLAYCONTACT"), ("primary_contact", "CONTACTINFO"), *contacts)
    return (
        Relation("payment_term", term_model, "TERMNAME", by="intacct_id"),
        Relation("created_in_entity", Subsidiary, "MEGAENTITYID", by="intacct_id"),
        *(Relation(field, Contact, f"{ref}.CONTACTNAME", by="intacct_id") for field, ref in named),
    )


def document_totals(*, exchange_rate: bool = False) -> tuple[Field, ...]:
    """A document's currencies and totals, base and transaction (``exchange_rate``: with
    the rate between them, after the currencies)."""
    return (
        Field("currency", "CURRENCY"),
        Field("base_currency", "BASECURR"),
        *((Field("exchange_rate", "EXCHANGE_RATE", DECIMAL),) if exchange_rate else ()),
        Field("total_entered", "TOTALENTERED", MONEY),
        Field("total_paid", "TOTALPAID", MONEY),
        Field("total_due", "TOTALDUE", MONEY),
        Field("trx_total_entered", "TRX_TOTALENTERED", MONEY),
        Field("trx_total_paid", "TRX_TOTALPAID", MONEY),
        Field("trx_total_due", "TRX_TOTALDUE", MONEY),
    )


def document_relations(
    *, party: str, party_model: type[models.Model], party_id: str
) -> tuple[Relation, ...]:
    """A document's customer or vendor (by its Intacct ID) and its entity."""
    return (Relation(party, party_model, party_id, by="intacct_id"), ENTITY)


def adjustment_line(
    *,
    object_name: str,
    model: type[models.Model],
    header: str,
    header_model: type[models.Model],
) -> SyncedObject:
    """A line of an adjustment (ARADJUSTMENTITEM, APADJUSTMENTITEM) under its ``header``
    foreign key (and ``<header>_recordno``)."""
    return SyncedObject(
        object_name=object_name,
        model=model,
        fields=(
            Field(f"{header}_recordno", "RECORDKEY", INTEGER),
            Field("line_no", "LINE_NO", INTEGER),
            Field("gl_account", "ACCOUNTNO"),
            Field("location_id", "LOCATIONID"),
            Field("memo", "ENTRYDESCRIPTION"),
            Field("amount", "AMOUNT", MONEY),
            Field("trx_amount", "TRX_AMOUNT", MONEY),
        ),
        relations=(Relation(header, header_model, "RECORDKEY"),),
    )


def payment_detail(
    *,
    object_name: str,
    model: type[models.Model],
    payment_model: type[models.Model],
    document: tuple[str, type[models.Model]],
    credit: tuple[str, type[models.Model]],
    trx_credit_amount: bool = False,
) -> SyncedObject:
    """What a payment applied to one document (ARPYMTDETAIL, APPYMTDETAIL): cash and credit.

    ``document`` and ``credit`` are (foreign key, model) of the paid document (RECORDKEY)
    and of the adjustment whose credit was applied (ADJUSTMENTKEY); ``trx_credit_amount``
    also pulls the credit in transaction currency.
    """
    (document_field, document_model), (credit_field, credit_model) = document, credit
    return SyncedObject(
        object_name=object_name,
        model=model,
        fields=(
            Field("payment_recordno", "PAYMENTKEY", INTEGER),
            Field(f"{document_field}_recordno", "RECORDKEY", INTEGER),
            Field(f"{credit_field}_recordno", "ADJUSTMENTKEY", INTEGER),
            Field("payment_date", "PAYMENTDATE", DATE),
            Field("amount", "PAYMENTAMOUNT", MONEY),
            Field("trx_amount", "TRX_PAYMENTAMOUNT", MONEY),
            Field("credit_amount", "ADJUSTMENTAMOUNT", MONEY),
            *(
                (Field("trx_credit_amount", "TRX_ADJUSTMENTAMOUNT", MONEY),)
                if trx_credit_amount
                else ()
            ),
            Field("currency", "CURRENCY"),
            Field("state", "STATE"),
        ),
        relations=(
            Relation("payment", payment_model, "PAYMENTKEY"),
            Relation(document_field, document_model, "RECORDKEY"),
            Relation(credit_field, credit_model, "ADJUSTMENTKEY"),
        ),
    )

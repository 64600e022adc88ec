"""What the purchasing pull does after each page: kind, links and status of the documents."""

from django.db.models import OuterRef, Subquery

from ap.models import DocumentKind, PODefinition, PurchasingDocument
from ap.purchasing.statuses import STEP, purchasing_statuses_apply
from integrations.models import IntacctConnection
from integrations.sync.context import RunContext
from integrations.sync.counts import StepCounts


def documents_classify(*, connection: IntacctConnection, recordnos: list[int]) -> None:
    """Set each document's kind from its transaction definition's workflow category."""
    documents = PurchasingDocument.objects.filter(
        connection=connection, intacct_recordno__in=recordnos
    )
    names = set(documents.values_list("definition_name", flat=True).distinct().order_by())
    kinds = {
        d.name: d.kind for d in PODefinition.objects.filter(connection=connection, name__in=names)
    }
    for name in names:
        kind = kinds.get(name, DocumentKind.OTHER)
        documents.filter(definition_name=name).exclude(kind=kind).update(kind=kind)


def documents_link(*, connection: IntacctConnection, recordnos: list[int]) -> None:
    """Point each converted document (and back order) at the document it came from.

    A source may arrive in a later page than its child, so both directions are looked at:
    the page's children whose source is here, and earlier children of the page's documents.
    """
    everyone = PurchasingDocument.objects.filter(connection=connection)
    page = everyone.filter(intacct_recordno__in=recordnos)
    wanted = set(page.exclude(created_from="").values_list("created_from", flat=True))
    wanted |= set(page.exclude(doc_id="").values_list("doc_id", flat=True))
    source = everyone.filter(doc_id=OuterRef("created_from")).values("pk")[:1]
    everyone.filter(created_from__in=wanted, source__isnull=True).update(source_id=Subquery(source))


def purchasing_documents_after_page(ctx: RunContext, recordnos: list[int]) -> None:
    documents_classify(connection=ctx.connection, recordnos=recordnos)
    documents_link(connection=ctx.connection, recordnos=recordnos)
    unmapped = purchasing_statuses_apply(
        connection=ctx.connection, recordnos=recordnos, run=ctx.run
    )
    if unmapped:
        # Documents left without a status failed to import completely: the run says so.
        ctx.step_counts(STEP).add(StepCounts(failed=sum(unmapped.values())))
        ctx.save()

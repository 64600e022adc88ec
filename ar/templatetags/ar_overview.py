"""``{% ar_overview %}``: the receivables overview on the admin index, for who may see it."""

from django import template
from django.utils import timezone

from ar.money import amount_text
from ar.overview import receivables_overview

register = template.Library()


@register.inclusion_tag("admin/ar/overview.html", takes_context=True)
def ar_overview(context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.has_perm("ar.view_invoice"):
        return {"show": False}
    return {"show": True, "overview": receivables_overview(today=timezone.localdate())}


@register.filter
def amount(value) -> str:
    return amount_text(value)

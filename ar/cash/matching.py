"""Which customer paid: ranked suggestions for a bank line, each with the reasons for its score.

Signals, added up to at most 100:
- the payer name against customer names and contacts, scored by RapidFuzz after the same
  normalisation on both sides (accents, case, punctuation, legal forms, common abbreviations);
- invoice numbers and customer IDs found in the memo or reference;
- open invoices of a candidate whose amounts due, alone or two or three together, equal the
  payment.

The index is built once per connection (``CustomerIndex.from_database``) and is pure data, so
the benchmark builds it from the sandbox company without a database.
"""

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import combinations

from rapidfuzz import fuzz, process

NAME_WEIGHT = 60  # a perfect name is worth this much
MEMO_INVOICE = 40
MEMO_CUSTOMER_ID = 40
AMOUNT_ONE = 20
AMOUNT_COMBINED = 15
NAME_CANDIDATES = 15
MAX_COMBINATION_INVOICES = 25

LEGAL_FORMS = frozenset(
    {
        "inc",
        "incorporated",
        "llc",
        "ltd",
        "limited",
        "corp",
        "corporation",
        "co",
        "company",
        "plc",
        "gmbh",
        "ag",
        "sa",
        "sas",
        "sarl",
        "bv",
        "nv",
        "oy",
        "ab",
        "as",
        "spa",
        "srl",
        "pty",
        "lp",
        "llp",
        "the",
    }
)
ABBREVIATIONS = {
    "intl": "international",
    "int": "international",
    "mfg": "manufacturing",
    "svcs": "services",
    "svc": "services",
    "srvcs": "services",
    "tech": "technologies",
    "techs": "technologies",
    "tec": "technologies",
    "sys": "systems",
    "assoc": "associates",
    "bros": "brothers",
    "grp": "group",
    "hldgs": "holdings",
    "hldg": "holdings",
    "ind": "industries",
    "inds": "industries",
    "natl": "national",
    "mgmt": "management",
    "dist": "distribution",
    "sol": "solutions",
    "solns": "solutions",
    "ent": "enterprises",
    "entp": "enterprises",
    "labs": "laboratories",
    "lab": "laboratories",
    "univ": "university",
    "amer": "american",
    "dev": "development",
    "eng": "engineering",
    "engr": "engineering",
    "and": "",
}
TOKEN = re.compile(r"[a-z0-9]+")
DOCUMENT_NUMBER = re.compile(r"[A-Za-z]{1,6}[-_/]?\d{2,}[A-Za-z0-9-]*")


def normalise(name: str) -> str:
    """Lower case, no accents or punctuation, abbreviations expanded, legal forms dropped."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower().replace("&", " ")
    words = []
    for token in TOKEN.findall(text):
        token = ABBREVIATIONS.get(token, token)
        if token and token not in LEGAL_FORMS:
            words.append(token)
    return " ".join(words)


@dataclass(frozen=True)
class OpenInvoice:
    number: str
    customer: str  # customer ID
    due: Decimal


@dataclass
class Suggestion:
    customer_id: str
    name: str
    score: float
    reasons: list[str] = field(default_factory=list)
    invoices: list[str] = field(default_factory=list)  # open invoices the amount or memo names

    @property
    def explanation(self) -> str:
        return "; ".join(self.reasons)


@dataclass
class CustomerIndex:
    """Customers, their names and contacts, and their open invoices, ready for matching."""

    names: dict[str, str]  # customer ID -> display name
    choices: list[str] = field(default_factory=list)  # normalised names and contacts
    owners: list[str] = field(default_factory=list)  # customer ID of each choice
    open_invoices: dict[str, list[OpenInvoice]] = field(default_factory=dict)
    by_number: dict[str, OpenInvoice] = field(default_factory=dict)
    by_amount: dict[Decimal, list[OpenInvoice]] = field(default_factory=dict)
    ids: dict[str, str] = field(default_factory=dict)  # folded customer ID -> ID

    @classmethod
    def build(
        cls,
        customers: Iterable[tuple[str, str, Iterable[str]]],
        invoices: Iterable[OpenInvoice],
    ) -> "CustomerIndex":
        """``customers``: (customer ID, name, contact names); ``invoices``: open ones."""
        index = cls(names={})
        for customer_id, name, contacts in customers:
            index.names[customer_id] = name
            index.ids[customer_id.casefold()] = customer_id
            for label in {name, *contacts}:
                normal = normalise(label)
                if normal:
                    index.choices.append(normal)
                    index.owners.append(customer_id)
        open_by_customer: dict[str, list[OpenInvoice]] = defaultdict(list)
        by_amount: dict[Decimal, list[OpenInvoice]] = defaultdict(list)
        for invoice in invoices:
            if invoice.due <= 0:
                continue
            open_by_customer[invoice.customer].append(invoice)
            index.by_number[_fold(invoice.number)] = invoice
            by_amount[invoice.due].append(invoice)
        index.open_invoices = dict(open_by_customer)
        index.by_amount = dict(by_amount)
        return index

    @classmethod
    def from_database(cls, connection_id: int) -> "CustomerIndex":
        from ar.models import Customer, Invoice  # the pure part needs no Django

        contacts: dict[int, set[str]] = defaultdict(set)
        rows = Customer.objects.filter(connection_id=connection_id).values_list(
            "pk",
            "customer_id",
            "name",
            "display_contact__company_name",
            "display_contact__print_as",
            "bill_to_contact__print_as",
        )
        customers = []
        for pk, customer_id, name, *labels in rows:
            contacts[pk].update(label for label in labels if label)
            customers.append((customer_id, name, contacts[pk]))
        invoices = (
            OpenInvoice(number, customer, due or Decimal(0))
            for number, customer, due in Invoice.objects.filter(
                connection_id=connection_id,
                state__in=("Posted", "Partially Paid"),
                trx_total_due__gt=0,
            ).values_list("number", "customer_intacct_id", "trx_total_due")
        )
        return cls.build(customers, invoices)

    def suggest(
        self, *, payer_name: str, memo: str = "", amount: Decimal | None = None, limit: int = 5
    ) -> list[Suggestion]:
        """Customers ranked by score (highest first), each with why."""
        found: dict[str, Suggestion] = {}

        def entry(customer_id: str) -> Suggestion:
            if customer_id not in found:
                found[customer_id] = Suggestion(customer_id, self.names.get(customer_id, ""), 0)
            return found[customer_id]

        query = normalise(payer_name)
        if query:
            for _choice, similarity, position in process.extract(
                query,
                self.choices,
                scorer=_name_scorer,
                processor=None,
                limit=NAME_CANDIDATES,
                score_cutoff=50,
            ):
                customer_id = self.owners[position]
                current = entry(customer_id)
                name_points = NAME_WEIGHT * similarity / 100
                if name_points > current.score:
                    current.score = name_points
                    current.reasons = [f"name {similarity:.0f}% similar"]
        for token in DOCUMENT_NUMBER.findall(memo):
            invoice = self.by_number.get(_fold(token))
            if invoice is not None:
                hit = entry(invoice.customer)
                hit.score += MEMO_INVOICE
                hit.reasons.append(f"memo names {invoice.number}")
                hit.invoices.append(invoice.number)
        for token in re.findall(r"[A-Za-z0-9][A-Za-z0-9_-]+", memo):
            named = self.ids.get(token.casefold())
            if named is not None:
                hit = entry(named)
                hit.score += MEMO_CUSTOMER_ID
                hit.reasons.append(f"memo names customer ID {named}")
        if amount is not None and amount > 0:
            for invoice in self.by_amount.get(amount, ()):
                if invoice.customer in found or len(self.by_amount[amount]) <= 3:
                    hit = entry(invoice.customer)
                    if not any(r.startswith("amount") for r in hit.reasons):
                        hit.score += AMOUNT_ONE
                        hit.reasons.append(f"amount equals open invoice {invoice.number}")
                        hit.invoices.append(invoice.number)
            for customer_id, hit in found.items():
                if any(r.startswith("amount") for r in hit.reasons):
                    continue
                combo = _combination(self.open_invoices.get(customer_id, ()), amount)
                if combo:
                    hit.score += AMOUNT_COMBINED
                    hit.reasons.append(f"amount equals {len(combo)} open invoices")
                    hit.invoices.extend(i.number for i in combo if i.number not in hit.invoices)
        ranked = sorted(found.values(), key=lambda s: (-s.score, s.name))
        for suggestion in ranked:
            suggestion.score = round(min(suggestion.score, 100.0), 1)
        return ranked[:limit]


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.casefold())


def _name_scorer(query: str, choice: str, **kwargs: object) -> float:
    # token_set_ratio forgives missing or extra words ("Acme" vs "Acme Global"), ratio
    # rewards the whole name; the mean keeps a short payer name from matching everything.
    cutoff = kwargs.get("score_cutoff") or 0
    best = (fuzz.token_set_ratio(query, choice) + fuzz.ratio(query, choice)) / 2
    return best if best >= cutoff else 0.0  # type: ignore[operator]


def _combination(invoices: Iterable[OpenInvoice], amount: Decimal) -> tuple[OpenInvoice, ...]:
    """Two or three open invoices whose amounts due add up to ``amount`` (oldest first)."""
    candidates = [i for i in invoices if i.due < amount][:MAX_COMBINATION_INVOICES]
    for size in (2, 3):
        for combo in combinations(candidates, size):
            if sum((i.due for i in combo), Decimal(0)) == amount:
                return combo
    return ()

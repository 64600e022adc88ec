"""Seeded charge card transactions (with VAT lines in the UK entity) and amortization templates."""

from __future__ import annotations

from .batch import Batch
from .context import BASE_CURRENCY, HISTORY_DAYS, FastRandom, Party, SeedContext, money

CARD_COLUMNS = (
    "RECORDNO",
    "RECORDTYPE",
    "RECORDID",
    "FINANCIALENTITY",
    "FINANCIALENTITYTYPE",
    "STATE",
    "RAWSTATE",
    "DESCRIPTION",
    "DESCRIPTION2",
    "WHENCREATED",
    "WHENPOSTED",
    "WHENPAID",
    "BASECURR",
    "CURRENCY",
    "EXCHANGE_RATE",
    "INCLUSIVETAX",
    "TAXSOLUTIONID",
    "TOTALENTERED",
    "TOTALPAID",
    "TOTALDUE",
    "TRX_TOTALENTERED",
    "TRX_TOTALPAID",
    "TRX_TOTALDUE",
    "CLEARED",
    "AUWHENCREATED",
    "WHENMODIFIED",
    "MEGAENTITYKEY",
    "MEGAENTITYID",
    "MEGAENTITYNAME",
)
CARD_LINE_COLUMNS = (
    "RECORDNO",
    "RECORDKEY",
    "LINE_NO",
    "ACCOUNTNO",
    "ENTRY_DATE",
    "AMOUNT",
    "TRX_AMOUNT",
    "ENTRYDESCRIPTION",
    "CURRENCY",
    "BASECURR",
    "DEPARTMENTID",
    "LOCATIONID",
    "VENDORID",
    "STATE",
    "DETAILKEY",
    "DETAILID",
    "TAXRATE",
    "PARENTTAXENTRY",
    "WHENCREATED",
    "WHENMODIFIED",
)
TEMPLATE_COLUMNS = (
    "RECORDNO",
    "TEMPLATEID",
    "DESCRIPTION",
    "STATUS",
    "SCHEDULEPERIOD",
    "TOTALPERIODS",
    "METHOD",
    "DEFERREDACCOUNTNO",
    "WHENCREATED",
    "WHENMODIFIED",
)
# (ID, description, periods, status): the bills' prepayment lines use PREPAID-12.
TEMPLATES = (
    ("PREPAID-12", "Prepaid expense over 12 months", 12, "active"),
    ("PREPAID-6", "Prepaid expense over 6 months", 6, "active"),
    ("SOFTWARE-36", "Software licences over 36 months", 36, "active"),
    ("INSURANCE-OLD", "Insurance (retired template)", 12, "inactive"),
)
CARDS = {"US": "AMEX-US", "UK": "VISA-UK", "CA": "MC-CA"}
# The UK entity charges VAT on card purchases; (tax detail key, ID, rate).
VAT = {"UK": (7, "UK Purchase Goods Standard Rate", 20.0)}
PAYEES = ("Rail & Air Ltd", "Hotel Müller", "Office Supplies Co", "Cloud Hosting Inc.", "Café 89")
EXPENSE_ACCOUNTS = ("6000", "6200", "6300")
# The seeded chart has no VAT account of its own: input VAT goes to accrued liabilities.
VAT_ACCOUNT = "2100"


def seed_amortization_templates(ctx: SeedContext) -> None:
    """The AP amortization templates (one of them inactive)."""
    batch = Batch(ctx.conn, "amortizationtemplate", TEMPLATE_COLUMNS)
    stamp = f"{ctx.day(HISTORY_DAYS)} 09:00:00"
    for ident, description, periods, status in TEMPLATES:
        batch.add(
            (
                ctx.key("amortizationtemplate"),
                ident,
                description,
                status,
                "Monthly",
                periods,
                "Straight line",
                "1400",
                stamp,
                stamp,
            )
        )
    batch.flush()


class CardSeeder:
    """Writes charge card transactions: lines per expense, a VAT line per UK expense line."""

    def __init__(self, ctx: SeedContext) -> None:
        self.ctx = ctx
        # A random source of its own: the shared one's later draws (reference data, reversals)
        # stay what they were before card transactions were seeded.
        self.rng = FastRandom(ctx.scale * 7919 + 17)
        self.cards = Batch(ctx.conn, "cctransaction", CARD_COLUMNS)
        self.lines = Batch(ctx.conn, "cctransactionentry", CARD_LINE_COLUMNS)

    def run(self, vendors: list[Party]) -> None:
        ctx = self.ctx
        count = max(3, round(ctx.scale * 0.05))
        for index in range(1, count + 1):
            # The first three cover every entity, whatever the draw.
            entities = ("US", "UK", "CA")
            entity = entities[index - 1] if index <= 3 else self.rng.choice(entities)
            self._transaction(index, self.rng.randint(0, HISTORY_DAYS), entity, vendors)
        self.cards.flush()
        self.lines.flush()

    def _transaction(self, index: int, age: int, entity: str, vendors: list[Party]) -> None:
        ctx = self.ctx
        rng = self.rng
        key = ctx.key("cctransaction")
        base = BASE_CURRENCY[entity]
        seconds = 25200 + rng.randint(0, 46799)
        stamp = (
            f"{ctx.day(age)} {seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
        )
        vat = VAT.get(entity)
        nets = [rng.randint(500, 80_000) for _ in range(rng.choice((1, 1, 2, 3)))]
        taxes = [round(net * vat[2] / 100) if vat else 0 for net in nets]
        total = sum(nets) + sum(taxes)
        vendor = rng.choice([v for v in vendors if v.entity == entity] or vendors)
        line_no = 0
        for net, tax in zip(nets, taxes, strict=True):
            line_no += 1
            line_key = ctx.key("cctransactionentry")
            self.lines.add(
                (
                    line_key,
                    key,
                    str(line_no),
                    rng.choice(EXPENSE_ACCOUNTS),
                    ctx.day(age),
                    money(net),
                    money(net),
                    "Card purchase",
                    base,
                    base,
                    rng.choice(("D300", "D400")),
                    entity,
                    vendor.ident,
                    "Posted",
                    None,
                    None,
                    None,
                    None,
                    stamp,
                    stamp,
                )
            )
            if vat:
                line_no += 1
                self.lines.add(
                    (
                        ctx.key("cctransactionentry"),
                        key,
                        str(line_no),
                        VAT_ACCOUNT,
                        ctx.day(age),
                        money(tax),
                        money(tax),
                        "VAT",
                        base,
                        base,
                        None,
                        entity,
                        None,
                        "Posted",
                        vat[0],
                        vat[1],
                        vat[2],
                        line_key,
                        stamp,
                        stamp,
                    )
                )
        self.cards.add(
            (
                key,
                "cc",
                f"CC-{index:06d}",
                CARDS[entity],
                "CC",
                "Posted",
                "A",
                "Card expenses",
                rng.choice(PAYEES),
                ctx.day(age),
                ctx.day(age),
                ctx.day(age),
                base,
                base,
                1.0,
                "false",
                "UK - VAT" if vat else None,
                money(total),
                0.0,
                money(total),
                money(total),
                0.0,
                money(total),
                "false",
                stamp,
                stamp,
                *ctx.entity(entity),
            )
        )

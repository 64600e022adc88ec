"""Seeded customers (with contacts and custom fields) and vendors in every status."""

from __future__ import annotations

from .batch import Batch
from .context import AP_TERMS, AR_TERMS, BASE_CURRENCY, Party, SeedContext
from .names import CITIES, COMPANY_SUFFIXES, COMPANY_WORDS, COUNTRIES, FIRST_NAMES, LAST_NAMES


def _company_name(ctx: SeedContext, index: int) -> str:
    rng = ctx.rng
    first, second = rng.choice(COMPANY_WORDS), rng.choice(COMPANY_WORDS)
    return f"{first} {second} {rng.choice(COMPANY_SUFFIXES)} {index}"


def seed_parties(ctx: SeedContext) -> None:
    """Customers with contacts and custom fields, and vendors in every status."""
    conn = ctx.conn
    rng = ctx.rng
    n_customers = max(12, round(ctx.scale * 0.15))
    n_vendors = max(10, round(ctx.scale * 0.08))
    contact_columns = (
        "RECORDNO",
        "CONTACTNAME",
        "COMPANYNAME",
        "FIRSTNAME",
        "LASTNAME",
        "PRINTAS",
        "EMAIL1",
        "PHONE1",
        "STATUS",
        "TAXABLE",
        "WHENCREATED",
        "WHENMODIFIED",
        "MAILADDRESS.ADDRESS1",
        "MAILADDRESS.CITY",
        "MAILADDRESS.STATE",
        "MAILADDRESS.ZIP",
        "MAILADDRESS.COUNTRY",
        "MAILADDRESS.COUNTRYCODE",
    )
    contacts = Batch(conn, "contact", contact_columns)
    party_columns = (
        "RECORDNO",
        "NAME",
        "STATUS",
        "ONHOLD",
        "ONETIME",
        "TERMNAME",
        "CURRENCY",
        "ENTITY",
        "CREDITLIMIT",
        "WHENCREATED",
        "WHENMODIFIED",
        "DISPLAYCONTACT.CONTACTNAME",
        "DISPLAYCONTACT.PRINTAS",
        "DISPLAYCONTACT.COMPANYNAME",
        "DISPLAYCONTACT.FIRSTNAME",
        "DISPLAYCONTACT.LASTNAME",
        "DISPLAYCONTACT.EMAIL1",
        "DISPLAYCONTACT.PHONE1",
        "DISPLAYCONTACT.MAILADDRESS.ADDRESS1",
        "DISPLAYCONTACT.MAILADDRESS.CITY",
        "DISPLAYCONTACT.MAILADDRESS.STATE",
        "DISPLAYCONTACT.MAILADDRESS.ZIP",
        "DISPLAYCONTACT.MAILADDRESS.COUNTRY",
        "DISPLAYCONTACT.MAILADDRESS.COUNTRYCODE",
        "CONTACTINFO.CONTACTNAME",
        "MEGAENTITYKEY",
        "MEGAENTITYID",
        "MEGAENTITYNAME",
    )
    customers = Batch(
        conn,
        "customer",
        (
            *party_columns,
            "CUSTOMERID",
            "BILLTO.CONTACTNAME",
            "SHIPTO.CONTACTNAME",
            "CUSTTYPE",
            "CRM_ACCOUNT_ID",
            "CUSTOMER_SINCE",
            "CUSTOMER_TIER",
            "CREDIT_SCORE",
        ),
    )
    vendors = Batch(
        conn,
        "vendor",
        (
            *party_columns,
            "VENDORID",
            "PAYTO.CONTACTNAME",
            "RETURNTO.CONTACTNAME",
            "VENDTYPE",
            "TAXID",
            "NAME1099",
            "FORM1099TYPE",
            "APACCOUNT",
            "BILLINGTYPE",
            "PAYMETHODKEY",
        ),
    )
    for kind, count in (("customer", n_customers), ("vendor", n_vendors)):
        for index in range(1, count + 1):
            entity = rng.choices(("US", "UK", "CA"), (60, 25, 15))[0]
            first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
            company = _company_name(ctx, index)
            ident = f"{'C' if kind == 'customer' else 'V'}-{index:05d}"
            contact_name = f"{last}, {first} ({ident})"
            email = (
                f"{first.lower().encode('ascii', 'ignore').decode() or 'ap'}.{index}@example.com"
            )
            city, region, postcode = rng.choice(CITIES[entity])
            country, country_code = COUNTRIES[entity]
            created_days = rng.randint(400, 800)
            created = ctx.stamp(created_days)
            modified = ctx.stamp(rng.randint(0, created_days))
            roll = rng.random()
            if kind == "customer":
                status = (
                    "inactive" if roll < 0.08 else "active non-posting" if roll < 0.1 else "active"
                )
                onhold = "true" if rng.random() < 0.03 else "false"
                term, days = rng.choice(AR_TERMS)
            else:
                status = (
                    "inactive" if roll < 0.1 else "active non-posting" if roll < 0.15 else "active"
                )
                onhold = "true" if rng.random() < 0.06 else "false"
                term, days = rng.choice(AP_TERMS)
            # The first parties cover every status even in tiny companies.
            forced = {
                "customer": {4: "inactive", 5: "active non-posting"},
                "vendor": {2: "active non-posting", 3: "inactive"},
            }[kind]
            status = forced.get(index, status)
            # A few parties are private to the entity that created them.
            private = rng.random() < 0.1
            mega = ctx.entity(entity) if private else (None, None, None)
            contacts.add(
                (
                    ctx.key("contact"),
                    contact_name,
                    company,
                    first,
                    last,
                    f"{first} {last}",
                    email,
                    f"+1 555 {rng.randint(1000000, 9999999)}",
                    "active",
                    "false",
                    created,
                    modified,
                    f"{rng.randint(1, 999)} Main St",
                    city,
                    region,
                    postcode,
                    country,
                    country_code,
                )
            )
            recordno = ctx.key(kind)
            currency = BASE_CURRENCY[entity]
            common = (
                recordno,
                company,
                status,
                onhold,
                "false",
                term,
                currency,
                entity,
                float(rng.choice((5000, 10000, 25000, 50000))),
                created,
                modified,
                contact_name,
                company,
                company,
                first,
                last,
                email,
                f"+1 555 {rng.randint(1000000, 9999999)}",
                f"{rng.randint(1, 999)} Market Street",
                city,
                region,
                postcode,
                country,
                country_code,
                contact_name,
                *mega,
            )
            party = Party(
                recordno, ident, company, entity, currency, term, days, status, contact_name
            )
            if kind == "customer":
                customers.add(
                    (
                        *common,
                        ident,
                        contact_name,
                        contact_name,
                        rng.choice(("Direct", "Reseller", "Government")),
                        f"CRM-{rng.randint(100000, 999999)}",
                        ctx.day(created_days + 30),
                        rng.choice(("Gold", "Silver", "Bronze")),
                        float(rng.randint(300, 850)),
                    )
                )
                ctx.customers.append(party)
            else:
                vendors.add(
                    (
                        *common,
                        ident,
                        contact_name,
                        contact_name,
                        rng.choice(("Supplier", "Contractor", "Utility")),
                        f"{rng.randint(10, 99)}-{rng.randint(1000000, 9999999)}",
                        company.upper(),
                        rng.choice(("MISC", "NEC", "")),
                        "2000",
                        "openitem",
                        rng.choice(("Printed Check", "EFT", "ACH")),
                    )
                )
                ctx.vendors.append(party)
    contacts.flush()
    customers.flush()
    vendors.flush()

"""The troubleshooting catalogue shipped with the product (loaded by a data migration).

Each entry: title, errorno, message_pattern (regex, case-insensitive), cause, fix_steps,
intacct_menu_path, retry_safe, admin_link. Patterns are written against Intacct's wording.
"""

CONNECTION_LINK = "/admin/integrations/intacctconnection/{connection_id}/change/"

ENTRIES: list[dict] = [
    {
        "title": "Sign-in failed",
        "errorno": "XMLGW_JPP0002",
        "message_pattern": "",
        "cause": "Intacct refused the web-services user's sign-in: wrong user ID, company ID or "
        "password, or the user is locked or inactive.",
        "fix_steps": "1. Check the company ID (no spaces) and the web-services user ID.\n"
        "2. Reset the web-services user's password in Intacct and type it in the connection.\n"
        "3. Make sure the user is active and not locked out.\n4. Save and press Test connection.",
        "intacct_menu_path": "Company > Admin > Web Services users",
        "retry_safe": False,
        "admin_link": CONNECTION_LINK,
    },
    {
        "title": "Sign-in failed (user credentials)",
        "errorno": "XL03000006",
        "message_pattern": r"sign-?in information is incorrect",
        "cause": "The web-services user, company ID or user password is wrong.",
        "fix_steps": "1. Check the company ID and web-services user ID in the connection.\n"
        "2. Re-enter the user password.\n3. Save and press Test connection. Syncs stay "
        "paused until the test passes, to avoid locking the user out.",
        "intacct_menu_path": "Company > Admin > Web Services users",
        "retry_safe": False,
        "admin_link": CONNECTION_LINK,
    },
    {
        "title": "Sender not authorised for this company",
        "errorno": "XL03000006",
        "message_pattern": r"web services authorization|partner id|sender (id|password)",
        "cause": "The company has not authorised your Web Services sender ID, or the sender ID "
        "or sender password is wrong.",
        "fix_steps": "1. In Intacct, add the sender ID to the company's Web Services "
        "authorizations.\n2. Check the sender ID and password in the connection.\n"
        "3. Save and press Test connection.",
        "intacct_menu_path": "Company > Setup > Company > Security > Web Services authorizations",
        "retry_safe": False,
        "admin_link": CONNECTION_LINK,
    },
    {
        "title": "Invalid or expired session",
        "errorno": "XL03000006",
        "message_pattern": r"invalid session|session .*expired",
        "cause": "The API session expired or was ended in Intacct. The client signs in again "
        "by itself; this error stays only if signing in again failed too.",
        "fix_steps": "Retry. If it repeats, press Test connection to check the credentials.",
        "intacct_menu_path": "",
        "retry_safe": True,
        "admin_link": CONNECTION_LINK,
    },
    {
        "title": "Demo company expired",
        "errorno": "PL04000055",
        "message_pattern": "",
        "cause": "The Intacct company is a demo or trial company that has expired.",
        "fix_steps": "Ask Sage Intacct to extend or convert the company, or point the "
        "connection at the production company.",
        "intacct_menu_path": "",
        "retry_safe": False,
        "admin_link": CONNECTION_LINK,
    },
    {
        "title": "Malformed request",
        "errorno": "XL03000003",
        "message_pattern": "",
        "cause": "Intacct could not parse the request (XML schema or element order). This is a "
        "defect in the integration, not in your data.",
        "fix_steps": "Do not retry. Export the error (CSV) and send it to support with the run "
        "number.",
        "intacct_menu_path": "",
        "retry_safe": False,
        "admin_link": "",
    },
    {
        "title": "Rate limited by Intacct",
        "errorno": "GW-0010",
        "message_pattern": "",
        "cause": "Too many API requests in a short time for this company (other integrations "
        "may be calling Intacct too).",
        "fix_steps": "Nothing to fix: the sync backs off and retries. If it keeps happening, "
        "move the daily pull to a quieter hour or turn off the hourly auto-sync.",
        "intacct_menu_path": "",
        "retry_safe": True,
        "admin_link": CONNECTION_LINK,
    },
    {
        "title": "Rate limited by Intacct (message)",
        "errorno": "",
        "message_pattern": r"rate limit exceeded",
        "cause": "Too many API requests in a short time for this company.",
        "fix_steps": "Retry later; the next scheduled run picks up where this one stopped.",
        "intacct_menu_path": "",
        "retry_safe": True,
        "admin_link": "",
    },
    {
        "title": "Intacct temporarily offline",
        "errorno": "",
        "message_pattern": r"temporarily off-?line|try again later",
        "cause": "Intacct is down for maintenance or overloaded.",
        "fix_steps": "Retry later; the next run resumes where this one stopped.",
        "intacct_menu_path": "",
        "retry_safe": True,
        "admin_link": "",
    },
    {
        "title": "Missing API permission",
        "errorno": "",
        "message_pattern": r"do not have permission|not authorized to|permission denied|"
        r"insufficient (privileges|permissions)",
        "cause": "The web-services user lacks a permission for this object (e.g. Accounts "
        "Receivable > Customers, Invoices).",
        "fix_steps": "1. In Intacct, open the web-services user's roles or permissions.\n"
        "2. Grant read (and, for pushes, add/edit) on the module named in the error.\n"
        "3. Press Test connection: it names every object still missing.",
        "intacct_menu_path": "Company > Admin > Web Services users > (user) > Permissions",
        "retry_safe": False,
        "admin_link": CONNECTION_LINK,
    },
    {
        "title": "Unknown field in query",
        "errorno": "DL02000001",
        "message_pattern": "",
        "cause": "Intacct refused the query, usually because a field it names does not exist "
        "(for example a custom field that was removed or renamed in Intacct).",
        "fix_steps": "1. Check the field named in the error under the connection's custom "
        "field selections and pull filters.\n2. Remove or correct it.\n3. Retry.",
        "intacct_menu_path": "Platform Services > Objects > (object) > Fields",
        "retry_safe": False,
        "admin_link": CONNECTION_LINK,
    },
    {
        "title": "Duplicate record",
        "errorno": "BL34000061",
        "message_pattern": "",
        "cause": "A record with the same ID already exists in Intacct. On a retried push it "
        "means the first attempt landed.",
        "fix_steps": "Check the record in Intacct. If it is the same record, mark this error "
        "resolved; otherwise give the local record a unique ID and retry.",
        "intacct_menu_path": "",
        "retry_safe": False,
        "admin_link": "",
    },
    {
        "title": "Invalid field format",
        "errorno": "BL03000018",
        "message_pattern": "",
        "cause": "A value has the wrong format for Intacct (for example an e-mail address).",
        "fix_steps": "Correct the value named in the error and retry.",
        "intacct_menu_path": "",
        "retry_safe": False,
        "admin_link": "",
    },
    {
        "title": "Document number already used",
        "errorno": "",
        "message_pattern": r"a transaction with the number .* already exists",
        "cause": "The invoice or document number is already taken in Intacct (its numbering "
        "sequence and ours collided).",
        "fix_steps": "Give the document a new number, or let Intacct number it: Accounts "
        "Receivable > Setup > Configure > Document sequencing.",
        "intacct_menu_path": "Accounts Receivable > Setup > Configure",
        "retry_safe": False,
        "admin_link": "",
    },
    {
        "title": "Payment batch key required",
        "errorno": "",
        "message_pattern": r"provide a payment batch key|batch ?key",
        "cause": "The company's AR summary frequency requires every payment to name a summary "
        "(batch).",
        "fix_steps": "In Intacct open Accounts Receivable > Setup > Configure and set the "
        "receipts Summary Frequency to create summaries automatically (e.g. Daily), then retry.",
        "intacct_menu_path": "Accounts Receivable > Setup > Configure > Summary Frequency",
        "retry_safe": False,
        "admin_link": "",
    },
    {
        "title": "Undeposited funds account tied to a bank account",
        "errorno": "",
        "message_pattern": r"undeposited",
        "cause": "The GL account used for undeposited funds is associated with a bank account, "
        "which Intacct does not allow for receipts.",
        "fix_steps": "Use an undeposited-funds GL account that is not linked to a checking "
        "account (Cash Management > Setup > Configure), or deposit to the bank directly.",
        "intacct_menu_path": "Cash Management > Setup > Configure",
        "retry_safe": False,
        "admin_link": "",
    },
    {
        "title": "Imported invoice no longer exists in Intacct",
        "errorno": "",
        "message_pattern": r"invoice.*(does not exist|no longer exists|not found|deleted|"
        r"cannot find)",
        "cause": "The invoice was deleted (or re-created by Order Entry with a new record "
        "number) in Intacct after it was imported.",
        "fix_steps": "Skip it in future syncs (action above) and reconcile the payment or "
        "credit by hand in Intacct.",
        "intacct_menu_path": "Accounts Receivable > Invoices",
        "retry_safe": False,
        "admin_link": "",
    },
    {
        "title": "Inactive vendor or customer",
        "errorno": "",
        "message_pattern": r"inactive",
        "cause": "The transaction names a vendor or customer that is inactive in Intacct.",
        "fix_steps": "Reactivate the vendor or customer in Intacct (or choose an active one), "
        "then retry.",
        "intacct_menu_path": "Accounts Payable > Vendors / Accounts Receivable > Customers",
        "retry_safe": False,
        "admin_link": "",
    },
    {
        "title": "Period closed",
        "errorno": "",
        "message_pattern": r"closed period|period .*(is )?closed|books are closed",
        "cause": "The transaction's date falls in a period whose books are closed in Intacct.",
        "fix_steps": "Re-open the period in Intacct (General Ledger > Close books) or change the "
        "date to an open period, then retry.",
        "intacct_menu_path": "General Ledger > Close books",
        "retry_safe": False,
        "admin_link": "",
    },
    {
        "title": "Update no longer allowed by Intacct",
        "errorno": "HUB-PUSH-REFUSED",
        "message_pattern": r"checked before sending",
        "cause": "The record was changed in the hub after it was pushed, but Intacct no longer "
        "lets it be changed (for an invoice: a payment was applied to it). Nothing was sent.",
        "fix_steps": "Undo the change in the hub, or make the correction in Intacct (reverse the "
        "payment, or reverse the invoice and create a new one).",
        "intacct_menu_path": "Accounts Receivable > Invoices",
        "retry_safe": False,
        "admin_link": "",
    },
    {
        "title": "Record not valid for Intacct",
        "errorno": "HUB-PUSH-INVALID",
        "message_pattern": r"checked before sending",
        "cause": "The hub checked the record before sending it and found a value Intacct would "
        "refuse (a missing field, an amount with more than two decimals, a due date before the "
        "invoice date, an inactive GL account or an unknown dimension). Nothing was sent.",
        "fix_steps": "Correct the value named in the error and save the record: it is pushed "
        "again with the next sync.",
        "intacct_menu_path": "",
        "retry_safe": False,
        "admin_link": "",
    },
    {
        "title": "Two Intacct customers share the name",
        "errorno": "HUB-PUSH-AMBIGUOUS",
        "message_pattern": r"checked before sending",
        "cause": "The invoice's customer is matched to Intacct by name, and Intacct has more "
        "than one customer with that name. The hub does not guess.",
        "fix_steps": "1. Open the customer name choices (AR > Customer name choices) and add the "
        "name with the customer ID to use (the IDs are in the error).\n2. Retry this error: "
        "the choice is remembered for every later invoice of that customer.",
        "intacct_menu_path": "Accounts Receivable > Customers",
        "retry_safe": True,
        "admin_link": "",
    },
    {
        "title": "Two units of measure with the same value",
        "errorno": "AP-UOM-DUPLICATE",
        "message_pattern": "",
        "cause": "Units of measure must be unique here, but Intacct holds two units with the "
        "same value (the error names both, with their groups and record numbers). No unit "
        "was imported, so lines keep pointing at the units they had.",
        "fix_steps": "1. In Intacct open Inventory Control > Setup > Units of measure.\n"
        "2. Open the group of one of the two units named in the error.\n"
        "3. Rename that unit (or delete it if nothing uses it) so no two units share a "
        "value.\n4. Retry, or wait for the next sync: the units are then imported.",
        "intacct_menu_path": "Inventory Control > Setup > Units of measure",
        "retry_safe": True,
        "admin_link": "",
    },
    {
        "title": "Purchasing state with no status mapping",
        "errorno": "AP-STATUS-UNMAPPED",
        "message_pattern": "",
        "cause": "A purchase order or PO receiver is in an Intacct state the purchasing status "
        "map does not cover for the connection's matching mode, so it has no status here.",
        "fix_steps": "Add the state named in the error to the purchasing status map (for the "
        "connection's matching mode, or for both modes). Saving the map re-maps every "
        "document and resolves this error.",
        "intacct_menu_path": "",
        "retry_safe": False,
        "admin_link": "/admin/ap/statusmapping/",
    },
]


def seed_builtin(entry_model, using: str = "default") -> int:
    """Add the shipped entries that are missing (by title); consultants' edits are kept."""
    created = 0
    for data in ENTRIES:
        _, made = entry_model.objects.using(using).get_or_create(
            title=data["title"], defaults={**data, "builtin": True}
        )
        created += made
    return created

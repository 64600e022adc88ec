"""Cash application: bank lines become customer payments applied to invoices, then posted
to Intacct (ARPYMT with ARPYMTDETAILS). Services write, selectors read; the admin and the
push steps call them."""

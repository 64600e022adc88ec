"""The AR write-back: app-made invoices (and the customers they need) pushed to Intacct."""

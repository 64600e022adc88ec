"""Purchase orders, PO receivers, their lines and units of measure."""

"""What each AP object syncs: one field table per object (``integrations.sync.declarations``).

``parties`` (vendors, terms), ``purchasing`` (POs, receivers, units) and ``bills`` (bills,
payments, vendor credits) are separate modules so each can grow on its own.
"""

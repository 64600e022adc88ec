"""AP models: vendors and terms, purchasing (POs, receivers, status maps), bills.

Each module lists its models in ``__all__`` and this package re-exports them, so a module
can be added or filled without touching this file. Entities, contacts, GL accounts and the
dimensions are shared master data: import them from ``integrations.models``.
"""

from ap.models.bill_payments import *  # noqa: F403
from ap.models.bills import *  # noqa: F403
from ap.models.cards import *  # noqa: F403
from ap.models.parties import *  # noqa: F403
from ap.models.purchasing import *  # noqa: F403

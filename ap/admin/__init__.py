"""The AP admin for accounting staff; importing the package registers every model admin."""

from ap.admin import bills, parties, purchasing

__all__ = ["bills", "parties", "purchasing"]

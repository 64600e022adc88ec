"""Admin of bills, bill payments and vendor credits (filled by the AP documents work)."""

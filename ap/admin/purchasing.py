"""Admin of purchase orders, receivers, units of measure and status maps."""

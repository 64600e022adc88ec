"""Purchasing services: status maps, document links, the unit-uniqueness rule."""

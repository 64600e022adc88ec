"""The REST API (``/api/v1/``): thin views over the domain apps' selectors and services."""

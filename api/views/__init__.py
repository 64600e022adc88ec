"""API views: each reads through a queryset or calls a service; none writes by itself."""

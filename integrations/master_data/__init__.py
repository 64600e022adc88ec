"""The company-wide master data both domains use: declarations and pull steps.

The models are in ``integrations.models.master`` and the admin in ``integrations.admin.master``.
"""

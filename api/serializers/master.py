"""Shared master data: entities, contacts, GL accounts."""

from rest_framework import serializers

from api.serializers.base import RecordSerializer, record_fields
from integrations.models import Contact, GLAccount, Subsidiary


class EntitySerializer(RecordSerializer):
    entity_id = serializers.CharField(source="location_id", read_only=True)

    class Meta:
        model = Subsidiary
        fields = record_fields("entity_id", "name", "parent_id", "currency", "status")
        read_only_fields = fields


class ContactSerializer(RecordSerializer):
    class Meta:
        model = Contact
        fields = record_fields(
            "contact_name",
            "print_as",
            "company_name",
            "first_name",
            "last_name",
            "email",
            "email2",
            "phone",
            "phone2",
            "address1",
            "address2",
            "city",
            "state",
            "zip_code",
            "country",
            "status",
        )
        read_only_fields = fields


class GLAccountSerializer(RecordSerializer):
    class Meta:
        model = GLAccount
        fields = record_fields(
            "account_no",
            "title",
            "account_type",
            "normal_balance",
            "closing_type",
            "status",
            "require_department",
            "require_location",
            "require_class",
        )
        read_only_fields = fields

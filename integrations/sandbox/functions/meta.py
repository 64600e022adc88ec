"""getAPISession, lookup and inspect."""

from __future__ import annotations

from lxml import etree

from .. import config as cfg
from ..catalog import catalog
from ..errors import IntacctError, error
from ..permissions import by_application
from ..xmlutil import sub
from .base import Context, FunctionResult, register, require_object, text_of


@register("getAPISession", write=False)
def get_api_session(context: Context, element: etree._Element) -> FunctionResult:
    """Open a session for the logged-in user; ``<locationid>`` picks an entity ('' = top)."""
    gateway = context.gateway
    location_element = element.find("locationid")
    if location_element is not None:
        entity = (location_element.text or "").strip() or None
    else:
        entity = context.entity_id
    if entity is not None:
        row = context.conn.execute(
            'SELECT 1 FROM locationentity WHERE "LOCATIONID"=?', (entity,)
        ).fetchone()
        if row is None:
            raise IntacctError(
                error("XL03000006", f"Invalid location/entity '{entity}'", "Get API Session Failed")
            )
    session = gateway.sessions.create(
        context.actor.user_id, context.company_id, entity, gateway.config.session_timeout_minutes
    )
    data = etree.Element("data")
    api = sub(data, "api")
    sub(api, "sessionid", session.session_id)
    sub(api, "endpoint", gateway.endpoint)
    sub(api, "locationid", entity or "")
    return FunctionResult([data])


def _bool(value: bool) -> str:
    return "true" if value else "false"


@register("lookup", write=False)
def lookup(context: Context, element: etree._Element) -> FunctionResult:
    """Field definitions and relationships of an object (custom fields marked ISCUSTOM)."""
    definition = require_object(text_of(element, "object"))
    data = etree.Element("data", listtype="All", count="1")
    kind = sub(data, "Type", Name=definition.name, DocumentType=text_of(element, "docparid"))
    fields = sub(kind, "Fields")
    for field in (*definition.fields.values(), *definition.dotted.values()):
        item = sub(fields, "Field")
        sub(item, "ID", field.name)
        sub(item, "LABEL", field.label or field.name.title())
        sub(item, "DESCRIPTION", field.label or "No description specified")
        sub(item, "REQUIRED", _bool(field.required))
        sub(item, "READONLY", _bool(field.readonly))
        sub(item, "DATATYPE", field.datatype)
        if field.valid_values:
            values = sub(item, "VALIDVALUES")
            for value in field.valid_values:
                sub(values, "VALIDVALUE", value)
        sub(item, "ISCUSTOM", _bool(field.custom))
    relationships = sub(kind, "Relationships")
    for relation in definition.relationships.values():
        item = sub(relationships, "Relationship")
        sub(item, "OBJECTPATH", relation.path)
        sub(item, "OBJECTNAME", relation.object_name)
        sub(item, "LABEL", "")
        sub(item, "RELATIONSHIPTYPE", relation.kind)
        sub(item, "RELATEDBY", relation.related_by)
    return FunctionResult([data])


@register("inspect", write=False)
def inspect(context: Context, element: etree._Element) -> FunctionResult:
    """Field names (detail=0) or field details (detail=1); object ``*`` lists all objects."""
    name = text_of(element, "object")
    detail = element.get("detail", "0") == "1"
    if name == "*":
        data = etree.Element("data", listtype="All", count=str(len(catalog())))
        for object_name in sorted(catalog()):
            sub(data, "type", object_name, typename=object_name)
        return FunctionResult([data])
    definition = require_object(name)
    data = etree.Element("data", listtype="All", count="1")
    kind = sub(data, "Type", Name=definition.name)
    if detail:
        attributes = sub(kind, "Attributes")
        sub(attributes, "SingularName", definition.name.title())
        sub(attributes, "PluralName", definition.name.title() + "s")
        sub(attributes, "Description", "")
    fields = sub(kind, "Fields")
    for field in definition.fields.values():
        if not detail:
            sub(fields, "Field", field.name)
            continue
        item = sub(fields, "Field")
        sub(item, "Name", field.name)
        sub(item, "GroupName", "")
        sub(item, "dataName", field.name)
        sub(item, "externalDataName", field.name)
        sub(item, "isRequired", _bool(field.required))
        sub(item, "isReadOnly", _bool(field.readonly))
        sub(item, "maxLength", "" if field.sql_type != "TEXT" else "200")
        sub(item, "DisplayLabel", field.label or field.name.title())
        sub(item, "Description", field.label)
        sub(item, "id", field.name)
        sub(item, "relatedObject", "")
        sub(item, "isCustom", _bool(field.custom))
    return FunctionResult([data])


@register("getUserPermissions", write=False)
def get_user_permissions(context: Context, element: etree._Element) -> FunctionResult:
    """A user's rights per application and permission; nothing is changed.

    ``<data><permissions><appSubscription><applicationName/><policies><policy>
    <policyName/><rights>List|View|Add</rights></policy>...``
    """
    user_id = text_of(element, "userId")
    if not user_id:
        raise IntacctError(error("BL01001973", "Required field userId is missing."))
    if user_id not in cfg.USERS:
        raise IntacctError(
            error("BL01001973", f"User {user_id} does not exist.", "Invalid user ID")
        )
    data = etree.Element("data")
    permissions = sub(data, "permissions")
    for application, policies in by_application(user_id, context.gateway.config).items():
        subscription = sub(permissions, "appSubscription")
        sub(subscription, "applicationName", application)
        listed = sub(subscription, "policies")
        for name, granted in policies:
            policy = sub(listed, "policy")
            sub(policy, "policyName", name)
            sub(policy, "rights", granted)
    return FunctionResult([data])

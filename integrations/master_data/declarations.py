"""What the shared master data syncs: one field table per object.

Contacts are declared ``both`` (the push flows will write them with customers and vendors);
entities, GL accounts and dimensions are Intacct's set-up and are only pulled.
"""

from integrations.models import Class, Contact, Department, GLAccount, Location, Subsidiary
from integrations.sync.declarations import BOOLEAN, STATUS, Field, SyncedObject
from integrations.sync.declarations import Direction as D

SUBSIDIARY = SyncedObject(
    object_name="LOCATIONENTITY",
    model=Subsidiary,
    id_field="LOCATIONID",
    status_field="STATUS",
    fields=(
        Field("location_id", "LOCATIONID"),
        Field("name", "NAME"),
        Field("parent_id", "PARENTID"),
        Field("currency", "CURRENCY"),
        Field("status", "STATUS", STATUS),
    ),
)


CONTACT = SyncedObject(
    object_name="CONTACT",
    model=Contact,
    id_field="CONTACTNAME",
    status_field="STATUS",
    fields=(
        Field("contact_name", "CONTACTNAME", direction=D.BOTH),
        Field("print_as", "PRINTAS", direction=D.BOTH),
        Field("company_name", "COMPANYNAME", direction=D.BOTH),
        Field("first_name", "FIRSTNAME", direction=D.BOTH),
        Field("last_name", "LASTNAME", direction=D.BOTH),
        Field("email", "EMAIL1", direction=D.BOTH),
        Field("email2", "EMAIL2", direction=D.BOTH),
        Field("phone", "PHONE1", direction=D.BOTH),
        Field("phone2", "PHONE2", direction=D.BOTH),
        Field("address1", "MAILADDRESS.ADDRESS1", direction=D.BOTH),
        Field("address2", "MAILADDRESS.ADDRESS2", direction=D.BOTH),
        Field("city", "MAILADDRESS.CITY", direction=D.BOTH),
        Field("state", "MAILADDRESS.STATE", direction=D.BOTH),
        Field("zip_code", "MAILADDRESS.ZIP", direction=D.BOTH),
        Field("country", "MAILADDRESS.COUNTRY", direction=D.BOTH),
        Field("status", "STATUS", STATUS, D.BOTH),
    ),
)

GL_ACCOUNT = SyncedObject(
    object_name="GLACCOUNT",
    model=GLAccount,
    id_field="ACCOUNTNO",
    status_field="STATUS",
    fields=(
        Field("account_no", "ACCOUNTNO"),
        Field("title", "TITLE"),
        Field("account_type", "ACCOUNTTYPE"),
        Field("normal_balance", "NORMALBALANCE"),
        Field("closing_type", "CLOSINGTYPE"),
        Field("status", "STATUS", STATUS),
        Field("require_department", "REQUIREDEPT", BOOLEAN),
        Field("require_location", "REQUIRELOC", BOOLEAN),
        Field("require_class", "REQUIRECLASS", BOOLEAN),
    ),
)

DEPARTMENT = SyncedObject(
    object_name="DEPARTMENT",
    model=Department,
    id_field="DEPARTMENTID",
    status_field="STATUS",
    fields=(
        Field("department_id", "DEPARTMENTID"),
        Field("title", "TITLE"),
        Field("parent_id", "PARENTID"),
        Field("status", "STATUS", STATUS),
    ),
)

LOCATION = SyncedObject(
    object_name="LOCATION",
    model=Location,
    id_field="LOCATIONID",
    status_field="STATUS",
    fields=(
        Field("location_id", "LOCATIONID"),
        Field("name", "NAME"),
        Field("parent_id", "PARENTID"),
        Field("entity_id", "ENTITY"),
        Field("currency", "CURRENCY"),
        Field("status", "STATUS", STATUS),
    ),
)

CLASS = SyncedObject(
    object_name="CLASS",
    model=Class,
    id_field="CLASSID",
    status_field="STATUS",
    fields=(
        Field("class_id", "CLASSID"),
        Field("name", "NAME"),
        Field("description", "DESCRIPTION"),
        Field("parent_id", "PARENTID"),
        Field("status", "STATUS", STATUS),
    ),
)

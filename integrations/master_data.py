"""Pull steps of the company-wide master data, registered from ``IntegrationsConfig.ready()``.

Entities, contacts, GL accounts, departments, locations and classes: every full pass
(initial, historical, manual import) takes the active records; incremental runs take what
changed, including status changes of records already here.
"""

from integrations import mappers
from integrations.models import Class, Contact, Department, GLAccount, Location, Subsidiary
from integrations.sync.registry import register
from integrations.sync.steps import PullStep

MASTER = frozenset({"initial", "historical", "incremental", "manual_import"})

SUBSIDIARIES = PullStep(
    name="subsidiaries",
    label="Entities",
    object_name="LOCATIONENTITY",
    model=Subsidiary,
    fields=mappers.SUBSIDIARY_FIELDS,
    mapper=mappers.subsidiary_values,
    id_field="LOCATIONID",
    active_only=True,
    stages=MASTER,
)

CONTACTS = PullStep(
    name="contacts",
    label="Contacts",
    object_name="CONTACT",
    model=Contact,
    fields=mappers.CONTACT_FIELDS,
    mapper=mappers.contact_values,
    id_field="CONTACTNAME",
    active_only=True,
    stages=MASTER,
)

GL_ACCOUNTS = PullStep(
    name="gl_accounts",
    label="GL accounts",
    object_name="GLACCOUNT",
    model=GLAccount,
    fields=mappers.GL_ACCOUNT_FIELDS,
    mapper=mappers.gl_account_values,
    id_field="ACCOUNTNO",
    active_only=True,
    stages=MASTER,
)

DEPARTMENTS = PullStep(
    name="departments",
    label="Departments",
    object_name="DEPARTMENT",
    model=Department,
    fields=mappers.DEPARTMENT_FIELDS,
    mapper=mappers.department_values,
    id_field="DEPARTMENTID",
    active_only=True,
    stages=MASTER,
)

LOCATIONS = PullStep(
    name="locations",
    label="Locations",
    object_name="LOCATION",
    model=Location,
    fields=mappers.LOCATION_FIELDS,
    mapper=mappers.location_values,
    id_field="LOCATIONID",
    active_only=True,
    stages=MASTER,
)

CLASSES = PullStep(
    name="classes",
    label="Classes",
    object_name="CLASS",
    model=Class,
    fields=mappers.CLASS_FIELDS,
    mapper=mappers.class_values,
    id_field="CLASSID",
    active_only=True,
    stages=MASTER,
)

STEPS = (SUBSIDIARIES, CONTACTS, GL_ACCOUNTS, DEPARTMENTS, LOCATIONS, CLASSES)


def register_steps() -> None:
    for step in STEPS:
        register(step)

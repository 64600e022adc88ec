"""Pull steps of the company-wide master data, registered from ``IntegrationsConfig.ready()``.

Entities, contacts, GL accounts, departments, locations and classes: every full pass
(initial, historical, manual import) takes the active records, and the historical pass only
what changed since the initial one; incremental runs take what changed, including status
changes of records already here.
"""

from integrations.master_data import declarations
from integrations.sync.registry import register
from integrations.sync.steps import PullStep, every_stage

SUBSIDIARIES = PullStep(
    name="subsidiaries",
    label="Entities",
    declaration=declarations.SUBSIDIARY,
    active_only=True,
    stages=every_stage(),
)

CONTACTS = PullStep(
    name="contacts",
    label="Contacts",
    declaration=declarations.CONTACT,
    active_only=True,
    stages=every_stage(),
)

GL_ACCOUNTS = PullStep(
    name="gl_accounts",
    label="GL accounts",
    declaration=declarations.GL_ACCOUNT,
    active_only=True,
    stages=every_stage(),
)

DEPARTMENTS = PullStep(
    name="departments",
    label="Departments",
    declaration=declarations.DEPARTMENT,
    active_only=True,
    stages=every_stage(),
)

LOCATIONS = PullStep(
    name="locations",
    label="Locations",
    declaration=declarations.LOCATION,
    active_only=True,
    stages=every_stage(),
)

CLASSES = PullStep(
    name="classes",
    label="Classes",
    declaration=declarations.CLASS,
    active_only=True,
    stages=every_stage(),
)

STEPS = (SUBSIDIARIES, CONTACTS, GL_ACCOUNTS, DEPARTMENTS, LOCATIONS, CLASSES)


def register_steps() -> None:
    for step in STEPS:
        register(step)

"""Pull steps of the company-wide master data, registered from ``IntegrationsConfig.ready()``.

Entities, contacts, GL accounts, departments, locations and classes: every full pass
(initial, historical, manual import) takes the active records, and the historical pass only
what changed since the initial one; incremental runs take what changed, including status
changes of records already here.
"""

import dataclasses

from integrations.master_data import declarations
from integrations.master_data.entities import gl_accounts_after_page
from integrations.sync.declarations import SyncedObject
from integrations.sync.registry import register
from integrations.sync.steps import PullStep, every_stage


def master_data_step(name: str, label: str, declaration: SyncedObject) -> PullStep:
    """Active records in every full pass; the historical pass only tops up."""
    return PullStep(
        name=name, label=label, declaration=declaration, active_only=True, stages=every_stage()
    )


SUBSIDIARIES = master_data_step("subsidiaries", "Entities", declarations.SUBSIDIARY)
CONTACTS = master_data_step("contacts", "Contacts", declarations.CONTACT)
# Each page of accounts is also read in every entity's session: where each is usable.
GL_ACCOUNTS = dataclasses.replace(
    master_data_step("gl_accounts", "GL accounts", declarations.GL_ACCOUNT),
    depends_on=("subsidiaries",),
    after_page=gl_accounts_after_page,
)
DEPARTMENTS = master_data_step("departments", "Departments", declarations.DEPARTMENT)
LOCATIONS = master_data_step("locations", "Locations", declarations.LOCATION)
CLASSES = master_data_step("classes", "Classes", declarations.CLASS)

STEPS = (SUBSIDIARIES, CONTACTS, GL_ACCOUNTS, DEPARTMENTS, LOCATIONS, CLASSES)


def register_steps() -> None:
    for step in STEPS:
        register(step)

"""Pull steps of the company-wide master data, registered from ``IntegrationsConfig.ready()``.

Entities, contacts, GL accounts, departments, locations and classes: every full pass
(initial, historical, manual import) takes the active records, and the historical pass only
what changed since the initial one; incremental runs take what changed, including status
changes of records already here.
"""

from integrations.master_data import declarations
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
GL_ACCOUNTS = master_data_step("gl_accounts", "GL accounts", declarations.GL_ACCOUNT)
DEPARTMENTS = master_data_step("departments", "Departments", declarations.DEPARTMENT)
LOCATIONS = master_data_step("locations", "Locations", declarations.LOCATION)
CLASSES = master_data_step("classes", "Classes", declarations.CLASS)

STEPS = (SUBSIDIARIES, CONTACTS, GL_ACCOUNTS, DEPARTMENTS, LOCATIONS, CLASSES)


def register_steps() -> None:
    for step in STEPS:
        register(step)

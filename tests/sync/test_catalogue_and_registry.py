import pytest

from integrations.catalogue_seed import ENTRIES
from integrations.models import ErrorCatalogueEntry
from integrations.sync import catalogue
from integrations.sync.declarations import SyncedObject
from integrations.sync.registry import RegistryError, StepRegistry
from integrations.sync.steps import STAGES, PullStep, StageSpec

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("errors", "title"),
    [
        (
            [{"errorno": "XMLGW_JPP0002", "description": "Sign-in information is incorrect."}],
            "Sign-in failed",
        ),
        (
            [{"errorno": "XL03000006", "description": "Sign-in information is incorrect"}],
            "Sign-in failed (user credentials)",
        ),
        (
            [
                {
                    "errorno": "XL03000006",
                    "description": "Incorrect Intacct XML Partner ID or password.",
                }
            ],
            "Sender not authorised for this company",
        ),
        (
            [{"errorno": "XL03000006", "description2": "Invalid session ID"}],
            "Invalid or expired session",
        ),
        (
            [
                {
                    "errorno": "PL04000055",
                    "description": "This company is a demo company and has expired.",
                }
            ],
            "Demo company expired",
        ),
        (
            [{"errorno": "XL03000003", "description": "Opening and ending tag mismatch"}],
            "Malformed request",
        ),
        ([{"errorno": "GW-0010", "description": "Rate limit"}], "Rate limited by Intacct"),
        (
            [{"errorno": "", "description2": "The Service is Temporarily Off-line"}],
            "Intacct temporarily offline",
        ),
        (
            [{"errorno": "", "description2": "You do not have permission for API operation"}],
            "Missing API permission",
        ),
        (
            [
                {
                    "errorno": "DL02000001",
                    "description": "There was an error processing the request.",
                }
            ],
            "Unknown field in query",
        ),
        (
            [
                {
                    "errorno": "BL34000061",
                    "description": "Another Customer with the given value(s) C1",
                },
                {"errorno": "BL01001973", "description": "Could not create Customer record!"},
            ],
            "Duplicate record",
        ),
        (
            [{"errorno": "BL03000018", "description": "Illegal format for Contactversion"}],
            "Invalid field format",
        ),
        (
            [
                {
                    "errorno": "BL01001973",
                    "description2": "A transaction with the number 'INV-1' already exists.",
                }
            ],
            "Document number already used",
        ),
        (
            [{"errorno": "BL01001973", "description2": "Please provide a payment batch key"}],
            "Payment batch key required",
        ),
        (
            [
                {
                    "errorno": "BL01001973",
                    "description2": "The undeposited funds account is tied to a bank account",
                }
            ],
            "Undeposited funds account tied to a bank account",
        ),
        (
            [{"errorno": "BL01001973", "description2": "Invoice 123 does not exist"}],
            "Imported invoice no longer exists in Intacct",
        ),
        (
            [{"errorno": "BL01001973", "description2": "Vendor V1 is inactive"}],
            "Inactive vendor or customer",
        ),
        (
            [{"errorno": "BL01001973", "description2": "Cannot post to a closed period"}],
            "Period closed",
        ),
    ],
)
def test_seeded_catalogue_matches_known_errors(errors, title):
    entry = catalogue.match(errors)
    assert entry is not None and entry.title == title


def test_no_match_and_consultant_entries():
    assert catalogue.match([{"errorno": "ZZ999", "description": "novel"}]) is None
    ErrorCatalogueEntry.objects.create(
        title="Our custom one", errorno="ZZ999", cause="c", fix_steps="f"
    )
    assert catalogue.match([{"errorno": "zz999"}]).title == "Our custom one"


def _step(name, deps=()):
    return PullStep(
        name=name,
        declaration=SyncedObject(object_name=name.upper(), model=ErrorCatalogueEntry, fields=()),
        stages={stage: StageSpec() for stage in STAGES},
        depends_on=deps,
    )


def test_registry_orders_by_dependency_and_refuses_loops():
    reg = StepRegistry()
    reg.register(_step("customers", ("contacts", "terms")))
    reg.register(_step("contacts"))
    reg.register(_step("terms"))
    assert [s.name for s in reg.plan()] == ["contacts", "terms", "customers"]
    assert [s.name for s in reg.plan(["customers", "terms"])] == ["terms", "customers"]
    with pytest.raises(RegistryError, match="Unknown step 'nope'"):
        reg.plan(["nope"])
    reg.register(_step("a", ("b",)))
    reg.register(_step("b", ("a",)))
    with pytest.raises(RegistryError, match="cycle"):
        reg.plan()


def test_a_flushed_database_gets_its_catalogue_and_groups_back():
    from django.contrib.auth.models import Group
    from django.core.management import call_command

    ErrorCatalogueEntry.objects.create(title="Kept?", errorno="ZZ1", cause="c", fix_steps="f")
    call_command("flush", "--noinput", verbosity=0)
    assert ErrorCatalogueEntry.objects.filter(builtin=True).count() == len(ENTRIES)
    assert Group.objects.filter(name="Accounting staff").exists()

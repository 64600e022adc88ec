"""Validators for values that will be sent to Intacct inside XML."""

from django.core.exceptions import ValidationError

from integrations.crypto import Secret
from integrations.intacct.text import xml_problem


def validate_xml_text(value: str | Secret) -> None:
    """Refuse control characters (XML cannot carry most of them; none belongs in an ID,
    a password or a filter value). The message never repeats the value."""
    text = value.reveal() if isinstance(value, Secret) else str(value or "")
    problem = xml_problem(text, single_line=True)
    if problem:
        raise ValidationError(
            f"This value holds {problem}; Intacct cannot receive it. Retype it without "
            "control characters.",
            code="control_character",
        )

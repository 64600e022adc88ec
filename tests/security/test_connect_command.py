"""intacct_connect takes the passwords from the environment or a prompt, not the command line."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from integrations.models import IntacctConnection

pytestmark = pytest.mark.django_db

ARGS = (
    *("--name", "Env", "--endpoint", "https://api.intacct.com/ia/xml/xmlgw.phtml"),
    *("--sender-id", "snd", "--company-id", "ACME", "--user-id", "ws", "--no-test"),
)


def test_passwords_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("INTACCT_SENDER_PASSWORD", "sender-from-env")
    monkeypatch.setenv("INTACCT_USER_PASSWORD", "user-from-env")
    err = StringIO()
    call_command("intacct_connect", *ARGS, stderr=err)
    conn = IntacctConnection.objects.get(name="Env")
    assert conn.sender_password.reveal() == "sender-from-env"
    assert conn.user_password.reveal() == "user-from-env"
    assert "Warning" not in err.getvalue()


def test_without_environment_or_terminal_the_command_asks_for_them(monkeypatch):
    monkeypatch.delenv("INTACCT_SENDER_PASSWORD", raising=False)
    monkeypatch.delenv("INTACCT_USER_PASSWORD", raising=False)
    monkeypatch.setattr("sys.stdin", StringIO(""))  # not a terminal: no prompt possible
    with pytest.raises(CommandError, match="INTACCT_SENDER_PASSWORD"):
        call_command("intacct_connect", *ARGS)
    assert not IntacctConnection.objects.exists()


def test_a_prompt_reads_them_without_echo(monkeypatch):
    monkeypatch.delenv("INTACCT_SENDER_PASSWORD", raising=False)
    monkeypatch.delenv("INTACCT_USER_PASSWORD", raising=False)

    class Terminal(StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr("sys.stdin", Terminal())
    typed = iter(["typed-sender", "typed-user"])
    prompts: list[str] = []
    monkeypatch.setattr(
        "integrations.management.commands.intacct_connect.getpass",
        lambda prompt: prompts.append(prompt) or next(typed),
    )
    call_command("intacct_connect", *ARGS)
    conn = IntacctConnection.objects.get(name="Env")
    assert conn.sender_password.reveal() == "typed-sender"
    assert conn.user_password.reveal() == "typed-user"
    assert prompts == ["Sender password: ", "Web-services user password: "]


def test_arguments_still_work_with_a_warning():
    err = StringIO()
    call_command(
        "intacct_connect",
        *ARGS,
        *("--sender-password", "arg-sender", "--user-password", "arg-user"),
        stderr=err,
    )
    assert IntacctConnection.objects.get(name="Env").user_password.reveal() == "arg-user"
    assert "visible to other users" in err.getvalue()

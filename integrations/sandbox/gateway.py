"""The XML gateway: envelope checks, authentication, function dispatch and results.

``Gateway.prepare`` parses and checks a body; ``Gateway.execute`` runs it. The HTTP layer
draws faults between the two (it needs the function names) and applies post-commit faults
after ``execute``.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

from lxml import etree

from integrations.intacct.schema import request_schema

from . import config as cfg
from .counters import Counters, ResultCache
from .errors import ROLLBACK_TEXT, ErrorDetail, IntacctError, error
from .functions import REGISTRY, Context, FunctionResult
from .responses import (
    Prepared,
    Reply,
    add_additional_info,
    control_block,
    control_failure,
    errormessage,
    gateway_error,
    iso,
)
from .sessions import Session, SessionStore
from .store import Actor, Store
from .xmlutil import XmlParseError, child_text, parse_request, serialize, sub

log = logging.getLogger(__name__)

DUPLICATE_ERRORNO = "SBX-0001"
MIXED_SESSION_ERRORNO = "SBX-0002"
NOT_IMPLEMENTED_ERRORNO = "SBX-0003"


class Gateway:
    """Processes request documents against one company store."""

    def __init__(
        self,
        store: Store,
        config: cfg.SandboxConfig,
        sessions: SessionStore,
        counters: Counters,
        endpoint: str,
    ) -> None:
        self.store = store
        self.config = config
        self.sessions = sessions
        self.counters = counters
        self.endpoint = endpoint
        self.schema = request_schema()
        self.results = ResultCache()

    # -- phase 1 -----------------------------------------------------------------------
    def prepare(self, body: bytes) -> Prepared:
        """Parse and validate the envelope; never executes anything."""
        if not body.strip():
            return Prepared(Reply(400, gateway_error("GW-0011", "Invalid Request")))
        try:
            root = parse_request(body)
        except XmlParseError as exc:
            errors = [error("XL03000003", message) for message in exc.messages]
            return Prepared(Reply(200, control_failure(errors)))
        if root.tag != "request":
            return Prepared(Reply(400, gateway_error("GW-0011", "Invalid Request")))
        problems = self.schema.envelope_errors(root)
        if problems:
            errors = [error("XL03000003", message) for message in problems]
            return Prepared(Reply(200, control_failure(errors, root)))
        functions: list[str] = []
        has_write = False
        for function in root.iterfind("operation/content/function"):
            children = [child for child in function if isinstance(child.tag, str)]
            if children:
                name = children[0].tag
                functions.append(name)
                spec = REGISTRY.get(name)
                has_write = has_write or bool(spec and spec.write)
        session_id = child_text(root.find("operation/authentication"), "sessionid") or None
        return Prepared(None, root, functions, has_write, session_id)

    # -- phase 2 -----------------------------------------------------------------------
    def execute(self, prepared: Prepared) -> Reply:
        """Run a prepared request and build the response document."""
        root = prepared.root
        assert root is not None
        control = root.find("control")
        sender = child_text(control, "senderid")
        password = child_text(control, "password")
        if sender != cfg.SENDER_ID or password != cfg.SENDER_PASSWORD:
            return Reply(
                200,
                control_failure(
                    [error("XL03000006", "Incorrect Intacct XML Partner ID or password.")], root
                ),
            )
        policy = child_text(control, "policyid")
        if policy:
            return Reply(
                200,
                control_failure(
                    [error("XL03000006", f"{policy} is not a valid transport policy.")], root
                ),
            )
        uniqueid = child_text(control, "uniqueid").lower() == "true"
        pretty = child_text(control, "includewhitespace").lower() != "false"
        response = etree.Element("response")
        control_block(response, "success", root)
        for operation in root.iterfind("operation"):
            reply = self._operation(response, operation, uniqueid)
            if reply is not None:
                return reply
        if child_text(control, "showadditionalerrorinfo").lower() == "true":
            add_additional_info(response, child_text(control, "controlid"))
        return Reply(200, serialize(response, pretty))

    def _authenticate(
        self, operation: etree._Element
    ) -> tuple[Session | None, str, str, str | None, ErrorDetail | None, Reply | None]:
        """Returns (session, user, company, entity, auth error, early reply)."""
        auth = operation.find("authentication")
        assert auth is not None
        minutes = self.config.session_timeout_minutes
        session_id = child_text(auth, "sessionid")
        if auth.find("sessionid") is not None:
            session = self.sessions.touch(session_id, minutes)
            if session is None:
                return None, "", "", None, error("XL03000006", "Invalid session"), None
            return session, session.user_id, session.company_id, session.entity_id, None, None
        login = auth.find("login")
        if login is None:
            return None, "", "", None, error("XL03000006", "Sign-in information is incorrect"), None
        user = child_text(login, "userid")
        company = child_text(login, "companyid")
        password = child_text(login, "password")
        location = child_text(login, "locationid") or None
        if company.split("|")[0] != self.config.company_id:
            body = gateway_error(
                "XMLGW_JPP0002", "Sign-in information is incorrect. Please check your request."
            )
            return None, user, company, None, None, Reply(401, body)
        if cfg.USERS.get(user) != password:
            return (
                None,
                user,
                company,
                None,
                error("XL03000006", "Sign-in information is incorrect"),
                None,
            )
        if location and not self._entity_exists(location):
            return (
                None,
                user,
                company,
                None,
                error("XL03000006", f"Invalid location/entity '{location}' for this company"),
                None,
            )
        return None, user, company, location, None, None

    def _entity_exists(self, location: str) -> bool:
        with self.store.connection() as conn:
            row = conn.execute(
                'SELECT 1 FROM locationentity WHERE "LOCATIONID"=?', (location,)
            ).fetchone()
        return row is not None

    def _actor(self, user: str, entity: str | None) -> Actor:
        if not entity:
            return Actor(user)
        with self.store.connection() as conn:
            row = conn.execute(
                'SELECT "RECORDNO", "NAME" FROM locationentity WHERE "LOCATIONID"=?', (entity,)
            ).fetchone()
        if row is None:
            return Actor(user, entity)
        return Actor(user, entity, int(row[0]), str(row[1]))

    def _operation(
        self, response: etree._Element, operation: etree._Element, uniqueid: bool
    ) -> Reply | None:
        session, user, company, entity, auth_error, early = self._authenticate(operation)
        if early is not None:
            return early
        block = sub(response, "operation")
        auth = sub(block, "authentication")
        sub(auth, "status", "failure" if auth_error else "success")
        sub(auth, "userid", user)
        sub(auth, "companyid", company)
        if auth_error is not None:
            errormessage(block, [auth_error])
            return None
        sub(auth, "locationid", entity or "")
        now = datetime.now(UTC)
        expires = (
            session.expires_at
            if session
            else now + timedelta(minutes=self.config.session_timeout_minutes)
        )
        sub(auth, "sessiontimestamp", iso(now))
        sub(auth, "sessiontimeout", iso(expires))
        transactional = operation.get("transaction", "false") == "true"
        functions = list(operation.iterfind("content/function"))
        actor = self._actor(user, entity)
        results = self._run_functions(functions, actor, session, company, transactional, uniqueid)
        for result in results:
            block.append(result)
        return None

    def _run_functions(
        self,
        functions: list[etree._Element],
        actor: Actor,
        session: Session | None,
        company: str,
        transactional: bool,
        uniqueid: bool,
    ) -> list[etree._Element]:
        names = [self._function_name(function) for function in functions]
        needs_lock = any(REGISTRY.get(name) and REGISTRY[name].write for name in names)
        lock = self.store.write_lock if needs_lock else None
        if lock is not None:
            lock.acquire()
        try:
            with self.store.connection() as conn:
                context = Context(
                    conn=conn,
                    store=self.store,
                    gateway=self,
                    actor=actor,
                    session=session,
                    company_id=company,
                    function_count=len(functions),
                )
                if transactional:
                    return self._run_transaction(context, functions, names, uniqueid)
                return [
                    self._run_one(context, function, name, uniqueid)
                    for function, name in zip(functions, names, strict=True)
                ]
        finally:
            if lock is not None:
                lock.release()

    @staticmethod
    def _function_name(function: etree._Element) -> str:
        children = [child for child in function if isinstance(child.tag, str)]
        return children[0].tag if len(children) == 1 else ""

    def _result(
        self,
        status: str,
        name: str,
        controlid: str,
        outcome: FunctionResult | None,
        errors: list[ErrorDetail] | None = None,
        create_failure: bool = False,
    ) -> etree._Element:
        result = etree.Element("result")
        sub(result, "status", status)
        sub(result, "function", name)
        sub(result, "controlid", controlid)
        if outcome is not None:
            for element in outcome.elements:
                result.append(element)
        elif create_failure:
            sub(result, "data", listtype="objects", count="0")
        if errors:
            errormessage(result, errors)
        return result

    def _replay(self, conn: Any, controlid: str, name: str) -> etree._Element | None:
        row = conn.execute(
            "SELECT result FROM _executed WHERE controlid=?", (controlid,)
        ).fetchone()
        if row is None:
            return None
        self.counters.add(replays=1)
        if self.config.uniqueid_mode == "replay":
            return etree.fromstring(row[0])
        return self._result(
            "failure",
            name,
            controlid,
            None,
            [
                error(
                    DUPLICATE_ERRORNO,
                    f"A function with control ID '{controlid}' was already executed "
                    "(uniqueid=true); it was not run again.",
                    "Duplicate function control ID",
                    "Look up the record created by the first execution.",
                )
            ],
        )

    def _remember(self, conn: Any, controlid: str, name: str, result: etree._Element) -> None:
        conn.execute(
            "INSERT OR REPLACE INTO _executed(controlid, function, result, at) VALUES (?,?,?,?)",
            (controlid, name, etree.tostring(result), datetime.now(UTC).isoformat()),
        )

    def _invoke(self, context: Context, function: etree._Element, name: str) -> FunctionResult:
        problems = self.schema.function_errors(function)
        if problems:
            raise IntacctError(*(error("XL03000003", message) for message in problems))
        spec = REGISTRY.get(name)
        if spec is None and name in self.schema.functions:
            # A real Intacct function this simulator does not implement.
            raise IntacctError(
                error(
                    NOT_IMPLEMENTED_ERRORNO,
                    f"The sandbox does not implement the function '{name}'.",
                    "Not implemented",
                )
            )
        if spec is None:
            raise IntacctError(
                error("XL03000003", f"XML Parse schema error: Unknown function '{name}'.")
            )
        if name == "getAPISession" and context.function_count > 1:
            raise IntacctError(
                error(
                    MIXED_SESSION_ERRORNO,
                    "getAPISession must be sent alone in its request.",
                    "Invalid request",
                )
            )
        self.counters.bump("functions", name)
        context.billable = 0
        return spec.handler(
            context, function[0] if isinstance(function[0].tag, str) else function.find(name)
        )

    def _run_one(
        self, context: Context, function: etree._Element, name: str, uniqueid: bool
    ) -> etree._Element:
        controlid = function.get("controlid", "")
        spec = REGISTRY.get(name)
        guard = uniqueid and spec is not None and spec.write
        conn = context.conn
        if guard:
            replay = self._replay(conn, controlid, name)
            if replay is not None:
                return replay
        if spec is not None and spec.write:
            conn.execute("BEGIN IMMEDIATE")
        try:
            outcome = self._invoke(context, function, name)
        except IntacctError as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            return self._result("failure", name, controlid, None, exc.errors, exc.create_failure)
        except Exception:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            log.exception("sandbox function %s crashed", name)
            return self._result(
                "failure",
                name,
                controlid,
                None,
                [
                    error(
                        "BL01001973", "An internal error occurred in the sandbox.", "Internal error"
                    )
                ],
            )
        result = self._result("success", name, controlid, outcome)
        if guard:
            self._remember(conn, controlid, name, result)
        if conn.in_transaction:
            conn.execute("COMMIT")
        self.counters.add(billable=context.billable)
        return result

    def _run_transaction(
        self, context: Context, functions: list[etree._Element], names: list[str], uniqueid: bool
    ) -> list[etree._Element]:
        conn = context.conn
        conn.execute("BEGIN IMMEDIATE")
        done: list[tuple[str, str, FunctionResult | etree._Element]] = []
        billable = 0
        failure: tuple[int, IntacctError] | None = None
        for index, (function, name) in enumerate(zip(functions, names, strict=True)):
            controlid = function.get("controlid", "")
            spec = REGISTRY.get(name)
            if uniqueid and spec is not None and spec.write:
                replay = self._replay(conn, controlid, name)
                if replay is not None:
                    done.append((name, controlid, replay))
                    continue
            try:
                outcome = self._invoke(context, function, name)
            except IntacctError as exc:
                failure = (index, exc)
                break
            except Exception:
                log.exception("sandbox function %s crashed", name)
                failure = (index, IntacctError(error("BL01001973", "Internal error")))
                break
            billable += context.billable
            done.append((name, controlid, outcome))
        rollback = error("XL03000009", ROLLBACK_TEXT)
        if failure is not None:
            conn.execute("ROLLBACK")
            failed_index, failed = failure
            results = []
            for index, (function, name) in enumerate(zip(functions, names, strict=True)):
                controlid = function.get("controlid", "")
                if index == failed_index:
                    results.append(
                        self._result(
                            "failure",
                            name,
                            controlid,
                            None,
                            [*failed.errors, rollback],
                            failed.create_failure,
                        )
                    )
                else:
                    results.append(self._result("aborted", name, controlid, None, [rollback]))
            return results
        results = []
        for name, controlid, finished in done:
            if isinstance(finished, FunctionResult):
                result = self._result("success", name, controlid, finished)
                spec = REGISTRY.get(name)
                if uniqueid and spec is not None and spec.write:
                    self._remember(conn, controlid, name, result)
                results.append(result)
            else:
                results.append(finished)
        conn.execute("COMMIT")
        self.counters.add(billable=billable)
        return results

"""System checks of every registered pull declaration (run by ``manage.py check`` and start-up).

A wrong declaration is a start-up error with a stable ID, as the admin's own options are:

- ``integrations.E101`` a field-table row names a local field the model does not have;
- ``integrations.E102`` a relation names no foreign key of the model, or the related model
  has no field to look the key up by;
- ``integrations.E103`` an Intacct field is not a known field of the object;
- ``integrations.E104`` a local field is mapped twice;
- ``integrations.E105`` an Intacct field is pulled into, or pushed from, two local fields;
- ``integrations.E106`` the Intacct object is unknown;
- ``integrations.E107`` ``custom_fields`` is declared but the model has no ``custom_fields``;
- ``integrations.E108`` ``rekey_by`` is not a pulled field of the table;
- ``integrations.E109`` a stage spec is wrong (unknown stage, ``parent`` and ``keys`` both
  given, a parent step that is not registered, or ``since_last_pass`` with a parent or keys);
- ``integrations.E110`` ``active_only`` without a ``status_field``.
"""

from collections import Counter
from collections.abc import Iterable
from typing import Any

from django.core import checks
from django.core.exceptions import FieldDoesNotExist
from django.db import models

from integrations.intacct.definitions import is_standard_field, standard_fields
from integrations.sync.steps import STAGES, PullStep


def _error(step: PullStep, check_id: str, message: str, hint: str | None = None) -> checks.Error:
    return checks.Error(f"Pull step {step.name!r}: {message}", hint=hint, id=check_id)


def _model_field(model: type[models.Model], name: str) -> Any:
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def declaration_errors(step: PullStep, *, known_steps: Iterable[str]) -> list[checks.Error]:
    """Everything wrong with one pull step's declaration and stage specs."""
    decl = step.declaration
    model = decl.model
    label = model._meta.label
    obj = decl.object_name
    errors: list[checks.Error] = []

    for row in decl.fields:
        if _model_field(model, row.local) is None:
            errors.append(_error(step, "integrations.E101", f"{label} has no field {row.local!r}."))
    for relation in decl.relations:
        fk = _model_field(model, relation.field)
        if not isinstance(fk, models.ForeignKey) or fk.related_model is not relation.model:
            errors.append(
                _error(
                    step,
                    "integrations.E102",
                    f"{label}.{relation.field} is not a foreign key to "
                    f"{relation.model._meta.label}.",
                )
            )
        elif _model_field(relation.model, relation.by) is None:
            errors.append(
                _error(
                    step,
                    "integrations.E102",
                    f"{relation.model._meta.label} has no field {relation.by!r} to resolve "
                    f"{relation.field!r} by.",
                )
            )

    if obj not in standard_fields():
        errors.append(_error(step, "integrations.E106", f"Unknown Intacct object {obj!r}."))
    else:
        named = [
            *(name for row in decl.fields for name in (row.intacct, row.fallback) if name),
            *(r.intacct for r in decl.relations),
            *(name for name in (decl.id_field, decl.status_field) if name),
        ]
        for name in dict.fromkeys(named):
            if not is_standard_field(obj, name):
                errors.append(
                    _error(
                        step,
                        "integrations.E103",
                        f"{name!r} is not a known field of {obj}.",
                        hint="Custom fields are chosen per connection, not declared.",
                    )
                )

    for local, n in Counter(row.local for row in decl.fields).items():
        if n > 1:
            errors.append(
                _error(step, "integrations.E104", f"Local field {local!r} is mapped {n} times.")
            )
    for verb, rows in (("pulled", decl.pulled), ("pushed", decl.pushed)):
        for name, n in Counter(row.intacct for row in rows).items():
            if n > 1:
                errors.append(
                    _error(
                        step, "integrations.E105", f"Intacct field {name!r} is {verb} {n} times."
                    )
                )

    if decl.custom_fields and _model_field(model, "custom_fields") is None:
        errors.append(_error(step, "integrations.E107", f"{label} has no custom_fields field."))
    if decl.rekey_by and decl.rekey_by not in {row.local for row in decl.pulled}:
        errors.append(
            _error(step, "integrations.E108", f"rekey_by {decl.rekey_by!r} is not a pulled field.")
        )

    known = set(known_steps)
    for stage, spec in step.stages.items():
        problem = None
        if stage not in STAGES:
            problem = f"unknown stage {stage!r} (stages: {', '.join(STAGES)})."
        elif spec.parent is not None and spec.keys is not None:
            problem = f"stage {stage!r} has both parent keys and keys."
        elif spec.since_last_pass and (spec.parent is not None or spec.keys is not None):
            problem = f"stage {stage!r} reads by keys, so it cannot be since_last_pass."
        elif spec.parent is not None and spec.parent.step not in known:
            problem = f"stage {stage!r} takes keys from unknown step {spec.parent.step!r}."
        if problem:
            errors.append(_error(step, "integrations.E109", problem))

    if step.active_only and not decl.status_field:
        errors.append(
            _error(step, "integrations.E110", "active_only needs the declaration's status_field.")
        )
    return errors


def check_pull_declarations(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """The system check: every registered pull step's declaration."""
    from integrations.sync.registry import registry

    names = registry.names()
    errors: list[checks.CheckMessage] = []
    for name in names:
        step = registry.get(name)
        if isinstance(step, PullStep):
            errors.extend(declaration_errors(step, known_steps=names))
    return errors

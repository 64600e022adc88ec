"""Read serializers made from a model's own fields, for records whose every column is worth
showing (AP documents and master data): the binding first, then the model's fields; the
engine's bookkeeping (sync digest, push version) left out."""

from typing import Any

from django.db import models
from rest_framework import serializers

from api.serializers.base import RECORD_FIELDS, ModelReadSerializer

HIDDEN = {"sync_hash", "push_version"}


def model_fields(model: type[models.Model]) -> tuple[str, ...]:
    names = [f.name for f in model._meta.concrete_fields if f.name not in HIDDEN]
    binding = [n for n in RECORD_FIELDS if n in names]
    return (*binding, *(n for n in names if n not in RECORD_FIELDS))


def read_serializer(
    model: type[models.Model], *, nested: dict[str, Any] | None = None, name: str = ""
) -> type[serializers.ModelSerializer]:  # type: ignore[type-arg]
    """A read-only ModelSerializer of ``model`` (plus ``nested`` serializers by field name)."""
    fields = (*model_fields(model), *(nested or {}))
    meta = type("Meta", (), {"model": model, "fields": fields, "read_only_fields": fields})
    attrs: dict[str, Any] = {"Meta": meta, **(nested or {})}
    return type(name or f"{model.__name__}Serializer", (ModelReadSerializer,), attrs)

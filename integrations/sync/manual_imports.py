"""Manual imports the connection page offers, registered by the domain apps in ``ready()``.

A manual import runs a fixed list of steps in the ``manual_import`` stage. It may take one
parameter from the person who starts it (e.g. a document type); the parameter's ``check``
asks Intacct whether the value is known before any run is queued, and the value reaches the
steps as ``run.parameters[name]``.
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

# (client, value) -> None; raises ValueError with a message for the user when Intacct does
# not know the value. IntacctError from the client passes through.
ParameterCheck = Callable[[Any, str], None]


@dataclass(frozen=True)
class ImportParameter:
    name: str
    label: str
    default: str = ""
    # What to say when the value is left blank.
    required_message: str = ""
    check: ParameterCheck | None = None
    # The values to offer as a list, from what the connection knows (e.g. the sales document
    # types Test connection read); blank or absent: a text box.
    choices: Callable[[Any], list[str]] | None = None


@dataclass(frozen=True)
class ManualImport:
    name: str
    label: str
    steps: tuple[str, ...]
    description: str = ""
    parameter: ImportParameter | None = None


class ManualImportRegistry:
    def __init__(self) -> None:
        self._imports: dict[str, ManualImport] = {}

    def register(self, manual_import: ManualImport) -> ManualImport:
        existing = self._imports.get(manual_import.name)
        if existing is not None and existing != manual_import:
            raise ValueError(f"A different manual import {manual_import.name!r} is registered.")
        self._imports[manual_import.name] = manual_import
        return manual_import

    def unregister(self, name: str) -> None:
        self._imports.pop(name, None)

    def get(self, name: str) -> ManualImport:
        try:
            return self._imports[name]
        except KeyError:
            raise ValueError(
                f"Unknown manual import {name!r}; choose one of {sorted(self._imports)}."
            ) from None

    def all(self) -> list[ManualImport]:
        return list(self._imports.values())


manual_imports = ManualImportRegistry()
register_manual_import = manual_imports.register

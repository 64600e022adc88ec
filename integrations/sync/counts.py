"""Per-step counters of a run."""

from dataclasses import asdict, dataclass, fields


@dataclass
class StepCounts:
    read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    deleted: int = 0

    def add(self, other: "StepCounts") -> None:
        for f in fields(self):
            setattr(self, f.name, getattr(self, f.name) + getattr(other, f.name))

    def as_dict(self) -> dict[str, int]:
        return asdict(self)

    @property
    def written(self) -> int:
        return self.created + self.updated + self.deleted

    @classmethod
    def from_dict(cls, data: dict[str, int] | None) -> "StepCounts":
        names = {f.name for f in fields(cls)}
        return cls(**{k: int(v) for k, v in (data or {}).items() if k in names})

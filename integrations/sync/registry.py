"""The step registry: domain apps register steps; the engine plans them in dependency order."""

from collections.abc import Iterable

from integrations.sync.steps import Step


class RegistryError(Exception):
    """A step is registered twice, depends on an unknown step, or the dependencies loop."""


class StepRegistry:
    def __init__(self) -> None:
        self._steps: dict[str, Step] = {}

    def register(self, step: Step) -> Step:
        existing = self._steps.get(step.name)
        if existing is not None and existing is not step:
            raise RegistryError(f"A different step named {step.name!r} is already registered.")
        self._steps[step.name] = step
        return step

    def unregister(self, name: str) -> None:
        self._steps.pop(name, None)

    def get(self, name: str) -> Step:
        try:
            return self._steps[name]
        except KeyError:
            known = ", ".join(sorted(self._steps)) or "none"
            raise RegistryError(f"Unknown step {name!r}; registered steps: {known}.") from None

    def names(self) -> list[str]:
        return list(self._steps)

    def plan(self, names: Iterable[str] | None = None, *, stage: str | None = None) -> list[Step]:
        """Steps named (all when None) in dependency order, limited to those of ``stage``.

        Dependencies that were not asked for are not added: asking for ``contacts`` alone pulls
        only contacts. Order is stable (registration order among independent steps).
        """
        wanted = list(self._steps) if names is None else list(dict.fromkeys(names))
        for name in wanted:
            self.get(name)
        order: list[str] = []
        visiting: set[str] = set()

        def visit(name: str) -> None:
            if name in order:
                return
            if name in visiting:
                raise RegistryError(f"Step dependencies form a cycle through {name!r}.")
            visiting.add(name)
            for dep in self.get(name).depends_on:
                if dep not in self._steps:
                    raise RegistryError(f"Step {name!r} depends on unknown step {dep!r}.")
                if dep in wanted:
                    visit(dep)
            visiting.discard(name)
            order.append(name)

        for name in wanted:
            visit(name)
        steps = [self._steps[n] for n in order]
        if stage is not None:
            steps = [s for s in steps if s.spec(stage) is not None]
        return steps


registry = StepRegistry()
register = registry.register

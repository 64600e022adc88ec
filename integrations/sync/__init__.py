"""The sync engine: steps, cursors, run lifecycle, batching, reconciliation.

Domain apps declare pull and push steps and register them in ``AppConfig.ready()``;
``integrations`` never imports ``ar`` or ``ap``.
"""

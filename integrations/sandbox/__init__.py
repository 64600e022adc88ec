"""Intacct sandbox: a simulator of the Sage Intacct XML gateway (DTD 3.0) over real HTTP.

Plain Python (stdlib ``http.server`` + ``sqlite3`` + lxml); it never imports the app's models
or the product's client. Start it with ``manage.py intacct_sandbox`` or
``python -m integrations.sandbox`` (same options), or from tests with the fixtures in
``tests/sandbox_fixtures.py``. Programmatic entry points: :class:`server.SandboxServer`,
:func:`server.run` and :class:`handle.SandboxHandle`.

Demo credentials: sender ``demo_sender``/``demo_sender_pw``, company ``DEMO-CO``, user
``ws_user``/``ws_user_pw``. Entities (LOCATIONENTITY.LOCATIONID): ``US`` (USD), ``UK`` (GBP),
``CA`` (CAD); an empty ``locationid`` is the top level (base currency USD).

Routes: ``POST /ia/xml/xmlgw.phtml`` (the gateway; ``getAPISession`` returns this same URL as
its endpoint) and the JSON control endpoint ``GET /_sandbox/status``, ``POST /_sandbox/faults``,
``POST /_sandbox/config``, ``POST /_sandbox/reset``, ``POST /_sandbox/expire-sessions`` — see
:mod:`integrations.sandbox.server` for the bodies.

Decisions where Intacct's behaviour is unverified (PROTOCOL.md §16):

* ``uniqueid=true`` + a function controlid that already executed successfully: mode
  ``replay`` (default) returns the stored first result unchanged; mode ``refuse`` returns a
  failure with errorno ``SBX-0001``. Only successful write functions are remembered.
* ``getAPISession`` mixed with other functions fails with errorno ``SBX-0002``; a function
  that ``api.xsd`` defines but the sandbox does not implement fails with ``SBX-0003``; an
  element that is not a function at all fails with ``XL03000003``. Business rules whose
  Intacct errorno is not public use ``SBX-01xx`` numbers (:mod:`integrations.sandbox.rules`).
* Unknown company → HTTP 401 ``XMLGW_JPP0002``; wrong user/password → HTTP 200 with an
  authentication failure ``XL03000006``; expired/unknown session → authentication failure
  ``XL03000006`` "Invalid session" with empty userid/companyid.
* readByQuery/readMore have no showprivate: at the top level they see only records of no
  entity, and so do read and readByName (the sandbox's choice); ``query`` at the top level
  needs ``showprivate`` for entity records. An entity session sees its own records plus
  top-level ones. Line and detail objects are visible exactly where their header is.
* One-letter database states in readByQuery on AR/AP transactions: D Draft, S Submitted,
  A Posted, P Partially Paid, C Paid, L Selected, V Reversed, R Reversal, X Declined,
  N No Value (RAWSTATE holds the letter). STATUS accepts T/F; AUDITHISTORY.ACCESSMODE is stored
  as C/M/D and readByQuery also accepts Create/Modify/Delete.
* Credit-memo applications to invoices are ARPYMTDETAIL rows with ADJUSTMENTKEY set and an
  empty PAYMENTKEY.
"""

from django.apps import AppConfig


class ArConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "ar"
    verbose_name = "Accounts receivable"

    def ready(self) -> None:
        from ar.manual_imports import register_manual_imports
        from ar.sync import register_steps
        from integrations.roles import (
            ACCOUNTING_STAFF,
            ALL_ACTIONS,
            IMPLEMENTATION_CONSULTANTS,
            Grant,
            register_domain_app,
            register_grants,
        )

        # AR records are Intacct's and read-only here: staff view them, except the invoices
        # they make here (and their lines); consultants choose customers for shared names.
        register_domain_app(self.label, staff_actions=("view",))
        register_grants(
            ACCOUNTING_STAFF,
            Grant(self.label, "appinvoice", ALL_ACTIONS),
            Grant(self.label, "invoiceentry", ALL_ACTIONS),
        )
        register_grants(
            IMPLEMENTATION_CONSULTANTS,
            Grant(self.label, "customernamechoice", ALL_ACTIONS),
        )
        # Cash application: staff record bank lines and payments; consultants set the rules.
        register_grants(
            ACCOUNTING_STAFF,
            *(
                Grant(self.label, model, ("view", "add", "change"))
                for model in ("banktransaction", "bankfileimport", "payment", "paymentapplication")
            ),
        )
        register_grants(
            IMPLEMENTATION_CONSULTANTS,
            *(
                Grant(self.label, model, ALL_ACTIONS)
                for model in ("paymentmethodrule", "cashaccountdefault", "bankaccount")
            ),
        )
        register_steps()
        register_manual_imports()

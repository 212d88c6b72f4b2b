# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command, fields
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.coop_entrepreneur.tests.common import without_contributions
from odoo.tests import Form


class CoopExportCommon(AccountTestInvoicingCommon):
    """A small French book: an invoice of 2025 (the opening entry of 2026), an invoice of
    2026 paid in full (a reconciled line), a vendor bill in US dollars (a multi-currency
    line) and a rent entry shared between two activities."""

    @classmethod
    def get_default_groups(cls):
        return super().get_default_groups() | cls.env.ref("coop_entrepreneur.group_coop_manager")

    @classmethod
    @AccountTestInvoicingCommon.setup_chart_template("fr")
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        cls.company.write({"vat": False, "siret": "84200000200001", "company_registry": False})
        without_contributions(cls.env, cls.company)
        # The golden file has Odoo's English journal codes; a database with French loaded
        # names the journals in French (FAC, OD...) when the chart is installed.
        for journal, code in (
            ("sale", "INV"),
            ("purchase", "BILL"),
            ("misc", "MISC"),
            ("bank", "BNK1"),
        ):
            cls.company_data[f"default_journal_{journal}"].code = code
        cls.usd = cls.setup_other_currency("USD", rates=[("2026-01-01", 1.25)])
        cls.client = cls.env["res.partner"].create({"name": "Menuiserie Durand", "ref": "CLI001"})
        cls.supplier = cls.env["res.partner"].create(
            {"name": "Pacific Hardware Inc.", "ref": "FRN001"}
        )
        Activity = cls.env["coop.activity"]
        cls.activity_wood = Activity.create({"name": "Atelier Bois Vivant", "code": "BOIS"})
        cls.activity_web = Activity.create({"name": "Pixel & Code", "code": "WEB"})
        (cls.activity_wood | cls.activity_web).action_activate()
        cls.account_revenue = cls.company_data["default_account_revenue"]
        cls.account_expense = cls.company_data["default_account_expense"]
        cls.invoice_2025 = cls._coop_document(
            "out_invoice", cls.client, cls.activity_wood, 1000, "2025-06-10"
        )
        cls.invoice = cls._coop_document(
            "out_invoice", cls.client, cls.activity_wood, 500, "2026-03-15", ref="CMD-42"
        )
        cls.payment = (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=cls.invoice.ids)
            .create({"amount": 600, "payment_date": "2026-04-10"})
            ._create_payments()
        )
        cls.bill = cls._coop_document(
            "in_invoice",
            cls.supplier,
            cls.activity_web,
            100,
            "2026-05-20",
            currency=cls.usd,
            ref="PH-7781",
        )
        cls.rent = cls.env["account.move"].create(
            {
                "move_type": "entry",
                "date": "2026-06-30",
                "ref": "LOYER-06",
                "journal_id": cls.company_data["default_journal_misc"].id,
                "line_ids": [
                    Command.create(
                        {
                            "name": "Loyer atelier partagé",
                            "account_id": cls.account_expense.id,
                            "debit": 300,
                            "analytic_distribution": {
                                str(cls.activity_wood.analytic_account_id.id): 50,
                                str(cls.activity_web.analytic_account_id.id): 50,
                            },
                        }
                    ),
                    Command.create(
                        {
                            "name": "Loyer atelier partagé",
                            "account_id": cls.company_data["default_account_payable"].id,
                            "partner_id": cls.supplier.id,
                            "credit": 300,
                        }
                    ),
                ],
            }
        )
        cls.rent.action_post()

    @classmethod
    def _coop_document(cls, move_type, partner, activity, amount, date, currency=None, ref=None):
        sale = move_type.startswith("out")
        move = cls.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": partner.id,
                "invoice_date": date,
                "date": date,
                "ref": ref,
                "coop_activity_id": activity.id,
                "currency_id": (currency or cls.company.currency_id).id,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Table en chêne" if sale else "Quincaillerie",
                            "quantity": 1,
                            "price_unit": amount,
                            "account_id": (cls.account_revenue if sale else cls.account_expense).id,
                            "tax_ids": [
                                Command.set(
                                    cls.company_data[
                                        "default_tax_sale" if sale else "default_tax_purchase"
                                    ].ids
                                )
                            ],
                        }
                    )
                ],
            }
        )
        move.action_post()
        return move

    def _export(self, kind="fec", **values):
        export = self.env["coop.account.export"].create(
            {
                "export_kind": kind,
                "company_id": self.company.id,
                "date_from": fields.Date.to_date("2026-01-01"),
                "date_to": fields.Date.to_date("2026-12-31"),
                **values,
            }
        )
        export.action_generate()
        return export

    def _export_with_wizard(self, wizard_model, **values):
        """Fill the wizard for 2026 as a user would, then return the export it opens."""
        wizard = Form(self.env[wizard_model].with_company(self.company))
        wizard.date_from = fields.Date.to_date("2026-01-01")
        wizard.date_to = fields.Date.to_date("2026-12-31")
        for name, value in values.items():
            setattr(wizard, name, value)
        action = wizard.save().action_export()
        return self.env["coop.account.export"].browse(action["res_id"])

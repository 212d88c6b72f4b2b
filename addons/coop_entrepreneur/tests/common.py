# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

from odoo import Command, fields
from odoo.addons.account.tests.common import AccountTestInvoicingCommon
from odoo.addons.base.tests.common import new_test_user
from odoo.sql_db import Cursor


def without_contributions(env, company):
    """Addons built on this one (coop_contribution) post entries of their own when an
    invoice is posted; the tests of the addons below them measure their own entries only."""
    if "coop.contribution.rule" in env:
        env["coop.contribution.rule"].sudo().search(
            [("company_id", "=", company.id)]
        ).active = False


class CoopCompanyCommon(AccountTestInvoicingCommon):
    """A French company run by the test's own user, the cooperative's administrator."""

    @classmethod
    def get_default_groups(cls):
        return super().get_default_groups() | cls.env.ref("coop_entrepreneur.group_coop_admin")

    @classmethod
    @AccountTestInvoicingCommon.setup_chart_template("fr")
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]

    def _coop_count_queries(self, read):
        """The SQL queries ``read()`` makes, the record cache emptied first."""
        self.env.invalidate_all()
        with patch.object(Cursor, "execute", autospec=True, side_effect=Cursor.execute) as execute:
            read()
        return execute.call_count

    @classmethod
    def _coop_user(cls, login, group, **values):
        """A user of the company alone, in the group of XML id ``group``."""
        return new_test_user(
            cls.env,
            login,
            groups=group,
            company_id=cls.company.id,
            company_ids=[Command.set(cls.company.ids)],
            **values,
        )


class CoopTestCommon(CoopCompanyCommon):
    """A French company with two entrepreneurs, each with an active activity, and staff."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.plan = cls.env.ref("coop_entrepreneur.account_analytic_plan_activities")
        without_contributions(cls.env, cls.company)
        cls.user_tutor = cls._coop_user(
            "coop_test_tutor", "coop_entrepreneur.group_coop_tutor", name="Julien Moreau"
        )
        cls.user_manager = cls._coop_user(
            "coop_test_manager", "coop_entrepreneur.group_coop_manager", name="Nadia Benali"
        )
        entrepreneur = "coop_entrepreneur.group_coop_entrepreneur"
        cls.user_camille = cls._coop_user("coop_test_camille", entrepreneur, name="Camille Martin")
        cls.user_hugo = cls._coop_user("coop_test_hugo", entrepreneur, name="Hugo Lefèvre")
        cls.camille = cls.user_camille.partner_id
        cls.hugo = cls.user_hugo.partner_id
        (cls.camille | cls.hugo).action_coop_enter()
        cls.camille.coop_tutor_id = cls.user_tutor
        cls.activity_wood = cls.env["coop.activity"].create(
            {
                "name": "Atelier Bois Vivant",
                "code": "BOIS",
                "naf_code": "16.23Z",
                "member_ids": [Command.set(cls.camille.ids)],
                "company_id": cls.company.id,
            }
        )
        cls.activity_web = cls.env["coop.activity"].create(
            {
                "name": "Pixel & Code",
                "code": "WEB",
                "naf_code": "62.01Z",
                "member_ids": [Command.set(cls.hugo.ids)],
                "company_id": cls.company.id,
            }
        )
        (cls.activity_wood | cls.activity_web).action_activate()
        cls.structure = cls.company.coop_structure_activity_id
        cls.account_revenue = cls.company_data["default_account_revenue"]
        cls.account_expense = cls.company_data["default_account_expense"]
        cls.tax_20 = cls.company_data["default_tax_sale"]
        cls.tax_purchase_20 = cls.company_data["default_tax_purchase"]

    @classmethod
    def _coop_invoice(
        cls, activity, amounts, move_type="out_invoice", post=True, date=None, user=None
    ):
        """A document of the activity with one line per amount (excl. VAT), 20% VAT."""
        env = cls.env(user=user) if user else cls.env
        sale = move_type.startswith("out")
        move = (
            env["account.move"]
            .with_context(default_move_type=move_type)
            .create(
                {
                    "move_type": move_type,
                    "partner_id": cls.partner_a.id,
                    "invoice_date": date or fields.Date.to_date("2026-03-15"),
                    "coop_activity_id": activity.id,
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "name": f"Line {index}",
                                "quantity": 1,
                                "price_unit": amount,
                                "account_id": (
                                    cls.account_revenue if sale else cls.account_expense
                                ).id,
                                "tax_ids": [
                                    Command.set((cls.tax_20 if sale else cls.tax_purchase_20).ids)
                                ],
                            }
                        )
                        for index, amount in enumerate(amounts, 1)
                    ],
                }
            )
        )
        if post:
            move.action_post()
        return move

    @classmethod
    def _coop_pay(cls, invoice, amount, date="2026-04-10"):
        return (
            cls.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"amount": amount, "payment_date": date})
            ._create_payments()
        )

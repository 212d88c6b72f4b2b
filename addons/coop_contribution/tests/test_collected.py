# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.tests import tagged

from .common import ContributionCommon


@tagged("post_install", "-at_install")
class TestCollectedContribution(ContributionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.default_rule.active = False
        cls.rule = cls._rule(name="10% de l'encaissé", base="collected", rate=10.0)

    def test_payments_contribute_pro_rata_and_unreconcile_undoes(self):
        invoice = self._coop_invoice(
            self.activity_wood, [1000.0], date=date(2026, 3, 1)
        )  # 1,200 incl. VAT
        self.assertFalse(invoice.coop_contribution_ids, "nothing before it is paid")
        first = self._coop_pay(invoice, 600.0, date="2026-03-20")
        contribution = self._contributions(invoice)
        self.assertRecordValues(
            contribution,
            [{"kind": "collected", "base": 500.0, "amount": 50.0, "date": date(2026, 3, 20)}],
        )
        self.assertEqual(contribution.partial_id.credit_move_id.move_id, first.move_id)
        self._coop_pay(invoice, 600.0, date="2026-04-05")
        self.assertEqual(self._activity_total(self.activity_wood), 100.0)
        # The first payment is unreconciled: its contribution goes, the second's stays.
        first.move_id.line_ids.remove_move_reconcile()
        self.assertEqual(self._activity_total(self.activity_wood), 50.0)
        self.assertEqual(self._contributions(invoice).date, date(2026, 4, 5))
        self.assertEqual(contribution.state, "reversed")
        self.assertBooksExact()

    def test_invoice_reset_undoes_its_collected_contributions(self):
        invoice = self._coop_invoice(self.activity_wood, [1000.0], date=date(2026, 3, 1))
        self._coop_pay(invoice, 1200.0, date="2026-03-20")
        self.assertEqual(
            self._activity_total(
                self.activity_wood,
            ),
            100.0,
        )
        invoice.button_draft()
        self.assertEqual(
            self._activity_total(
                self.activity_wood,
            ),
            0.0,
        )
        self.assertFalse(self._contributions(invoice))

    def test_one_payment_for_several_invoices_contributes_for_each(self):
        wood = self._coop_invoice(self.activity_wood, [1000.0], date=date(2026, 3, 1))
        web = self._coop_invoice(self.activity_web, [500.0], date=date(2026, 3, 2))
        payments = (
            self.env["account.payment.register"]
            .with_context(active_model="account.move", active_ids=(wood | web).ids)
            .create({"payment_date": "2026-03-20", "group_payment": True})
            ._create_payments()
        )
        self.assertEqual(len(payments), 1)
        self.assertEqual(
            [
                (contribution.partial_id.credit_move_id.move_id, contribution.amount)
                for contribution in (self._contributions(wood), self._contributions(web))
            ],
            [(payments.move_id, 100.0), (payments.move_id, 50.0)],
        )
        self.assertBooksExact()

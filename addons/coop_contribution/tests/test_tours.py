# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from .common import ContributionCommon


@tagged("post_install", "-at_install")
class TestTours(ContributionCommon, HttpCase):
    """The entrepreneur's journey in a real browser (headless Chromium)."""

    def test_entrepreneur_invoices_and_reads_her_contribution(self):
        client = self.env["res.partner"].create(
            {"name": "Menuiserie Client", "company_id": self.company.id}
        )
        self.env["product.product"].create(
            {"name": "Table en chêne massif", "list_price": 650.0, "type": "consu"}
        )
        self.start_tour(
            "/odoo/action-account.action_move_out_invoice_type",
            "coop_entrepreneur_invoice_tour",
            login=self.user_camille.login,
        )
        invoice = self.env["account.move"].search(
            [("partner_id", "=", client.id), ("move_type", "=", "out_invoice")]
        )
        self.assertEqual(
            (invoice.state, invoice.coop_activity_id, invoice.amount_untaxed),
            ("posted", self.activity_wood, 800.0),
        )
        self.assertEqual(invoice.create_uid, self.user_camille)
        self.assertEqual(self._amount(self._contributions(invoice)), 80.0)
        self.assertBooksExact()

    def test_entrepreneur_cannot_open_another_activity_by_url(self):
        self.start_tour(
            f"/odoo/action-coop_entrepreneur.coop_activity_action/{self.activity_web.id}",
            "coop_activity_forbidden_tour",
            login=self.user_camille.login,
        )

# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.tests import HttpCase, tagged

from .common import FundsCommon


@tagged("post_install", "-at_install")
class TestFundTours(FundsCommon, HttpCase):
    """A request from the entrepreneur's form to its payout, in a real browser."""

    def test_a_request_from_the_members_form_to_the_payout(self):
        self.start_tour(
            "/odoo/action-coop_funds.coop_fund_request_action",
            "coop_funds_ask_tour",
            login=self.user_camille.login,
        )
        request = self.env["coop.fund.request"].search([("partner_id", "=", self.camille.id)])
        self.assertEqual(
            (request.state, request.activity_id, request.amount, request.create_uid),
            ("submitted", self.activity_wood, 450.0, self.user_camille),
        )
        self.assertEqual(request.with_user(self.user_hugo).reason, "Retour de congé maternité")
        self._vote(request, "for", "for", "for")
        self.assertEqual(request.state, "approved")
        self.start_tour(
            "/odoo/action-coop_funds.coop_fund_request_action",
            "coop_funds_pay_tour",
            login=self.user_manager.login,
        )
        self.assertEqual(request.state, "paid")
        self.assertEqual(request.movement_ids.mapped("amount"), [450.0])
        self.fund.invalidate_recordset()
        self.assertEqual(self.fund.balance, 550.0)

# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from psycopg2 import IntegrityError

from odoo import fields
from odoo.addons.coop_funds.tests.common import FundsCommon
from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestFundCommitteeBody(FundsCommon):
    """The relief fund's committee elected as a body: who holds a seat today decides."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.today = fields.Date.context_today(cls.env["coop.body"])
        cls.body = cls.env["coop.body"].create(
            {
                "name": "Comité du fonds de secours",
                "company_id": cls.company.id,
                "kind": "committee",
                "seats": 3,
                "term_months": 12,
                "fund_id": cls.fund.id,
            }
        )

    def _mandate(self, user_or_partner, start):
        partner = getattr(user_or_partner, "partner_id", user_or_partner)
        return self.env["coop.mandate"].create(
            {"body_id": self.body.id, "partner_id": partner.id, "date_start": start}
        )

    def test_the_holders_of_a_seat_today_are_the_committee(self):
        self.assertFalse(self.fund.committee_user_ids, "an elected committee with no one yet")
        self._mandate(self.user_hugo, self.today - timedelta(days=30))
        self._mandate(self.user_lea, self.today)
        ended = self._mandate(self.user_omar, self.today - timedelta(days=400))
        self.assertEqual(ended.date_end, self.today - timedelta(days=400) + timedelta(days=364))
        self.assertEqual(self.fund.committee_user_ids, self.user_hugo | self.user_lea)
        # Omar, whose term ended, no longer votes on the fund's requests.
        request = self._request(100.0)
        request.action_submit()
        with self.assertRaisesRegex(AccessError, "not on the committee"):
            self.env["coop.fund.vote"].with_user(self.user_omar).create(
                {"request_id": request.id, "vote": "for"}
            )
        self.env["coop.fund.vote"].with_user(self.user_lea).create(
            {"request_id": request.id, "vote": "for"}
        )
        # A member elected without a user is named on the fund, to be given one.
        member = self.env["res.partner"].create({"name": "Inès Garnier"})
        self._mandate(member, self.today)
        self.assertIn("Inès Garnier", self.fund.message_ids[:1].body)
        # The daily job follows the terms: Lea's ends, the committee shrinks.
        lea = self.body.mandate_ids.filtered(lambda m: m.partner_id == self.user_lea.partner_id)
        lea.date_end = self.today + timedelta(days=10)
        self.body._sync_fund_committee(self.today + timedelta(days=11))
        self.assertEqual(self.fund.committee_user_ids, self.user_hugo)

    def test_a_fund_has_one_committee_of_its_company(self):
        board = self.env["coop.body"].create(
            {"name": "CA", "company_id": self.company.id, "kind": "board"}
        )
        with self.assertRaises(ValidationError) as refused:
            board.fund_id = self.fund
        self.assertIn("of kind Committee", str(refused.exception))
        other = self.env["coop.body"].create(
            {"name": "Autre comité", "company_id": self.company.id, "kind": "committee"}
        )
        with mute_logger("odoo.sql_db"), self.assertRaises(IntegrityError):
            other.fund_id = self.fund
            other.flush_recordset()

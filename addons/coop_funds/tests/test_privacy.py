# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.exceptions import AccessError
from odoo.tests import tagged

from .common import FundsCommon

REASON = "Retour de congé maternité, chiffre d'affaires en baisse"


@tagged("post_install", "-at_install")
class TestFundPrivacy(FundsCommon):
    """A relief request speaks of health and hardship: its reason is the member's and the
    committee's alone; the staff see amounts and states; other entrepreneurs see nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        entrepreneur = "coop_entrepreneur.group_coop_entrepreneur"
        cls.user_other = cls._coop_user("coop_test_other", entrepreneur, name="Paul Roux")
        cls.request = (
            cls.env["coop.fund.request"]
            .with_user(cls.user_camille)
            .create(
                {
                    "fund_id": cls.fund.id,
                    "activity_id": cls.activity_wood.id,
                    "kind": "grant",
                    "amount": 450.0,
                    "reason": REASON,
                }
            )
        )
        cls.request.with_user(cls.user_camille).action_submit()
        cls.case = (
            cls.env["coop.fund.request.case"].sudo().search([("request_id", "=", cls.request.id)])
        )

    def test_the_member_and_the_committee_read_the_reason(self):
        for user in (self.user_camille, self.user_hugo, self.user_lea):
            request = self.request.with_user(user)
            self.assertEqual(request.reason, REASON, user.name)
            self.assertEqual(self.case.with_user(user).read(["reason"])[0]["reason"], REASON)

    def test_the_staff_see_amounts_and_states_not_the_reason(self):
        request = self.request.with_user(self.user_manager)
        self.assertEqual(request.read(["amount", "state"])[0]["amount"], 450.0)
        self.assertFalse(request.reason)
        Case = self.env["coop.fund.request.case"].with_user(self.user_manager)
        self.assertFalse(Case.search([]))
        self.assertFalse(Case.search_count([("reason", "ilike", "maternité")]))
        self.assertFalse(Case._read_group([], ["request_id"], ["__count"]))
        with self.assertRaises(AccessError):
            self.case.with_user(self.user_manager).read(["reason"])
        with self.assertRaises(AccessError):
            request.reason = "Autre"
        messages = self.request.with_user(self.user_manager).message_ids
        self.assertTrue(messages)
        self.assertFalse(messages.filtered(lambda m: "maternité" in (m.body or "")))

    def test_other_entrepreneurs_see_nothing(self):
        Request = self.env["coop.fund.request"].with_user(self.user_other)
        self.assertFalse(Request.search([]))
        self.assertFalse(Request.name_search(self.request.name))
        self.assertFalse(Request._read_group([], ["fund_id"], ["amount:sum"]))
        with self.assertRaises(AccessError):
            self.request.with_user(self.user_other).read(["amount"])
        with self.assertRaises(AccessError):
            self.case.with_user(self.user_other).read(["reason"])
        Message = self.env["mail.message"].with_user(self.user_other)
        self.assertFalse(
            Message.search([("model", "=", "coop.fund.request"), ("res_id", "=", self.request.id)])
        )
        self.assertFalse(self.env["coop.fund.vote"].with_user(self.user_other).search([]))

    def test_attachments_of_the_file_follow_its_privacy(self):
        attachment = (
            self.env["ir.attachment"]
            .with_user(self.user_camille)
            .create(
                {
                    "name": "certificat.pdf",
                    "raw": b"%PDF-1.4 certificat",
                    "res_model": "coop.fund.request.case",
                    "res_id": self.case.id,
                }
            )
        )
        self.assertEqual(attachment.with_user(self.user_hugo).raw, b"%PDF-1.4 certificat")
        for user in (self.user_manager, self.user_other):
            with self.assertRaises(AccessError):
                attachment.with_user(user).read(["raw"])
            self.assertFalse(
                self.env["ir.attachment"]
                .with_user(user)
                .search([("res_model", "=", "coop.fund.request.case")])
            )

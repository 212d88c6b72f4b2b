# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import tagged
from odoo.tools import mute_logger

from .common import CoopTestCommon


@tagged("post_install", "-at_install")
class TestAccess(CoopTestCommon):
    """Camille (joinery) never reaches Hugo's web activity, whatever the way in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.invoice_wood = cls._coop_invoice(cls.activity_wood, [1000.0])
        cls.invoice_web = cls._coop_invoice(cls.activity_web, [700.0])
        cls.draft_web = cls._coop_invoice(cls.activity_web, [50.0], post=False)
        cls.payment_web = cls._coop_pay(cls.invoice_web, 840.0)
        employees = cls.env["hr.employee"].create(
            [
                {"name": p.name, "work_contact_id": p.id, "company_id": cls.company.id}
                for p in (cls.camille, cls.hugo)
            ]
        )
        (cls.camille | cls.hugo).action_coop_start_cape()
        cls.contract_wood, cls.contract_web = cls.env["hr.contract"].create(
            [
                {
                    "name": f"CESA {employee.name}",
                    "employee_id": employee.id,
                    "wage": 1800,
                    "date_start": date(2026, 1, 1),
                    "coop_kind": "cesa",
                    "coop_activity_id": activity.id,
                    "state": "open",
                    "company_id": cls.company.id,
                }
                for employee, activity in zip(
                    employees, (cls.activity_wood, cls.activity_web), strict=True
                )
            ]
        )
        cls.own_lines = cls.invoice_wood.line_ids
        cls.other_lines = cls.invoice_web.line_ids

    def _assert_isolated(self, model, own, other, user=None, name_search=True):
        """The user finds ``own`` and never ``other`` through every read path."""
        Model = self.env[model].with_user(user or self.user_camille)
        scope = [("id", "in", (own | other).ids)]
        self.assertEqual(Model.search(scope), own.with_user(user or self.user_camille))
        self.assertEqual(Model.search_count(scope), len(own))
        groups = Model._read_group(scope, [], ["__count"])
        self.assertEqual(groups[0][0], len(own))
        web_groups = Model.read_group(scope, ["id:count"], [])
        self.assertEqual(web_groups[0]["__count"], len(own))
        if name_search:
            found = {rid for rid, _name in Model.name_search("", args=scope, limit=None)}
            self.assertEqual(found, set(own.ids))
        self.assertTrue(Model.browse(own.ids).read(["display_name"]))
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            Model.browse(other[:1].ids).read(["display_name"])

    def test_activities_are_isolated(self):
        self._assert_isolated("coop.activity", self.activity_wood, self.activity_web)
        with self.assertRaises(AccessError):
            self.activity_web.with_user(self.user_camille).write({"description": "<p>Piraté</p>"})
        own = self.activity_wood.with_user(self.user_camille)
        own.write(
            {
                "description": "<p>Menuiserie d'agencement</p>",
                "website": "https://bois-vivant.example",
            }
        )
        self.assertEqual(self.activity_wood.website, "https://bois-vivant.example")
        with self.assertRaisesRegex(AccessError, "staff"):
            own.write({"member_ids": [Command.link(self.hugo.id)]})
        with self.assertRaises(AccessError):
            own.action_close()
        with self.assertRaises(AccessError):
            self.env["coop.activity"].with_user(self.user_camille).create(
                {"name": "Nouvelle", "code": "NEW"}
            )
        self.assertEqual(self.activity_wood.member_ids, self.camille)
        self.assertEqual(self.activity_wood.state, "active")

    def test_documents_are_isolated(self):
        self._assert_isolated("account.move", self.invoice_wood, self.invoice_web | self.draft_web)
        with self.assertRaises(AccessError):
            self.draft_web.with_user(self.user_camille).write({"ref": "piraté"})
        with self.assertRaises(AccessError):
            self.draft_web.with_user(self.user_camille).unlink()
        self.assertTrue(self.draft_web.exists())
        # The payment's entry belongs to no activity: staff only.
        with self.assertRaises(AccessError), mute_logger("odoo.models"):
            self.payment_web.move_id.with_user(self.user_camille).read(["name"])

    def test_journal_items_are_isolated(self):
        self._assert_isolated(
            "account.move.line", self.own_lines, self.other_lines, name_search=False
        )
        with self.assertRaises(AccessError):
            self.other_lines[:1].with_user(self.user_camille).write({"name": "piraté"})

    def test_analytic_items_are_isolated(self):
        Analytic = self.env["account.analytic.line"]
        own = Analytic.search([("move_line_id.move_id", "=", self.invoice_wood.id)])
        other = Analytic.search([("move_line_id.move_id", "=", self.invoice_web.id)])
        self.assertTrue(own and other)
        self._assert_isolated("account.analytic.line", own, other)

    def test_contracts_are_isolated(self):
        self._assert_isolated("hr.contract", self.contract_wood, self.contract_web)
        with self.assertRaises(AccessError):
            self.contract_wood.with_user(self.user_camille).write({"wage": 5000})
        self.assertEqual(self.contract_wood.wage, 1800)

    def test_activity_accounts_are_isolated(self):
        Account = self.env["coop.activity.account"]
        own = Account.search([("activity_id", "=", self.activity_wood.id)])
        other = Account.search([("activity_id", "=", self.activity_web.id)])
        self.assertTrue(own and other)
        self._assert_isolated("coop.activity.account", own, other, name_search=False)
        groups = Account.with_user(self.user_camille)._read_group(
            [], ["activity_id"], ["turnover:sum"]
        )
        self.assertEqual(
            [(activity.id, turnover) for activity, turnover in groups],
            [(self.activity_wood.id, 1000.0)],
        )

    def test_member_fields_are_the_staffs(self):
        with self.assertRaises(AccessError):
            self.hugo.with_user(self.user_camille).read(["coop_member_state"])
        with self.assertRaises(AccessError):
            self.camille.with_user(self.user_camille).write({"coop_tutor_id": self.user_camille.id})
        # Her own path, through her user.
        me = self.user_camille.with_user(self.user_camille)
        self.assertEqual(me.read(["coop_member_state"])[0]["coop_member_state"], "cesa")
        self.assertEqual(self.hugo.with_user(self.user_tutor).coop_member_state, "cesa")

    def test_entrepreneur_invoices_then_cannot_touch_posted(self):
        Move = self.env["account.move"].with_user(self.user_camille)
        invoice = Move.create(
            {
                "move_type": "out_invoice",
                "partner_id": self.partner_a.id,
                "invoice_date": date(2026, 5, 1),
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Escalier",
                            "price_unit": 2400.0,
                            "account_id": self.account_revenue.id,
                        }
                    )
                ],
            }
        )
        self.assertEqual(invoice.coop_activity_id, self.activity_wood)
        invoice.write({"ref": "Devis 2026-014"})
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")
        with self.assertRaises(AccessError):
            invoice.write({"ref": "modifié"})
        with self.assertRaises(AccessError):
            Move.create(
                {
                    "move_type": "out_invoice",
                    "partner_id": self.partner_a.id,
                    "coop_activity_id": self.activity_web.id,
                }
            )

    def test_tutor_sees_the_activities_they_follow(self):
        self._assert_isolated(
            "coop.activity", self.activity_wood, self.activity_web, user=self.user_tutor
        )
        self._assert_isolated(
            "hr.contract", self.contract_wood, self.contract_web, user=self.user_tutor
        )
        self.activity_web.tutor_id = self.user_tutor
        self.assertEqual(
            self.env["coop.activity"]
            .with_user(self.user_tutor)
            .search([("id", "in", (self.activity_wood | self.activity_web).ids)]),
            self.activity_wood | self.activity_web,
        )

    def test_manager_sees_everything(self):
        activities = self.activity_wood | self.activity_web
        found = (
            self.env["coop.activity"]
            .with_user(self.user_manager)
            .search([("id", "in", activities.ids)])
        )
        self.assertEqual(found, activities)
        moves = self.invoice_wood | self.invoice_web | self.draft_web
        self.assertEqual(
            self.env["account.move"].with_user(self.user_manager).search([("id", "in", moves.ids)]),
            moves,
        )

# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import Form, tagged

from .common import CoopTestCommon


@tagged("post_install", "-at_install")
class TestAccountMove(CoopTestCommon):
    def test_lines_carry_the_activity_at_100(self):
        invoice = self._coop_invoice(self.activity_wood, [1000.0, 250.0], post=False)
        wood = str(self.activity_wood.analytic_account_id.id)
        self.assertEqual(
            invoice.invoice_line_ids.mapped("analytic_distribution"), [{wood: 100.0}, {wood: 100.0}]
        )
        receivable = invoice.line_ids.filtered(lambda ln: ln.display_type == "payment_term")
        self.assertFalse(receivable.analytic_distribution)
        invoice.action_post()
        analytic = self.env["account.analytic.line"].search(
            [("move_line_id.move_id", "=", invoice.id)]
        )
        plan_column = self.plan._column_name()
        self.assertEqual(sorted(analytic.mapped("amount")), [250.0, 1000.0])
        self.assertEqual(analytic.mapped(plan_column), self.activity_wood.analytic_account_id)

    def test_changing_the_activity_moves_the_lines(self):
        invoice = self._coop_invoice(self.activity_wood, [400.0], post=False)
        with Form(invoice) as form:
            form.coop_activity_id = self.activity_web
        web = str(self.activity_web.analytic_account_id.id)
        self.assertEqual(invoice.invoice_line_ids.analytic_distribution, {web: 100.0})

    def test_other_plans_are_kept(self):
        other_plan = self.env["account.analytic.plan"].create({"name": "Projets"})
        project = self.env["account.analytic.account"].create(
            {"name": "Chantier Dupont", "plan_id": other_plan.id}
        )
        invoice = self._coop_invoice(self.activity_wood, [400.0], post=False)
        line = invoice.invoice_line_ids
        wood, web = (
            self.activity_wood.analytic_account_id.id,
            self.activity_web.analytic_account_id.id,
        )
        line.analytic_distribution = {f"{project.id},{wood}": 100.0}
        invoice.coop_activity_id = self.activity_web
        self.assertEqual(line.analytic_distribution, {f"{project.id},{web}": 100.0})
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")

    def test_posting_lines_that_disagree_is_refused(self):
        invoice = self._coop_invoice(self.activity_wood, [300.0, 200.0], post=False)
        wood, web = (
            self.activity_wood.analytic_account_id.id,
            self.activity_web.analytic_account_id.id,
        )
        invoice.invoice_line_ids[1].analytic_distribution = {str(web): 100.0}
        with self.assertRaisesRegex(UserError, "Line 2"):
            invoice.action_post()
        self.assertEqual(invoice.state, "draft")
        invoice.invoice_line_ids[1].analytic_distribution = {str(wood): 60.0, str(web): 40.0}
        with self.assertRaisesRegex(UserError, "do not belong 100%"):
            invoice.action_post()
        invoice.invoice_line_ids[1].analytic_distribution = {str(wood): 100.0}
        invoice.action_post()
        self.assertEqual(invoice.state, "posted")

    def test_activities_plan_is_mandatory_on_invoice_and_bill_lines(self):
        for move_type in ("out_invoice", "in_invoice"):
            document = self._coop_invoice(
                self.activity_wood, [300.0], move_type=move_type, post=False
            )
            line = document.invoice_line_ids
            line.analytic_distribution = False
            with self.assertRaisesRegex(ValidationError, "100% analytic distribution"):
                line.with_context(
                    validate_analytic=True, lang="en_US"
                )._validate_analytic_distribution()
            with self.assertRaises(UserError):
                document.action_post()
            self.assertEqual(document.state, "draft")

    def test_document_without_activity_is_refused(self):
        invoice = self._coop_invoice(self.activity_wood, [300.0], post=False)
        invoice.coop_activity_id = False
        with self.assertRaisesRegex(UserError, "Choose the activity"):
            invoice.action_post()
        self.assertEqual(invoice.state, "draft")

    def test_inactive_activity_cannot_invoice(self):
        invoice = self._coop_invoice(self.activity_wood, [300.0], post=False)
        self.activity_wood.action_suspend()
        with self.assertRaisesRegex(UserError, "not active"):
            invoice.action_post()
        self.assertEqual(invoice.state, "draft")

    def test_default_activity(self):
        # An entrepreneur with one active activity: theirs.
        Move = (
            self.env["account.move"]
            .with_user(self.user_camille)
            .with_context(default_move_type="out_invoice")
        )
        self.assertEqual(Move.new({}).coop_activity_id, self.activity_wood)
        with Form(Move) as form:
            form.partner_id = self.partner_a
            with form.invoice_line_ids.new() as line:
                line.name = "Bibliothèque sur mesure"
                line.price_unit = 1200.0
        invoice = form.save()
        self.assertEqual(invoice.coop_activity_id, self.activity_wood)
        self.assertEqual(
            invoice.invoice_line_ids.analytic_distribution,
            {str(self.activity_wood.analytic_account_id.id): 100.0},
        )
        # Staff: the structure; journal entries: none.
        staff_invoice = self.env["account.move"].create(
            {"move_type": "out_invoice", "partner_id": self.partner_a.id}
        )
        self.assertEqual(staff_invoice.coop_activity_id, self.structure)
        entry = self.env["account.move"].create({"move_type": "entry"})
        self.assertFalse(entry.coop_activity_id)

    def test_credit_note_keeps_the_activity(self):
        invoice = self._coop_invoice(self.activity_web, [500.0])
        reversal = (
            self.env["account.move.reversal"]
            .with_context(active_model="account.move", active_ids=invoice.ids)
            .create({"journal_id": invoice.journal_id.id, "reason": "Erreur de prix"})
            .refund_moves()
        )
        credit_note = self.env["account.move"].browse(reversal["res_id"])
        self.assertEqual(credit_note.coop_activity_id, self.activity_web)
        self.assertEqual(
            credit_note.invoice_line_ids.analytic_distribution,
            {str(self.activity_web.analytic_account_id.id): 100.0},
        )
        credit_note.action_post()
        self.assertEqual(credit_note.state, "posted")

    def test_bill_of_an_activity(self):
        bill = self._coop_invoice(self.activity_wood, [80.0], move_type="in_invoice")
        self.assertEqual(bill.state, "posted")
        self.assertEqual(bill.amount_total, 96.0)
        self.assertEqual(
            bill.invoice_line_ids.analytic_distribution,
            {str(self.activity_wood.analytic_account_id.id): 100.0},
        )

    def test_members_only_reach_active_activities(self):
        self.assertEqual(
            self.env["account.move"].with_user(self.user_hugo)._coop_default_activity(self.company),
            self.activity_web,
        )
        self.activity_web.member_ids = [Command.link(self.camille.id)]
        # Two activities: the entrepreneur chooses.
        self.assertFalse(
            self.env["account.move"]
            .with_user(self.user_camille)
            ._coop_default_activity(self.company)
        )

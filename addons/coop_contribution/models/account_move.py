# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError

CONTRIBUTING_TYPES = ("out_invoice", "out_refund", "out_receipt")


class AccountMove(models.Model):
    _inherit = "account.move"

    coop_contribution_id = fields.Many2one(
        "coop.contribution",
        string="Contribution booked",
        readonly=True,
        copy=False,
        index="btree_not_null",
        ondelete="restrict",
        help="The contribution this entry books (or reverses).",
    )
    coop_contribution_ids = fields.One2many(
        "coop.contribution", "source_move_id", string="Contributions", readonly=True
    )
    coop_contribution_count = fields.Integer(
        compute="_compute_coop_contribution_count", string="Number of contributions"
    )

    @api.depends("coop_contribution_ids")
    def _compute_coop_contribution_count(self):
        counts = dict(
            self.env["coop.contribution"]._read_group(
                [("source_move_id", "in", self.ids)], ["source_move_id"], ["__count"]
            )
        )
        for move in self:
            move.coop_contribution_count = counts.get(move._origin, 0)

    def _post(self, soft=True):
        posted = super()._post(soft=soft)
        # Just posted: a document's earlier contributions were reversed when it was reset.
        self.env["coop.contribution"]._contribute_documents(posted, just_posted=True)
        return posted

    def button_draft(self):
        self._coop_check_not_a_contribution_entry()
        contributions = self.coop_contribution_ids.filtered(
            lambda c: c.state == "posted" and c.kind == "invoiced"
        )
        res = super().button_draft()
        contributions._reverse()
        return res

    def _reverse_moves(self, default_values_list=None, cancel=False):
        if not self.env.context.get("coop_contribution_reversal"):
            self._coop_check_not_a_contribution_entry()
        return super()._reverse_moves(default_values_list=default_values_list, cancel=cancel)

    def _coop_check_not_a_contribution_entry(self):
        booked = self.filtered("coop_contribution_id")
        if booked:
            raise UserError(
                self.env._(
                    "%s books a contribution: correct the invoice, payment or period it comes "
                    "from, and its contribution will follow.",
                    booked[0].display_name,
                )
            )

    def action_view_coop_contributions(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Contributions of %s", self.display_name),
            "res_model": "coop.contribution",
            "view_mode": "list,form",
            "domain": [("source_move_id", "=", self.id)],
            "context": {"create": False},
        }

    # Which documents contribute, and under which rule

    def _coop_contributing_documents(self):
        return self.filtered(
            lambda m: (
                m.move_type in CONTRIBUTING_TYPES
                and m.state == "posted"
                and m.coop_activity_id.kind == "activity"
            )
        )

    def _coop_rule_key(self):
        """(activity, day) whose rule and exemption govern the document: its own date, or,
        for a credit note, the date of the invoice it reverses."""
        self.ensure_one()
        reversed_invoice = self.reversed_entry_id
        if self.move_type == "out_refund" and reversed_invoice.move_type in CONTRIBUTING_TYPES:
            return (self.coop_activity_id, reversed_invoice.date)
        return (self.coop_activity_id, self.date)

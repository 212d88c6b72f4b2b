# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import UserError


class CoopFundProposal(models.Model):
    """A proposed yearly pay-in of an activity into a fund, from its year's result
    ("according to their means"): the fund's rate of the result, raised to its floor and
    held under its cap and the result itself. The staff review the proposals in a list and
    confirm them in one action, which posts the pay-ins."""

    _name = "coop.fund.proposal"
    _description = "Proposed yearly pay-in into a fund"
    _order = "date_to desc, fund_id, activity_id"
    _check_company_auto = True

    fund_id = fields.Many2one("coop.fund", required=True, index=True, ondelete="cascade")
    company_id = fields.Many2one(related="fund_id.company_id", store=True)
    currency_id = fields.Many2one(related="company_id.currency_id")
    activity_id = fields.Many2one("coop.activity", required=True, index=True, check_company=True)
    date_from = fields.Date("Year from", required=True)
    date_to = fields.Date("Year to", required=True)
    result = fields.Monetary("Year's result", readonly=True)
    amount = fields.Monetary("Proposed pay-in", required=True)
    state = fields.Selection(
        [("draft", "To review"), ("confirmed", "Confirmed")],
        required=True,
        default="draft",
        readonly=True,
    )
    movement_id = fields.Many2one("coop.fund.movement", readonly=True)

    def write(self, vals):
        if any(proposal.state != "draft" for proposal in self):
            raise UserError(self.env._("A confirmed proposal is posted: it is not changed."))
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_confirmed(self):
        if any(proposal.state != "draft" for proposal in self):
            raise UserError(self.env._("A confirmed proposal is posted: it is not deleted."))

    @api.model
    def _propose(self, funds, date_from, date_to):
        """Replace the funds' proposals of the year still to review by new ones, one per
        active activity whose result over the year is positive."""
        self.search(
            [("fund_id", "in", funds.ids), ("date_to", "=", date_to), ("state", "=", "draft")]
        ).unlink()
        vals_list = []
        for fund in funds.filtered("proposal_rate"):
            activities = self.env["coop.activity"].search(
                [
                    ("company_id", "=", fund.company_id.id),
                    ("kind", "=", "activity"),
                    ("state", "=", "active"),
                ]
            )
            figures = self.env["coop.activity.account"]._figures_by_activity(
                activities.ids, date_from, date_to
            )
            currency = fund.currency_id
            confirmed = self.search(
                [("fund_id", "=", fund.id), ("date_to", "=", date_to), ("state", "=", "confirmed")]
            ).activity_id
            for activity in activities - confirmed:
                result = figures.get(activity.id, {}).get("result", 0.0)
                if currency.compare_amounts(result, 0.0) <= 0:
                    continue
                amount = max(result * fund.proposal_rate / 100.0, fund.proposal_floor)
                if fund.proposal_cap:
                    amount = min(amount, fund.proposal_cap)
                vals_list.append(
                    {
                        "fund_id": fund.id,
                        "activity_id": activity.id,
                        "date_from": date_from,
                        "date_to": date_to,
                        "result": result,
                        "amount": currency.round(min(amount, result)),
                    }
                )
        return self.create(vals_list)

    def action_confirm(self):
        """Post the pay-ins of these proposals (those to review), in one batch."""
        if not self.env.su and not self.env.user.has_group("coop_entrepreneur.group_coop_manager"):
            raise UserError(self.env._("Only the cooperative's staff confirm the pay-ins."))
        todo = self.filtered(lambda p: p.state == "draft").sudo()
        today = fields.Date.context_today(self)
        movements = (
            self.env["coop.fund.movement"]
            .sudo()
            .create(
                [
                    {
                        "name": self.env._("Yearly pay-in %s", proposal.date_to.year),
                        "fund_id": proposal.fund_id.id,
                        "kind": "payin",
                        "activity_id": proposal.activity_id.id,
                        "date": today,
                        "amount": proposal.amount,
                    }
                    for proposal in todo
                ]
            )
        )
        movements.action_post()
        for proposal, movement in zip(todo, movements, strict=True):
            super(CoopFundProposal, proposal).write(
                {"state": "confirmed", "movement_id": movement.id}
            )
        return True

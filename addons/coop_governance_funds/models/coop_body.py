# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CoopBody(models.Model):
    """A fund's committee as a body: the members who hold one of its seats on a day are
    the fund's committee that day (they vote on its requests and read their reasons)."""

    _inherit = "coop.body"

    fund_id = fields.Many2one(
        "coop.fund",
        index="btree_not_null",
        tracking=True,
        help="The solidarity fund this committee decides for: its members are those who "
        "hold a seat today.",
    )

    _sql_constraints = [("fund_uniq", "unique(fund_id)", "A fund has one committee.")]

    @api.constrains("fund_id", "kind", "company_id")
    def _check_fund(self):
        for body in self.filtered("fund_id"):
            if body.kind != "committee" or body.fund_id.company_id != body.company_id:
                raise ValidationError(
                    self.env._(
                        "%s: a fund's committee is a body of kind Committee, in the fund's "
                        "company.",
                        body.name,
                    )
                )

    def _sync_fund_committee(self, day=None, notify=True):
        """The fund's committee: the users of the members who hold a seat on ``day``;
        ``notify``: name on the fund those elected without a user (when the mandates
        change, not at each day's sync)."""
        day = day or fields.Date.context_today(self)
        for body in self.sudo().filtered("fund_id"):
            holders = body.mandate_ids.filtered(
                lambda m, d=day: m.date_start <= d <= m.date_end
            ).partner_id
            users = (
                self.env["res.users"]
                .sudo()
                .search([("partner_id", "in", holders.ids), ("share", "=", False)])
            )
            fund = body.fund_id
            if users != fund.committee_user_ids:
                fund.committee_user_ids = users
            without = holders - users.partner_id
            if notify and without:
                fund.message_post(
                    body=self.env._(
                        "%s hold a seat of the committee but have no user: give them one so "
                        "that they can decide on requests.",
                        ", ".join(without.mapped("name")),
                    )
                )

    @api.model_create_multi
    def create(self, vals_list):
        bodies = super().create(vals_list)
        bodies._sync_fund_committee()
        return bodies

    def write(self, vals):
        former = self.fund_id
        result = super().write(vals)
        if "fund_id" in vals and former - self.fund_id:
            (former - self.fund_id).sudo().committee_user_ids = False
        self._sync_fund_committee()
        return result


class CoopMandate(models.Model):
    _inherit = "coop.mandate"

    @api.model_create_multi
    def create(self, vals_list):
        mandates = super().create(vals_list)
        mandates.body_id._sync_fund_committee()
        return mandates

    def write(self, vals):
        bodies = self.body_id
        result = super().write(vals)
        (bodies | self.body_id)._sync_fund_committee()
        return result

    def unlink(self):
        bodies = self.body_id
        result = super().unlink()
        bodies.exists()._sync_fund_committee()
        return result

    @api.model
    def _cron_remind_ending(self, days=60):
        """Daily: a term that ended leaves the fund's committee, one that starts joins it."""
        self.env["coop.body"].search([("fund_id", "!=", False)])._sync_fund_committee(notify=False)
        return super()._cron_remind_ending(days=days)


class CoopFund(models.Model):
    _inherit = "coop.fund"

    committee_body_ids = fields.One2many(
        "coop.body",
        "fund_id",
        string="Elected committee",
        help="When the committee is a body of the governance, its members are those who "
        "hold a seat today, kept in step with the mandates.",
    )

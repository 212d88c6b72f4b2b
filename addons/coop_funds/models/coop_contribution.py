# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CoopContributionShare(models.Model):
    _inherit = "coop.contribution.share"

    destination = fields.Selection(
        selection_add=[("fund", "Paid into a solidarity fund")], ondelete={"fund": "set default"}
    )
    fund_id = fields.Many2one(
        "coop.fund",
        help="The fund that receives this share of every contribution.",
    )

    @api.constrains("destination", "fund_id")
    def _check_fund(self):
        for share in self:
            if share.destination == "fund" and not share.fund_id:
                raise ValidationError(
                    self.env._("%s is paid into a fund: choose the fund.", share.name)
                )


class CoopContribution(models.Model):
    _inherit = "coop.contribution"

    def _prepare_move_vals(self):
        """A share paid into a fund credits the fund's analytic account instead of the
        structure's: the fund receives its part with the contribution itself."""
        vals = super()._prepare_move_vals()
        share = self.share_id
        if share.destination == "fund":
            fund = share.sudo().fund_id
            vals["line_ids"][1][2]["analytic_distribution"] = {
                str(fund.analytic_account_id.id): 100
            }
        return vals

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

    def _receiving_analytic_account(self):
        """A share paid into a fund credits the fund's analytic account instead of the
        structure's: the fund receives its part with the contribution itself."""
        if self.share_id.destination == "fund":
            return self.share_id.sudo().fund_id.analytic_account_id
        return super()._receiving_analytic_account()

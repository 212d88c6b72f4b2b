# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .res_partner import MEMBER_STATES


class ResUsers(models.Model):
    _inherit = "res.users"

    coop_member_state = fields.Selection(
        MEMBER_STATES, string="My member state", compute="_compute_coop_member", compute_sudo=True
    )
    coop_associate_deadline = fields.Date(
        "My associé deadline", compute="_compute_coop_member", compute_sudo=True
    )

    @property
    def SELF_READABLE_FIELDS(self):
        return super().SELF_READABLE_FIELDS + ["coop_member_state", "coop_associate_deadline"]

    def _compute_coop_member(self):
        # An entrepreneur reads their own path here; the partner's fields are the staff's.
        for user in self:
            user.coop_member_state = user.partner_id.coop_member_state
            user.coop_associate_deadline = user.partner_id.coop_associate_deadline

    def _coop_is_entrepreneur_only(self):
        """True for an entrepreneur who is not also the cooperative's staff."""
        self.ensure_one()
        return self.has_group("coop_entrepreneur.group_coop_entrepreneur") and not self.has_group(
            "coop_entrepreneur.group_coop_manager"
        )

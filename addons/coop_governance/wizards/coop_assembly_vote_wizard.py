# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from ..models.coop_assembly import CHOICES, VOTING


class CoopAssemblyVoteWizard(models.TransientModel):
    """Record the votes of the room on a resolution: the associés chosen vote the same
    way, each through the resolution's own vote (one person, one vote, checked there)."""

    _name = "coop.assembly.vote.wizard"
    _description = "Record votes on a resolution"

    resolution_id = fields.Many2one("coop.assembly.resolution", required=True)
    assembly_id = fields.Many2one(related="resolution_id.assembly_id")
    allow_blank = fields.Boolean(related="resolution_id.allow_blank")
    attendee_ids = fields.Many2many(
        "coop.assembly.attendee",
        string="Associés",
        domain=f"[('assembly_id', '=', assembly_id), ('attendance', 'in', {list(VOTING)})]",
        help="Present, remote or represented (their proxy holder votes for them).",
    )
    choice = fields.Selection(CHOICES, required=True, default="for")

    def action_record(self):
        self.ensure_one()
        for attendee in self.attendee_ids:
            self.resolution_id.action_vote(attendee, self.choice)
        return {"type": "ir.actions.act_window_close"}

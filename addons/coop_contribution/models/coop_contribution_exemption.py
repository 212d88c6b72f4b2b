# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CoopContributionExemption(models.Model):
    _name = "coop.contribution.exemption"
    _description = "Contribution exemption"
    _inherit = ["mail.thread"]
    _order = "date_from desc, id desc"

    partner_id = fields.Many2one("res.partner", string="Member", tracking=True, index=True)
    activity_id = fields.Many2one("coop.activity", tracking=True, index=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company
    )
    date_from = fields.Date("From", required=True, tracking=True)
    date_to = fields.Date("To", tracking=True, help="Leave empty for an open-ended exemption.")
    reason = fields.Selection(
        [
            ("minimum_benefits", "Minimum social benefits"),
            ("case_by_case", "Decided case by case"),
            ("other", "Other"),
        ],
        required=True,
        tracking=True,
    )
    note = fields.Text()

    @api.constrains("partner_id", "activity_id", "date_from", "date_to")
    def _check_target_and_dates(self):
        for exemption in self:
            if bool(exemption.partner_id) == bool(exemption.activity_id):
                raise ValidationError(
                    self.env._(
                        "An exemption is for one member or one activity: choose one of them."
                    )
                )
            if exemption.date_to and exemption.date_to < exemption.date_from:
                raise ValidationError(self.env._("An exemption cannot end before it starts."))

    @api.model_create_multi
    def create(self, vals_list):
        exemptions = super().create(vals_list)
        exemptions._follow()
        return exemptions

    def write(self, vals):
        before = [(e._activities(), e.date_from, e.date_to) for e in self]
        res = super().write(vals)
        self._follow(before)
        return res

    def unlink(self):
        before = [(e._activities(), e.date_from, e.date_to) for e in self]
        res = super().unlink()
        self.browse()._follow(before)
        return res

    def _activities(self):
        self.ensure_one()
        return self.activity_id or self.env["coop.activity"].sudo().search(
            [("member_ids", "in", self.partner_id.ids)]
        )

    def _follow(self, before=()):
        """Documents of the exemption's dates, old (``before``) and new, follow it: their
        contributions are reversed, or, when an exemption ends or goes, made."""
        targets = list(before) + [(e._activities(), e.date_from, e.date_to) for e in self]
        for activities, date_from, date_to in targets:
            self.env["coop.contribution"]._follow_rules(activities, date_from, date_to)

    @api.depends("partner_id", "activity_id", "date_from")
    def _compute_display_name(self):
        for exemption in self:
            target = exemption.partner_id or exemption.activity_id
            exemption.display_name = f"{target.display_name} ({exemption.date_from})"

    @api.model
    def _covering(self, activities, date_from, date_to):
        """Every exemption of these activities or their members valid at some time between
        the two dates (one query, for :meth:`_covers` to pick from)."""
        return self.sudo().search(
            [
                "|",
                ("activity_id", "in", activities.ids),
                ("partner_id", "in", activities.sudo().member_ids.ids),
                ("date_from", "<=", date_to),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", date_from),
            ]
        )

    def _covers(self, activity, day):
        """Those of these exemptions that cover the activity or one of its members on that day."""
        members = activity.sudo().member_ids
        return self.filtered(
            lambda e: (
                (e.activity_id == activity or (e.partner_id and e.partner_id in members))
                and e.date_from <= day
                and (not e.date_to or e.date_to >= day)
            )
        )[:1]

# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError

BODY_KINDS = [
    ("board", "Board"),
    ("committee", "Committee"),
    ("cse", "Staff council (CSE)"),
    ("other", "Other body"),
]


class CoopBody(models.Model):
    """A body whose seats members are elected to: the board, a committee (a fund's), the
    CSE. Terms and the limit of consecutive terms come from the statutes."""

    _name = "coop.body"
    _description = "Governance body"
    _inherit = ["mail.thread"]
    _order = "company_id, kind, name"

    name = fields.Char(required=True, tracking=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    kind = fields.Selection(BODY_KINDS, required=True, default="board")
    seats = fields.Integer(default=5, tracking=True)
    term_months = fields.Integer("Term (months)", default=36, tracking=True)
    max_consecutive_terms = fields.Integer(
        "Consecutive terms at most", default=2, help="Zero: no limit.", tracking=True
    )
    mandate_ids = fields.One2many("coop.mandate", "body_id", string="Mandates")

    @api.constrains("seats", "term_months", "max_consecutive_terms")
    def _check_body(self):
        for body in self:
            if body.seats < 1 or body.term_months < 1 or body.max_consecutive_terms < 0:
                raise ValidationError(
                    self.env._("%s: one seat or more, a term of a month or more.", body.name)
                )


class CoopMandate(models.Model):
    """A member's seat on a body for a term: held by many, renewed within the statutes'
    limit ("un taux de rotation élevé")."""

    _name = "coop.mandate"
    _description = "Mandate"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _rec_name = "partner_id"

    body_id = fields.Many2one("coop.body", required=True, index=True, ondelete="restrict")
    company_id = fields.Many2one(related="body_id.company_id", store=True)
    partner_id = fields.Many2one("res.partner", string="Member", required=True, index=True)
    role = fields.Char(help="e.g. chair, treasurer")
    date_start = fields.Date("Start", required=True, default=fields.Date.context_today)
    date_end = fields.Date("End", compute="_compute_date_end", store=True, readonly=False)
    resolution_id = fields.Many2one(
        "coop.assembly.resolution", string="Elected by", help="The resolution that elected them."
    )
    new_holder = fields.Integer(
        "New holders",
        compute="_compute_new_holder",
        store=True,
        help="1 when the member held no earlier mandate of this body: summed per election, "
        "the new holders it brought (rotation).",
    )

    @api.depends(
        "partner_id",
        "date_start",
        "body_id.mandate_ids.date_start",
        "body_id.mandate_ids.partner_id",
    )
    def _compute_new_holder(self):
        for mandate in self:
            earlier = mandate.body_id.mandate_ids.filtered(
                lambda m, s=mandate: m.partner_id == s.partner_id and m.date_start < s.date_start
            )
            mandate.new_holder = 0 if earlier else 1

    @api.depends("date_start", "body_id.term_months")
    def _compute_date_end(self):
        for mandate in self:
            if mandate.date_start and mandate.body_id:
                mandate.date_end = (
                    mandate.date_start
                    + relativedelta(months=mandate.body_id.term_months)
                    - timedelta(days=1)
                )

    @api.constrains("date_start", "date_end", "body_id", "partner_id")
    def _check_mandate(self):
        for mandate in self:
            body = mandate.body_id
            if not mandate.date_end or mandate.date_end < mandate.date_start:
                raise ValidationError(self.env._("A mandate ends after it starts."))
            others = body.mandate_ids - mandate
            overlapping = others.filtered(
                lambda m, s=mandate: m.date_start <= s.date_end and m.date_end >= s.date_start
            )
            if overlapping.filtered(lambda m, s=mandate: m.partner_id == s.partner_id):
                raise ValidationError(
                    self.env._(
                        "%(member)s already holds a seat of %(body)s then.",
                        member=mandate.partner_id.display_name,
                        body=body.name,
                    )
                )
            # Seats taken on each day the new mandate starts or another one does.
            for day in {mandate.date_start, *overlapping.mapped("date_start")}:
                if day < mandate.date_start or day > mandate.date_end:
                    continue
                held = 1 + len(
                    overlapping.filtered(lambda m, d=day: m.date_start <= d <= m.date_end)
                )
                if held > body.seats:
                    raise ValidationError(
                        self.env._(
                            "%(body)s has %(seats)s seats: all are held on %(day)s.",
                            body=body.name,
                            seats=body.seats,
                            day=day,
                        )
                    )
            if body.max_consecutive_terms:
                run, start = 1, mandate.date_start
                mine = others.filtered(lambda m, s=mandate: m.partner_id == s.partner_id)
                while True:
                    before = mine.filtered(lambda m, d=start: m.date_end == d - timedelta(days=1))
                    if not before:
                        break
                    run, start = run + 1, before[0].date_start
                if run > body.max_consecutive_terms:
                    raise ValidationError(
                        self.env._(
                            "%(member)s would hold %(run)s consecutive terms of %(body)s; the "
                            "statutes allow %(max)s.",
                            member=mandate.partner_id.display_name,
                            run=run,
                            body=body.name,
                            max=body.max_consecutive_terms,
                        )
                    )

    @api.model
    def _cron_remind_ending(self, days=60):
        """A to-do for the staff on each mandate that ends within ``days`` days."""
        today = fields.Date.context_today(self)
        ending = self.search(
            [("date_end", ">=", today), ("date_end", "<=", today + timedelta(days=days))]
        )
        summary = self.env._("Mandate ending: prepare the election")
        for mandate in ending.filtered(lambda m: summary not in m.activity_ids.mapped("summary")):
            mandate.activity_schedule(
                "mail.mail_activity_data_todo",
                date_deadline=mandate.date_end,
                summary=summary,
                user_id=mandate.body_id.create_uid.id or self.env.uid,
            )
        return ending

    @api.model
    def _rotation(self, company, years, day=None):
        """Democratic vitality: the share of today's associés who held a mandate over the
        last ``years`` years."""
        day = day or fields.Date.context_today(self)
        associates = self.env["res.partner"].search([("coop_member_state", "=", "associate")])
        if not associates:
            return 0.0
        held = self.search(
            [
                ("company_id", "=", company.id),
                ("partner_id", "in", associates.ids),
                ("date_end", ">=", day - relativedelta(years=years)),
                ("date_start", "<=", day),
            ]
        ).partner_id
        return len(held) / len(associates)

# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import SQL, format_amount

STAGES = [
    ("information", "Information meeting"),
    ("diagnosis", "Diagnosis"),
    ("cape", "CAPE"),
    ("cesa", "CESA"),
    ("associate", "Associé"),
    ("exit", "Exit"),
]
MILESTONES = [
    ("first_quote", "First quote"),
    ("first_invoice", "First invoice"),
    ("turnover", "Turnover threshold reached"),
    ("cesa_proposed", "CESA proposed"),
    ("other", "Other"),
]


class CoopAccompaniment(models.Model):
    """A member's accompaniment: who follows them, the stages of their path with dates,
    the objectives and the milestones reached; the CAPE's limit watched."""

    _name = "coop.accompaniment"
    _description = "Accompaniment"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", string="Member", required=True, index=True, tracking=True
    )
    tutor_id = fields.Many2one(
        "res.users",
        string="Accompagnateur",
        index=True,
        tracking=True,
        default=lambda self: self.env.user,
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("coop_entrepreneur.group_coop_tutor").id)
        ],
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_start = fields.Date("Start", required=True, default=fields.Date.context_today)
    date_end = fields.Date("End", tracking=True)
    state = fields.Selection(
        [("active", "In progress"), ("done", "Ended")],
        required=True,
        default="active",
        tracking=True,
    )
    funded_action_id = fields.Many2one("coop.funded.action", string="Funded action")
    objectives = fields.Html()
    stage_ids = fields.One2many("coop.accompaniment.stage", "accompaniment_id", string="Stages")
    milestone_ids = fields.One2many(
        "coop.accompaniment.milestone", "accompaniment_id", string="Milestones"
    )
    stage = fields.Selection(
        STAGES, compute="_compute_stage", store=True, help="The latest stage reached."
    )
    cape_start = fields.Date("CAPE start", compute="_compute_cape", store=True)
    cape_limit = fields.Date(
        "CAPE limit",
        compute="_compute_cape",
        store=True,
        help="The CAPE's start plus the cooperative's limit (18 months by default).",
    )
    cape_days_left = fields.Integer("Days left in the CAPE", compute="_compute_cape_days_left")
    cape_reminded = fields.Boolean(
        "CAPE limit reminded", copy=False, help="The accompagnateur was reminded of the limit."
    )
    appointment_ids = fields.One2many(
        "calendar.event", "coop_accompaniment_id", string="Appointments"
    )
    appointment_count = fields.Integer(compute="_compute_appointment_count")

    _sql_constraints = [
        (
            "dates",
            "CHECK(date_end IS NULL OR date_end >= date_start)",
            "An accompaniment ends after it starts.",
        )
    ]

    @api.depends("stage_ids.stage", "stage_ids.date")
    def _compute_stage(self):
        order = [key for key, _label in STAGES]
        for accompaniment in self:
            stages = accompaniment.stage_ids.sorted(lambda s: (s.date, order.index(s.stage)))
            accompaniment.stage = stages[-1:].stage

    @api.depends("stage_ids.stage", "stage_ids.date", "company_id.coop_cape_max_months")
    def _compute_cape(self):
        for accompaniment in self:
            cape = accompaniment.stage_ids.filtered(lambda s: s.stage == "cape").sorted("date")
            start = cape[:1].date
            accompaniment.cape_start = start
            accompaniment.cape_limit = start and (
                start
                + relativedelta(months=accompaniment.company_id.coop_cape_max_months)
                - timedelta(days=1)
            )

    def _compute_cape_days_left(self):
        today = fields.Date.context_today(self)
        for accompaniment in self:
            in_cape = accompaniment.stage == "cape" and accompaniment.cape_limit
            accompaniment.cape_days_left = (accompaniment.cape_limit - today).days if in_cape else 0

    def _compute_appointment_count(self):
        counts = dict(
            self.env["calendar.event"]._read_group(
                [("coop_accompaniment_id", "in", self.ids)], ["coop_accompaniment_id"], ["__count"]
            )
        )
        for accompaniment in self:
            accompaniment.appointment_count = counts.get(accompaniment, 0)

    def action_view_appointments(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "coop_accompaniment.coop_appointment_action"
        )
        action["domain"] = [("coop_accompaniment_id", "=", self.id)]
        action["context"] = {
            "default_coop_accompaniment_id": self.id,
            "default_coop_member_id": self.partner_id.id,
        }
        return action

    def action_print_summary(self):
        return self.env.ref("coop_accompaniment.action_report_accompaniment").report_action(self)

    # The CAPE's limit

    @api.model
    def _cape_domain(self, within_days):
        """CAPEs in progress whose limit is past or within ``within_days`` days."""
        today = fields.Date.context_today(self)
        return [
            ("state", "=", "active"),
            ("stage", "=", "cape"),
            ("cape_limit", "<=", today + timedelta(days=within_days)),
        ]

    @api.model
    def _cron_cape_limit(self):
        """A to-do for the accompagnateur of each CAPE near or past its limit, once."""
        summary = self.env._("CAPE limit: prepare the CESA or the exit")
        for company in self.search([("state", "=", "active"), ("stage", "=", "cape")]).company_id:
            near = self.search(
                [
                    *self._cape_domain(company.coop_cape_reminder_days),
                    ("company_id", "=", company.id),
                    ("cape_reminded", "=", False),
                ]
            )
            # Once: a to-do marked done is not scheduled again the next day.
            near.cape_reminded = True
            for accompaniment in near:
                accompaniment.activity_schedule(
                    "mail.mail_activity_data_todo",
                    date_deadline=min(accompaniment.cape_limit, fields.Date.context_today(self)),
                    summary=summary,
                    note=self.env._(
                        "The CAPE of %(member)s reaches its limit on %(date)s.",
                        member=accompaniment.partner_id.name,
                        date=accompaniment.cape_limit,
                    ),
                    user_id=(accompaniment.tutor_id or self.env.user).id,
                )
        return True

    # Milestones from the books

    @api.model
    def _cron_detect_milestones(self):
        """The first invoice and the turnover threshold of each accompaniment in progress,
        read from the posted customer invoices of the member's activities in one grouped
        query; reaching the threshold asks the accompagnateur to propose the CESA."""
        accompaniments = self.search([("state", "=", "active")])
        if not accompaniments:
            return True
        self.env["account.move"].flush_model()
        self.env["coop.activity"].flush_model()
        self.env.cr.execute(
            SQL(
                """
                SELECT a.id, min(m.invoice_date), sum(m.amount_untaxed_signed)
                  FROM coop_accompaniment a
                  JOIN coop_activity_member_rel rel ON rel.partner_id = a.partner_id
                  JOIN account_move m ON m.coop_activity_id = rel.activity_id
                 WHERE a.id IN %(ids)s AND m.state = 'posted'
                   AND m.move_type IN ('out_invoice', 'out_refund')
                   AND m.invoice_date >= a.date_start
                 GROUP BY a.id
                """,
                ids=tuple(accompaniments.ids),
            )
        )
        Milestone = self.env["coop.accompaniment.milestone"]
        summary = self.env._("Propose the CESA")
        for accompaniment_id, first_day, turnover in self.env.cr.fetchall():
            accompaniment = self.browse(accompaniment_id)
            kinds = set(accompaniment.milestone_ids.mapped("kind"))
            if "first_invoice" not in kinds and first_day:
                Milestone.create(
                    {
                        "accompaniment_id": accompaniment.id,
                        "kind": "first_invoice",
                        "date": first_day,
                    }
                )
            threshold = accompaniment.company_id.coop_cesa_turnover_threshold
            if (
                "turnover" not in kinds
                and threshold
                and accompaniment.currency_id.compare_amounts(turnover or 0.0, threshold) >= 0
                and accompaniment.stage not in ("cesa", "associate", "exit")
            ):
                Milestone.create(
                    {
                        "accompaniment_id": accompaniment.id,
                        "kind": "turnover",
                        "date": fields.Date.context_today(self),
                        "amount": turnover,
                    }
                )
                accompaniment.activity_schedule(
                    "mail.mail_activity_data_todo",
                    summary=summary,
                    note=self.env._(
                        "%(member)s invoiced %(amount)s since the accompaniment started: "
                        "propose the CESA.",
                        member=accompaniment.partner_id.name,
                        amount=format_amount(self.env, turnover, accompaniment.currency_id),
                    ),
                    user_id=(accompaniment.tutor_id or self.env.user).id,
                )
        return True


class CoopAccompanimentStage(models.Model):
    _name = "coop.accompaniment.stage"
    _description = "Stage of an accompaniment"
    _order = "date, id"

    accompaniment_id = fields.Many2one(
        "coop.accompaniment", required=True, ondelete="cascade", index=True
    )
    stage = fields.Selection(STAGES, required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    note = fields.Char()

    @api.constrains("date", "accompaniment_id")
    def _check_date(self):
        for stage in self:
            if stage.date < stage.accompaniment_id.date_start:
                raise ValidationError(
                    self.env._(
                        "%(stage)s is dated %(date)s, before the accompaniment starts (%(start)s).",
                        stage=dict(STAGES)[stage.stage],
                        date=stage.date,
                        start=stage.accompaniment_id.date_start,
                    )
                )


class CoopAccompanimentMilestone(models.Model):
    _name = "coop.accompaniment.milestone"
    _description = "Milestone of an accompaniment"
    _order = "date, id"

    accompaniment_id = fields.Many2one(
        "coop.accompaniment", required=True, ondelete="cascade", index=True
    )
    currency_id = fields.Many2one(related="accompaniment_id.currency_id")
    kind = fields.Selection(MILESTONES, required=True)
    date = fields.Date(required=True, default=fields.Date.context_today)
    amount = fields.Monetary()
    note = fields.Char()

    @api.constrains("date", "accompaniment_id")
    def _check_date(self):
        for milestone in self:
            if milestone.date < milestone.accompaniment_id.date_start:
                raise ValidationError(
                    self.env._(
                        "%(milestone)s is dated %(date)s, before the accompaniment starts "
                        "(%(start)s).",
                        milestone=dict(MILESTONES)[milestone.kind],
                        date=milestone.date,
                        start=milestone.accompaniment_id.date_start,
                    )
                )

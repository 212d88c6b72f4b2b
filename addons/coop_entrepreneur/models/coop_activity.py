# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import re
from datetime import date

from odoo import Command, api, fields, models, tools
from odoo.exceptions import AccessError, UserError, ValidationError

NAF_CODE = re.compile(r"^\d{2}\.\d{2}[A-Z]$")
# What an entrepreneur may change on their own activity; the rest is the staff's.
ENTREPRENEUR_WRITABLE_FIELDS = {"description", "website", "color"}


class CoopActivity(models.Model):
    _name = "coop.activity"
    _description = "Economic activity"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "kind desc, code, id"
    _check_company_auto = True
    _rec_names_search = ["name", "code"]

    name = fields.Char(required=True, tracking=True, translate=False)
    code = fields.Char(
        required=True,
        tracking=True,
        help="Short code of the activity, unique in the company; it is the code of its "
        "analytic account and of its lines in the accountant's exports.",
    )
    kind = fields.Selection(
        [("activity", "Activity"), ("structure", "Cooperative structure")],
        required=True,
        default="activity",
        help="The cooperative itself has one activity of kind structure, for its own "
        "costs and revenue, so that every line of the books belongs to one activity.",
    )
    state = fields.Selection(
        [
            ("draft", "Draft"),
            ("active", "Active"),
            ("suspended", "Suspended"),
            ("closed", "Closed"),
        ],
        required=True,
        default="draft",
        tracking=True,
        readonly=True,
        copy=False,
    )
    member_ids = fields.Many2many(
        "res.partner",
        "coop_activity_member_rel",
        "activity_id",
        "partner_id",
        string="Members",
        tracking=True,
    )
    tutor_id = fields.Many2one(
        "res.users",
        string="Accompagnateur",
        tracking=True,
        domain=lambda self: [
            ("groups_id", "in", self.env.ref("coop_entrepreneur.group_coop_tutor").id)
        ],
    )
    date_start = fields.Date(string="Start date", tracking=True)
    date_end = fields.Date(string="End date", tracking=True, copy=False)
    naf_code = fields.Char(
        string="Sector (NAF code)",
        help="Code of the activity in INSEE's nomenclature (NAF rév. 2), e.g. 16.23Z for joinery.",
    )
    description = fields.Html()
    website = fields.Char()
    color = fields.Integer()
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    analytic_account_id = fields.Many2one(
        "account.analytic.account",
        string="Analytic account",
        readonly=True,
        copy=False,
        ondelete="restrict",
        index=True,
        check_company=True,
    )
    active = fields.Boolean(default=True, tracking=True)
    move_ids = fields.One2many("account.move", "coop_activity_id", string="Documents")
    move_count = fields.Integer(compute="_compute_move_count", string="Documents count")
    contract_ids = fields.One2many("hr.contract", "coop_activity_id", string="Contracts")
    # The activity's account over the current fiscal year, read from posted lines.
    account_date_from = fields.Date("Fiscal year start", compute="_compute_account_figures")
    account_date_to = fields.Date("Fiscal year end", compute="_compute_account_figures")
    account_turnover = fields.Monetary(
        compute="_compute_account_figures", string="Invoiced turnover (excl. VAT)"
    )
    account_other_income = fields.Monetary(
        compute="_compute_account_figures", string="Other income"
    )
    account_collected = fields.Monetary(
        compute="_compute_account_figures", string="Collected turnover (excl. VAT)"
    )
    account_expense = fields.Monetary(compute="_compute_account_figures", string="Expenses")
    account_salary = fields.Monetary(compute="_compute_account_figures", string="Salaries")
    account_contribution = fields.Monetary(
        compute="_compute_account_figures", string="Contributions"
    )
    account_fund = fields.Monetary(compute="_compute_account_figures", string="Fund movements")
    account_result = fields.Monetary(compute="_compute_account_figures", string="Result")
    account_treasury = fields.Monetary(
        compute="_compute_account_figures", string="Treasury (cash basis)"
    )

    # The entrepreneur's cockpit: this month, the treasury to date, what is owed.
    cockpit_month_turnover = fields.Monetary(
        compute="_compute_cockpit", string="Turnover this month"
    )
    cockpit_month_expense = fields.Monetary(
        compute="_compute_cockpit", string="Expenses this month"
    )
    cockpit_month_contribution = fields.Monetary(
        compute="_compute_cockpit", string="Contribution this month"
    )
    cockpit_month_result = fields.Monetary(compute="_compute_cockpit", string="Result this month")
    cockpit_treasury = fields.Monetary(
        compute="_compute_cockpit",
        string="Treasury today",
        help="Everything the activity has received and paid since it started (cash basis).",
    )
    cockpit_unpaid_invoice_ids = fields.Many2many(
        "account.move", compute="_compute_cockpit", string="Unpaid invoices"
    )
    cockpit_unpaid_amount = fields.Monetary(compute="_compute_cockpit", string="Still to collect")
    cockpit_employed = fields.Boolean(
        compute="_compute_cockpit", string="Salaried (CESA)", help="A CESA contract is running."
    )

    _sql_constraints = [
        (
            "code_company_uniq",
            "unique(code, company_id)",
            "Another activity of this company already has this code: choose another code.",
        ),
    ]

    def _compute_move_count(self):
        counts = dict(
            self.env["account.move"]._read_group(
                [("coop_activity_id", "in", self.ids)], ["coop_activity_id"], ["__count"]
            )
        )
        for activity in self:
            activity.move_count = counts.get(activity, 0)

    @api.depends_context("company")
    def _compute_account_figures(self):
        date_from, date_to = self.env.company.compute_fiscalyear_dates(
            fields.Date.context_today(self)
        ).values()
        figures = self.env["coop.activity.account"]._figures_by_activity(
            self.ids, date_from, date_to
        )
        for activity in self:
            activity.account_date_from = date_from
            activity.account_date_to = date_to
            values = figures.get(activity.id, {})
            for figure in self.env["coop.activity.account"]._figures:
                activity[f"account_{figure}"] = values.get(figure, 0.0)

    @api.depends_context("company")
    def _compute_cockpit(self):
        today = fields.Date.context_today(self)
        Account = self.env["coop.activity.account"]
        month = Account._figures_by_activity(self.ids, today.replace(day=1), today)
        treasury = Account._figures_by_activity(self.ids, date.min, today)
        unpaid = {
            activity: (ids, amount)
            for activity, ids, amount in self.env["account.move"]
            .sudo()
            ._read_group(
                [
                    ("coop_activity_id", "in", self.ids),
                    ("state", "=", "posted"),
                    ("move_type", "in", ("out_invoice", "out_receipt")),
                    ("payment_state", "in", ("not_paid", "partial")),
                ],
                ["coop_activity_id"],
                ["id:array_agg", "amount_residual_signed:sum"],
            )
        }
        employed = self._coop_running_salary_contracts(today).coop_activity_id
        for activity in self:
            figures = month.get(activity.id, {})
            activity.cockpit_month_turnover = figures.get("turnover", 0.0)
            activity.cockpit_month_expense = figures.get("expense", 0.0) + figures.get(
                "salary", 0.0
            )
            activity.cockpit_month_contribution = figures.get("contribution", 0.0)
            activity.cockpit_month_result = figures.get("result", 0.0)
            activity.cockpit_treasury = treasury.get(activity.id, {}).get("treasury", 0.0)
            ids, amount = unpaid.get(activity, ([], 0.0))
            activity.cockpit_unpaid_invoice_ids = [Command.set(ids)]
            activity.cockpit_unpaid_amount = amount
            activity.cockpit_employed = activity in employed

    def _coop_running_salary_contracts(self, day):
        """The CESA contracts running on the day for these activities (the salaries decided)."""
        return (
            self.env["hr.contract"]
            .sudo()
            .search(
                [
                    ("coop_activity_id", "in", self.ids),
                    ("coop_kind", "=", "cesa"),
                    ("state", "=", "open"),
                    ("date_start", "<=", day),
                ]
            )
        )

    def action_open_cockpit(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": self.display_name,
            "res_model": "coop.activity",
            "res_id": self.id,
            "view_mode": "form",
            "views": [
                (self.env.ref("coop_entrepreneur.coop_activity_view_form_cockpit").id, "form")
            ],
        }

    def action_simulate_salary(self):
        self.ensure_one()
        self.check_access("read")
        if (
            not self.env["coop.payroll.rate"]
            .sudo()
            .search_count([("company_id", "=", self.company_id.id)], limit=1)
        ):
            raise UserError(
                self.env._(
                    "The payroll rates of %s are not set: the cooperative's staff set them "
                    "(Cooperative > Configuration > Payroll rates) before any salary is "
                    "simulated.",
                    self.company_id.name,
                )
            )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Salary simulation"),
            "res_model": "coop.salary.simulation",
            "view_mode": "form",
            "target": "new",
            "context": {"default_activity_id": self.id},
        }

    def action_view_treasury(self):
        """The treasury month by month, as a running total."""
        self.ensure_one()
        action = self.action_view_account()
        action.update(
            {
                "name": self.env._("Treasury of %s", self.display_name),
                "view_mode": "graph,pivot,list",
                "views": [(False, "graph"), (False, "pivot"), (False, "list")],
                "context": {
                    "graph_measure": "treasury",
                    "graph_mode": "line",
                    "graph_groupbys": ["date:month"],
                    "graph_cumulated": True,
                    "pivot_measures": ["treasury"],
                },
            }
        )
        return action

    def action_view_internal_invoices(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "coop_entrepreneur.coop_internal_invoice_action"
        )
        action["domain"] = [
            "|",
            ("seller_activity_id", "=", self.id),
            ("buyer_activity_id", "=", self.id),
        ]
        action["context"] = {"default_seller_activity_id": self.id}
        return action

    @api.constrains("naf_code")
    def _check_naf_code(self):
        for activity in self:
            if activity.naf_code and not NAF_CODE.match(activity.naf_code):
                raise ValidationError(
                    self.env._(
                        "The NAF code %(code)s of %(activity)s is not valid: write it as "
                        "two digits, a dot, two digits and a letter, e.g. 16.23Z.",
                        code=activity.naf_code,
                        activity=activity.name,
                    )
                )

    @api.constrains("kind", "company_id", "active")
    def _check_one_structure(self):
        for company in self.filtered(lambda a: a.kind == "structure").company_id:
            count = self.with_context(active_test=False).search_count(
                [("kind", "=", "structure"), ("company_id", "=", company.id)]
            )
            if count > 1:
                raise ValidationError(
                    self.env._(
                        "%(company)s already has its structure activity: a company has "
                        "exactly one.",
                        company=company.name,
                    )
                )

    @api.constrains("date_start", "date_end")
    def _check_dates(self):
        for activity in self:
            if (
                activity.date_start
                and activity.date_end
                and activity.date_end < activity.date_start
            ):
                raise ValidationError(
                    self.env._("The activity %s cannot end before it starts.", activity.name)
                )

    @api.model
    def _coop_analytic_plan(self):
        return self.env.ref("coop_entrepreneur.account_analytic_plan_activities")

    @api.model
    def _coop_plan_analytic_account_ids(self):
        """Ids of every analytic account of the Activities plan, archived ones included."""
        return self.env["account.analytic.account"]._coop_activity_plan_account_ids()

    @api.model
    @tools.ormcache()
    def _coop_structure_activity_ids(self):
        """{company id: its structure activity's id}, read at every contribution's posting:
        kept in the registry's cache, cleared when a structure activity is made, changes
        kind, company or active flag, or goes."""
        structures = self.sudo().with_context(active_test=True).search([("kind", "=", "structure")])
        return tools.frozendict((activity.company_id.id, activity.id) for activity in structures)

    def _prepare_analytic_account_vals(self):
        self.ensure_one()
        return {
            "name": self.name,
            "code": self.code,
            "plan_id": self._coop_analytic_plan().id,
            "company_id": self.company_id.id,
            "active": self.active,
        }

    @api.model_create_multi
    def create(self, vals_list):
        activities = super().create(vals_list)
        if any(activity.kind == "structure" for activity in activities):
            activities._coop_structure_changed()
        accounts = (
            self.env["account.analytic.account"]
            .sudo()
            .create([activity._prepare_analytic_account_vals() for activity in activities])
        )
        for activity, account in zip(activities, accounts, strict=True):
            activity.analytic_account_id = account
        return activities

    def write(self, vals):
        if not self.env.su and not self.env.user.has_group("coop_entrepreneur.group_coop_tutor"):
            forbidden = set(vals) - ENTREPRENEUR_WRITABLE_FIELDS
            if forbidden:
                raise AccessError(
                    self.env._(
                        "Only the cooperative's staff may change %(fields)s of an activity: "
                        "ask your accompagnateur.",
                        fields=", ".join(
                            sorted(
                                self._fields[name].get_description(self.env)["string"]
                                for name in forbidden
                            )
                        ),
                    )
                )
        res = super().write(vals)
        if {"kind", "company_id", "active"} & set(vals):
            self._coop_structure_changed()
        synced = {"name", "code", "company_id", "active"} & set(vals)
        if synced:
            for activity in self:
                activity.analytic_account_id.sudo().write(
                    {
                        key: value
                        for key, value in activity._prepare_analytic_account_vals().items()
                        if key in synced
                    }
                )
        return res

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        for activity in self:
            if activity.state != "draft" or activity.move_ids:
                raise UserError(
                    self.env._(
                        "The activity %s has been used: close or archive it instead of deleting it.",
                        activity.name,
                    )
                )

    def unlink(self):
        accounts = self.analytic_account_id
        structure = any(activity.kind == "structure" for activity in self)
        res = super().unlink()
        accounts.sudo().unlink()
        if structure:
            self._coop_structure_changed()
        return res

    def _coop_structure_changed(self):
        self.env.registry.clear_cache()
        self.env["res.company"].invalidate_model(["coop_structure_activity_id"])

    def _coop_check_group(self, group):
        if not self.env.su and not self.env.user.has_group(group):
            raise AccessError(
                self.env._(
                    "Only the cooperative's staff may change the state of an activity: ask your accompagnateur."
                )
            )

    def _coop_set_state(self, state, allowed_from):
        wrong = self.filtered(lambda a: a.state not in allowed_from)
        if wrong:
            labels = dict(self._fields["state"]._description_selection(self.env))
            raise UserError(
                self.env._(
                    "Cannot become %(state)s from their current state: %(activities)s.",
                    activities=", ".join(wrong.mapped("display_name")),
                    state=labels[state],
                )
            )
        self.sudo().write({"state": state})

    def action_activate(self):
        self._coop_check_group("coop_entrepreneur.group_coop_tutor")
        self._coop_set_state("active", ("draft", "suspended"))
        for activity in self.filtered(lambda a: not a.date_start):
            activity.sudo().date_start = fields.Date.context_today(self)

    def action_suspend(self):
        self._coop_check_group("coop_entrepreneur.group_coop_tutor")
        self._coop_set_state("suspended", ("active",))

    def action_close(self):
        self._coop_check_group("coop_entrepreneur.group_coop_manager")
        unposted = self.env["account.move"].search(
            [("coop_activity_id", "in", self.ids), ("state", "=", "draft")]
        )
        if unposted:
            raise UserError(
                self.env._(
                    "Post or delete these draft documents before closing the activity:\n%s",
                    "\n".join(
                        f"- {move.coop_activity_id.code}: {move.display_name}" for move in unposted
                    ),
                )
            )
        self._coop_set_state("closed", ("active", "suspended", "draft"))
        for activity in self.filtered(lambda a: not a.date_end):
            activity.sudo().date_end = fields.Date.context_today(self)

    def action_reopen(self):
        self._coop_check_group("coop_entrepreneur.group_coop_manager")
        self._coop_set_state("active", ("closed",))
        self.sudo().date_end = False

    def action_view_moves(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("account.action_move_journal_line")
        action.update(
            {
                "name": self.env._("Documents of %s", self.display_name),
                "domain": [("coop_activity_id", "=", self.id)],
                "context": {"default_coop_activity_id": self.id},
            }
        )
        return action

    def action_view_account(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "coop_entrepreneur.coop_activity_account_action"
        )
        action["domain"] = [("activity_id", "=", self.id)]
        action["context"] = {"search_default_group_by_month": 1}
        return action

    @api.model
    def name_search(self, name="", args=None, operator="ilike", limit=100):
        if self.env.context.get("coop_any_active_activity"):
            # An entrepreneur names the activity they invoice inside the cooperative: the
            # active activities' names and codes, nothing else of them.
            # The client's own domain is left out: it would run with every right.
            company = self.env.company
            args = [
                ("company_id", "=", company.id),
                ("state", "=", "active"),
                ("kind", "=", "activity"),
            ]
            return super(CoopActivity, self.sudo()).name_search(name, args, operator, limit)
        return super().name_search(name, args, operator, limit)

    @api.depends("code", "name")
    def _compute_display_name(self):
        for activity in self:
            activity.display_name = (
                f"[{activity.code}] {activity.name}" if activity.code else activity.name
            )

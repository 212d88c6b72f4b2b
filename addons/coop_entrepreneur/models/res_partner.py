# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError

STAFF = "coop_entrepreneur.group_coop_tutor"
MEMBER_STATES = [
    ("prospect", "Prospect"),
    ("cape", "Accompanied (CAPE)"),
    ("cesa", "Entrepreneur-salarié (CESA)"),
    ("associate", "Associé"),
    ("former", "Former member"),
]
# The loi ESS 2014 expects a CESA holder to become associé within three years.
ASSOCIATE_DELAY = relativedelta(years=3)
DEADLINE_WARNING = relativedelta(months=6)


class ResPartner(models.Model):
    _inherit = "res.partner"

    coop_member_state = fields.Selection(
        MEMBER_STATES,
        string="Member state",
        tracking=True,
        readonly=True,
        copy=False,
        index=True,
        groups=STAFF,
        help="Moved only by the buttons of the member's path.",
    )
    coop_entry_date = fields.Date(
        "Entry date", readonly=True, copy=False, tracking=True, groups=STAFF
    )
    coop_cape_date = fields.Date(
        "CAPE start", readonly=True, copy=False, tracking=True, groups=STAFF
    )
    coop_cesa_date = fields.Date(
        "CESA start", readonly=True, copy=False, tracking=True, groups=STAFF
    )
    coop_associate_date = fields.Date(
        "Associé since", readonly=True, copy=False, tracking=True, groups=STAFF
    )
    coop_exit_date = fields.Date(
        "Exit date", readonly=True, copy=False, tracking=True, groups=STAFF
    )
    coop_exit_reason = fields.Selection(
        [
            ("own_company", "Created their own company"),
            ("salaried", "Salaried job elsewhere"),
            ("stopped", "Stopped the activity"),
            ("other", "Other"),
        ],
        string="Exit reason",
        readonly=True,
        copy=False,
        tracking=True,
        groups=STAFF,
    )
    coop_exit_note = fields.Text("Exit note", readonly=True, copy=False, groups=STAFF)
    coop_tutor_id = fields.Many2one(
        "res.users",
        string="Accompagnateur",
        tracking=True,
        groups=STAFF,
        domain=lambda self: [("groups_id", "in", self.env.ref(STAFF).id)],
    )
    coop_activity_ids = fields.Many2many(
        "coop.activity",
        "coop_activity_member_rel",
        "partner_id",
        "activity_id",
        string="Economic activities",
        groups=STAFF,
    )
    coop_associate_deadline = fields.Date(
        "Associé deadline",
        compute="_compute_coop_associate_deadline",
        store=True,
        groups=STAFF,
        help="CESA start + 3 years: the loi ESS 2014 expects a CESA holder to become associé by then.",
    )
    coop_contract_ids = fields.Many2many(
        "hr.contract", compute="_compute_coop_contract_ids", string="Contracts", groups=STAFF
    )
    coop_contract_count = fields.Integer(
        "Number of contracts", compute="_compute_coop_contract_ids", groups=STAFF
    )

    @api.depends("coop_member_state", "coop_cesa_date")
    def _compute_coop_associate_deadline(self):
        for partner in self:
            partner.coop_associate_deadline = (
                partner.coop_cesa_date + ASSOCIATE_DELAY
                if partner.coop_member_state == "cesa" and partner.coop_cesa_date
                else False
            )

    def _compute_coop_contract_ids(self):
        contracts = self.env["hr.contract"].search(
            [("employee_id.work_contact_id", "in", self.ids)]
        )
        for partner in self:
            mine = contracts.filtered(lambda c, p=partner: c.employee_id.work_contact_id == p)
            partner.coop_contract_ids = mine
            partner.coop_contract_count = len(mine)

    @api.model_create_multi
    def create(self, vals_list):
        if not self.env.context.get("coop_member_transition"):
            for vals in vals_list:
                if vals.get("coop_member_state") not in (None, False, "prospect"):
                    raise UserError(
                        self.env._(
                            "A new contact can only enter the path as a prospect: move "
                            "them forward with the buttons of their member form."
                        )
                    )
                if vals.get("coop_member_state") == "prospect":
                    vals.setdefault("coop_entry_date", fields.Date.context_today(self))
        return super().create(vals_list)

    def write(self, vals):
        if "coop_member_state" in vals and not self.env.context.get("coop_member_transition"):
            raise UserError(
                self.env._(
                    "The member state changes only through the buttons of the member's "
                    "path (CAPE, CESA contract, associé, exit), which check the path and "
                    "stamp its dates."
                )
            )
        return super().write(vals)

    # The member's path

    def _coop_transition(self, state, allowed_from, vals, message):
        """Move the members to ``state`` if each stands in ``allowed_from``; else change nothing."""
        wrong = self.filtered(lambda p: p.coop_member_state not in allowed_from)
        if wrong:
            raise UserError(message % {"members": ", ".join(wrong.mapped("display_name"))})
        self.with_context(coop_member_transition=True).write(dict(vals, coop_member_state=state))

    def action_coop_enter(self, day=None):
        """A contact, or a former member coming back, enters the path as a prospect."""
        day = day or fields.Date.context_today(self)
        self._coop_transition(
            "prospect",
            (False, "former"),
            {
                "coop_entry_date": day,
                "coop_cape_date": False,
                "coop_cesa_date": False,
                "coop_associate_date": False,
                "coop_exit_date": False,
                "coop_exit_reason": False,
                "coop_exit_note": False,
            },
            self.env._(
                "Already on the path: %(members)s. Only a contact or a former member can enter it."
            ),
        )

    def action_coop_start_cape(self, day=None):
        self._coop_transition(
            "cape",
            ("prospect",),
            {"coop_cape_date": day or fields.Date.context_today(self)},
            self.env._(
                "No CAPE possible for %(members)s: only a prospect can start one (a former "
                "member first makes a new entry)."
            ),
        )

    def action_coop_start_cesa(self, day=None):
        """Move to CESA; the member must be accompanied and hold a running CESA contract."""
        running = (
            self.env["hr.contract"]
            .sudo()
            ._read_group(
                [
                    ("coop_member_id", "in", self.ids),
                    ("coop_kind", "=", "cesa"),
                    ("state", "=", "open"),
                ],
                ["coop_member_id"],
            )
        )
        holders = {member.id for (member,) in running}
        without = self.filtered(lambda p: p.id not in holders)
        if without:
            raise UserError(
                self.env._(
                    "No running CESA contract for %s: start the member's CESA contract, "
                    "which makes the member entrepreneur-salarié.",
                    ", ".join(without.mapped("display_name")),
                )
            )
        self._coop_transition(
            "cesa",
            ("cape",),
            {"coop_cesa_date": day or fields.Date.context_today(self)},
            self.env._(
                "Not accompanied (CAPE) yet: %(members)s. A member must be accompanied "
                "before becoming entrepreneur-salarié."
            ),
        )

    def action_coop_make_associate(self, day=None):
        never_cesa = self.filtered(lambda p: not p.coop_cesa_date)
        if never_cesa:
            raise UserError(
                self.env._(
                    "Never entrepreneur-salarié (CESA): %s. A member becomes associé "
                    "from a CESA contract.",
                    ", ".join(never_cesa.mapped("display_name")),
                )
            )
        self._coop_transition(
            "associate",
            ("cesa",),
            {"coop_associate_date": day or fields.Date.context_today(self)},
            self.env._(
                "Not entrepreneur-salarié: %(members)s. Only an entrepreneur-salarié can become associé."
            ),
        )

    def action_coop_exit(self, reason, day=None, note=False):
        if not reason:
            raise UserError(self.env._("Give the reason why the member leaves."))
        self._coop_transition(
            "former",
            ("prospect", "cape", "cesa", "associate"),
            {
                "coop_exit_date": day or fields.Date.context_today(self),
                "coop_exit_reason": reason,
                "coop_exit_note": note,
            },
            self.env._("Not a member: %(members)s. Only a member can leave."),
        )

    def action_coop_open_exit_wizard(self):
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Member exit"),
            "res_model": "coop.member.exit",
            "view_mode": "form",
            "target": "new",
            "context": {"default_partner_ids": self.ids},
        }

    def action_coop_new_contract(self):
        """Open a new contract for the member's next step: a CAPE for a contact or a
        prospect, a CESA for an accompanied member. The contract moves the member along
        the path once it runs."""
        self.ensure_one()
        if self.is_company:
            raise UserError(self.env._("A company cannot sign a CAPE or a CESA: open the person."))
        kind = "cesa" if self.coop_member_state == "cape" else "cape"
        if self.coop_member_state not in (False, "prospect", "cape"):
            raise UserError(
                self.env._(
                    "%s is past the CAPE and the CESA: no new contract is needed for the path.",
                    self.display_name,
                )
            )
        activity = self.coop_activity_ids.filtered(lambda a: a.state == "active")[:1]
        employee = self._coop_employee()
        start = fields.Date.context_today(self)
        if kind == "cesa":
            # The CESA follows the CAPE, which ends the day before it starts.
            cape_starts = employee.contract_ids.filtered(
                lambda c: c.coop_kind == "cape" and c.state == "open"
            ).mapped("date_start")
            start = max([start, *(day + relativedelta(days=1) for day in cape_starts)])
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("New contract"),
            "res_model": "hr.contract",
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
            "context": {
                "default_employee_id": employee.id,
                "default_coop_kind": kind,
                "default_coop_activity_id": activity.id,
                "default_name": f"{kind.upper()} {self.name}",
                "default_wage": 0.0,
                "default_date_start": start,
            },
        }

    def _coop_employee(self):
        """The member's employee record in the current company, created when missing."""
        self.ensure_one()
        Employee = self.env["hr.employee"]
        company = self.env.company
        employee = Employee.search(
            [("work_contact_id", "=", self.id), ("company_id", "=", company.id)], limit=1
        )
        return employee or Employee.create(
            {"name": self.name, "work_contact_id": self.id, "company_id": company.id}
        )

    def action_coop_view_contracts(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id("hr_contract.action_hr_contract")
        action["domain"] = [("id", "in", self.coop_contract_ids.ids)]
        action["context"] = {}
        return action

    # The associé deadline reminder

    @api.model
    def _cron_coop_associate_deadline(self):
        """Schedule a to-do for the accompagnateur of each CESA member whose deadline nears."""
        activity_type = self.env.ref("coop_entrepreneur.mail_activity_type_associate_deadline")
        limit = fields.Date.context_today(self) + DEADLINE_WARNING
        members = self.search(
            [
                ("coop_member_state", "=", "cesa"),
                ("coop_associate_deadline", "<=", limit),
                ("coop_tutor_id", "!=", False),
            ]
        )
        planned = set(
            self.env["mail.activity"]
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", members.ids),
                    ("activity_type_id", "=", activity_type.id),
                ]
            )
            .mapped("res_id")
        )
        for member in members.filtered(lambda m: m.id not in planned):
            member.activity_schedule(
                act_type_xmlid="coop_entrepreneur.mail_activity_type_associate_deadline",
                date_deadline=member.coop_associate_deadline,
                user_id=member.coop_tutor_id.id,
                note=self.env._(
                    "%(member)s must become associé by %(deadline)s (CESA since %(start)s).",
                    member=member.display_name,
                    deadline=member.coop_associate_deadline,
                    start=member.coop_cesa_date,
                ),
            )
        return members

# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError


class HrContract(models.Model):
    _inherit = "hr.contract"

    coop_kind = fields.Selection(
        [
            ("cape", "CAPE (business support contract)"),
            ("cesa", "CESA (entrepreneur-salarié employment contract)"),
            ("other", "Other"),
        ],
        string="Contract kind",
        required=True,
        default="other",
        tracking=True,
        help="Starting a CAPE contract makes a prospect accompanied; starting a CESA "
        "contract makes an accompanied member entrepreneur-salarié.",
    )
    coop_activity_id = fields.Many2one(
        "coop.activity",
        string="Activity",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain="[('company_id', '=', company_id), ('kind', '=', 'activity')]",
    )
    coop_member_id = fields.Many2one(
        related="employee_id.work_contact_id", string="Member", store=True, index="btree_not_null"
    )

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("state") == "open":
                employee = self.env["hr.employee"].browse(vals.get("employee_id"))
                kind = vals.get("coop_kind", "other")
                self._coop_check_path_start(employee, kind)
                self._coop_end_running_cape(employee, kind, vals.get("date_start"))
        contracts = super().create(vals_list)
        contracts.filtered(lambda c: c.state == "open")._coop_start_path()
        return contracts

    def write(self, vals):
        starting = (
            self.filtered(lambda c: c.state != "open")
            if vals.get("state") == "open"
            else self.browse()
        )
        for contract in starting:
            employee = (
                self.env["hr.employee"].browse(vals["employee_id"])
                if "employee_id" in vals
                else contract.employee_id
            )
            kind = vals.get("coop_kind", contract.coop_kind)
            contract._coop_check_path_start(employee, kind)
            contract._coop_end_running_cape(
                employee, kind, vals.get("date_start", contract.date_start)
            )
        res = super().write(vals)
        if starting:
            starting._coop_start_path()
        return res

    @api.model
    def _coop_check_path_start(self, employee, kind):
        """Refuse, before anything is written, a contract start the member's path forbids."""
        if kind not in ("cape", "cesa"):
            return
        member = employee.work_contact_id.sudo()
        if not member:
            raise UserError(
                self.env._(
                    "The employee %s has no work contact: link them to their member "
                    "record before starting a CAPE or CESA contract.",
                    employee.name,
                )
            )
        state = member.coop_member_state
        if kind == "cape" and state == "former":
            raise UserError(
                self.env._(
                    "%s is a former member: make a new entry before starting a CAPE.",
                    member.display_name,
                )
            )
        if kind == "cesa" and state not in ("cape", "cesa", "associate"):
            raise UserError(
                self.env._(
                    "%s cannot start a CESA contract: a member must be accompanied "
                    "(CAPE) before becoming entrepreneur-salarié.",
                    member.display_name,
                )
            )

    @api.model
    def _coop_end_running_cape(self, employee, kind, date_start):
        """A CESA follows the CAPE: the member's running CAPE ends the day before it."""
        if kind != "cesa" or not employee:
            return
        start = fields.Date.to_date(date_start) or fields.Date.context_today(self)
        capes = self.search(
            [
                ("employee_id", "=", employee.id),
                ("coop_kind", "=", "cape"),
                ("state", "=", "open"),
            ]
        )
        for cape in capes:
            if cape.date_start >= start:
                raise UserError(
                    self.env._(
                        "The CESA of %(member)s must start after the CAPE, which started on "
                        "%(date)s: start the CESA on %(next)s or later.",
                        member=employee.name,
                        date=cape.date_start,
                        next=cape.date_start + timedelta(days=1),
                    )
                )
            end = start - timedelta(days=1)
            cape.write({"date_end": min(cape.date_end or end, end), "state": "close"})

    def _coop_start_path(self):
        """Running CAPE and CESA contracts move their member along the path."""
        for contract in self.filtered(lambda c: c.coop_kind in ("cape", "cesa")):
            member = contract.coop_member_id.sudo()
            day = contract.date_start or fields.Date.context_today(self)
            if contract.coop_kind == "cape" and member.coop_member_state in (False, "prospect"):
                if not member.coop_member_state:
                    member.action_coop_enter(day)
                member.action_coop_start_cape(day)
            elif contract.coop_kind == "cesa" and member.coop_member_state == "cape":
                member.action_coop_start_cesa(day)

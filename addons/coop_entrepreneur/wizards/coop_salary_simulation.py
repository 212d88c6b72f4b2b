# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math
from datetime import date

from dateutil.relativedelta import relativedelta
from markupsafe import Markup, escape

from odoo import api, fields, models
from odoo.exceptions import UserError


class CoopSalarySimulation(models.TransientModel):
    """What salary can my activity pay me? From the treasury the activity holds, less the
    provisions the CAE sets (a share of the year's result kept, the employer's charges of
    the salaries already decided), the gross salary it can pay each month over the coming
    months, with the employer's cost and the net pay from the CAE's payroll rates, and the
    treasury left after each month: shown before anyone decides. A CAPE holder, not yet
    employed, sees their result after provisions instead of a salary."""

    _name = "coop.salary.simulation"
    _description = "Salary simulation"

    activity_id = fields.Many2one("coop.activity", required=True, readonly=True)
    company_id = fields.Many2one(related="activity_id.company_id")
    currency_id = fields.Many2one(related="activity_id.currency_id")
    date = fields.Date(
        "First month", required=True, default=fields.Date.context_today, help="Its month counts."
    )
    months = fields.Integer(
        "Over how many months", required=True, default=3, help="Salaries of the same gross."
    )
    gross_salary = fields.Monetary(
        "Monthly gross salary",
        help="Left empty, the largest gross the available treasury pays each month.",
    )
    employed = fields.Boolean(
        "Salaried (CESA)", compute="_compute_figures", help="A CESA contract is running."
    )
    treasury = fields.Monetary("Treasury today", compute="_compute_figures")
    result_year = fields.Monetary("Result of the year", compute="_compute_figures")
    provision_result = fields.Monetary("Result kept by the CAE", compute="_compute_figures")
    decided_gross = fields.Monetary("Gross salaries decided", compute="_compute_figures")
    provision_charges = fields.Monetary(
        "Employer's charges of the salaries decided", compute="_compute_figures"
    )
    available = fields.Monetary("Available for salaries", compute="_compute_figures")
    provisioned_result = fields.Monetary(
        "Result after provisions",
        compute="_compute_figures",
        help="What a CAPE holder's activity has earned for them so far, after the part the "
        "CAE keeps.",
    )
    employer_rate = fields.Float("Employer's rate (%)", compute="_compute_figures", digits=(6, 3))
    employee_rate = fields.Float("Employee's rate (%)", compute="_compute_figures", digits=(6, 3))
    affordable_gross = fields.Monetary("Largest monthly gross", compute="_compute_figures")
    simulated_gross = fields.Monetary("Simulated gross", compute="_compute_figures")
    employer_cost = fields.Monetary("Employer's cost a month", compute="_compute_figures")
    net_salary = fields.Monetary("Net pay a month", compute="_compute_figures")
    treasury_after = fields.Monetary("Treasury after the last month", compute="_compute_figures")
    schedule_html = fields.Html("Month by month", compute="_compute_figures", sanitize=False)

    @api.depends("activity_id", "date", "months", "gross_salary")
    def _compute_figures(self):
        for simulation in self:
            figures = simulation._figures()
            for name, value in figures.items():
                if name != "schedule":
                    simulation[name] = value
            simulation.schedule_html = simulation._schedule_html(figures["schedule"])

    def _figures(self):
        """Every figure of the simulation, from the activity's account (read with the
        rights of the cooperative: the caller may read the activity itself)."""
        self.ensure_one()
        activity = self.activity_id
        empty = {name: 0.0 for name in self._fields if self._fields[name].type == "monetary"}
        empty.update(employed=False, employer_rate=0.0, employee_rate=0.0, schedule=[])
        del empty["gross_salary"]
        if not activity:
            return empty
        activity.check_access("read")
        company, currency = activity.company_id, activity.currency_id
        today = fields.Date.context_today(self)
        fiscal = company.compute_fiscalyear_dates(today)
        Account = self.env["coop.activity.account"]
        treasury = Account._figures_by_activity(activity.ids, date.min, today).get(activity.id, {})
        year = Account._figures_by_activity(activity.ids, fiscal["date_from"], today).get(
            activity.id, {}
        )
        employer_rate, employee_rate = self.env["coop.payroll.rate"]._totals(company)
        contracts = activity._coop_running_salary_contracts(today)
        result_year = currency.round(year.get("result", 0.0))
        provision_result = currency.round(
            max(result_year, 0.0) * company.coop_result_provision_rate / 100.0
        )
        decided_gross = currency.round(sum(contracts.mapped("wage")))
        provision_charges = currency.round(decided_gross * employer_rate)
        available = currency.round(
            treasury.get("treasury", 0.0) - provision_result - provision_charges
        )
        months = max(self.months, 1)
        affordable = max(math.floor(available / months / (1 + employer_rate)), 0.0)
        gross = self.gross_salary or affordable
        employer_cost = currency.round(gross * (1 + employer_rate))
        schedule, left = [], available
        first = self.date.replace(day=1)
        for month in range(months if contracts else 0):
            left = currency.round(left - employer_cost)
            schedule.append(
                {
                    "month": first + relativedelta(months=month),
                    "gross": gross,
                    "employer_cost": employer_cost,
                    "net": currency.round(gross * (1 - employee_rate)),
                    "treasury_after": left,
                }
            )
        return {
            "employed": bool(contracts),
            "treasury": currency.round(treasury.get("treasury", 0.0)),
            "result_year": result_year,
            "provision_result": provision_result,
            "decided_gross": decided_gross,
            "provision_charges": provision_charges,
            "available": available,
            "provisioned_result": result_year - provision_result,
            "employer_rate": employer_rate * 100.0,
            "employee_rate": employee_rate * 100.0,
            "affordable_gross": affordable,
            "simulated_gross": gross,
            "employer_cost": employer_cost,
            "net_salary": currency.round(gross * (1 - employee_rate)),
            "treasury_after": left,
            "schedule": schedule,
        }

    def _schedule_html(self, schedule):
        if not schedule:
            return False
        currency = self.currency_id
        header = (
            self.env._("Month"),
            self.env._("Gross"),
            self.env._("Employer's cost"),
            self.env._("Net pay"),
            self.env._("Treasury after"),
        )
        rows = Markup("").join(
            Markup(
                "<tr><td>%s</td><td class='text-end'>%s</td><td class='text-end'>%s</td>"
                "<td class='text-end'>%s</td><td class='text-end %s'>%s</td></tr>"
            )
            % (
                row["month"].strftime("%m/%Y"),
                currency.format(row["gross"]),
                currency.format(row["employer_cost"]),
                currency.format(row["net"]),
                "text-danger" if currency.compare_amounts(row["treasury_after"], 0) < 0 else "",
                currency.format(row["treasury_after"]),
            )
            for row in schedule
        )
        head = Markup("").join(Markup("<th>%s</th>") % escape(title) for title in header)
        return Markup(
            "<table class='table table-sm o_coop_salary_schedule'><thead><tr>%s</tr></thead>"
            "<tbody>%s</tbody></table>"
        ) % (head, rows)

    @api.constrains("months")
    def _check_months(self):
        for simulation in self:
            if not 1 <= simulation.months <= 24:
                raise UserError(self.env._("Simulate between 1 and 24 months."))

    def action_send(self):
        """Send the simulation to the activity's accompagnateur, on the activity's chatter:
        the staff decide the salary (an amendment to the contract), not the simulation."""
        self.ensure_one()
        if not self.employed:
            raise UserError(
                self.env._(
                    "There is no running CESA contract on this activity: a salary is paid "
                    "once the CESA is signed. Talk about it with your accompagnateur."
                )
            )
        activity = self.activity_id
        activity.check_access("read")
        body = Markup("%s<br/>%s") % (
            self.env._(
                "Salary simulation: %(gross)s gross a month from %(month)s over %(months)s "
                "month(s) (employer's cost %(cost)s, net pay %(net)s); treasury after the "
                "last month: %(left)s.",
                gross=self.currency_id.format(self.simulated_gross),
                month=self.date.strftime("%m/%Y"),
                months=self.months,
                cost=self.currency_id.format(self.employer_cost),
                net=self.currency_id.format(self.net_salary),
                left=self.currency_id.format(self.treasury_after),
            ),
            self.schedule_html or "",
        )
        tutor = (activity.sudo().tutor_id or activity.sudo().member_ids.coop_tutor_id).partner_id
        activity.sudo().message_post(
            body=body,
            author_id=self.env.user.partner_id.id,
            partner_ids=tutor.ids,
            subtype_xmlid="mail.mt_comment",
        )
        return {"type": "ir.actions.act_window_close"}

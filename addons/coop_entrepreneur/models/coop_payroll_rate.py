# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CoopPayrollRate(models.Model):
    """The CAE's payroll rates, as its payroll manager sets them: each line a contribution
    (health insurance, pensions, unemployment...) with its employer's and employee's rate
    on the gross salary. The salary simulation adds them up; nothing is hard-coded."""

    _name = "coop.payroll.rate"
    _description = "Payroll rate"
    _order = "company_id, sequence, id"

    name = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    employer_rate = fields.Float(
        "Employer's rate (%)", digits=(6, 3), help="Paid by the activity on top of the gross."
    )
    employee_rate = fields.Float(
        "Employee's rate (%)",
        digits=(6, 3),
        help="Withheld from the gross: the net is what is left.",
    )
    active = fields.Boolean(default=True)

    @api.constrains("employer_rate", "employee_rate")
    def _check_rates(self):
        for rate in self:
            if not (0 <= rate.employer_rate < 100 and 0 <= rate.employee_rate < 100):
                raise ValidationError(
                    self.env._(
                        "The rates of %s are percentages of the gross salary, between 0 and 100.",
                        rate.name,
                    )
                )

    @api.model
    def _totals(self, company):
        """(employer's rate, employee's rate) of the company, as fractions of the gross."""
        groups = self.sudo()._read_group(
            [("company_id", "=", company.id)], [], ["employer_rate:sum", "employee_rate:sum"]
        )
        employer, employee = groups[0]
        return (employer or 0.0) / 100.0, (employee or 0.0) / 100.0

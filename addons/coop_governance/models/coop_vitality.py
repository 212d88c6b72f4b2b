# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import statistics

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


class CoopVitality(models.TransientModel):
    """Democratic vitality, the seeds' first success factor: associés integrated fast,
    mandates held by many."""

    _name = "coop.vitality"
    _description = "Democratic vitality"

    date = fields.Date(required=True, default=fields.Date.context_today)
    years = fields.Integer("Over the last (years)", default=3)
    cesa_count = fields.Integer("Entrepreneurs-salariés (CESA)", compute="_compute_figures")
    associate_count = fields.Integer("Associés", compute="_compute_figures")
    associate_share = fields.Float(
        "Associés among entrepreneurs-salariés (%)", compute="_compute_figures", digits=(5, 1)
    )
    median_days_to_associate = fields.Integer(
        "From CESA to associé (median, days)", compute="_compute_figures"
    )
    overdue_cesa_ids = fields.Many2many(
        "res.partner",
        string="CESA for more than 3 years, not associé",
        compute="_compute_figures",
        help="The law expects an entrepreneur-salarié to become associé within three years.",
    )
    rotation = fields.Float(
        "Associés who held a mandate (%)", compute="_compute_figures", digits=(5, 1)
    )
    women_members = fields.Integer("Women among members", compute="_compute_figures")
    men_members = fields.Integer("Men among members", compute="_compute_figures")
    women_associates = fields.Integer("Women among associés", compute="_compute_figures")
    men_associates = fields.Integer("Men among associés", compute="_compute_figures")
    women_elected = fields.Integer("Women holding a mandate", compute="_compute_figures")
    men_elected = fields.Integer("Men holding a mandate", compute="_compute_figures")

    @api.depends("date", "years")
    def _compute_figures(self):
        Partner = self.env["res.partner"]
        for vitality in self:
            day = vitality.date or fields.Date.context_today(self)
            members = Partner.search([("coop_member_state", "in", ("cape", "cesa", "associate"))])
            associates = members.filtered(lambda p: p.coop_member_state == "associate")
            cesa = members.filtered(lambda p: p.coop_member_state == "cesa")
            salaried = cesa | associates.filtered("coop_cesa_date")
            vitality.cesa_count = len(cesa)
            vitality.associate_count = len(associates)
            vitality.associate_share = (
                100.0 * len(associates & salaried) / len(salaried) if salaried else 0.0
            )
            delays = [
                (p.coop_associate_date - p.coop_cesa_date).days
                for p in associates
                if p.coop_cesa_date and p.coop_associate_date
            ]
            vitality.median_days_to_associate = int(statistics.median(delays)) if delays else 0
            vitality.overdue_cesa_ids = cesa.filtered(
                lambda p, d=day: p.coop_cesa_date and p.coop_cesa_date <= d - relativedelta(years=3)
            )
            vitality.rotation = 100.0 * self.env["coop.mandate"]._rotation(
                self.env.company, vitality.years or 1, day
            )
            elected = (
                self.env["coop.mandate"]
                .search([("date_start", "<=", day), ("date_end", ">=", day)])
                .partner_id
            )
            genders = {
                employee.work_contact_id: employee.gender
                for employee in self.env["hr.employee"]
                .sudo()
                .search([("work_contact_id", "in", (members | elected).ids)])
            }
            for label, group in (
                ("members", members),
                ("associates", associates),
                ("elected", elected),
            ):
                vitality[f"women_{label}"] = sum(1 for p in group if genders.get(p) == "female")
                vitality[f"men_{label}"] = sum(1 for p in group if genders.get(p) == "male")

# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models, tools
from odoo.exceptions import ValidationError


class CoopCompetenceGrid(models.Model):
    """A member's competences evaluated on a date, on Odoo's catalogue of skills (skill
    types, skills and levels of ``hr_skills``): members are not all employees, so the grid
    is the member's, and each evaluation is kept (the history)."""

    _name = "coop.competence.grid"
    _description = "Competence grid"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    name = fields.Char(compute="_compute_name", store=True)
    partner_id = fields.Many2one(
        "res.partner", string="Member", required=True, index=True, tracking=True
    )
    date = fields.Date(required=True, default=fields.Date.context_today, tracking=True)
    evaluator_id = fields.Many2one(
        "res.users", string="Evaluated by", default=lambda self: self.env.user
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    line_ids = fields.One2many("coop.competence.line", "grid_id", string="Competences")
    note = fields.Text()

    @api.depends("partner_id.name", "date")
    def _compute_name(self):
        for grid in self:
            grid.name = f"{grid.partner_id.name or ''} – {grid.date or ''}"


class CoopCompetenceLine(models.Model):
    _name = "coop.competence.line"
    _description = "Competence evaluated"
    _order = "grid_id, skill_type_id, skill_id"

    grid_id = fields.Many2one("coop.competence.grid", required=True, ondelete="cascade", index=True)
    partner_id = fields.Many2one(related="grid_id.partner_id", store=True, index=True)
    date = fields.Date(related="grid_id.date", store=True)
    skill_type_id = fields.Many2one("hr.skill.type", string="Kind of skill", required=True)
    skill_id = fields.Many2one(
        "hr.skill", required=True, domain="[('skill_type_id', '=', skill_type_id)]"
    )
    level_id = fields.Many2one(
        "hr.skill.level",
        string="Level reached",
        required=True,
        domain="[('skill_type_id', '=', skill_type_id)]",
    )
    target_level_id = fields.Many2one(
        "hr.skill.level", string="Target", domain="[('skill_type_id', '=', skill_type_id)]"
    )
    level_progress = fields.Integer(
        "Progress (%)", related="level_id.level_progress", store=True, aggregator="avg"
    )
    target_progress = fields.Integer(
        "Target (%)", related="target_level_id.level_progress", store=True, aggregator="avg"
    )
    comment = fields.Char()

    _sql_constraints = [
        ("skill_uniq", "unique(grid_id, skill_id)", "A skill is evaluated once per grid.")
    ]

    @api.constrains("skill_type_id", "skill_id", "level_id", "target_level_id")
    def _check_type(self):
        for line in self:
            kinds = (
                line.skill_id.skill_type_id
                | line.level_id.skill_type_id
                | line.target_level_id.skill_type_id
            )
            if kinds != line.skill_type_id:
                raise ValidationError(
                    self.env._(
                        "%s: the skill and its levels belong to the same kind of skill.",
                        line.skill_id.name,
                    )
                )


class CoopCompetenceReport(models.Model):
    """The cooperative's competences: each member's latest evaluation of each skill."""

    _name = "coop.competence.report"
    _description = "Competences across the cooperative"
    _auto = False
    _order = "skill_type_id, skill_id"
    _depends = {
        "coop.competence.line": [
            "partner_id",
            "date",
            "skill_type_id",
            "skill_id",
            "level_id",
            "level_progress",
            "target_progress",
            "grid_id",
        ],
        "coop.competence.grid": ["company_id"],
    }

    partner_id = fields.Many2one("res.partner", string="Member", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Date("Evaluated on", readonly=True)
    skill_type_id = fields.Many2one("hr.skill.type", string="Kind of skill", readonly=True)
    skill_id = fields.Many2one("hr.skill", readonly=True)
    level_id = fields.Many2one("hr.skill.level", string="Level reached", readonly=True)
    level_progress = fields.Integer("Progress (%)", readonly=True, aggregator="avg")
    target_progress = fields.Integer("Target (%)", readonly=True, aggregator="avg")

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE VIEW {self._table} AS (
                SELECT DISTINCT ON (l.partner_id, l.skill_id)
                       l.id, l.partner_id, g.company_id, l.date, l.skill_type_id, l.skill_id,
                       l.level_id, l.level_progress, l.target_progress
                  FROM coop_competence_line l
                  JOIN coop_competence_grid g ON g.id = l.grid_id
                 ORDER BY l.partner_id, l.skill_id, l.date DESC, l.id DESC
            )
            """
        )

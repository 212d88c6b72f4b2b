# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import io
from datetime import date

import xlsxwriter
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models, tools
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL, html_escape

from .res_partner import GENDERS

AGE_BANDS = [
    ("under_26", "Under 26"),
    ("26_45", "26 to 45"),
    ("46_55", "46 to 55"),
    ("over_55", "Over 55"),
]
AGE_LIMITS = {"under_26": (0, 25), "26_45": (26, 45), "46_55": (46, 55), "over_55": (56, 150)}
COLUMNS = ("total", "female", "male", "other")


class CoopAccompanimentStatistics(models.Model):
    """A statistics sheet for the funders of accompaniment: a period, criteria on the
    people, and the figures they ask for, each split between women and men. Saved, so
    that the same sheet is computed again next quarter."""

    _name = "coop.accompaniment.statistics"
    _description = "Statistics sheet for funders"
    _inherit = ["mail.thread", "coop.file.download.mixin"]
    _order = "date_to desc, id desc"

    name = fields.Char(required=True)
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.company, index=True
    )
    date_from = fields.Date(
        "From", required=True, default=lambda self: date(fields.Date.context_today(self).year, 1, 1)
    )
    date_to = fields.Date(
        "To",
        required=True,
        default=lambda self: date(fields.Date.context_today(self).year, 12, 31),
    )
    funded_action_id = fields.Many2one(
        "coop.funded.action",
        string="Funded action",
        help="Appointments, workshops and accompaniments of this action only.",
    )
    tutor_id = fields.Many2one("res.users", string="Accompagnateur")
    gender = fields.Selection(GENDERS)
    age_band = fields.Selection(AGE_BANDS, string="Age band", help="Age on the period's last day.")
    territory = fields.Char(help="The département (first two digits of the postcode).")
    member_state = fields.Selection(
        lambda self: self.env["res.partner"]._fields["coop_member_state"].selection,
        string="Status",
    )
    exit_reason = fields.Selection(
        lambda self: self.env["res.partner"]._fields["coop_exit_reason"].selection,
        string="Exit reason",
    )
    partner_domain = fields.Char(
        "Other criteria",
        default="[]",
        help="Any field of the member's contact (e.g. the city, a tag, a source).",
    )
    figures_html = fields.Html("Figures", compute="_compute_figures_html", sanitize=False)

    @api.constrains("date_from", "date_to")
    def _check_period(self):
        for sheet in self:
            if sheet.date_to < sheet.date_from:
                raise ValidationError(
                    self.env._("%s: the period ends after it starts.", sheet.name)
                )

    # The people

    def _population_domain(self):
        """The members the sheet counts: everyone who entered the path, per the criteria."""
        self.ensure_one()
        domain = [("coop_entry_date", "!=", False)]
        if self.gender:
            domain.append(("coop_gender", "=", self.gender))
        if self.territory:
            domain.append(("coop_territory", "=", self.territory.strip().upper()))
        if self.member_state:
            domain.append(("coop_member_state", "=", self.member_state))
        if self.exit_reason:
            domain.append(("coop_exit_reason", "=", self.exit_reason))
        if self.tutor_id:
            domain.append(("coop_tutor_id", "=", self.tutor_id.id))
        if self.age_band:
            low, high = AGE_LIMITS[self.age_band]
            domain += [
                ("coop_birthdate", "<=", self.date_to - relativedelta(years=low)),
                ("coop_birthdate", ">", self.date_to - relativedelta(years=high + 1)),
            ]
        try:
            extra = tools.safe_eval.safe_eval(self.partner_domain or "[]")
        except Exception as error:
            raise UserError(
                self.env._("The other criteria are not a valid filter: %s", error)
            ) from error
        return domain + list(extra)

    def _population(self):
        """The population as SQL (a sub-select of partner ids), any criterion included."""
        query = (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            ._search(self._population_domain())
        )
        return query.subselect()

    # The figures

    def _figures(self):
        """{figure: {total, female, male, other}}, each a number (hours, days, people…),
        in a fixed number of queries whatever the size of the network."""
        self.ensure_one()
        self.env.flush_all()
        cr = self.env.cr
        params = {
            "people": self._population(),
            "start": self.date_from,
            "end": self.date_to,
            "end_next": self.date_to + relativedelta(days=1),
            "company": self.company_id.id,
        }
        action = self.funded_action_id.id or None
        result = {}

        def split(rows, key):
            figure = dict.fromkeys(COLUMNS, 0)
            for gender, value in rows:
                figure[gender if gender in COLUMNS else "other"] += value or 0
                figure["total"] += value or 0
            result[key] = figure

        def run(sql, **extra):
            cr.execute(SQL(sql, **params, **extra))
            return cr.fetchall()

        # People accompanied over the period, and the new entries.
        accompanied = run(
            """
            SELECT p.coop_gender, count(DISTINCT p.id)
              FROM res_partner p
              JOIN coop_accompaniment a ON a.partner_id = p.id
             WHERE p.id IN %(people)s AND a.company_id = %(company)s
               AND a.date_start <= %(end)s AND (a.date_end IS NULL OR a.date_end >= %(start)s)
               AND (%(action)s IS NULL OR a.funded_action_id = %(action)s)
             GROUP BY p.coop_gender
            """,
            action=action,
        )
        split(accompanied, "accompanied")
        split(
            run(
                """
                SELECT p.coop_gender, count(*) FROM res_partner p
                 WHERE p.id IN %(people)s AND p.coop_entry_date BETWEEN %(start)s AND %(end)s
                 GROUP BY p.coop_gender
                """
            ),
            "entries",
        )
        # Appointments that took place, by kind, and their hours.
        appointments = run(
            """
            SELECT p.coop_gender, e.coop_kind, count(*), sum(e.coop_hours)
              FROM calendar_event e
              JOIN res_partner p ON p.id = e.coop_member_id
             WHERE p.id IN %(people)s AND e.coop_outcome = 'attended' AND e.active
               AND e.start >= %(start)s AND e.start < %(end_next)s
               AND (%(action)s IS NULL OR e.coop_funded_action_id = %(action)s)
             GROUP BY p.coop_gender, e.coop_kind
            """,
            action=action,
        )
        split([(g, n) for g, _k, n, _h in appointments], "appointments")
        split([(g, h) for g, _k, _n, h in appointments], "appointment_hours")
        # Information meetings (events of that type): everyone registered counts, members
        # or not yet (the criteria on people do not apply to visitors).
        info = self.env.ref("coop_accompaniment.event_type_information", raise_if_not_found=False)
        meetings = run(
            """
            SELECT p.coop_gender, count(*) FROM event_registration r
              JOIN event_event ev ON ev.id = r.event_id
              LEFT JOIN res_partner p ON p.id = r.partner_id
             WHERE ev.event_type_id = %(info)s AND r.state <> 'cancel'
               AND (ev.company_id = %(company)s OR ev.company_id IS NULL)
               AND ev.date_begin >= %(start)s AND ev.date_begin < %(end_next)s
             GROUP BY p.coop_gender
            """,
            info=info.id if info else None,
        )
        split(meetings, "information_people")
        held = run(
            """
            SELECT NULL, count(*) FROM event_event ev
             WHERE ev.event_type_id = %(info)s
               AND (ev.company_id = %(company)s OR ev.company_id IS NULL)
               AND ev.date_begin >= %(start)s AND ev.date_begin < %(end_next)s
            """,
            info=info.id if info else None,
        )
        result["information"] = dict.fromkeys(COLUMNS, 0) | {"total": held[0][1]}
        split([(g, n) for g, k, n, _h in appointments if k == "diagnosis"], "diagnosis")
        # Workshops: hours attended, per participant.
        workshops = run(
            """
            SELECT p.coop_gender, count(DISTINCT w.partner_id), sum(w.hours)
              FROM coop_workshop_attendance w
              JOIN res_partner p ON p.id = w.partner_id
              JOIN event_event ev ON ev.id = w.event_id
             WHERE p.id IN %(people)s AND w.state = 'attended' AND ev.company_id = %(company)s
               AND w.date_begin >= %(start)s AND w.date_begin < %(end_next)s
               AND (%(action)s IS NULL OR ev.coop_funded_action_id = %(action)s)
             GROUP BY p.coop_gender
            """,
            action=action,
        )
        split([(g, n) for g, n, _h in workshops], "workshop_participants")
        split([(g, h) for g, _n, h in workshops], "workshop_hours")
        per_participant = {}
        for column in COLUMNS:
            people = result["workshop_participants"][column]
            hours = result["workshop_hours"][column]
            per_participant[column] = round(hours / people, 1) if people else 0
        result["workshop_hours_per_participant"] = per_participant
        # Days from entry to the first invoice and to the CESA (median, of those who got
        # there during the period).
        delays = run(
            """
            WITH firsts AS (
                SELECT rel.partner_id, min(m.invoice_date) AS first_invoice
                  FROM coop_activity_member_rel rel
                  JOIN account_move m ON m.coop_activity_id = rel.activity_id
                 WHERE rel.partner_id IN %(people)s AND m.state = 'posted'
                   AND m.move_type = 'out_invoice' AND m.company_id = %(company)s
                 GROUP BY rel.partner_id)
            SELECT GROUPING(coalesce(p.coop_gender, 'other')) = 1,
                   coalesce(p.coop_gender, 'other'),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY f.first_invoice - p.coop_entry_date)
                       FILTER (WHERE f.first_invoice BETWEEN %(start)s AND %(end)s),
                   percentile_cont(0.5) WITHIN GROUP (ORDER BY p.coop_cesa_date - p.coop_entry_date)
                       FILTER (WHERE p.coop_cesa_date BETWEEN %(start)s AND %(end)s)
              FROM res_partner p
              LEFT JOIN firsts f ON f.partner_id = p.id
             WHERE p.id IN %(people)s
             GROUP BY ROLLUP (coalesce(p.coop_gender, 'other'))
            """
        )
        for key, index in (("days_to_first_invoice", 2), ("days_to_cesa", 3)):
            figure = dict.fromkeys(COLUMNS, 0)
            for row in delays:
                column = "total" if row[0] else row[1]
                if column in COLUMNS and row[index] is not None:
                    figure[column] = round(row[index])
            result[key] = figure
        # Exits by reason.
        exits = run(
            """
            SELECT p.coop_gender, p.coop_exit_reason, count(*) FROM res_partner p
             WHERE p.id IN %(people)s AND p.coop_exit_date BETWEEN %(start)s AND %(end)s
             GROUP BY p.coop_gender, p.coop_exit_reason
            """
        )
        reasons = dict(self.env["res.partner"]._fields["coop_exit_reason"].selection)
        for reason in reasons:
            split([(g, n) for g, r, n in exits if r == reason], f"exit_{reason}")
        return result

    def _rows(self):
        """The sheet's lines in order: (label, figure key)."""
        reasons = (
            self.env["res.partner"]._fields["coop_exit_reason"]._description_selection(self.env)
        )
        return [
            (self.env._("People accompanied"), "accompanied"),
            (self.env._("New entries"), "entries"),
            (self.env._("Information meetings held"), "information"),
            (self.env._("People at information meetings"), "information_people"),
            (self.env._("Diagnosis meetings"), "diagnosis"),
            (self.env._("Appointments held"), "appointments"),
            (self.env._("Hours of appointments"), "appointment_hours"),
            (self.env._("Workshop participants"), "workshop_participants"),
            (self.env._("Workshop hours"), "workshop_hours"),
            (self.env._("Workshop hours per participant"), "workshop_hours_per_participant"),
            (self.env._("Median days from entry to first invoice"), "days_to_first_invoice"),
            (self.env._("Median days from entry to CESA"), "days_to_cesa"),
            *[(self.env._("Exits: %s", label), f"exit_{reason}") for reason, label in reasons],
        ]

    def _headers(self):
        return [
            self.env._("Figure"),
            self.env._("Total"),
            self.env._("Women"),
            self.env._("Men"),
            self.env._("Other or not said"),
        ]

    @api.depends(
        "date_from",
        "date_to",
        "funded_action_id",
        "tutor_id",
        "gender",
        "age_band",
        "territory",
        "member_state",
        "exit_reason",
        "partner_domain",
    )
    def _compute_figures_html(self):
        for sheet in self:
            if not sheet.date_from or not sheet.date_to or sheet.date_to < sheet.date_from:
                sheet.figures_html = False
                continue
            figures = sheet._figures()
            head = "".join(f"<th>{html_escape(h)}</th>" for h in sheet._headers())
            body = "".join(
                "<tr><td>{}</td>{}</tr>".format(
                    html_escape(label),
                    "".join(
                        f'<td class="text-end">{_number(figures[key][c])}</td>' for c in COLUMNS
                    ),
                )
                for label, key in sheet._rows()
            )
            sheet.figures_html = (
                f'<table class="table table-sm o_coop_statistics"><thead><tr>{head}</tr></thead>'
                f"<tbody>{body}</tbody></table>"
            )

    def _xlsx(self):
        self.ensure_one()
        figures = self._figures()
        output = io.BytesIO()
        book = xlsxwriter.Workbook(output, {"in_memory": True})
        bold = book.add_format({"bold": True})
        sheet = book.add_worksheet(self.env._("Figures"))
        sheet.write_row(0, 0, [self.name], bold)
        sheet.write_row(
            1, 0, [self.env._("From %(start)s to %(end)s", start=self.date_from, end=self.date_to)]
        )
        sheet.write_row(3, 0, self._headers(), bold)
        for row, (label, key) in enumerate(self._rows(), 4):
            sheet.write(row, 0, label)
            for column, name in enumerate(COLUMNS, 1):
                sheet.write_number(row, column, figures[key][name])
        sheet.set_column(0, 0, 44)
        sheet.set_column(1, 4, 14)
        book.close()
        return output.getvalue()

    def action_export_xlsx(self):
        self.ensure_one()
        return self._coop_download(
            self._xlsx(), f"statistiques-{self.date_from}-{self.date_to}.xlsx"
        )

    def action_open_pivot(self):
        """The same people and period in the pivot of accompaniment facts."""
        self.ensure_one()
        people = (
            self.env["res.partner"]
            .sudo()
            .with_context(active_test=False)
            .search(self._population_domain())
        )
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "coop_accompaniment.coop_accompaniment_fact_action"
        )
        action["domain"] = [
            ("partner_id", "in", people.ids),
            ("date", ">=", self.date_from),
            ("date", "<=", self.date_to),
        ]
        return action


def _number(value):
    if isinstance(value, float) and not value.is_integer():
        return f"{value:,.1f}".replace(",", "\u202f").replace(".", ",")
    return f"{int(value):,}".replace(",", "\u202f")


class CoopAccompanimentFact(models.Model):
    """What happened to whom and when, one row each (an appointment held, workshop hours
    attended, an entry, an exit), with the person's gender, territory and status: the
    pivot behind the statistics sheets."""

    _name = "coop.accompaniment.fact"
    _description = "Accompaniment facts"
    _auto = False
    _order = "date desc"
    _depends = {
        "calendar.event": [
            "start",
            "coop_member_id",
            "coop_outcome",
            "active",
            "coop_funded_action_id",
            "coop_hours",
        ],
        "coop.workshop.attendance": ["date_begin", "partner_id", "hours", "state", "event_id"],
        "event.event": ["coop_funded_action_id"],
        "res.partner": [
            "coop_entry_date",
            "coop_exit_date",
            "coop_gender",
            "coop_territory",
            "coop_member_state",
            "coop_exit_reason",
        ],
    }

    date = fields.Date(readonly=True)
    kind = fields.Selection(
        [
            ("appointment", "Appointment held"),
            ("workshop", "Workshop attended"),
            ("entry", "Entry"),
            ("exit", "Exit"),
        ],
        readonly=True,
    )
    partner_id = fields.Many2one("res.partner", string="Member", readonly=True)
    gender = fields.Selection(GENDERS, readonly=True)
    territory = fields.Char(readonly=True)
    member_state = fields.Selection(
        lambda self: self.env["res.partner"]._fields["coop_member_state"].selection,
        string="Status",
        readonly=True,
    )
    exit_reason = fields.Selection(
        lambda self: self.env["res.partner"]._fields["coop_exit_reason"].selection,
        readonly=True,
    )
    funded_action_id = fields.Many2one("coop.funded.action", readonly=True)
    hours = fields.Float(readonly=True)

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            f"""
            CREATE VIEW {self._table} AS (
                SELECT row_number() OVER () AS id, f.date, f.kind, f.partner_id,
                       p.coop_gender AS gender, p.coop_territory AS territory,
                       p.coop_member_state AS member_state,
                       p.coop_exit_reason AS exit_reason, f.funded_action_id, f.hours
                  FROM (
                    SELECT e.start::date AS date, 'appointment' AS kind,
                           e.coop_member_id AS partner_id,
                           e.coop_funded_action_id AS funded_action_id, e.coop_hours AS hours
                      FROM calendar_event e
                     WHERE e.coop_member_id IS NOT NULL AND e.coop_outcome = 'attended'
                       AND e.active
                    UNION ALL
                    SELECT w.date_begin::date, 'workshop', w.partner_id,
                           ev.coop_funded_action_id, w.hours
                      FROM coop_workshop_attendance w
                      JOIN event_event ev ON ev.id = w.event_id
                     WHERE w.state = 'attended'
                    UNION ALL
                    SELECT coop_entry_date, 'entry', id, NULL, 0
                      FROM res_partner WHERE coop_entry_date IS NOT NULL
                    UNION ALL
                    SELECT coop_exit_date, 'exit', id, NULL, 0
                      FROM res_partner WHERE coop_exit_date IS NOT NULL
                  ) f
                  LEFT JOIN res_partner p ON p.id = f.partner_id
            )
            """
        )

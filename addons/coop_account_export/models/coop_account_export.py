# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models
from odoo.exceptions import AccessError, RedirectWarning, UserError, ValidationError

from ..file_stream import attach_file
from ..formats import (
    ENCODING_SELECTION,
    EXPORT_KIND_SELECTION,
    EXPORT_TYPE_SELECTION,
    SEPARATOR_SELECTION,
)


class CoopAccountExport(models.Model):
    _name = "coop.account.export"
    _description = "Export for the expert-comptable"
    _inherit = ["mail.thread"]
    _order = "create_date desc, id desc"

    name = fields.Char("File name", readonly=True, tracking=True)
    export_kind = fields.Selection(
        EXPORT_KIND_SELECTION,
        string="Export",
        required=True,
        default="fec",
        readonly=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, readonly=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    date_from = fields.Date("Start date", required=True, readonly=True)
    date_to = fields.Date("End date", required=True, readonly=True)
    export_type = fields.Selection(
        EXPORT_TYPE_SELECTION,
        string="Entries",
        default="official",
        readonly=True,
    )
    lock_fiscal_year = fields.Boolean(
        "Lock the fiscal year",
        readonly=True,
        help="Once the official file is made, the fiscal year is locked at its end date, "
        "as Odoo's own FEC export does: the books handed over can no longer change.",
    )
    excluded_journal_ids = fields.Many2many(
        "account.journal",
        "coop_account_export_excluded_journal_rel",
        "export_id",
        "journal_id",
        string="Excluded journals",
        readonly=True,
    )
    encoding = fields.Selection(ENCODING_SELECTION, default="utf-8", readonly=True)
    separator = fields.Selection(SEPARATOR_SELECTION, default="pipe", readonly=True)
    activity_ids = fields.Many2many(
        "coop.activity",
        "coop_account_export_activity_rel",
        "export_id",
        "activity_id",
        string="Activities",
        readonly=True,
        help="Empty means every activity, and the lines that belong to none.",
    )
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Ready"), ("error", "Refused")],
        required=True,
        default="draft",
        readonly=True,
        tracking=True,
        copy=False,
    )
    problems = fields.Text(readonly=True, copy=False)
    line_count = fields.Integer("Lines", readonly=True, copy=False)
    user_id = fields.Many2one(
        "res.users", "Exported by", readonly=True, default=lambda self: self.env.user
    )
    export_date = fields.Datetime("Exported on", readonly=True, copy=False)
    attachment_id = fields.Many2one("ir.attachment", "File", readonly=True, copy=False)

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        for export in self:
            if export.date_from > export.date_to:
                raise ValidationError(
                    self.env._("The start date of an export must come before its end date.")
                )

    def action_generate(self):
        """Build the file, check it, and keep it as an attachment (or list its problems)."""
        for export in self:
            if export.export_kind == "fec":
                self.env["coop.fec.builder"]._generate(export)
            else:
                self.env["coop.analytic.ledger.builder"]._generate(export)
        return True

    def action_download(self):
        self.ensure_one()
        if not self.attachment_id:
            raise UserError(self.env._("This export has no file: generate it first."))
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self.attachment_id.id}?download=true",
            "target": "download",
        }

    def _get_form_action(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "res_model": self._name,
            "res_id": self.id,
            "view_mode": "form",
            "views": [(False, "form")],
            "target": "current",
        }

    def _finish(self, path, filename, mimetype, count, problems):
        """Keep the file at ``path`` as the export's attachment, or refuse it with its
        problems; an official FEC kept locks the fiscal year when asked."""
        self.ensure_one()
        if self.attachment_id:
            self.attachment_id.unlink()
        values = {
            "name": filename,
            "line_count": count,
            "export_date": fields.Datetime.now(),
            "user_id": self.env.user.id,
        }
        if problems:
            self.write(dict(values, state="error", problems="\n".join(problems)))
            return
        attachment = attach_file(
            self.env,
            path,
            {"name": filename, "mimetype": mimetype, "res_model": self._name, "res_id": self.id},
        )
        self.write(dict(values, state="done", problems=False, attachment_id=attachment.id))
        self.message_post(
            body=self.env._("%(file)s exported: %(count)s lines.", file=filename, count=count),
            attachment_ids=attachment.ids,
        )
        if self.export_kind == "fec" and self.export_type == "official" and self.lock_fiscal_year:
            self._lock_fiscal_year()

    def _lock_fiscal_year(self):
        """Lock the fiscal year at the file's end date, unless it is locked later already
        or the period is not over (an export of the year in progress would stop its
        bookkeeping); when Odoo refuses (entries left to post), the chatter says why."""
        company = self.company_id
        if company.fiscalyear_lock_date and company.fiscalyear_lock_date >= self.date_to:
            return
        if self.date_to >= fields.Date.context_today(self):
            self.message_post(
                body=self.env._(
                    "The fiscal year is not locked: its period ends on %(date)s, which has not "
                    "passed yet.",
                    date=self.date_to,
                )
            )
            return
        try:
            with self.env.cr.savepoint():
                # With the exporter's own rights: locking is an accounting administrator's.
                company.fiscalyear_lock_date = self.date_to
                company.flush_recordset()
        except (AccessError, RedirectWarning, UserError, ValidationError) as error:
            self.message_post(
                body=self.env._(
                    "The fiscal year could not be locked at %(date)s: %(reason)s",
                    date=self.date_to,
                    reason=error.args[0] if error.args else error,
                )
            )
            return
        self.message_post(
            body=self.env._("The fiscal year is locked at %(date)s.", date=self.date_to)
        )

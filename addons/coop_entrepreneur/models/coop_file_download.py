# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64

from odoo import fields, models


class CoopFileDownloadMixin(models.AbstractModel):
    """A record that makes a file (an XLSX statement, the register, a report) and offers
    it for download: the file is kept on the record until the next one."""

    _name = "coop.file.download.mixin"
    _description = "File offered for download"

    file_name = fields.Char(readonly=True)
    file_data = fields.Binary("File", readonly=True, attachment=False)

    def _coop_download(self, content, file_name):
        """Keep ``content`` (bytes) as ``file_name`` and return the action downloading it."""
        self.ensure_one()
        self.write({"file_data": base64.b64encode(content), "file_name": file_name})
        return {
            "type": "ir.actions.act_url",
            "url": f"/web/content/{self._name}/{self.id}/file_data/{file_name}?download=true",
            "target": "self",
        }

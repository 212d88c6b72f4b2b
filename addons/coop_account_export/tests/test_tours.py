# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from unittest.mock import patch

from odoo import Command
from odoo.addons.base.tests.common import new_test_user
from odoo.tests import HttpCase, tagged

from .common import CoopExportCommon


@tagged("post_install", "-at_install")
class TestTours(CoopExportCommon, HttpCase):
    """The FEC export walked in a real browser (headless Chromium) by a gestionnaire."""

    def test_manager_exports_and_downloads_the_fec(self):
        manager = new_test_user(
            self.env,
            "coop_fec_manager",
            groups="coop_entrepreneur.group_coop_manager",
            company_id=self.company.id,
            company_ids=[Command.set(self.company.ids)],
        )
        IrBinary = self.env.registry["ir.binary"]
        served = []
        original = IrBinary._record_to_stream

        def spy(binary, record, field_name):
            served.append(record)
            return original(binary, record, field_name)

        with patch.object(IrBinary, "_record_to_stream", spy):
            self.start_tour("/odoo", "coop_fec_export_tour", login=manager.login)
        export = self.env["coop.account.export"].search([("user_id", "=", manager.id)])
        self.assertEqual((len(export), export.export_kind, export.state), (1, "fec", "done"))
        self.assertEqual(
            (export.date_from.isoformat(), export.date_to.isoformat()),
            ("2026-01-01", "2026-12-31"),
        )
        # The browser fetched the file itself (besides the web client's own assets).
        self.assertIn(export.attachment_id, served)
        content = export.attachment_id.raw.decode()
        self.assertTrue(content.startswith("JournalCode|JournalLib|EcritureNum|"))
        self.assertEqual(len(content.splitlines()) - 1, export.line_count)

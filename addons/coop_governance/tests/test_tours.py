# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import date, timedelta

from odoo import fields
from odoo.tests import HttpCase, tagged

from .common import GovernanceCommon


@tagged("post_install", "-at_install")
class TestAssemblyTour(GovernanceCommon, HttpCase):
    """A general assembly from its notice to its minutes, in a real browser."""

    def test_an_assembly_from_notice_to_minutes(self):
        today = fields.Date.context_today(self.env.user)
        self.env["coop.assembly.rule"].create(
            {"company_id": self.company.id, "kind": "ordinary", "notice_days": 15}
        )
        associates = (
            self.env["res.partner"]
            .with_context(coop_member_transition=True)
            .create(
                [
                    {
                        "name": name,
                        "email": f"{name.split()[0].lower()}@example.com",
                        "coop_member_state": "associate",
                        "coop_associate_date": date(2024, 6, 1),
                    }
                    for name in ("Aline Martin", "Bruno Petit", "Chloé Roux")
                ]
            )
        )
        assembly = self.env["coop.assembly"].create(
            {
                "name": "AG ordinaire de la visite",
                "company_id": self.company.id,
                "date": today + timedelta(days=30),
                "agenda": "<p>Approbation des comptes 2025</p>",
                "resolution_ids": [(0, 0, {"name": "Approbation des comptes 2025"})],
            }
        )
        manager = self._coop_user(
            "gov_tour_manager", "coop_entrepreneur.group_coop_manager", name="Nadia Benali"
        )
        self.start_tour(
            "/odoo/action-coop_governance.coop_assembly_action",
            "coop_assembly_tour",
            login=manager.login,
        )
        self.assertEqual((assembly.state, assembly.notice_date), ("closed", today))
        sheet = {a.partner_id.name: a for a in assembly.attendee_ids}
        self.assertEqual(
            [
                (sheet[p.name].attendance, sheet[p.name].proxy_holder_id.partner_id)
                for p in associates
            ],
            [
                ("present", self.env["res.partner"]),
                ("remote", self.env["res.partner"]),
                ("represented", associates[0]),
            ],
        )
        resolution = assembly.resolution_ids
        self.assertEqual((resolution.count_for, resolution.count_against), (3, 0))
        self.assertTrue(resolution.adopted)
        self.assertEqual(
            resolution.vote_ids.filtered(lambda v: v.attendee_id == sheet["Chloé Roux"]).voter_id,
            sheet["Aline Martin"],
            "Aline voted for Chloé with her proxy",
        )
        # The minutes, printed, signed, attached: approved, the assembly is locked.
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "coop_governance.report_assembly_minutes", assembly.ids
        )
        self.assertIn("Chloé Roux", html.decode())
        assembly.write(
            {"minutes_file": base64.b64encode(b"%PDF-1.4 PV"), "minutes_filename": "pv.pdf"}
        )
        assembly.action_approve_minutes()
        self.assertTrue(assembly.minutes_approved)

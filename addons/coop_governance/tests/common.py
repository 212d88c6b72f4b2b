# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo.addons.coop_entrepreneur.tests.common import CoopCompanyCommon


class GovernanceCommon(CoopCompanyCommon):
    """A French company whose members are the test's own: the members of the database
    (demo data) would otherwise join every attendance sheet and every ratio."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.partner"].search(
            [("coop_member_state", "in", ("prospect", "cape", "cesa", "associate"))]
        ).with_context(coop_member_transition=True).write({"coop_member_state": "former"})

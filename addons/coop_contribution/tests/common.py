# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from contextlib import contextmanager

from odoo import Command
from odoo.addons.coop_entrepreneur.tests.common import CoopTestCommon


class ContributionCommon(CoopTestCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.journal = cls.company.coop_contribution_journal_id
        cls.account_paid = cls.company.coop_contribution_expense_account_id
        cls.account_received = cls.company.coop_contribution_income_account_id
        # The company's default rule, which the common set-up of coop_entrepreneur put aside.
        cls.default_rule = (
            cls.env["coop.contribution.rule"]
            .with_context(active_test=False)
            .search([("company_id", "=", cls.company.id)])
        )
        cls.default_rule.active = True

    @classmethod
    def _rule(cls, **vals):
        vals.setdefault("name", "Test rule")
        vals.setdefault("company_id", cls.company.id)
        bands = vals.pop("bands", [])
        vals["band_ids"] = [Command.create({"threshold": t, "rate": r}) for t, r in bands]
        return cls.env["coop.contribution.rule"].create(vals)

    def _contributions(self, document):
        """Live contribution entries of a document."""
        return document.coop_contribution_move_ids._coop_live().filtered(
            lambda m: m.state == "posted"
        )

    def _amount(self, moves):
        lines = moves.line_ids.filtered(lambda ln: ln.coop_contribution_side == "activity")
        return round(sum(lines.mapped("balance")), 2)

    def _activity_total(self, activity, kind="invoiced"):
        moves = self.env["account.move"].search(
            [
                ("coop_activity_id", "=", activity.id),
                ("coop_contribution_kind", "=", kind),
                ("state", "=", "posted"),
            ]
        )
        return self._amount(moves)

    @contextmanager
    def assertRefused(self, exception, text):
        """The error is raised, says ``text``, and what was tried is rolled back."""
        with self.assertRaises(exception) as caught:
            yield
        self.assertIn(text, str(caught.exception))

# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Whatever an accountant does to invoices, each contributes once, at the rule."""

from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo import Command
from odoo.tests import tagged

from .common import ContributionCommon

ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["post", "reset", "credit_note", "cancel", "repost"]), st.integers(0, 2)
    ),
    min_size=1,
    max_size=12,
)
AMOUNTS = st.lists(
    st.decimals(min_value="0.01", max_value="9999.99", places=2), min_size=3, max_size=3
)


@tagged("post_install", "-at_install")
class TestContributionProperty(ContributionCommon):
    def _document(self, amount, move_type="out_invoice", origin=None):
        return self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": self.partner_a.id,
                "invoice_date": date(2026, 5, 4),
                "coop_activity_id": self.activity_web.id,
                "reversed_entry_id": origin.id if origin else False,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "name": "Prestation",
                            "price_unit": float(amount),
                            "tax_ids": [Command.clear()],
                        }
                    )
                ],
            }
        )

    def _check_invariant(self, documents, last_was_post):
        posted = documents.filtered(lambda m: m.state == "posted")
        for document in documents:
            live = document.coop_contribution_move_ids._coop_live()
            if document.state != "posted":
                self.assertFalse(live.filtered(lambda m: m.state == "posted"), document.name)
                continue
            self.assertEqual(len(live), 1, document.name)
            expected = document.amount_untaxed_signed * 0.10
            self.assertLessEqual(abs(self._amount(live) - expected), 0.01 + 1e-9, document.name)
        if last_was_post:
            total_base = sum(posted.mapped("amount_untaxed_signed"))
            self.assertAlmostEqual(
                self._activity_total(self.activity_web),
                round(total_base * 0.10 + 1e-9, 2),
                places=2,
            )

    @settings(
        max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
    )
    @given(amounts=AMOUNTS, actions=ACTIONS)
    def test_any_sequence_keeps_one_contribution_per_posted_document(self, amounts, actions):
        with self.env.cr.savepoint() as savepoint:
            documents = self.env["account.move"].concat(
                *[self._document(amount) for amount in amounts]
            )
            for action, index in actions:
                document = documents[index]
                if action in ("post", "repost") and document.state == "draft":
                    document.action_post()
                elif action == "reset" and document.state in ("posted", "cancel"):
                    document.button_draft()
                elif action == "cancel" and document.state in ("draft", "posted"):
                    document.button_cancel()
                elif (
                    action == "credit_note"
                    and document.state == "posted"
                    and document.move_type == "out_invoice"
                ):
                    credit = self._document(document.amount_untaxed, "out_refund", origin=document)
                    credit.action_post()
                    documents |= credit
                else:
                    continue
                self._check_invariant(documents, action in ("post", "repost", "credit_note"))
            savepoint.rollback()
        self.env.invalidate_all()

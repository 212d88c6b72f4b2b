# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Whatever an accountant does, in whatever order, the contributions stay exact."""

from datetime import date, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from odoo import Command, fields
from odoo.tests import tagged

from .common import ContributionCommon

START = date(2026, 1, 1)
DAYS = st.integers(0, 300)
STEP = st.one_of(
    st.tuples(st.sampled_from(["post", "reset", "cancel", "unreconcile"]), st.integers(0, 2)),
    st.tuples(st.just("credit_note"), st.integers(0, 2), st.sampled_from([1.0, 0.5, 0.25])),
    st.tuples(st.just("pay"), st.integers(0, 2), st.sampled_from([1.0, 0.5, 0.3])),
    st.tuples(
        st.just("rule"),
        DAYS,
        st.sampled_from(["invoiced", "collected"]),
        st.sampled_from([8.0, 10.0, 12.5]),
    ),
    st.tuples(st.just("exemption"), DAYS, st.integers(0, 120)),
)
AMOUNTS = st.lists(
    st.decimals(min_value="0.01", max_value="4999.99", places=2), min_size=3, max_size=3
)


@tagged("post_install", "-at_install")
class TestContributionProperty(ContributionCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Bands low enough for three documents to cross them.
        cls.default_rule.active = False
        cls._rule(
            name="Bandes",
            rate=10.0,
            bands=[(3000.0, 8.0), (6000.0, 6.0)],
            share_ids=[Command.create({"name": "Assurance", "rate": 0.35})],
        )

    def _document(self, amount, day):
        return self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.partner_a.id,
                "invoice_date": day,
                "coop_activity_id": self.activity_web.id,
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

    def _change_rule(self, day, base, rate):
        """The rule valid on ``day`` ends the day before; a new one starts on it."""
        Rule = self.env["coop.contribution.rule"]
        current = Rule.search(
            [
                ("company_id", "=", self.company.id),
                ("scope", "=", "company"),
                "|",
                ("date_from", "=", False),
                ("date_from", "<", day),
                "|",
                ("date_to", "=", False),
                ("date_to", ">=", day),
            ]
        )
        if not current:
            return False
        following = Rule.search(
            [("company_id", "=", self.company.id), ("date_from", ">", day)],
            order="date_from",
            limit=1,
        )
        date_to = current.date_to
        current.date_to = day - timedelta(days=1)
        self._rule(
            name=f"{base} {rate} {day}", base=base, rate=rate, date_from=day, date_to=date_to
        )
        return bool(following) or True

    def _step(self, documents, step):
        action, *args = step
        if action == "rule":
            return self._change_rule(START + timedelta(days=args[0]), args[1], args[2])
        if action == "exemption":
            self.env["coop.contribution.exemption"].create(
                {
                    "activity_id": self.activity_web.id,
                    "date_from": START + timedelta(days=args[0]),
                    "date_to": START + timedelta(days=args[0] + args[1]),
                    "reason": "case_by_case",
                }
            )
            return True
        document = documents[args[0]]
        if action == "post" and document.state == "draft":
            document.action_post()
        elif action == "reset" and document.state in ("posted", "cancel"):
            document.button_draft()
        elif action == "cancel" and document.state in ("draft", "posted"):
            document.button_cancel()
        elif action == "unreconcile" and document.state == "posted":
            document.line_ids.filtered(
                lambda ln: ln.account_type == "asset_receivable"
            ).remove_move_reconcile()
        elif action == "credit_note" and document.state == "posted":
            credit = document._reverse_moves(
                [
                    {
                        "date": document.date + timedelta(days=3),
                        "invoice_date": document.date + timedelta(days=3),
                    }
                ]
            )
            credit.invoice_line_ids.price_unit = document.invoice_line_ids.price_unit * args[1]
            credit.action_post()
            documents.append(credit)
        elif action == "pay" and document.state == "posted" and document.amount_residual:
            amount = document.currency_id.round(document.amount_residual * args[1])
            self._coop_pay(
                document, amount, date=fields.Date.to_string(document.date + timedelta(days=5))
            )
        else:
            return False
        return True

    def assertDocumentsExact(self, documents):
        """Each posted document contributes under its own rule, once: its whole untaxed
        amount when the rule is on invoices, the share of it paid when on collections."""
        Rule = self.env["coop.contribution.rule"]
        for document in documents:
            live = document.coop_contribution_ids.filtered(lambda c: c.state == "posted")
            if document.state != "posted":
                self.assertFalse(live, document.name)
                continue
            rule = Rule._rules_for([document._coop_rule_key()])[document._coop_rule_key()]
            self.assertLessEqual(
                set(live.rule_id.ids),
                set(rule.ids) if rule else set(),
                f"{document.name} follows its rule",
            )
            own = live.filtered(lambda c: not c.share_id)
            invoiced = sum(own.filtered(lambda c: c.kind == "invoiced").mapped("base"))
            collected = sum(own.filtered(lambda c: c.kind == "collected").mapped("base"))
            expected_invoiced = (
                document.amount_untaxed_signed if rule and rule.base == "invoiced" else 0.0
            )
            self.assertAlmostEqual(invoiced, expected_invoiced, places=2, msg=document.name)
            if rule and rule.base == "collected":
                receivable = document.line_ids.filtered(
                    lambda ln: ln.account_type == "asset_receivable"
                )
                paid = 1 - sum(receivable.mapped("amount_residual")) / sum(
                    receivable.mapped("balance")
                )
                self.assertAlmostEqual(
                    collected,
                    round(document.amount_untaxed_signed * paid, 2),
                    places=2,
                    msg=document.name,
                )
            else:
                self.assertAlmostEqual(collected, 0.0, places=2, msg=document.name)

    @settings(
        max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
    )
    @given(
        amounts=AMOUNTS,
        days=st.lists(DAYS, min_size=3, max_size=3),
        steps=st.lists(STEP, min_size=1, max_size=14),
    )
    def test_after_every_step_the_books_are_exact(self, amounts, days, steps):
        with self.env.cr.savepoint() as savepoint:
            documents = [
                self._document(amount, START + timedelta(days=day))
                for amount, day in zip(amounts, days, strict=True)
            ]
            for document in documents:
                document.action_post()
            self.assertBooksExact()
            for step in steps:
                if self._step(documents, step):
                    self.assertBooksExact()
                    self.assertDocumentsExact(documents)
            savepoint.rollback()
            # What the example made is gone: so must be what the registry's caches hold of
            # it (the rules' ids), as Odoo's import does after rolling back a savepoint.
            self.registry.clear_all_caches()
        self.env.invalidate_all()

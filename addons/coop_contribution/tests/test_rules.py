# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged

from .common import ContributionCommon


@tagged("post_install", "-at_install")
class TestRules(ContributionCommon):
    def test_bands_split_an_invoice_and_credit_notes_give_back_their_rates(self):
        self.default_rule.active = False
        self._rule(name="Bandes", rate=10.0, bands=[(35000.0, 8.0), (45000.0, 6.0)])
        first = self._coop_invoice(self.activity_wood, [30000.0], date=date(2026, 2, 1))
        crossing = self._coop_invoice(self.activity_wood, [10000.0], date=date(2026, 3, 1))
        top = self._coop_invoice(self.activity_wood, [10000.0], date=date(2026, 4, 1))
        self.assertEqual(self._amount(self._contributions(first)), 3000.0)
        self.assertEqual(
            self._amount(self._contributions(crossing)), 900.0
        )  # 5,000 at 10% + 5,000 at 8%
        self.assertEqual(self._amount(self._contributions(top)), 700.0)  # 5,000 at 8% + 5,000 at 6%
        credit = self._coop_invoice(
            self.activity_wood, [10000.0], move_type="out_refund", date=date(2026, 5, 1)
        )
        self.assertEqual(self._amount(self._contributions(credit)), -700.0)
        self.assertEqual(self._activity_total(self.activity_wood), 3900.0)  # the rule on 40,000
        self.assertBooksExact()
        # A new fiscal year starts again at the first rate.
        next_year = self._coop_invoice(self.activity_wood, [1000.0], date=date(2027, 1, 10))
        self.assertEqual(self._amount(self._contributions(next_year)), 100.0)

    def test_most_specific_rule_applies(self):
        associates = self._rule(
            name="Associés 8%", scope="member_state", member_state="associate", rate=8.0
        )
        training = self._rule(
            name="Formation 7%",
            scope="activity",
            activity_ids=[Command.set(self.activity_web.ids)],
            rate=7.0,
        )
        self.assertEqual(
            self._amount(self._contributions(self._coop_invoice(self.activity_web, [1000.0]))), 70.0
        )
        self.assertEqual(
            self._amount(self._contributions(self._coop_invoice(self.activity_wood, [1000.0]))),
            100.0,
        )
        # Camille becomes associée: the associés' rule.
        employee = self.env["hr.employee"].create(
            {"name": "Camille", "work_contact_id": self.camille.id, "company_id": self.company.id}
        )
        self.camille.action_coop_start_cape()
        self.env["hr.contract"].create(
            {
                "name": "CESA Camille",
                "employee_id": employee.id,
                "wage": 1800,
                "coop_kind": "cesa",
                "state": "open",
                "date_start": date(2024, 1, 1),
                "company_id": self.company.id,
            }
        )
        self.camille.action_coop_make_associate()
        invoice = self._coop_invoice(self.activity_wood, [1000.0])
        self.assertEqual(self._contributions(invoice).rule_id, associates)
        self.assertEqual(self._amount(self._contributions(invoice)), 80.0)
        self.assertEqual(
            self._contributions(self._coop_invoice(self.activity_web, [10.0])).rule_id, training
        )

    def test_a_rule_that_has_charged_is_frozen(self):
        self._coop_invoice(self.activity_wood, [1000.0])
        for vals in (
            {"rate": 12.0},
            {"base": "collected"},
            {"band_ids": [Command.create({"threshold": 1.0, "rate": 5.0})]},
        ):
            with self.assertRefused(UserError, "create a new rule from that day"):
                self.default_rule.write(vals)
        self.assertEqual(
            (self.default_rule.rate, self.default_rule.base, len(self.default_rule.band_ids)),
            (10.0, "invoiced", 0),
        )
        # Ending it is what the message asks, and is allowed.
        self.default_rule.date_to = date(2026, 6, 30)
        self.assertEqual(self.default_rule.date_to, date(2026, 6, 30))

    def test_validity_dates(self):
        self.default_rule.date_to = date(2026, 6, 30)
        self._rule(name="Depuis juillet 12%", rate=12.0, date_from=date(2026, 7, 1))
        june = self._coop_invoice(self.activity_wood, [1000.0], date=date(2026, 6, 30))
        july = self._coop_invoice(self.activity_wood, [1000.0], date=date(2026, 7, 1))
        self.assertEqual(
            (self._amount(self._contributions(june)), self._amount(self._contributions(july))),
            (100.0, 120.0),
        )

    def test_exemptions_by_member_and_by_activity(self):
        Exemption = self.env["coop.contribution.exemption"]
        Exemption.create(
            {
                "partner_id": self.camille.id,
                "date_from": date(2026, 3, 1),
                "date_to": date(2026, 3, 31),
                "reason": "minimum_benefits",
            }
        )
        Exemption.create(
            {
                "activity_id": self.activity_web.id,
                "date_from": date(2026, 1, 1),
                "reason": "case_by_case",
            }
        )
        self.assertFalse(
            self._contributions(
                self._coop_invoice(self.activity_wood, [1000.0], date=date(2026, 3, 15))
            )
        )
        self.assertEqual(
            self._amount(
                self._contributions(
                    self._coop_invoice(self.activity_wood, [1000.0], date=date(2026, 4, 1))
                )
            ),
            100.0,
        )
        self.assertFalse(
            self._contributions(
                self._coop_invoice(self.activity_web, [1000.0], date=date(2026, 9, 1))
            )
        )

    def test_one_posting_of_many_documents_gives_each_its_own_rule(self):
        """Rules and exemptions are looked up once for a batch: each document still gets the
        rule of its activity on its own date, and an exemption only covers its own dates."""
        self.default_rule.date_to = date(2026, 6, 30)
        self._rule(name="Depuis juillet 12%", rate=12.0, date_from=date(2026, 7, 1))
        self._rule(
            name="Formation 7%",
            scope="activity",
            activity_ids=[Command.set(self.activity_web.ids)],
            rate=7.0,
        )
        self.env["coop.contribution.exemption"].create(
            {
                "partner_id": self.camille.id,
                "date_from": date(2026, 3, 1),
                "date_to": date(2026, 3, 31),
                "reason": "minimum_benefits",
            }
        )
        cases = [
            (self.activity_wood, date(2026, 3, 15), 0.0),  # Camille's exemption
            (self.activity_wood, date(2026, 4, 1), 100.0),  # company default, 10%
            (self.activity_wood, date(2026, 7, 1), 120.0),  # the July rule, 12%
            (self.activity_web, date(2026, 3, 15), 70.0),  # its own rule, 7%
            (self.activity_web, date(2026, 8, 1), 70.0),
        ]
        documents = self.env["account.move"].concat(
            *(
                self._coop_invoice(activity, [1000.0], date=day, post=False)
                for activity, day, _amount in cases
            )
        )
        documents.action_post()
        self.assertEqual(
            [self._amount(self._contributions(document)) for document in documents],
            [amount for _activity, _day, amount in cases],
        )
        self.assertEqual(len(documents.coop_contribution_ids), 4)
        self.assertEqual(len(documents.coop_contribution_ids.move_id), 4)

    def test_bad_input_is_refused(self):
        with self.assertRefused(ValidationError, "between 0 and 100"):
            self._rule(
                name="Trop",
                rate=150.0,
                scope="activity",
                activity_ids=[Command.set(self.activity_web.ids)],
            )
        with self.assertRefused(ValidationError, "must not overlap"):
            self._rule(
                name="Chevauche",
                scope="activity",
                activity_ids=[Command.set(self.activity_web.ids)],
                bands=[(35000.0, 8.0), (35000.0, 6.0)],
            )
        with self.assertRefused(ValidationError, "same activities on the same dates"):
            self._rule(name="Deuxième défaut", rate=9.0)
        revenue = self.company_data["default_account_revenue"]
        with self.assertRefused(ValidationError, "cannot be revenue accounts"):
            self._rule(
                name="Marge",
                base="margin",
                scope="activity",
                activity_ids=[Command.set(self.activity_web.ids)],
                cost_account_ids=[Command.set(revenue.ids)],
            )
        with self.assertRefused(ValidationError, "one member or one activity"):
            self.env["coop.contribution.exemption"].create(
                {"date_from": date(2026, 1, 1), "reason": "other"}
            )
        self.assertEqual(
            self.env["coop.contribution.rule"].search_count([("company_id", "=", self.company.id)]),
            1,
        )

# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged

from .common import CoopTestCommon

YEAR = (date(2026, 1, 1), date(2026, 12, 31))


@tagged("post_install", "-at_install")
class TestInternalInvoice(CoopTestCommon):
    """A joiner subcontracts a painter inside the cooperative: one document, neutral in the
    general ledger, turnover for the seller and a cost for the buyer."""

    def _internal(self, user=None, amounts=(400.0, 100.0)):
        env = self.env(user=user) if user else self.env
        return env["coop.internal.invoice"].create(
            {
                "seller_activity_id": self.activity_web.id,
                "buyer_activity_id": self.activity_wood.id,
                "date": "2026-06-10",
                "line_ids": [
                    Command.create(
                        {"name": f"Peinture {n}", "quantity": 2, "price_unit": amount / 2}
                    )
                    for n, amount in enumerate(amounts, 1)
                ],
            }
        )

    def _figures(self, activity):
        return (
            self.env["coop.activity.account"]
            ._figures_by_activity(activity.ids, *YEAR)
            .get(activity.id, {})
        )

    def test_posted_internal_invoice_moves_only_the_analytic_accounts(self):
        invoice = self._internal()
        self.assertEqual(invoice.amount_total, 500.0)
        invoice.action_post()
        move = invoice.move_id
        account = self.company.coop_internal_account_id
        self.assertEqual((invoice.state, move.state, invoice.name), ("posted", "posted", move.name))
        self.assertEqual(account.code, "181100")
        # Neutral in the general ledger: one account, balanced, no VAT, no receivable.
        self.assertEqual(set(move.line_ids.account_id.ids), {account.id})
        self.assertEqual(sum(move.line_ids.mapped("balance")), 0.0)
        self.assertEqual(sorted(move.line_ids.mapped("balance")), [-400.0, -100.0, 100.0, 400.0])
        self.assertFalse(move.line_ids.tax_ids)
        seller, buyer = self._figures(self.activity_web), self._figures(self.activity_wood)
        self.assertEqual(
            (seller["turnover"], seller["expense"], seller["result"], seller["treasury"]),
            (500.0, 0.0, 500.0, 500.0),
        )
        self.assertEqual(
            (buyer["turnover"], buyer["expense"], buyer["result"], buyer["treasury"]),
            (0.0, 500.0, -500.0, -500.0),
        )
        # Both activities' results still add up to the books' profit and loss (none here).
        results = self.env["coop.activity.account"]._results_by_activity(self.company, *YEAR)
        self.assertEqual(sum(results.values()), 0.0)

    def test_cancelling_reverses_and_keeps_the_entry(self):
        invoice = self._internal()
        invoice.action_post()
        move = invoice.move_id
        # Its entry is the internal invoice's: Accounting neither resets nor reverses it.
        with self.assertRaises(UserError):
            move.button_draft()
        with self.assertRaises(UserError):
            move._reverse_moves(cancel=True)
        with self.assertRaises(AccessError):
            invoice.with_user(self.user_camille).action_cancel()
        invoice.with_user(self.user_manager).action_cancel()
        self.assertEqual(invoice.state, "cancel")
        self.assertTrue(move.exists())
        self.assertEqual(invoice.reversal_move_id.reversed_entry_id, move)
        # On the invoice's own date: the seller's turnover does not move to another period.
        self.assertEqual(invoice.reversal_move_id.date, move.date)
        seller, buyer = self._figures(self.activity_web), self._figures(self.activity_wood)
        # The reversal stays the seller's: no turnover and no expense left, not both.
        self.assertEqual(
            (seller["turnover"], seller["expense"], seller["treasury"]), (0.0, 0.0, 0.0)
        )
        self.assertEqual((buyer["turnover"], buyer["expense"], buyer["treasury"]), (0.0, 0.0, 0.0))
        with self.assertRaises(UserError):
            invoice.unlink()

    def test_seller_sends_buyer_accepts_others_see_nothing(self):
        invoice = self._internal(user=self.user_hugo)
        with self.assertRaises(AccessError):
            invoice.with_user(self.user_camille).action_send()
        with self.assertRaises(AccessError):
            invoice.with_user(self.user_camille).note = "Mine now"
        # The seller cannot take the buyer's money alone.
        with self.assertRaises(AccessError):
            invoice.with_user(self.user_hugo).action_post()
        invoice.with_user(self.user_hugo).action_send()
        self.assertEqual((invoice.state, invoice.move_id.id), ("sent", False))
        with self.assertRaises(AccessError):
            invoice.with_user(self.user_hugo).write({"state": "draft"})
        invoice.with_user(self.user_camille).action_post()
        self.assertEqual(invoice.state, "posted")
        # Neither side writes the state or the entry of a posted invoice.
        for user, vals in (
            (self.user_hugo, {"state": "draft"}),
            (self.user_hugo, {"move_id": False}),
            (self.user_camille, {"state": "cancel"}),
        ):
            with self.assertRaises(AccessError):
                invoice.with_user(user).write(vals)
        other_draft = self._internal(user=self.user_hugo)
        with self.assertRaises(UserError):
            other_draft.line_ids[0].with_user(self.user_hugo).invoice_id = invoice
        self.assertEqual(
            invoice.with_user(self.user_camille).read(["amount_total"])[0]["amount_total"], 500.0
        )
        # The buyer's entrepreneur was told on their activity.
        self.assertIn(self.camille, self.activity_wood.message_ids.partner_ids)
        other = self._coop_user("coop_test_lea", "coop_entrepreneur.group_coop_entrepreneur")
        self.assertFalse(self.env(user=other)["coop.internal.invoice"].search([]))
        with self.assertRaises(UserError):
            invoice.with_user(self.user_hugo).line_ids[0].price_unit = 1.0

    def test_entrepreneur_finds_the_buyer_by_name_only(self):
        Activity = self.env(user=self.user_hugo)["coop.activity"]
        self.assertFalse(Activity.name_search("Bois"))
        found = Activity.with_context(coop_any_active_activity=True).name_search("Bois")
        self.assertEqual([row[0] for row in found], self.activity_wood.ids)
        with self.assertRaises(AccessError):
            self.activity_wood.with_user(self.user_hugo).read(["account_result"])

    def test_bad_internal_invoices_are_refused(self):
        with self.assertRaises(ValidationError):
            self.env["coop.internal.invoice"].create(
                {
                    "seller_activity_id": self.activity_web.id,
                    "buyer_activity_id": self.activity_web.id,
                }
            )
        empty = self._internal(amounts=())
        with self.assertRaisesRegex(UserError, "total must be positive"):
            empty.action_post()
        self.assertFalse(empty.move_id)
        self.activity_wood.action_suspend()
        invoice = self._internal()
        with self.assertRaisesRegex(UserError, "not active"):
            invoice.action_post()
        self.assertEqual(invoice.state, "draft")


@tagged("post_install", "-at_install")
class TestSalarySimulation(CoopTestCommon):
    """From the treasury, less the provisions the CAE sets, the gross salary the activity
    can pay, with its cost and net pay from the CAE's own rates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Rate = cls.env["coop.payroll.rate"]
        Rate.search([("company_id", "=", cls.company.id)]).unlink()
        Rate.create(
            [
                {"name": "Charges A", "employer_rate": 30.0, "employee_rate": 15.0},
                {"name": "Charges B", "employer_rate": 10.0, "employee_rate": 7.0},
            ]
        )
        cls.company.coop_result_provision_rate = 10.0
        # 10,000 invoiced and collected (12,000 incl. VAT), 2,000 of bills paid (2,400).
        invoice = cls._coop_invoice(cls.activity_wood, [10000.0], date=date(2026, 3, 15))
        cls._coop_pay(invoice, 12000.0, date="2026-04-10")
        bill = cls._coop_invoice(cls.activity_wood, [2000.0], move_type="in_invoice")
        cls._coop_pay(bill, 2400.0, date="2026-04-12")
        cls.employee = cls.env["hr.employee"].create(
            {"name": "Camille Martin", "work_contact_id": cls.camille.id}
        )
        cls._contract("cape", date(2026, 1, 1), 0.0)

    @classmethod
    def _contract(cls, kind, day, wage):
        return cls.env["hr.contract"].create(
            {
                "name": f"{kind.upper()} Camille Martin",
                "employee_id": cls.employee.id,
                "wage": wage,
                "date_start": day,
                "coop_kind": kind,
                "coop_activity_id": cls.activity_wood.id,
                "state": "open",
            }
        )

    def _simulation(self, user=None, **values):
        env = self.env(user=user) if user else self.env
        return env["coop.salary.simulation"].create(
            {"activity_id": self.activity_wood.id, "date": date(2026, 6, 1), **values}
        )

    @freeze_time("2026-06-15")
    def test_salary_the_treasury_can_pay(self):
        self._contract("cesa", date(2026, 5, 1), 1000.0)
        simulation = self._simulation(user=self.user_camille, months=3)
        # Treasury 12,000 - 2,400 = 9,600; result 8,000 of which 10 % kept = 800;
        # the salary decided (1,000 gross) costs 40 % charges = 400.
        self.assertEqual(
            (
                simulation.treasury,
                simulation.result_year,
                simulation.provision_result,
                simulation.provision_charges,
                simulation.available,
            ),
            (9600.0, 8000.0, 800.0, 400.0, 8400.0),
        )
        self.assertEqual((simulation.employer_rate, simulation.employee_rate), (40.0, 22.0))
        # 8,400 over 3 months at 1.40 of cost: 2,000 gross a month; net 1,560.
        self.assertEqual(
            (simulation.affordable_gross, simulation.employer_cost, simulation.net_salary),
            (2000.0, 2800.0, 1560.0),
        )
        self.assertEqual(
            [(row["month"], row["treasury_after"]) for row in simulation._figures()["schedule"]],
            [(date(2026, 6, 1), 5600.0), (date(2026, 7, 1), 2800.0), (date(2026, 8, 1), 0.0)],
        )
        simulation.gross_salary = 2500.0
        self.assertEqual((simulation.employer_cost, simulation.treasury_after), (3500.0, -2100.0))
        self.assertIn("text-danger", simulation.schedule_html)
        simulation.action_send()
        message = self.activity_wood.message_ids[0]
        self.assertIn("2&nbsp;500,00&nbsp;€ gross a month from 06/2026", message.body)
        self.assertIn(self.user_tutor.partner_id, message.partner_ids)

    @freeze_time("2026-06-15")
    def test_cape_holder_sees_the_provisioned_result(self):
        simulation = self._simulation(user=self.user_camille)
        self.assertFalse(simulation.employed)
        self.assertEqual(
            (simulation.provisioned_result, simulation._figures()["schedule"]), (7200.0, [])
        )
        with self.assertRaisesRegex(UserError, "CESA"):
            simulation.action_send()

    @freeze_time("2026-06-15")
    def test_no_one_sees_another_activitys_cockpit(self):
        with self.assertRaises(AccessError):
            self._simulation(user=self.user_hugo).available  # noqa: B018
        with self.assertRaises(AccessError):
            self.activity_wood.with_user(self.user_hugo).action_simulate_salary()
        with self.assertRaises(AccessError):
            self.activity_wood.with_user(self.user_hugo).read(["cockpit_treasury"])

    @freeze_time("2026-06-15")
    def test_cockpit_figures(self):
        wood = self.activity_wood.with_user(self.user_camille)
        unpaid = self._coop_invoice(self.activity_wood, [500.0], date=date(2026, 6, 5))
        self.assertEqual(
            (
                wood.cockpit_month_turnover,
                wood.cockpit_month_result,
                wood.cockpit_treasury,
                wood.cockpit_unpaid_amount,
                wood.cockpit_unpaid_invoice_ids,
                wood.account_result,
            ),
            (500.0, 500.0, 9600.0, 600.0, unpaid, 8500.0),
        )

    def test_no_simulation_without_the_cooperatives_rates(self):
        self.env["coop.payroll.rate"].search([("company_id", "=", self.company.id)]).unlink()
        with self.assertRaisesRegex(UserError, "payroll rates"):
            self.activity_wood.with_user(self.user_camille).action_simulate_salary()

    def test_rates_are_percentages(self):
        with self.assertRaises(ValidationError):
            self.env["coop.payroll.rate"].create({"name": "Faux", "employer_rate": 140.0})
        with self.assertRaises(UserError):
            self._simulation(months=0)


@tagged("post_install", "-at_install")
class TestActivityAccountQueries(CoopTestCommon):
    """The activity's form, its cockpit and the activities' list read in a number of
    queries that does not grow with the book."""

    def _reads(self):
        wood = self.activity_wood.with_user(self.user_camille)
        form = self.env.ref("coop_entrepreneur.coop_activity_view_form_cockpit")
        spec = {
            name: {}
            for name in wood._fields
            if name.startswith(("account_", "cockpit_")) and name != "cockpit_unpaid_invoice_ids"
        }
        spec["cockpit_unpaid_invoice_ids"] = {"fields": {"name": {}, "amount_residual_signed": {}}}
        Activities = self.env["coop.activity"].with_user(self.user_manager)
        return {
            "cockpit": lambda: wood.get_views([(form.id, "form")]) and wood.web_read(spec),
            "list": lambda: Activities.web_search_read(
                [], {"display_name": {}, "account_result": {}, "state": {}}, limit=80
            ),
            "account": lambda: (
                self.env["coop.activity.account"]
                .with_user(self.user_manager)
                .web_read_group([], ["result:sum", "treasury:sum"], ["activity_id"])
            ),
        }

    @freeze_time("2026-06-15")
    def test_reads_do_not_grow_with_the_book(self):
        self._coop_invoice(self.activity_wood, [100.0], date=date(2026, 6, 1))
        for read in self._reads().values():
            self._coop_count_queries(read)  # caches of rules, views and groups warmed once
        small = {name: self._coop_count_queries(read) for name, read in self._reads().items()}
        for day in range(1, 11):
            invoice = self._coop_invoice(self.activity_wood, [100.0, 50.0], date=date(2026, 6, day))
            self._coop_pay(invoice, 90.0, date=f"2026-06-{day:02d}")
            self._coop_invoice(self.activity_web, [80.0], date=date(2026, 6, day))
        large = {name: self._coop_count_queries(read) for name, read in self._reads().items()}
        self.assertEqual(large, small)
        self.assertLessEqual(small["cockpit"], 25)
        self.assertLessEqual(small["list"], 16)
        self.assertLessEqual(small["account"], 6)


@tagged("post_install", "-at_install")
class TestFundMovementsInTheAccount(CoopTestCommon):
    def test_fund_movement_is_treasury_not_result(self):
        account = self.env["account.account"].create(
            {
                "name": "Mouvements internes des fonds",
                "code": "181900",
                "account_type": "liability_non_current",
                "company_ids": [Command.set(self.company.ids)],
            }
        )
        fund = self.env["account.analytic.account"].create(
            {
                "name": "Fonds de secours",
                "plan_id": self.env["account.analytic.plan"].create({"name": "Fonds"}).id,
            }
        )
        move = self.env["account.move"].create(
            {
                "move_type": "entry",
                "date": "2026-05-31",
                "journal_id": self.company_data["default_journal_misc"].id,
                "line_ids": [
                    Command.create(
                        {
                            "name": "Versement au fonds",
                            "account_id": account.id,
                            "balance": balance,
                            "analytic_distribution": {str(analytic.id): 100},
                        }
                    )
                    for balance, analytic in (
                        (250.0, self.activity_wood.analytic_account_id),
                        (-250.0, fund),
                    )
                ],
            }
        )
        move.action_post()
        Account = self.env["coop.activity.account"]
        # Until the account is a fund movement account, the activity's account ignores it.
        self.assertFalse(Account._figures_by_activity(self.activity_wood.ids, *YEAR))
        self.company.coop_fund_account_ids = account
        figures = Account._figures_by_activity(self.activity_wood.ids, *YEAR)[self.activity_wood.id]
        self.assertEqual(
            (figures["fund"], figures["treasury"], figures["result"], figures["expense"]),
            (-250.0, -250.0, 0.0, 0.0),
        )
        move.button_draft()
        self.assertFalse(
            self.env["coop.activity.account"]._figures_by_activity(self.activity_wood.ids, *YEAR)
        )

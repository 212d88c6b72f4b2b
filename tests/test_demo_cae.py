"""The demo CAE is believable and its isolation holds (runs against the demo database)."""

from odoo import fields
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestDemoCae(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.camille = cls.env.ref("coop_entrepreneur.user_camille_demo", raise_if_not_found=False)
        if not cls.camille:
            cls.skipTest(cls, "demo data is not installed in this database")

    def test_the_demo_cae_works_in_french(self):
        french = self.env["res.lang"]._lang_get("fr_FR")
        self.assertTrue(french.active)
        self.assertEqual(french.date_format, "%d/%m/%Y")
        users = self.camille | self.env.ref("base.user_admin")
        users |= self.env.ref("coop_entrepreneur.user_gestion_demo")
        users |= self.env.ref("coop_entrepreneur.user_accomp_demo")
        self.assertEqual(set(users.mapped("lang")), {"fr_FR"})
        self.assertEqual(self.env.ref("base.main_partner").lang, "fr_FR")
        # Its translations are loaded: the suite's menus and Odoo's own speak French.
        menus = self.env["ir.ui.menu"].with_context(lang="fr_FR")
        self.assertEqual(
            menus.browse(self.env.ref("coop_entrepreneur.coop_menu_root").id).name, "Coopérative"
        )
        self.assertEqual(menus.browse(self.env.ref("account.menu_finance").id).name, "Facturation")

    def test_members_at_every_stage(self):
        states = set(
            self.env["res.partner"]
            .search([("coop_member_state", "!=", False)])
            .mapped("coop_member_state")
        )
        self.assertEqual(states, {"prospect", "cape", "cesa", "associate", "former"})

    def test_eight_activities_with_a_year_of_documents(self):
        activities = self.env["coop.activity"].search(
            [("kind", "=", "activity"), ("company_id", "=", self.env.ref("base.main_company").id)]
        )
        self.assertEqual(len(activities), 8)
        for activity in activities:
            self.assertGreaterEqual(activity.move_count, 3, activity.code)
            posted = activity.move_ids.filtered(lambda m: m.state == "posted")
            self.assertTrue(posted, activity.code)

    def test_activities_and_no_activity_equal_the_books(self):
        company = self.env.ref("base.main_company")
        dates = company.compute_fiscalyear_dates(fields.Date.context_today(company))
        Account = self.env["coop.activity.account"]
        results = Account._results_by_activity(company, dates["date_from"], dates["date_to"])
        books = self.env["account.move.line"]._read_group(
            Account._books_domain(company, dates["date_from"], dates["date_to"]),
            [],
            ["balance:sum"],
        )[0][0]
        self.assertTrue(books)
        self.assertEqual(round(sum(results.values()), 2), round(-books, 2))

    def test_internal_invoice_in_both_accounts(self):
        invoice = self.env.ref("coop_entrepreneur.internal_photo_bois_demo")
        self.assertEqual((invoice.state, invoice.amount_total), ("posted", 1400.0))
        self.assertEqual(sum(invoice.move_id.line_ids.mapped("balance")), 0.0)
        rows = self.env["coop.activity.account"]._read_group(
            [("move_id", "=", invoice.move_id.id)],
            ["activity_id"],
            ["turnover:sum", "expense:sum", "treasury:sum"],
        )
        self.assertEqual(
            {activity.code: tuple(values) for activity, *values in rows},
            {"PHOTO": (1400.0, 0.0, 1400.0), "BOIS": (0.0, 1400.0, -1400.0)},
        )

    def test_camille_simulates_her_salary(self):
        bois = self.env.ref("coop_entrepreneur.activity_bois_demo").with_user(self.camille)
        simulation = (
            self.env["coop.salary.simulation"]
            .with_user(self.camille)
            .create({"activity_id": bois.id, "months": 3})
        )
        self.assertTrue(simulation.employed, "her CESA runs")
        self.assertEqual((simulation.decided_gross, simulation.employer_rate), (1800.0, 44.3))
        self.assertEqual(
            simulation.available,
            round(simulation.treasury - simulation.provision_result - 797.4, 2),
        )

    def test_camille_sees_only_her_joinery(self):
        Activity = self.env["coop.activity"].with_user(self.camille)
        self.assertEqual(Activity.search([]).mapped("code"), ["BOIS"])
        moves = self.env["account.move"].with_user(self.camille).search([])
        self.assertTrue(moves)
        self.assertEqual(set(moves.mapped("coop_activity_id.code")), {"BOIS"})
        other = self.env["coop.activity"].search([("code", "=", "WEB")], limit=1)
        with self.assertRaises(AccessError):
            other.with_user(self.camille).read(["name"])

    def test_every_contributing_document_has_its_contribution(self):
        """The demo's documents were posted before coop_contribution: its catch-up gave each
        the contribution of its rule, once, and none to the exempt photographer's."""
        documents = self.env["account.move"].search(
            [
                ("state", "=", "posted"),
                ("move_type", "in", ("out_invoice", "out_refund", "out_receipt")),
                ("coop_activity_id.kind", "=", "activity"),
            ]
        )
        Rule = self.env["coop.contribution.rule"]
        rules = Rule._rules_for([document._coop_rule_key() for document in documents])
        invoiced = documents.filtered(
            lambda d: rules[d._coop_rule_key()] and rules[d._coop_rule_key()].base == "invoiced"
        )
        self.assertGreater(len(invoiced), 20)
        for document in invoiced:
            live = document.coop_contribution_ids.filtered(lambda c: c.state == "posted")
            self.assertEqual(len(live), 1, document.name)
            self.assertAlmostEqual(live.base, document.amount_untaxed_signed, places=2)
            self.assertEqual(live.move_id.state, "posted")
        exempt = documents - invoiced
        self.assertTrue(
            exempt.coop_activity_id <= self.env.ref("coop_entrepreneur.activity_photo_demo")
        )
        self.assertFalse(exempt.coop_contribution_ids)
        # The training activity pays its own 8%.
        training = invoiced.filtered(
            lambda d: d.coop_activity_id == self.env.ref("coop_entrepreneur.activity_form_demo")
        )
        self.assertTrue(training)
        self.assertEqual(set(training.coop_contribution_ids.rule_id.mapped("rate")), {8.0})

    def test_the_three_funds_with_a_year_of_movements_and_requests_in_every_state(self):
        funds = self.env["coop.fund"].search([])
        self.assertEqual(
            sorted(funds.mapped("code")), ["GARANTIE", "INVEST", "SECOURS"], "Coopaname's three"
        )
        states = set(self.env["coop.fund.request"].search([]).mapped("state"))
        self.assertLessEqual(
            {"draft", "submitted", "review", "approved", "refused", "paid", "repaying"}
            | {"closed", "written_off"},
            states,
        )
        Movement = self.env["coop.fund.movement"]
        for fund in funds.filtered(lambda f: f.code != "INVEST"):  # no members' loans there
            posted = Movement.search([("fund_id", "=", fund.id), ("state", "=", "posted")])
            money_in = sum(posted.filtered(lambda m: m.kind != "payout").mapped("amount"))
            money_out = sum(posted.filtered(lambda m: m.kind == "payout").mapped("amount"))
            self.assertAlmostEqual(fund.balance, money_in - money_out, places=2, msg=fund.code)
            self.assertGreaterEqual(fund.available, 0.0, fund.code)
        self.assertEqual(
            funds.filtered(lambda f: f.code == "SECOURS").balance, 3440.0 - 1800.0 - 600.0
        )
        claim = self.env["coop.fund.request"].search([("kind", "=", "guarantee")])
        self.assertEqual(len(claim), 1)
        self.assertEqual(claim.state, "closed", "the client paid: the fund got its money back")
        self.assertEqual(claim.amount_recovered, claim.amount)
        loans = self.env["coop.fund.loan"].search([])
        self.assertEqual(loans.mapped("state"), ["running", "running"])
        thomas = self.env.ref("coop_entrepreneur.member_thomas_demo")
        self.assertEqual(thomas.coop_fund_loan_owed, 5000.0 - 10 * round(5000.0 / 24, 2))
        # The relief fund's committee reads a request's reason; Camille, only her own.
        maternity = self.env["coop.fund.request"].search([("state", "=", "paid")], limit=1)
        self.assertTrue(
            maternity.with_user(self.env.ref("coop_entrepreneur.user_gestion_demo")).reason
        )
        self.assertFalse(
            self.env["coop.fund.request"]
            .with_user(self.camille)
            .search([("id", "=", maternity.id)])
        )

    def test_the_register_of_associes_matches_the_capital_accounts(self):
        associates = self.env["res.partner"].search([("coop_member_state", "=", "associate")])
        Operation = self.env["coop.capital.operation"]
        operations = Operation.search([("state", "=", "validated")])
        self.assertEqual(operations.partner_id, associates)
        self.assertTrue(all(partner.coop_shares >= 4 for partner in associates))
        company = self.env.ref("base.main_company")
        today = self.env.cr.now().date()
        capital = Operation._capital_in_register(company, today)
        self.assertEqual(capital, sum(associates.mapped("coop_capital_subscribed")))
        self.assertEqual(Operation._capital_in_books(company, today), capital)
        numbers = sorted(int(name.split("/")[-1]) for name in operations.mapped("name"))
        self.assertEqual(numbers, list(range(numbers[0], numbers[0] + len(numbers))), "no gap")

    def test_last_years_assembly_and_the_board(self):
        assembly = self.env["coop.assembly"].search([("state", "=", "closed")])
        self.assertEqual(len(assembly), 1)
        self.assertTrue(assembly.quorum_reached)
        self.assertEqual(len(assembly.attendee_ids.filtered("proxy_holder_id")), 1)
        self.assertTrue(all(assembly.resolution_ids.mapped("adopted")))
        secret = assembly.resolution_ids.filtered("secret")
        self.assertEqual(set(secret.vote_ids.mapped("choice")), {False})
        board = self.env["coop.body"].search([("kind", "=", "board")])
        self.assertEqual(len(board.mandate_ids), len(assembly.attendee_ids))

    def test_a_year_of_accompaniment(self):
        today = self.env.cr.now().date()
        meetings = self.env["event.event"].search(
            [("event_type_id", "=", self.env.ref("coop_accompaniment.event_type_information").id)]
        )
        self.assertEqual(len(meetings), 12, "an information meeting a month")
        held = self.env["calendar.event"].search(
            [("coop_member_id", "!=", False), ("coop_outcome", "=", "attended")]
        )
        self.assertGreater(len(held), 30)
        sessions = self.env["coop.workshop.session"].search([("date_end", "<", self.env.cr.now())])
        self.assertTrue(sessions.filtered("attendance_recorded"))
        self.assertEqual(len(sessions.filtered(lambda s: not s.attendance_recorded)), 1)
        self.assertTrue(self.env["coop.competence.report"].search_count([]))
        sheet = self.env["coop.accompaniment.statistics"].search(
            [("funded_action_id", "=", False), ("date_to", "=", today)]
        )
        figures = sheet._figures()
        accompanied = figures["accompanied"]
        self.assertEqual(accompanied["total"], accompanied["female"] + accompanied["male"])
        self.assertGreater(accompanied["female"], 0)
        in_period = meetings.filtered(
            lambda m: sheet.date_from <= m.date_begin.date() <= sheet.date_to
        )
        self.assertEqual(figures["information"]["total"], len(in_period))
        # Camille reads her own path and appointments, without the notes.
        camille = self.camille.partner_id
        mine = (
            self.env["calendar.event"]
            .with_user(self.camille)
            .search([("coop_member_id", "!=", False)])
        )
        self.assertEqual(mine.coop_member_id, camille)
        with self.assertRaises(AccessError):
            mine[:1].read(["coop_notes"])

    def test_the_demo_books_pass_every_check_of_the_fec(self):
        company = self.env.ref("base.main_company")
        year = self.env.cr.now().year
        for first_day, last_day in (
            (f"{year - 1}-01-01", f"{year - 1}-12-31"),
            (f"{year}-01-01", f"{year}-12-31"),
        ):
            for kind in ("fec", "fec_analytic_csv"):
                export = self.env["coop.account.export"].create(
                    {
                        "export_kind": kind,
                        "company_id": company.id,
                        "date_from": first_day,
                        "date_to": last_day,
                    }
                )
                export.action_generate()
                self.assertEqual((kind, export.state), (kind, "done"), export.problems)

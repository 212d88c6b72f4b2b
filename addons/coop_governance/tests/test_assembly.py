# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import base64
from datetime import date

from odoo import sql_db
from odoo.exceptions import AccessError, UserError
from odoo.tests import tagged

from .common import GovernanceCommon

LAW = "no associé may hold, beyond their own vote, more than one vote"


@tagged("post_install", "-at_install")
class TestAssembly(GovernanceCommon):
    """Quorum and majority from the statutes (configuration); the proxy rule from the law."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Rule = cls.env["coop.assembly.rule"]
        Rule.create(
            {
                "company_id": cls.company.id,
                "kind": "ordinary",
                "notice": "first",
                "quorum_num": 1,
                "quorum_den": 4,
                "notice_days": 15,
            }
        )
        Rule.create(
            {
                "company_id": cls.company.id,
                "kind": "ordinary",
                "notice": "second",
                "quorum_num": 0,
                "quorum_den": 1,
                "notice_days": 6,
            }
        )

    def _associates(self, count):
        return (
            self.env["res.partner"]
            .with_context(coop_member_transition=True)
            .create(
                [
                    {
                        "name": f"Associé {index:02d}",
                        "coop_member_state": "associate",
                        "coop_associate_date": date(2024, 6, 1),
                    }
                    for index in range(count)
                ]
            )
        )

    def _assembly(
        self, notice="first", agenda="<p>Approbation des comptes</p>", day=date(2026, 6, 20)
    ):
        return self.env["coop.assembly"].create(
            {
                "name": "AGO 2026",
                "company_id": self.company.id,
                "kind": "ordinary",
                "notice": notice,
                "date": day,
                "agenda": agenda,
            }
        )

    def _notified(self, count, notice="first"):
        self._associates(count)
        assembly = self._assembly(notice)
        assembly.action_notify(date(2026, 6, 1))
        return assembly, assembly.attendee_ids.sorted("partner_id")

    def _give_proxies(self, sheet, holder, count):
        holder.attendance = "present"
        for attendee in sheet.filtered(lambda a: a != holder)[:count]:
            attendee.write({"attendance": "represented", "proxy_holder_id": holder.id})

    def test_proxy_caps_at_19_20_39_40_and_41_associes(self):
        for count, cap in ((19, 1), (20, 1), (39, 1), (40, 2), (41, 2)):
            with self.subTest(associes=count), self.env.cr.savepoint() as savepoint:
                assembly, sheet = self._notified(count)
                self.assertEqual(assembly.entitled_count, count)
                holder = sheet[0]
                self._give_proxies(sheet, holder, cap)
                self.assertEqual(len(holder.proxy_ids), cap)
                extra = sheet.filtered(lambda a, h=holder: a.attendance == "absent" and a != h)[0]
                with self.assertRaisesRegex(UserError, LAW):
                    extra.write({"attendance": "represented", "proxy_holder_id": holder.id})
                savepoint.rollback()

    def test_a_proxy_goes_to_an_associe_present_only(self):
        _assembly, sheet = self._notified(5)
        with self.assertRaisesRegex(UserError, "must be an associé present"):
            sheet[1].write({"attendance": "represented", "proxy_holder_id": sheet[0].id})
        self.assertEqual(sheet[1].attendance, "absent")
        sheet[0].attendance = "present"
        sheet[1].write({"attendance": "represented", "proxy_holder_id": sheet[0].id})
        with self.assertRaisesRegex(UserError, "give them to another associé present first"):
            sheet[0].attendance = "absent"
        with self.assertRaisesRegex(UserError, "represented by a proxy holder, and only then"):
            sheet[2].attendance = "represented"
        # One proxy per associé: given again, it moves to the new holder.
        sheet[2].attendance = "present"
        sheet[1].proxy_holder_id = sheet[2]
        self.assertEqual((sheet[0].proxy_ids, sheet[2].proxy_ids), (sheet.browse(), sheet[1]))
        # A proxy to someone who is not an associé of the sheet (left since the notice).
        sheet[3].partner_id.with_context(coop_member_transition=True).coop_member_state = "former"
        with self.assertRaisesRegex(UserError, "no longer vote"):
            sheet[3].attendance = "present"
        with self.assertRaisesRegex(UserError, "must be an associé present"):
            sheet[4].write({"attendance": "represented", "proxy_holder_id": sheet[3].id})

    def test_quorum_exactly_reached_and_missed_by_one(self):
        assembly, sheet = self._notified(20)
        self.assertEqual(assembly.quorum_required, 5)
        sheet[:4].write({"attendance": "present"})
        self.assertFalse(assembly.quorum_reached)
        sheet[4].write({"attendance": "represented", "proxy_holder_id": sheet[0].id})
        self.assertEqual(assembly.voting_count, 5)
        self.assertTrue(assembly.quorum_reached)

    def test_a_second_notice_has_its_own_lower_quorum(self):
        assembly, sheet = self._notified(20, notice="second")
        self.assertFalse(assembly.quorum_reached)
        sheet[0].attendance = "remote"
        self.assertTrue(assembly.quorum_reached)

    def test_a_notice_needs_an_agenda_and_the_statutory_delay(self):
        self._associates(3)
        with self.assertRaisesRegex(UserError, "Write the agenda"):
            self._assembly(agenda="<p><br></p>").action_notify(date(2026, 6, 1))
        late = self._assembly()
        with self.assertRaisesRegex(UserError, "15 days' notice: notify by 2026-06-05"):
            late.action_notify(date(2026, 6, 10))
        self.assertEqual((late.state, len(late.attendee_ids)), ("draft", 0))

    def test_an_associe_who_left_after_the_notice_no_longer_votes(self):
        assembly, sheet = self._notified(4)
        leaver = sheet[0]
        leaver.partner_id.action_coop_exit("other", date(2026, 6, 5))
        self.assertEqual(assembly.entitled_count, 3)
        with self.assertRaisesRegex(UserError, "has left the cooperative since the notice"):
            leaver.attendance = "present"

    def test_attendance_is_taken_only_while_the_assembly_is_open(self):
        assembly, sheet = self._notified(3)
        assembly.action_close()
        with self.assertRaisesRegex(UserError, "between its notice and its close"):
            sheet[0].attendance = "present"

    def _resolution(self, assembly, **vals):
        return self.env["coop.assembly.resolution"].create(
            {"assembly_id": assembly.id, "name": "Approbation des comptes 2025", **vals}
        )

    def test_one_person_one_vote_and_the_majority_of_the_votes_cast(self):
        assembly, sheet = self._notified(8)
        sheet[:6].write({"attendance": "present"})
        sheet[6].write({"attendance": "represented", "proxy_holder_id": sheet[0].id})
        resolution = self._resolution(assembly)
        for attendee, choice in zip(
            sheet[:7], ["for", "for", "for", "against", "against", "abstain", "for"], strict=True
        ):
            resolution.action_vote(attendee, choice)
        self.assertEqual(
            (resolution.count_for, resolution.count_against, resolution.count_abstain), (4, 2, 1)
        )
        self.assertEqual(
            resolution.vote_ids.filtered(lambda v: v.attendee_id == sheet[6]).voter_id, sheet[0]
        )
        self.assertTrue(resolution.adopted, "4 of 6 votes cast: more than half")
        with self.assertRaisesRegex(UserError, "has voted on Approbation des comptes 2025 already"):
            resolution.action_vote(sheet[0], "against")
        with self.assertRaisesRegex(UserError, "not present or represented"):
            resolution.action_vote(sheet[7], "for")
        with self.assertRaisesRegex(UserError, "attendance and proxies are locked"):
            sheet[6].write({"attendance": "absent", "proxy_holder_id": False})
        tie = self._resolution(assembly, name="Résolution 2")
        for attendee, choice in zip(sheet[:4], ["for", "for", "against", "against"], strict=True):
            tie.action_vote(attendee, choice)
        self.assertFalse(tie.adopted, "2 of 4: not more than half")
        assembly.action_close()
        with self.assertRaisesRegex(UserError, "between the assembly's notice and its close"):
            tie.action_vote(sheet[5], "for")

    def test_a_secret_ballot_keeps_only_the_totals(self):
        assembly, sheet = self._notified(3)
        sheet.write({"attendance": "present"})
        ballot = self._resolution(assembly, secret=True)
        for attendee, choice in zip(sheet, ["for", "against", "for"], strict=True):
            ballot.action_vote(attendee, choice)
        self.assertEqual((ballot.count_for, ballot.count_against), (2, 1))
        votes = self.env["coop.assembly.vote"].search([("resolution_id", "=", ballot.id)])
        self.assertEqual(len(votes), 3, "who voted is known")
        self.assertEqual(set(votes.mapped("choice")), {False}, "what they voted is not kept")
        self.assertFalse(
            self.env["coop.assembly.vote"]
            .sudo()
            .search_count([("choice", "!=", False), ("resolution_id", "=", ballot.id)])
        )
        self.env.cr.execute(
            "SELECT choice FROM coop_assembly_vote WHERE resolution_id = %s", [ballot.id]
        )
        self.assertEqual({row[0] for row in self.env.cr.fetchall()}, {None})

    def test_an_associe_votes_for_themselves_and_the_proxies_they_hold(self):
        associates = self._associates(3)
        users = [
            self._coop_user(f"gov_assoc_{index}", "coop_entrepreneur.group_coop_entrepreneur")
            for index in range(2)
        ]
        for user, partner in zip(users, associates[:2], strict=True):
            user.partner_id = partner
        assembly = self._assembly()
        assembly.action_notify(date(2026, 6, 1))
        sheet = {a.partner_id: a for a in assembly.attendee_ids}
        first, second, third = (sheet[p] for p in associates)
        (first | second).write({"attendance": "present"})
        third.write({"attendance": "represented", "proxy_holder_id": first.id})
        resolution = self._resolution(assembly).with_user(users[0])
        resolution.action_vote(first, "for")
        resolution.action_vote(third, "for")
        with self.assertRaisesRegex(AccessError, "votes for themselves and for the proxies"):
            resolution.action_vote(second, "against")
        resolution.with_user(users[1]).action_vote(second, "against")
        with self.assertRaisesRegex(UserError, "counted from its votes"):
            resolution.with_user(self.env.user).count_for = 10

    def test_the_minutes_say_the_attendance_the_quorum_and_each_result(self):
        assembly, sheet = self._notified(4)
        sheet[:2].write({"attendance": "present"})
        sheet[2].write({"attendance": "represented", "proxy_holder_id": sheet[0].id})
        resolution = self._resolution(assembly)
        for attendee in sheet[:3]:
            resolution.action_vote(attendee, "for")
        assembly.action_close()
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "coop_governance.report_assembly_minutes", assembly.ids
        )
        text = html.decode()
        self.assertIn("Approbation des comptes 2025", text)
        self.assertIn(sheet[0].partner_id.name, text)
        self.assertIn("reached", text)
        self.assertIn("Adopted", text)

    def _read_results(self, assembly):
        """The queries it takes to read an assembly's attendance, quorum and results, the
        cache emptied; and what was read."""
        self.env.invalidate_all()
        before = sql_db.sql_counter
        assembly = self.env["coop.assembly"].browse(assembly.id)
        figures = (assembly.entitled_count, assembly.voting_count, assembly.quorum_reached)
        results = [(r.count_for, r.count_against, r.adopted) for r in assembly.resolution_ids]
        return sql_db.sql_counter - before, figures, results

    def _assembly_of(self, count, resolutions):
        assembly, sheet = self._notified(count)
        voting = count * 5 // 7
        sheet[:voting].write({"attendance": "present"})
        created = self.env["coop.assembly.resolution"].create(
            [{"assembly_id": assembly.id, "name": f"Résolution {n}"} for n in range(resolutions)]
        )
        for resolution in created[:2]:
            for attendee in sheet[: min(10, voting)]:
                resolution.action_vote(attendee, "for")
        return assembly

    def test_seven_hundred_associes_and_twenty_resolutions_in_bounded_queries(self):
        small = self._assembly_of(7, 2)
        self._read_results(small)  # the registry's caches (groups, record rules) warm up
        small_queries, _figures, _results = self._read_results(small)
        big = self._assembly_of(700, 20)
        big_queries, figures, results = self._read_results(big)
        self.assertEqual(figures, (707, 500, True), "the sheet counts every associé")
        self.assertEqual(results[0], (10, 0, True))
        self.assertEqual(len(results), 20)
        self.assertEqual(big_queries, small_queries, "as many queries for 700 as for 7")
        self.assertLessEqual(big_queries, 20)

    def test_the_notice_goes_to_each_associe_and_approved_minutes_lock_the_assembly(self):
        assembly, sheet = self._notified(3)
        notice = assembly.message_ids.filtered(lambda m: m.subject and "AGO 2026" in m.subject)
        self.assertEqual(len(notice), 1)
        self.assertEqual(notice.partner_ids, sheet.partner_id)
        self.assertIn("Approbation des comptes", notice.body)
        with self.assertRaisesRegex(UserError, "Close AGO 2026 before approving"):
            assembly.action_approve_minutes()
        assembly.action_close()
        with self.assertRaisesRegex(UserError, "Attach the signed minutes"):
            assembly.action_approve_minutes()
        assembly.write(
            {"minutes_file": base64.b64encode(b"%PDF-1.4 PV"), "minutes_filename": "pv.pdf"}
        )
        assembly.action_approve_minutes()
        with self.assertRaisesRegex(UserError, "the assembly is locked"):
            assembly.name = "Autre"

    def test_the_notice_carries_its_documents(self):
        self._associates(2)
        assembly = self._assembly()
        accounts = self.env["ir.attachment"].create(
            {
                "name": "Comptes annuels 2025.pdf",
                "datas": base64.b64encode(b"%PDF-1.4 comptes"),
                "res_model": "coop.assembly",
                "res_id": assembly.id,
            }
        )
        assembly.notice_attachment_ids = accounts
        assembly.action_notify(date(2026, 6, 1))
        notice = assembly.message_ids.filtered(lambda m: m.subject and "AGO 2026" in m.subject)
        self.assertEqual(notice.attachment_ids, accounts)

    def test_the_room_votes_through_the_wizard_one_person_one_vote(self):
        assembly, sheet = self._notified(4)
        sheet.write({"attendance": "present"})
        resolution = self._resolution(assembly)
        action = resolution.action_open_vote()
        Wizard = self.env[action["res_model"]].with_context(**action["context"])
        Wizard.create({"choice": "for", "attendee_ids": sheet[:3].ids}).action_record()
        Wizard.create({"choice": "against", "attendee_ids": sheet[3].ids}).action_record()
        self.assertEqual((resolution.count_for, resolution.count_against), (3, 1))
        with self.assertRaisesRegex(UserError, "already"):
            Wizard.create({"choice": "against", "attendee_ids": sheet[0].ids}).action_record()
        self.assertEqual((resolution.count_for, resolution.count_against), (3, 1))


@tagged("post_install", "-at_install")
class TestAssemblyColleges(GovernanceCommon):
    """Colleges of 50, 30 and 20%: one person one vote inside each, each weighted."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["coop.assembly.rule"].create(
            {"company_id": cls.company.id, "kind": "ordinary", "quorum_num": 1, "quorum_den": 2}
        )
        College = cls.env["coop.assembly.college"]
        cls.workers, cls.users, cls.partners = College.create(
            [
                {"name": "Entrepreneurs-salariés", "weight": 50.0, "company_id": cls.company.id},
                {"name": "Salariés d'appui", "weight": 30.0, "company_id": cls.company.id},
                {"name": "Partenaires", "weight": 20.0, "company_id": cls.company.id},
            ]
        )
        members = []
        for college, count in ((cls.workers, 2), (cls.users, 1), (cls.partners, 1)):
            members += [
                {
                    "name": f"{college.name} {index}",
                    "coop_member_state": "associate",
                    "coop_associate_date": date(2024, 6, 1),
                    "coop_college_id": college.id,
                }
                for index in range(count)
            ]
        cls.associates = (
            cls.env["res.partner"].with_context(coop_member_transition=True).create(members)
        )

    def _assembly(self):
        return self.env["coop.assembly"].create(
            {
                "name": "AGO 2026",
                "company_id": self.company.id,
                "date": date(2026, 6, 20),
                "agenda": "<p>Comptes</p>",
                "use_colleges": True,
            }
        )

    def test_each_college_weighs_its_share_of_the_result(self):
        assembly = self._assembly()
        assembly.action_notify(date(2026, 6, 1))
        sheet = {a.partner_id: a for a in assembly.attendee_ids}
        self.assertEqual(
            [sheet[p].college_id for p in self.associates],
            [self.workers, self.workers, self.users, self.partners],
        )
        for attendee in sheet.values():
            attendee.attendance = "present"
        resolution = self.env["coop.assembly.resolution"].create(
            {"assembly_id": assembly.id, "name": "Comptes 2025", "secret": True}
        )
        for partner, choice in zip(
            self.associates, ["for", "against", "for", "against"], strict=True
        ):
            resolution.action_vote(sheet[partner], choice)
        # Two for, two against by head; 50 x 1/2 + 30 x 1 + 20 x 0 = 55% weighted: adopted.
        self.assertEqual((resolution.count_for, resolution.count_against), (2, 2))
        self.assertEqual(resolution.weighted_for, 55.0)
        self.assertTrue(resolution.adopted)
        by_college = {
            r.college_id: (r.weight, r.count_for, r.count_against)
            for r in resolution.college_result_ids
        }
        self.assertEqual(
            by_college,
            {
                self.workers: (50.0, 1, 1),
                self.users: (30.0, 1, 0),
                self.partners: (20.0, 0, 1),
            },
        )
        # A college where nobody votes: the others share its weight. 50 x 0 + 30 x 1 = 30
        # of 80: 37.5%, rejected.
        second = self.env["coop.assembly.resolution"].create(
            {"assembly_id": assembly.id, "name": "Résolution 2"}
        )
        second.action_vote(sheet[self.associates[0]], "against")
        second.action_vote(sheet[self.associates[2]], "for")
        self.assertEqual(second.weighted_for, 37.5)
        self.assertFalse(second.adopted)
        html, _kind = self.env["ir.actions.report"]._render_qweb_html(
            "coop_governance.report_assembly_minutes", assembly.ids
        )
        self.assertIn("Salariés d&#39;appui", html.decode())

    def test_a_notice_by_colleges_needs_every_associe_in_one_and_the_weights_whole(self):
        self.associates[3].coop_college_id = False
        with self.assertRaisesRegex(UserError, "Partenaires 0 belong to no voting college"):
            self._assembly().action_notify(date(2026, 6, 1))
        self.associates[3].coop_college_id = self.partners
        self.partners.weight = 10.0
        assembly = self._assembly()
        with self.assertRaisesRegex(UserError, "add up to 90.0%"):
            assembly.action_notify(date(2026, 6, 1))
        self.assertEqual((assembly.state, len(assembly.attendee_ids)), ("draft", 0))

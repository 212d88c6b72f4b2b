# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo.addons.coop_entrepreneur.tests.common import CoopCompanyCommon
from odoo.exceptions import UserError
from odoo.tests import tagged

LAW = "no associé may hold, beyond their own vote, more than one vote"


@tagged("post_install", "-at_install")
class TestAssembly(CoopCompanyCommon):
    """Quorum and majority from the statutes (configuration); the proxy rule from the law."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Other associés of the database (demo data) would join every sheet: none here.
        cls.env["res.partner"].search([("coop_member_state", "=", "associate")]).with_context(
            coop_member_transition=True
        ).write({"coop_member_state": "cesa"})
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

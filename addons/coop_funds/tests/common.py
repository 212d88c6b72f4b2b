# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import date

from odoo import Command
from odoo.addons.coop_entrepreneur.tests.common import CoopTestCommon


class FundsCommon(CoopTestCommon):
    """The company's relief fund with a committee of three entrepreneurs (Hugo and two
    others), fed with 1,000.00 by Hugo's activity."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.account = cls.company.coop_fund_account_id
        entrepreneur = "coop_entrepreneur.group_coop_entrepreneur"
        cls.user_lea = cls._coop_user("coop_test_lea", entrepreneur, name="Léa Fontaine")
        cls.user_omar = cls._coop_user("coop_test_omar", entrepreneur, name="Omar Diallo")
        cls.fund = cls.env["coop.fund"].create(
            {
                "name": "Fonds de secours",
                "code": "SECOURS",
                "kind": "relief",
                "company_id": cls.company.id,
                "committee_user_ids": [
                    Command.set((cls.user_hugo | cls.user_lea | cls.user_omar).ids)
                ],
                "vote_quorum": 3,
                "vote_majority": 50.0,
                "allow_advance": True,
            }
        )
        cls._movement(cls.activity_web, 1000.0, "payin", date(2026, 1, 15)).action_post()

    @classmethod
    def _movement(cls, activity, amount, kind="payin", day=date(2026, 3, 1), fund=None):
        return cls.env["coop.fund.movement"].create(
            {
                "name": f"{kind} {amount}",
                "fund_id": (fund or cls.fund).id,
                "kind": kind,
                "activity_id": activity.id,
                "date": day,
                "amount": amount,
            }
        )

    def _request(self, amount, kind="grant", user=None, **vals):
        user = user or self.user_camille
        return (
            self.env["coop.fund.request"]
            .with_user(user)
            .create(
                {
                    "fund_id": self.fund.id,
                    "partner_id": user.partner_id.id,
                    "activity_id": self.activity_wood.id,
                    "kind": kind,
                    "amount": amount,
                    "reason": "Retour de congé maternité, chiffre d'affaires en baisse",
                    **vals,
                }
            )
        )

    def _vote(self, request, *votes):
        committee = (self.user_hugo, self.user_lea, self.user_omar)
        for user, vote in zip(committee[: len(votes)], votes, strict=True):
            self.env["coop.fund.vote"].with_user(user).create(
                {"request_id": request.id, "vote": vote, "comment": f"{user.name}: {vote}"}
            )

    def _approved(self, amount, kind="grant", **vals):
        request = self._request(amount, kind, **vals)
        request.action_submit()
        self._vote(request, "for", "for", "against")
        return request.with_env(self.env)

    def _analytic(self, move, account):
        """{analytic account id: balance} of the move's lines on ``account``."""
        result = {}
        for line in move.line_ids.filtered(lambda ln: ln.account_id == account):
            for key, percentage in line.analytic_distribution.items():
                result[int(key)] = result.get(int(key), 0.0) + line.balance * percentage / 100
        return result

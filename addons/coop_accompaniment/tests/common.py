# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import datetime, timedelta

from odoo import fields
from odoo.addons.coop_entrepreneur.tests.common import CoopTestCommon


class AccompanimentCommon(CoopTestCommon):
    """Camille, followed by Julien (the accompagnateur), and Hugo, followed by no one;
    each with an accompaniment started on 1 January 2026."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Accompaniment = cls.env["coop.accompaniment"]
        cls.acc_camille = cls.Accompaniment.create(
            {
                "partner_id": cls.camille.id,
                "tutor_id": cls.user_tutor.id,
                "company_id": cls.company.id,
                "date_start": fields.Date.to_date("2026-01-01"),
            }
        )
        cls.acc_hugo = cls.Accompaniment.create(
            {
                "partner_id": cls.hugo.id,
                "tutor_id": cls.user_manager.id,
                "company_id": cls.company.id,
                "date_start": fields.Date.to_date("2026-01-01"),
            }
        )
        cls.now = fields.Datetime.now().replace(microsecond=0)

    @classmethod
    def _appointment(cls, member, start, hours=1.0, **vals):
        start = start if isinstance(start, datetime) else fields.Datetime.to_datetime(start)
        return cls.env["calendar.event"].create(
            {
                "name": f"Rendez-vous {member.name}",
                "start": start,
                "stop": start + timedelta(hours=hours),
                "coop_member_id": member.id,
                "coop_kind": "follow_up",
                "user_id": cls.user_tutor.id,
                **vals,
            }
        )

    @classmethod
    def _workshop(cls, name="Atelier Devis et factures", **vals):
        return cls.env["event.event"].create(
            {
                "name": name,
                "date_begin": cls.now - timedelta(days=10),
                "date_end": cls.now + timedelta(days=30),
                "coop_is_workshop": True,
                "company_id": cls.company.id,
                **vals,
            }
        )

    @classmethod
    def _session(cls, workshop, begin, hours=3.0, **vals):
        return cls.env["coop.workshop.session"].create(
            {
                "event_id": workshop.id,
                "name": f"{workshop.name} – {begin:%d/%m}",
                "date_begin": begin,
                "date_end": begin + timedelta(hours=hours),
                "place": "Salle Jean Jaurès, 12 rue des Coopératives, Paris",
                **vals,
            }
        )

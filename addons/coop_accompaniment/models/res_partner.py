# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

STAFF = "coop_entrepreneur.group_coop_tutor"
GENDERS = [("female", "Woman"), ("male", "Man"), ("other", "Other or not said")]


class ResPartner(models.Model):
    """What funders count of a person accompanied: gender, age, territory. Members who are
    not employees yet (prospects, CAPE) have no employee record: these live on the contact."""

    _inherit = "res.partner"

    coop_gender = fields.Selection(GENDERS, string="Gender (statistics)", groups=STAFF, index=True)
    coop_birthdate = fields.Date("Date of birth", groups=STAFF)
    coop_territory = fields.Char(
        "Territory",
        compute="_compute_coop_territory",
        store=True,
        index=True,
        groups=STAFF,
        help="The département, from the postcode's first two digits (2A/2B for Corsica).",
    )
    coop_accompaniment_ids = fields.One2many(
        "coop.accompaniment", "partner_id", string="Accompaniments", groups=STAFF
    )

    @api.depends("zip", "country_id")
    def _compute_coop_territory(self):
        for partner in self:
            code = (partner.zip or "").strip().replace(" ", "")
            if not code[:2].isdigit() or (partner.country_id and partner.country_id.code != "FR"):
                partner.coop_territory = False
            elif code[:2] == "20":
                partner.coop_territory = "2A" if code[:3] in ("200", "201") else "2B"
            elif code[:2] == "97":
                partner.coop_territory = code[:3]
            else:
                partner.coop_territory = code[:2]

# Run by tests/test_migration.py through `odoo shell`, on coop_contribution 18.0.1.0.0:
# two activities, invoices, a credit note, an invoice reset and posted again; prints what
# the contributions amount to per activity, from the landed version's own report.
# ruff: noqa: F821  (env is given by odoo shell)
import json

from odoo import Command

company = env.ref("base.main_company")
client = env["res.partner"].create({"name": "Client de la migration"})
member = env["res.partner"].create({"name": "Camille Martin"})
member.action_coop_enter()
activities = env["coop.activity"].create(
    [
        {
            "name": "Atelier Bois",
            "code": "BOIS",
            "naf_code": "16.23Z",
            "company_id": company.id,
            "member_ids": [Command.set(member.ids)],
        },
        {
            "name": "Pixel",
            "code": "WEB",
            "naf_code": "62.01Z",
            "company_id": company.id,
            "member_ids": [Command.set(member.ids)],
        },
    ]
)
activities.action_activate()
wood, web = activities


def document(activity, amount, day, move_type="out_invoice"):
    move = env["account.move"].create(
        {
            "move_type": move_type,
            "partner_id": client.id,
            "invoice_date": day,
            "coop_activity_id": activity.id,
            "invoice_line_ids": [
                Command.create(
                    {"name": "Prestation", "price_unit": amount, "tax_ids": [Command.clear()]}
                )
            ],
        }
    )
    move.action_post()
    return move


document(wood, 1000.0, "2026-03-10")
reset = document(wood, 333.33, "2026-04-10")
document(web, 2500.0, "2026-05-10")
document(wood, 200.0, "2026-06-01", "out_refund")
reset.button_draft()
reset.action_post()
totals = {
    activity.code: amount
    for activity, amount in env["coop.contribution.report"]._read_group(
        [], ["activity_id"], ["amount:sum"]
    )
}
account = {
    activity.code: amount
    for activity, amount in env["coop.activity.account"]._read_group(
        [("activity_id", "in", activities.ids)], ["activity_id"], ["contribution:sum"]
    )
}
env.cr.commit()
print("RESULT " + json.dumps({"contributions": totals, "activity_account": account}))

# Run by tests/test_migration.py through `odoo shell`, after the update to 18.0.2.0.0:
# prints the contributions per activity, the activity account's figures, the general
# ledger's balances on the accounts contributions touch, and the Contributions journal's
# numbering.
# ruff: noqa: F821  (env is given by odoo shell)
import json

Contribution = env["coop.contribution"]
activities = env["coop.activity"].search([("code", "in", ("BOIS", "WEB"))])
totals = {
    activity.code: amount
    for activity, amount in Contribution._read_group(
        [("state", "=", "posted")], ["activity_id"], ["amount:sum"]
    )
}
account = {
    activity.code: amount
    for activity, amount in env["coop.activity.account"]._read_group(
        [("activity_id", "in", activities.ids)], ["activity_id"], ["contribution:sum"]
    )
}
journal = env.ref("base.main_company").coop_contribution_journal_id
ledger = {
    acc.code: balance
    for acc, balance in env["account.move.line"]._read_group(
        [("journal_id", "=", journal.id), ("parent_state", "=", "posted")],
        ["account_id"],
        ["balance:sum"],
    )
}
entries = env["account.move"].search([("journal_id", "=", journal.id), ("state", "=", "posted")])
numbers = {}
for entry in entries:
    numbers.setdefault(entry.sequence_prefix, []).append(entry.sequence_number)
print(
    "RESULT "
    + json.dumps(
        {
            "contributions": totals,
            "activity_account": account,
            "ledger": ledger,
            "numbering": {prefix: sorted(n) for prefix, n in numbers.items()},
            "records": Contribution.search_count([]),
            "with_entry": Contribution.search_count([("move_ids", "!=", False)]),
            "cron": env.ref("coop_contribution.ir_cron_contribution_month").code,
        }
    )
)

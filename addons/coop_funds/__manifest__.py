# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "CAE Solidarity Funds",
    "summary": "Fund request workflows: the cooperative's solidarity funds (investment, "
    "relief, receivables guarantee), their pay-ins, requests decided by a committee, "
    "payouts and repayments, booked neutral between analytic accounts",
    "version": "18.0.1.0.0",
    "category": "Cooperative",
    "website": "https://github.com/coop-cae/coop-cae-suite",
    "author": "Coop CAE Suite",
    "maintainers": ["coop-cae"],
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["coop_contribution"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/coop_funds_security.xml",
        "security/ir.model.access.csv",
        "data/coop_funds_data.xml",
        "data/mail_template_data.xml",
        "wizards/coop_fund_recovery_views.xml",
        "views/coop_fund_views.xml",
        "views/coop_fund_movement_views.xml",
        "views/coop_fund_request_views.xml",
        "views/coop_fund_loan_views.xml",
        "views/coop_fund_proposal_views.xml",
        "views/coop_contribution_rule_views.xml",
        "wizards/coop_fund_report_views.xml",
        "views/coop_funds_menus.xml",
    ],
    "assets": {
        "web.assets_tests": ["coop_funds/static/tests/tours/*.js"],
    },
    "demo": ["demo/coop_funds_demo.xml"],
    "post_init_hook": "_coop_funds_post_init",
    "installable": True,
}

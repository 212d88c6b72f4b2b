# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "CAE Contributions",
    "summary": "The share of revenue each activity pays the cooperative, booked neutral "
    "between analytic accounts: invoiced or collected turnover, gross margin, bands, fixed "
    "fees, other shares, exemptions",
    "version": "18.0.2.0.0",
    "category": "Cooperative",
    "website": "https://github.com/coop-cae/coop-cae-suite",
    "author": "Coop CAE Suite",
    "maintainers": ["coop-cae"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": ["coop_entrepreneur"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/coop_contribution_security.xml",
        "security/ir.model.access.csv",
        "data/ir_cron_data.xml",
        "data/coop_contribution_data.xml",
        "views/coop_contribution_rule_views.xml",
        "views/coop_contribution_exemption_views.xml",
        "views/coop_contribution_views.xml",
        "views/account_move_views.xml",
        "wizards/coop_contribution_run_views.xml",
        "wizards/coop_contribution_statement_views.xml",
        "views/res_config_settings_views.xml",
        "views/coop_contribution_menus.xml",
    ],
    "assets": {
        "web.assets_tests": ["coop_contribution/static/tests/tours/*.js"],
    },
    "demo": ["demo/coop_contribution_demo.xml"],
    "post_init_hook": "_coop_contribution_post_init",
    "installable": True,
}

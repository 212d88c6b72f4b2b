# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "CAE Governance",
    "summary": "Capital shares and the register of associés, each operation a posted entry on "
    "the capital accounts (1012, 1013, 4562, 4567); general assemblies with the law's proxy "
    "rule and the statutes' quorum",
    "version": "18.0.1.0.0",
    "category": "Cooperative",
    "website": "https://github.com/coop-cae/coop-cae-suite",
    "author": "Coop CAE Suite",
    "maintainers": ["coop-cae"],
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["coop_entrepreneur"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/coop_governance_security.xml",
        "security/ir.model.access.csv",
        "data/coop_governance_data.xml",
        "data/mail_template_data.xml",
        "views/coop_capital_views.xml",
        "views/coop_assembly_views.xml",
        "views/coop_mandate_views.xml",
        "views/coop_vitality_views.xml",
        "views/res_partner_views.xml",
        "report/coop_assembly_minutes.xml",
        "report/coop_register_report.xml",
        "wizards/coop_register_export_views.xml",
        "wizards/coop_assembly_vote_wizard_views.xml",
        "views/coop_governance_menus.xml",
    ],
    "assets": {
        "web.assets_tests": ["coop_governance/static/tests/tours/*.js"],
    },
    "demo": ["demo/coop_governance_demo.xml"],
    "installable": True,
}

# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "CAE Exports for the Expert-Comptable",
    "summary": "The legal FEC file, checked before it is offered, and per-activity analytic "
    "ledgers (XLSX, and CSV FEC with the activity code) for the expert-comptable",
    "version": "18.0.1.0.0",
    "category": "Accounting/Localizations",
    "website": "https://github.com/coop-cae/coop-cae-suite",
    "author": "Coop CAE Suite",
    "maintainers": ["coop-cae"],
    "license": "AGPL-3",
    "development_status": "Beta",
    "depends": ["coop_entrepreneur", "l10n_fr_account"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/ir.model.access.csv",
        "security/coop_account_export_security.xml",
        "views/coop_account_export_views.xml",
        "wizards/coop_fec_export_wizard_views.xml",
        "wizards/coop_analytic_ledger_wizard_views.xml",
        "views/coop_account_export_menus.xml",
    ],
    "assets": {
        "web.assets_tests": ["coop_account_export/static/tests/tours/*.js"],
    },
    "installable": True,
}

# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "CAE Accompaniment",
    "summary": "The newcomer's path from the information meeting to the CESA: accompaniments "
    "with the CAPE's limit watched, appointments on the calendar, workshops with a sign-in "
    "sheet per session, mentoring, competence grids and statistics for funders",
    "version": "18.0.1.0.0",
    "category": "Cooperative",
    "website": "https://github.com/coop-cae/coop-cae-suite",
    "author": "Coop CAE Suite",
    "maintainers": ["coop-cae"],
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["coop_entrepreneur", "calendar", "event", "hr_skills"],
    "external_dependencies": {"python": ["xlsxwriter"]},
    "data": [
        "security/coop_accompaniment_security.xml",
        "security/ir.model.access.csv",
        "data/coop_accompaniment_data.xml",
        "report/coop_accompaniment_reports.xml",
        "views/coop_accompaniment_views.xml",
        "views/calendar_event_views.xml",
        "views/coop_workshop_views.xml",
        "views/coop_competence_views.xml",
        "views/coop_statistics_views.xml",
        "views/res_partner_views.xml",
        "views/res_config_settings_views.xml",
        "views/coop_accompaniment_menus.xml",
    ],
    "assets": {
        "web.assets_tests": ["coop_accompaniment/static/tests/tours/*.js"],
    },
    "demo": ["demo/coop_accompaniment_demo.xml"],
    "installable": True,
}

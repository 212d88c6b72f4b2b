# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
{
    "name": "CAE Governance: fund committees",
    "summary": "Each solidarity fund's committee is a body of the governance: its members "
    "are elected for a term, and those who hold a seat today decide on the fund's requests",
    "version": "18.0.1.0.0",
    "category": "Cooperative",
    "website": "https://github.com/coop-cae/coop-cae-suite",
    "author": "Coop CAE Suite",
    "maintainers": ["coop-cae"],
    "license": "AGPL-3",
    "development_status": "Alpha",
    "depends": ["coop_funds", "coop_governance"],
    "data": ["views/coop_body_views.xml"],
    "demo": ["demo/coop_governance_funds_demo.xml"],
    "auto_install": True,
    "installable": True,
}

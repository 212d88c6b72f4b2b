# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def _coop_contribution_post_init(env):
    """Give each company with a chart of accounts its contribution journal, accounts and rule."""
    env["res.company"]._coop_contribution_setup_all()

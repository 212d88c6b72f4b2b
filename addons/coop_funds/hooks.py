# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def _coop_funds_post_init(env):
    env["res.company"]._coop_funds_setup_all()

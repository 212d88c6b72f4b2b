# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).


def _coop_entrepreneur_post_init(env):
    """Give existing companies their salary accounts (PCG 64x) and a structure activity;
    the settlements already in the books their activity."""
    env["res.company"]._coop_setup_all_companies()
    env["account.partial.reconcile"]._coop_write_all_settlements()

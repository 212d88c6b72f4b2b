from . import res_company
from . import res_config_settings
from . import coop_contribution_rule
from . import coop_contribution_exemption
from . import account_move
from . import account_partial_reconcile
from . import coop_contribution

from . import res_company
from . import coop_fund
from . import coop_fund_movement
from . import coop_fund_request
from . import account_move
from . import account_partial_reconcile
from . import coop_contribution

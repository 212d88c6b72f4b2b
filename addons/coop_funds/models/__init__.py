from . import res_company
from . import coop_fund
from . import coop_fund_movement
from . import coop_fund_request
from . import account_move
from . import coop_contribution

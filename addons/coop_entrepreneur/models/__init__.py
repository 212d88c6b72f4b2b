from . import res_company
from . import res_config_settings
from . import coop_activity
from . import res_partner
from . import res_users
from . import account_move
from . import account_move_line
from . import hr_contract

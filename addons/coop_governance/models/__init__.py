from . import coop_capital
from . import res_partner

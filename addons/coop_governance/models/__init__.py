from . import coop_capital
from . import res_partner
from . import coop_assembly
from . import coop_mandate
from . import coop_vitality

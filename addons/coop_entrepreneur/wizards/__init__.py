from . import coop_member_exit
from . import coop_salary_simulation

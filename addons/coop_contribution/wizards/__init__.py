from . import coop_contribution_run
from . import coop_contribution_statement

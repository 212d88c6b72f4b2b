from . import coop_register_export
from . import coop_assembly_vote_wizard

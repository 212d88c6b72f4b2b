from . import coop_register_export

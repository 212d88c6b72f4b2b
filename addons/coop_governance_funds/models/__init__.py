from . import coop_body

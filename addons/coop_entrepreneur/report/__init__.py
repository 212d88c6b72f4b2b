from . import coop_activity_account

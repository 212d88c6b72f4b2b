from . import coop_member_exit

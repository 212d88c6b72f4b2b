from . import coop_contribution_report

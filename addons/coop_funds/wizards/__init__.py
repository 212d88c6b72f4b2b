from . import coop_fund_report

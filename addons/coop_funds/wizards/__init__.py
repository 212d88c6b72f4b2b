from . import coop_fund_report
from . import coop_fund_recovery

from . import test_fund_committee

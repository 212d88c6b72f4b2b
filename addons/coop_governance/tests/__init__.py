from . import test_capital

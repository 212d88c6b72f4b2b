from . import test_capital
from . import test_assembly
from . import test_mandate
from . import test_tours

from . import test_invoiced
from . import test_rules
from . import test_collected
from . import test_period_run
from . import test_statement
from . import test_property
from . import test_tours

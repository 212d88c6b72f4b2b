from . import test_booking
from . import test_requests
from . import test_privacy
from . import test_instalments
from . import test_tours
from . import test_guarantee
from . import test_loans
from . import test_proposals

from . import test_path
from . import test_workshop
from . import test_statistics
from . import test_competence
from . import test_tours

from . import models
from .hooks import _coop_funds_post_init

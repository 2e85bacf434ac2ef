"""The factories of JPT Desk live in ``tests/factories.py``, one module for every app's models;
this module re-exports them for the tests that import from here.

Factories write rows directly with the ORM: no audit entry, no e-mail. A test about a state
change uses the services (see ``tests/factories.py``).
"""

from tests.factories import *  # noqa: F403
from tests.factories import __all__  # noqa: F401

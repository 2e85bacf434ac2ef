"""Settings, one module per situation: ``local`` (make run), ``test`` (make test), ``production``."""

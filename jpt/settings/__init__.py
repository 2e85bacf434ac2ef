"""Settings, one module per situation: `local` (make run), `test`, `production`."""

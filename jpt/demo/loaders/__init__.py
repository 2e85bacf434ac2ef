"""One loader per app, each calling that app's services (or, for accounts and bases, which
administrators create in the admin, the ORM as the admin does). Each returns a
:class:`jpt.demo.helpers.Loaded` and is idempotent: a row found from an earlier run is left
alone."""

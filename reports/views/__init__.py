"""Pages of the reports app: ``report`` (the report page and its editor) and ``review`` (the
review chain's inbox and review pages)."""

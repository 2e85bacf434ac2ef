"""Pages of the reports app: ``report`` (the report page and its editor), ``review`` (the
review chain's inbox and review pages) and ``threats`` (the list of protection threats)."""

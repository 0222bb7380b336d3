"""govreport: the command line (``govreport.cli``) of the report-to-indicators service."""

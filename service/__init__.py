"""Runtime of govreport: report text in, standard indicators out.

normalise → tag → structure → map → check → JSON (see ``service.pipeline``).
Never imports ``training``: the saved model directory is the only contract between them.
"""

"""Training and evaluation of govreport: data, the token classifier, scoring against gold values.

May import ``service`` (the runtime); ``service`` never imports this package.
"""

"""graf's HTTP layer: a SPARQL 1.1 endpoint, a small REST API and a few pages (``graf serve``).

Build the app with :func:`api.app.create_app`; nothing is loaded at import time.
"""

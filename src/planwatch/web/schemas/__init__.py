"""Response models of the JSON twins, one module per page area (``web/routes/<area>.py``).

They document in OpenAPI what each route returns. Replies are serialised without them (orjson, for
speed: ``web/jsonreply.py``); ``tests/web/test_corpus_pages.py`` validates every real reply of every
corpus plan against its route's model, so a model that drifts from its data fails there.
"""

"""The participants' seats as a web app (ASGI, Starlette, served by uvicorn beside the console).

- :mod:`crisissim.web.hub`: the journal followed once, each role's read model, tokens, the throttle;
- :mod:`crisissim.web.app`: the pages and the JSON API the page and the terminal seat share;
- :mod:`crisissim.web.safety`: headers, the Origin check, size and connection limits;
- :mod:`crisissim.web.pages`, :mod:`crisissim.web.words`: what the templates show, in words;
- :mod:`crisissim.web.server`: uvicorn in a thread of the console's process, on a socket bound first.

Only this package imports Starlette and uvicorn; it reads the exercise through the read model
and writes nothing but seats' ``join`` and ``request`` records (docs/seats.md).
"""

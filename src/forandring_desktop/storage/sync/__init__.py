"""Sync between laptops through the organisation's PostgreSQL server.

The server holds an append-only log of encrypted changes (``server.py`` and the versioned
SQL in ``server_schema/``); each laptop keeps an outbox of its own changes in its encrypted
file (``outbox.py``), stamps them with a hybrid logical clock (``hlc.py``), encrypts each
one with a key derived from the organisation's data key (``envelope.py``), and pushes and
pulls them (``client.py``). psycopg is imported in this package only.
"""

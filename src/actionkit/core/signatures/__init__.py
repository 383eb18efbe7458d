"""Events, signature sheets, the signer store, validation, export and merge. No Qt here.

Signer data is dangerous to lose and dangerous to leak: every confirmed row is
committed at once (WAL, synchronous=FULL), and nothing leaves the store except
through an export the user asks for.
"""

"""The symptom check: the decision tree, its content, and the proof that it keeps the contract.

* :mod:`.tree`: loading the tree, walking answers to an outcome, :class:`TriageSession`;
* :mod:`.content`: the pydantic models of the content files (used by ``content check``);
* :mod:`.proof`: the brute-force proof of the contract over every answer combination;
* :mod:`.saved`: a saved check read back as an outcome.

It imports the kernel modules and :mod:`nervecheck.engine.store` (the saved-check
document); never the log or the routines. The answers the check suggests from the
daily log and past checks live with the log, in :mod:`nervecheck.engine.log.prefill`.
"""

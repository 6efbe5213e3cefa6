"""NerveCheck's domain: the store, the symptom check, the daily log and the routines.

Rooms, lowest first; a room imports only from the rooms below it:

* kernel modules at this level: :mod:`.vocab` (the contract's ids), :mod:`.clock`,
  :mod:`.units`, :mod:`.textsafe`, :mod:`.digests`, :mod:`.content_files`, :mod:`.dates`
  (a typed day: ``YYYY-MM-DD``, ``today``, ``yesterday``, ``-N``);
* :mod:`.store`: the stored documents, their one definition, and the database file;
* :mod:`.triage`, :mod:`.routines`, :mod:`.watch`: independent jobs (the check, the
  exercises, activity files read into records);
* :mod:`.log`: what is read back from the log, above triage and routines.

Nothing here imports Textual or :mod:`nervecheck.tui` (an import contract in the suite
holds it): the command line must start fast and the clinical logic must be testable
without a UI.
"""

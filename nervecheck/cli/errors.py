"""The error a command reports as one line with exit status 2."""


class UsageError(Exception):
    """Bad input from the user: the message names the field, value or line at fault."""

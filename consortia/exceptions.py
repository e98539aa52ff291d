"""Errors that services raise and views turn into form errors or messages."""


class NotAllowed(Exception):
    """The user may not do this, or the proposal's state forbids it; ``message`` says why."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message

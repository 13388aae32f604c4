"""Email backends that fail, for the tests of emails sent by tasks."""

from __future__ import annotations

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class BrokenSMTPBackend(BaseEmailBackend):
    """The mail server answers, then refuses."""

    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


class UnreachableBackend(BaseEmailBackend):
    """Nothing listens where the mail server should be."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError(111, "Connection refused")


FAILING = ["tests.mailers.BrokenSMTPBackend", "tests.mailers.UnreachableBackend"]
WORKING = "django.core.mail.backends.locmem.EmailBackend"

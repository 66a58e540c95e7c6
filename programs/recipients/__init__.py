"""Recipient lists: periods and quotas, decree list imports, manual enrolment, statuses."""

from programs.recipients.enrolment import recipient_enrol, recipient_status_change

__all__ = ["recipient_enrol", "recipient_status_change"]

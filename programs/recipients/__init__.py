"""Recipient lists: periods and quotas, decree list imports, manual enrolment, statuses."""

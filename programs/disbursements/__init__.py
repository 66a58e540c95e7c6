"""Disbursement schedules: each stage planned per period and region, its realisation recorded
by the implementing agency, late, unpaid, short and unscheduled stages flagged."""

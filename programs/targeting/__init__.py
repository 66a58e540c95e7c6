"""Targeting runs: who qualifies, who receives and where the two disagree, computed in SQL
into each run's result tables (``services``) and read back cut to the user's scope
(``selectors``)."""

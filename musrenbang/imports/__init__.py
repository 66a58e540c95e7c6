"""Musrenbang's uploaded tables on the shared pipeline (``tkpk.tabular``): proposals in bulk
(``proposals``) and a forum's sign-in sheet (``attendance``). Each declares its
``TableImport`` and its vectorised cell checks; ``musrenbang.services.batches`` stages,
classifies and commits them."""

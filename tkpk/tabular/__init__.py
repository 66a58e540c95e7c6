"""One pipeline for uploaded tables: store (``services``), sniff and read in chunks
(``files``), whole-file problems as codes (``problems``), the abstract batch (``models``),
row reasons as codes (``reasons``), the rejected rows to fix (``rejected``), the validate and
commit jobs (``jobs``). An import declares a ``spec.TableImport`` (its file: columns, limits,
messages) and its ``jobs.ImportSteps`` (its set-based checks and its commit)."""

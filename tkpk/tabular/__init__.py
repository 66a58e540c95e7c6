"""One pipeline for uploaded tables: store (``services``), sniff and read in chunks
(``files``), whole-file problems as codes (``problems``), the abstract batch (``models``),
the rejected rows to fix (``rejected``). An import declares a ``spec.TableImport`` and
brings its own cell checks, set-based SQL checks and commit."""

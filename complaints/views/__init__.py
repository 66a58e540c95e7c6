"""Complaint pages: ``public`` for anyone with the address on the village office's poster
(the form, the village picker, tracking by code), ``backoffice`` for the staff who record,
route, handle and report on complaints."""

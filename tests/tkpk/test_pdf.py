import io

import pytest
from django.template import Context, Template
from pypdf import PdfReader

from tkpk.pdf import ExternalResourceRefused, pdf_from_html, pdf_render, static_file_for


def _text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_a_document_with_a_table_across_pages_numbers_every_page():
    rows = "".join(f"<tr><td>Desa {i}</td><td class='num'>{i}</td></tr>" for i in range(300))
    html = Template(
        "{% extends 'pdf/base.html' %}{% block body %}"
        "<h1 class='document-title'>Uji</h1><h2>Bab</h2>"
        "<table><thead><tr><th>Desa</th><th>Jumlah</th></tr></thead><tbody>"
        + rows
        + "</tbody></table>{% endblock %}"
    ).render(Context())
    pdf = pdf_from_html(html)

    text = _text_of(pdf)
    assert pdf.startswith(b"%PDF")
    assert "Halaman 1 dari" in text
    pages = text.count("Halaman ")
    assert pages > 1 and f"Halaman {pages} dari {pages}" in text
    # The header row is repeated on the pages the table continues on.
    assert text.count("Desa Jumlah") >= pages - 1
    fonts = PdfReader(io.BytesIO(pdf)).pages[0]["/Resources"]["/Font"]
    names = {str(fonts[key].get_object()["/BaseFont"]).split("+")[-1] for key in fonts}
    assert names and all(name.startswith("DejaVu-Sans") for name in names), names


def test_a_link_to_anything_but_the_projects_static_files_is_not_fetched():
    html = Template("<img src='http://example.invalid/x.png'><p>Teks</p>").render(Context())
    with pytest.raises(ExternalResourceRefused):
        static_file_for("http://example.invalid/x.png")
    with pytest.raises(ExternalResourceRefused):
        static_file_for("file:///etc/passwd")
    assert static_file_for("file:///static/tkpk/fonts/DejaVuSans.ttf").endswith("DejaVuSans.ttf")
    # WeasyPrint reports a failed fetch and renders without the image.
    assert pdf_from_html(html).startswith(b"%PDF")


def test_a_template_renders_by_name():
    pdf = pdf_render(template_name="pdf/base.html", context={})
    assert pdf.startswith(b"%PDF") and "Halaman 1 dari 1" in _text_of(pdf)

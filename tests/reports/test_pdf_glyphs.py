"""An Urdu PDF draws its digits and Latin letters with glyphs that exist in the fonts it embeds,
so every PDF engine (Chrome's, Firefox's, poppler) shows "2026-01-01" and "<2", not Arabic
letters or question marks. The text layer alone cannot tell: it was right while the glyphs were
wrong, so the test reads the embedded fonts themselves."""

import shutil
import subprocess

import pytest

from tests.pdfs import glyph_problems

from .test_exports import pdf_export


@pytest.fixture
def urdu_pdf(
    as_user, coalition, supervisor_a, small_k, tmp_path, django_capture_on_commit_callbacks
):
    client = as_user(supervisor_a)
    path = tmp_path / "report-ur.pdf"
    path.write_bytes(pdf_export(client, django_capture_on_commit_callbacks, language="ur")[1])
    return path


def test_urdu_pdf_draws_digits_and_latin_with_glyphs_its_fonts_hold(urdu_pdf):
    assert glyph_problems(urdu_pdf.read_bytes(), "0123456789<-:/ASahil") == []
    if not shutil.which("pdffonts"):
        pytest.skip("poppler-utils (pdffonts, pdftotext) is not installed")
    fonts = run("pdffonts", urdu_pdf).splitlines()[2:]
    assert fonts
    assert all(line.split()[-5] == "yes" for line in fonts), fonts  # the "emb" column
    text = run("pdftotext", "-layout", urdu_pdf, "-")
    assert "2026-01-01" in text
    assert "2026-03-31" in text
    assert "<2" in text


def run(*command) -> str:
    return subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, check=True
    ).stdout

"""The executed notebook to the report's self-contained HTML (nbconvert, the project's template)."""

from __future__ import annotations

import copy
import sys

from tthc_analysis.config import NBCONVERT_TEMPLATES

# Cells of the intermediate tables (sections/review.py) carry this tag.
REVIEW_TAG = "review"


def skip_iri_format_check() -> None:
    """Keep nbformat's schema validation from importing rfc3987-syntax (call before importing nbformat).

    nbformat validates notebooks with jsonschema, which checks the "iri" string formats with rfc3987-syntax
    when that is installed (JupyterLab brings it). Importing it builds a parser grammar: about a second on
    every run, for formats no notebook schema uses. Marked absent, jsonschema simply skips that check.
    Done by the renderer when it starts, never at import.
    """
    sys.modules.setdefault("rfc3987_syntax", None)  # type: ignore[arg-type]


def html_from_notebook(notebook, show_code: bool = False, name: str = "bao-cao-tthc") -> str:
    """Convert an executed notebook to the report's self-contained HTML."""
    skip_iri_format_check()
    from nbconvert import HTMLExporter

    notebook = copy.deepcopy(notebook)
    if not show_code:
        # The intermediate tables are for the reviewer (and JupyterLab); the reader's report leaves them out.
        notebook.cells = [c for c in notebook.cells if REVIEW_TAG not in c.metadata.get("tags", [])]
    for cell in notebook.cells:
        # papermill gives the cell it injects a random id; a fixed one keeps renders byte-identical.
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"
    exporter = HTMLExporter(
        template_name="tthc",
        extra_template_basedirs=[str(NBCONVERT_TEMPLATES)],
        exclude_input=not show_code,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        embed_images=True,
    )
    body, _ = exporter.from_notebook_node(notebook, resources={"metadata": {"name": name}})
    return body


def warm_html_exporter() -> None:
    """Convert a two-cell notebook once, and throw the result away.

    The first conversion in a process imports nbconvert and its Markdown parser (whose regular expressions are
    compiled at import), loads and compiles the templates and compiles the CSS selectors used to embed images:
    about a third of a second, against a fifteenth for the same conversion afterwards. The renderer calls this
    in a side thread while the kernel runs the report, so the real conversion does not pay it.
    """
    skip_iri_format_check()
    from nbformat import v4

    notebook = v4.new_notebook(
        cells=[
            v4.new_markdown_cell(
                "## Mục\n\nĐoạn văn có *nhấn mạnh*, [liên kết](#a) và ảnh ![a](data:image/png;base64,AA==)."
            ),
            v4.new_code_cell(
                "1",
                outputs=[v4.new_output("display_data", data={"text/html": "<p>Đơn vị</p>", "text/plain": "Đơn vị"})],
            ),
        ]
    )
    html_from_notebook(notebook)

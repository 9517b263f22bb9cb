"""The example notebook runs headless from top to bottom, shows its chart as an image, and prints no
warning (matplotlib warns once per Chinese character its font cannot draw)."""

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

import kaohe.plotting

NOTEBOOK = Path(__file__).resolve().parents[3] / "examples" / "python" / "ningbo.ipynb"


def run(path: Path) -> nbformat.NotebookNode:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(path)}}).execute()
    return notebook


def test_the_ningbo_notebook_shows_its_chart_without_warnings():
    notebook = run(NOTEBOOK.parent)
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    warnings = [o.text for o in outputs if o.output_type == "stream" and o.name == "stderr"]
    assert warnings == []
    images = [o for o in outputs if "image/png" in o.get("data", {})]
    assert len(images) == 1, "the chart is shown once"
    text = "".join(str(o.get("data", {}).get("text/plain", "")) + str(o.get("data", {}).get("text/html", "")) for o in outputs)
    assert "北仑区" in text and "loses_award_eligibility" in text


def test_run_from_outside_the_repository_it_stops_with_a_clear_message(tmp_path):
    from nbclient.exceptions import CellExecutionError

    with pytest.raises(CellExecutionError, match="start this notebook inside the kaohe repository"):
        run(tmp_path)


def test_the_plotting_helper_names_a_font_with_chinese_glyphs_or_says_what_to_install(monkeypatch):
    from matplotlib import font_manager

    font = kaohe.plotting.use_chinese_font()
    assert font in kaohe.plotting.CHINESE_FONTS
    # The font drawn for Chinese text has the glyphs: no tofu for 海曙区.
    path = font_manager.findfont(font_manager.FontProperties(family=font), fallback_to_default=False)
    from matplotlib.ft2font import FT2Font

    assert all(FT2Font(path).get_char_index(ord(c)) for c in "海曙区年度得分")
    monkeypatch.setattr(kaohe.plotting, "CHINESE_FONTS", ["No Such Font"])
    with pytest.raises(RuntimeError, match="fonts-noto-cjk"):
        kaohe.plotting.use_chinese_font()

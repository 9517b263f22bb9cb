"""The README's Python examples run as written, from the repository root."""

import os
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def test_readme_python_examples_run():
    blocks = re.findall(r"```python\n(.*?)```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S)
    assert blocks, "the README has Python examples"
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        for block in blocks:
            exec(compile(block, "README.md", "exec"), {})
    finally:
        os.chdir(here)

"""The type stubs match the module (mypy's stubtest)."""

import subprocess
import sys


def test_stubs_match_the_module(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mypy.stubtest", "kaohe"], capture_output=True, text=True, cwd=tmp_path
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success" in result.stdout

"""The example notebooks run from top to bottom in a real Jupyter kernel."""

from __future__ import annotations

from pathlib import Path

import nbclient
import nbformat
import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"


#: What each notebook's outputs must show, and how many pictures.
EXPECTED = {
    "activities.ipynb": (
        [
            "co-organising circles: 12",
            "circle 1: 3 organisers, 17 activities",
            "organise most together: 春晖公益社团 + “嘉”领袖志愿服务队 12",
            "needs answered by projects: 47",
            "projects answering no recorded need: ['新增电动车充电桩200个', '新建车棚2个']",
        ],
        1,
    ),
    "matching_strategies.ipynb": (
        ["candidate pairs", "optimal", "富成花园社区", "urgent needs matched", "urgent_first"],
        2,
    ),
    "research.ipynb": (
        [
            "same_grid: t = 205.6, QAP p = 0.000",
            "involves_party_branch: t = 30.4, QAP p = 0.004",
            "involves_party_member: t = 14.8, QAP p = 0.074",
            "cross-grid ties carried by the party: 29.1% (random networks: 28.1%, p = 0.049)",
            "E-I index by grid: observed -0.88, random 0.85",
        ],
        0,
    ),
    "trends.ipynb": (
        [
            "largest fall: FC-M07",
            "left: ['FC-W013']",
            "taken over: 6",
            "arrivals estimated from 554 dated needs",
        ],
        1,
    ),
    "quickstart.ipynb": (
        [
            "3,881 partners",
            "FC-M01, FC-L1",
            "party members cover",
            "optimal",
            "329 nodes, 541 edges",
            "index.html",
        ],
        0,
    ),
}


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_notebook_runs_without_errors(name, tmp_path):
    notebook = nbformat.read(EXAMPLES / name, as_version=4)
    client = nbclient.NotebookClient(
        notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(tmp_path)}}
    )
    client.execute()  # raises CellExecutionError on the first failing cell
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    text = "\n".join(str(o.get("data", {}).get("text/plain", o.get("text", ""))) for o in outputs)
    phrases, pictures = EXPECTED[name]
    assert all(phrase in text for phrase in phrases), [p for p in phrases if p not in text]
    assert sum("image/png" in o.get("data", {}) for o in outputs) == pictures
    if name == "quickstart.ipynb":  # the page shows inline; the page and the report are written
        frames = [o["data"]["text/html"] for o in outputs if "text/html" in o.get("data", {})]
        assert any(frame.startswith("<iframe srcdoc=") for frame in frames)
        assert (tmp_path / "report" / "index.html").exists() and (tmp_path / "network.html").exists()

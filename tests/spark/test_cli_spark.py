"""``govgraph spark``: the city commands, in Spark local mode, on real Parquet folders."""

from __future__ import annotations

import json

import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

import govgraph as gg
from govgraph import spark as ggs
from govgraph.cli import EXIT_INVALID_DATA, main


@pytest.fixture(scope="module")
def city_folder(spark, tmp_path_factory):
    path = tmp_path_factory.mktemp("city") / "city.parquet"
    ggs.synthetic_city(spark, 3, partners_per_community=1_000, seed=2).write(path)
    return path


def run(*arguments: str):
    result = CliRunner().invoke(main, ["spark", *arguments, "--master", "local[2]"])
    return result


def test_report_writes_the_city_tables(city_folder, tmp_path):
    result = run("report", str(city_folder), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0, result.output
    assert "已匹配" in result.output and "3 个社区" in result.output
    out = tmp_path / "out"
    communities = pd.read_csv(out / "communities.csv", encoding="utf-8-sig")
    assert list(communities.columns)[:2] == ["社区 community", "名称 name"]
    assert len(communities) == 3 and communities["合伙人 partners"].sum() == 3_000
    metrics = json.loads((out / "metrics.json").read_text(encoding="utf-8"))
    assigned = pq.read_table(out / "assignments.parquet").to_pandas()
    assert metrics["matched"] == len(assigned) == communities["已匹配需求 needs matched"].sum()
    measures = pq.read_table(out / "measures.parquet").to_pandas()
    assert len(measures) == 3_000 and {"degree", "strength", "component", "pagerank"} <= set(measures.columns)
    assert not any(
        word in (out / "communities.csv").read_text(encoding="utf-8-sig") for word in ("nan", "None", "True")
    )


def test_coverage_to_a_csv_for_people(city_folder, tmp_path):
    result = run(
        "coverage", str(city_folder), "-o", str(tmp_path / "cover.csv"), "--unit", "grid", "--hops", "2"
    )
    assert result.exit_code == 0, result.output
    table = pd.read_csv(tmp_path / "cover.csv", encoding="utf-8-sig")
    assert len(table) == 30 and "已覆盖" in result.output


def test_invalid_data_is_listed_not_run(city_folder, tmp_path):
    net = gg.read(city_folder)
    partners = net.partners.reset_index()
    partners.loc[3, "name"] = '=HYPERLINK("http://x")'
    partners.loc[4, "kind"] = "\x1b[31mred"
    bad = tmp_path / "bad.parquet"
    bad.mkdir()
    partners.to_parquet(bad / "partners.parquet", index=False)
    net.relations.to_parquet(bad / "relations.parquet", index=False)
    result = run("match", str(bad), "-o", str(tmp_path / "m.parquet"))
    assert result.exit_code == EXIT_INVALID_DATA
    assert "数据有误，共" in result.output and "partners.parquet 第 5 行 row 5 [kind]" in result.output
    assert "\x1b" not in result.output and "\\x1b" in result.output
    assert not (tmp_path / "m.parquet").exists()


@pytest.mark.slow
def test_spark_submit_runs_the_command(city_folder, tmp_path):
    """The README's cluster recipe, in local mode: spark-submit runs govgraph/__main__.py."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    submit = Path(sys.executable).parent / "spark-submit"
    entry = Path(gg.__file__).parent / "__main__.py"
    environment = {**os.environ, "PYSPARK_PYTHON": sys.executable}
    command = [str(submit), "--master", "local[2]", str(entry), "spark", "coverage", str(city_folder)]
    done = subprocess.run(
        [*command, "-o", str(tmp_path / "cover.parquet")], capture_output=True, text=True, env=environment
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert "已覆盖" in done.stdout
    assert len(pq.read_table(tmp_path / "cover.parquet").to_pandas()) == 3 * 80


@pytest.mark.slow
def test_settings_given_to_spark_submit_hold(tmp_path):
    """Local mode gets few shuffle partitions; under spark-submit the cluster's own settings hold."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    job = tmp_path / "job.py"
    job.write_text(
        "from govgraph import spark as ggs\n"
        "conf = ggs.session(None).conf\n"
        "print(conf.get('spark.sql.shuffle.partitions'), conf.get('spark.sql.session.timeZone'))\n"
    )
    submit = Path(sys.executable).parent / "spark-submit"
    environment = {**os.environ, "PYSPARK_PYTHON": sys.executable}
    command = [str(submit), "--master", "local[1]", "--conf", "spark.sql.shuffle.partitions=3", str(job)]
    done = subprocess.run(command, capture_output=True, text=True, env=environment)
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().splitlines()[-1].split() == ["3", "UTC"]  # after pyspark's warnings

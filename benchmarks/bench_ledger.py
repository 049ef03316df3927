"""Import a street-sized community ledger (台账) workbook; compare with reading its cells in pandas.

Usage: python benchmarks/bench_ledger.py [--residents N] [--seed S]

The ledger is written the way an office keeps it: a merged title row above
Chinese headers on every sheet, 网格 / 楼栋 / 网格员花名册 / 党员名册 /
辖区商户 / 居民信息 / 居民诉求台账, `96户`, full-width digits, phone numbers
typed as numbers, dates as Excel dates and as text, building lists such as
`1号楼、2号楼`.

govgraph: ``gg.import_ledger(path).network()`` — recognises every sheet and
header, normalises and logs every value, builds places, relations, needs and
resources, and validates the network.

plain: ``pandas.read_excel(path, sheet_name=None, header=1)`` with openpyxl
(pandas' default engine) — only the cells, with none of that work.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import resource
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TARGET_SECONDS = 30.0


def write_ledger(path: Path, residents: int, seed: int) -> None:
    import xlsxwriter

    rng = random.Random(seed)
    grids = max(4, residents // 1_000)
    buildings = max(grids * 3, residents // 50)
    book = xlsxwriter.Workbook(str(path))
    dates = book.add_format({"num_format": "yyyy-mm-dd"})

    def sheet(name: str, title: str, headers: list[str], rows: list[list[object]]) -> None:
        ws = book.add_worksheet(name)
        ws.merge_range(0, 0, 0, len(headers) - 1, title)
        ws.write_row(1, 0, headers)
        for r, row in enumerate(rows, start=2):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    ws.write_datetime(r, c, dt.datetime.combine(value, dt.time()), dates)
                else:
                    ws.write(r, c, value)

    grid_name = [f"第{g + 1}网格" for g in range(grids)]
    building_name = [f"{b + 1}号楼" for b in range(buildings)]
    building_grid = [grid_name[b % grids] for b in range(buildings)]
    sheet(
        "网格",
        "示例街道网格划分",
        ["序号", "网格名称", "户数"],
        [[g + 1, n, f"{rng.randint(300, 900)}户"] for g, n in enumerate(grid_name)],
    )
    sheet(
        "楼栋",
        "楼栋信息",
        ["序号", "楼号", "所属网格", "户数"],
        [
            [b + 1, n.replace("1", "１") if b % 7 == 0 else n, building_grid[b], rng.randint(20, 200)]
            for b, n in enumerate(building_name)
        ],
    )
    workers = []
    for w in range(grids * 3):
        owned = [building_name[b] for b in range(w % buildings, buildings, grids * 3)][:8]
        workers.append([w + 1, f"网格员{w:04d}", grid_name[w % grids], "、".join(owned), 13800000000 + w])
    sheet("网格员花名册", "网格员花名册", ["序号", "姓名", "所属网格", "负责楼栋", "联系电话"], workers)
    members = [
        [m + 1, f"党员{m:05d}", f"{grid_name[m % grids]}党支部", building_name[rng.randrange(buildings)]]
        for m in range(residents // 20)
    ]
    sheet("党员名册", "党员名册", ["序号", "姓名", "所在支部", "居住楼栋"], members)
    services = ["上门理发，每月10人次", "家电维修，每周3人次", "助餐，每天30份", "法律咨询，每月4人次"]
    merchants = [
        [
            m + 1,
            f"商户{m:04d}",
            grid_name[m % grids],
            f"{building_name[rng.randrange(buildings)]}底商",
            rng.choice(services),
            "全社区" if m % 5 == 0 else grid_name[m % grids],
        ]
        for m in range(residents // 100)
    ]
    sheet(
        "辖区商户",
        "辖区商户一览表",
        ["序号", "商户名称", "所属网格", "地址", "可提供服务", "服务范围"],
        merchants,
    )
    people = [
        [
            r + 1,
            f"居民{r:06d}",
            building_name[rng.randrange(buildings)],
            f"{rng.randint(18, 95)}岁",
            13900000000 + r,
        ]
        for r in range(residents)
    ]
    sheet("居民信息", "居民信息", ["序号", "姓名", "居住楼栋", "年龄", "联系电话"], people)
    categories = ["报修", "养老助老", "矛盾调解", "理发", "法律咨询"]
    statuses = ["待受理", "办理中", "已办结", "已回访"]
    start = dt.date(2024, 1, 1)
    needs = []
    for n in range(residents // 10):
        day = start + dt.timedelta(days=rng.randrange(365))
        written: object = day if n % 3 else f"{day.year}/{day.month}/{day.day}"
        who = rng.randrange(residents)
        needs.append(
            [
                n + 1,
                written,
                f"居民{who:06d}",
                "诉求内容",
                rng.choice(categories),
                rng.choice(["一般", "较急", "紧急"]),
                rng.choice(statuses),
            ]
        )
    sheet(
        "居民诉求台账",
        "居民诉求台账（2024年）",
        ["序号", "登记日期", "诉求人", "诉求内容", "诉求类别", "紧急程度", "办理状态"],
        needs,
    )
    book.close()


def run_govgraph(path: Path) -> str:
    import govgraph as gg

    imported = gg.import_ledger(path, community="示例社区")
    net = imported.network()
    return f"{len(net.partners):,} partners, {len(net.relations):,} relations, {len(net.needs):,} needs, {len(imported.log):,} log rows"


def run_plain(path: Path) -> str:
    import pandas as pd

    sheets = pd.read_excel(path, sheet_name=None, header=1, engine="openpyxl")
    return f"{sum(len(t) for t in sheets.values()):,} rows in {len(sheets)} sheets"


def measure(approach: str, path: Path) -> dict[str, float | str]:
    """Run one approach in a fresh process; return its wall time and peak memory."""
    output = subprocess.run(
        [sys.executable, __file__, "--run", approach, "--path", str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--residents", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--run", choices=["govgraph", "plain"], help=argparse.SUPPRESS)
    parser.add_argument("--path", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.run:
        start = time.perf_counter()
        what = (run_govgraph if args.run == "govgraph" else run_plain)(args.path)
        seconds = time.perf_counter() - start
        peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024**2  # KiB on Linux
        print(json.dumps({"seconds": seconds, "peak_gb": peak_gb, "what": what}))
        return

    path = HERE / ".data" / f"ledger_{args.residents}_{args.seed}.xlsx"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        print(f"writing {path.name} ...", file=sys.stderr)
        write_ledger(path, args.residents, args.seed)
    print(f"data: {path.name} ({path.stat().st_size / 1e6:,.1f} MB)")
    results = {approach: measure(approach, path) for approach in ("govgraph", "plain")}
    for approach, result in results.items():
        print(f"{approach:9s} {result['seconds']:7.2f} s  peak {result['peak_gb']:5.2f} GB  {result['what']}")
    ours, plain = results["govgraph"], results["plain"]
    speedup = float(plain["seconds"]) / float(ours["seconds"])
    print(f"ratio: govgraph's whole import is {speedup:.2f}x as fast as reading the cells with openpyxl")
    if args.residents >= 100_000:
        met = float(ours["seconds"]) < TARGET_SECONDS
        print(f"target (< {TARGET_SECONDS:.0f} s for 100,000 residents): {'met' if met else 'NOT met'}")


if __name__ == "__main__":
    main()

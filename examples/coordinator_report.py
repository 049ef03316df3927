"""A coordinator's report from the community's own Excel workbook, in one run.

    python examples/coordinator_report.py partners.xlsx report/

The workbook has the sheets partners, relations, needs and resources (see the
README's data format; ``govgraph convert`` writes one from CSV files). Every
problem in it is printed with its sheet, row and column, and nothing is
written then. Without arguments the script first writes the bundled Datun
North data as ``datun_north.xlsx``, the workbook a coordinator would keep,
and reports on that.
"""

from __future__ import annotations

import sys
from pathlib import Path

import govgraph as gg


def main(workbook: Path | None, out: Path) -> int:
    if workbook is None:
        workbook = Path("datun_north.xlsx")
        gg.load_dataset("datun_north").write(workbook)
        print(f"wrote the bundled data as {workbook}")
    try:
        net = gg.read(workbook)
    except gg.DataError as error:
        print(error, file=sys.stderr)  # one line per problem: sheet, row, column and what is wrong
        return 3
    print(net)
    index = gg.report(net, out, progress=lambda step: print(f"  {step} …"))
    print(f"open in a browser: {index.resolve().as_uri()}")
    return 0


if __name__ == "__main__":
    arguments = sys.argv[1:]
    source = Path(arguments[0]) if arguments else None
    target = Path(arguments[1]) if len(arguments) > 1 else Path("govgraph-report")
    sys.exit(main(source, target))

"""A coordinator's first script: check a partner workbook and export it for Gephi.

    python examples/validate_and_export.py partners.xlsx out/

Without arguments it uses the bundled Datun North data. Every problem in the
workbook is printed with its sheet, row and column; nothing is written then.
"""

from __future__ import annotations

import sys
from pathlib import Path

import govgraph as gg


def main(source: str | None, out: Path) -> int:
    try:
        net = gg.load_dataset("datun_north") if source is None else gg.read(source)
    except gg.DataError as error:
        print(error, file=sys.stderr)
        return 3
    print(net)
    print(net.summary().to_string())
    out.mkdir(parents=True, exist_ok=True)
    safe = gg.anonymize(net, key="replace-with-your-own-secret")  # residents by role, not by name
    safe.write(out / "network.gexf")  # opens in Gephi
    safe.write(out / "network.xlsx")
    print(f"wrote {out / 'network.gexf'} and {out / 'network.xlsx'}")
    return 0


if __name__ == "__main__":
    arguments = sys.argv[1:]
    source = arguments[0] if arguments else None
    target = Path(arguments[1]) if len(arguments) > 1 else Path("govgraph-export")
    sys.exit(main(source, target))

"""pymrio's test system → chainsim multipliers → a bar chart (or a table without matplotlib).

    python python/examples/pymrio_to_chainsim.py [output.png]
"""

from __future__ import annotations

import sys

import pymrio

from chainsim import io as cio


def main() -> None:
    system = pymrio.load_test()
    table = cio.from_pymrio(system)
    m = cio.multipliers(table)
    # Output multipliers (column sums of L) and the air emission multiplier S L (pymrio's M).
    columns = ["output_type_i", "Emissions/emission_type1/air_total"]
    frame = m[columns].rename(columns={columns[0]: "output multiplier", columns[1]: "emission_type1 (air) per unit of final demand"})
    by_region = frame.groupby(level="region").mean()
    out = sys.argv[1] if len(sys.argv) > 1 else "pymrio_multipliers.png"
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed; the mean multipliers by region:")
        print(by_region.to_string(float_format=lambda v: f"{v:.4f}"))
        return
    fig, axes = plt.subplots(1, 2, figsize=(10, 4))
    for ax, column in zip(axes, by_region.columns):
        by_region[column].plot.bar(ax=ax, title=column)
        ax.set_xlabel("")
    fig.suptitle("pymrio test system: chainsim multipliers, mean over sectors")
    fig.tight_layout()
    fig.savefig(out, dpi=120)
    print(f"wrote {out}")


if __name__ == "__main__":
    main()

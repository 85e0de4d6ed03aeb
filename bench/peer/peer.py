"""The peer: what a coordinator would write with pandas + openpyxl over the same files.

For each workbook: open it (read-only), take the unit's code and district from the hidden _meta
sheet, every (indicator code, value) pair from 指标填报 (columns B and E from row 4), then one
pandas frame for all of them, numeric values summed per district and indicator.
Usage: python3 bench/peer/peer.py DIR  -> one JSON line: workbooks, seconds, perSecond, rows.
"""
import json
import os
import sys
import time
import warnings

import openpyxl
import pandas as pd


def read_one(path):
    wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
    try:
        meta = {row[0]: row[1] for row in wb["_meta"].iter_rows(min_col=1, max_col=2, values_only=True) if row[0]}
        rows = []
        for code, _name, _unit, value in wb["指标填报"].iter_rows(min_row=4, min_col=2, max_col=5, values_only=True):
            if code:
                rows.append((meta.get("unit_code"), meta.get("district_code"), code, value))
        return rows
    finally:
        wb.close()


def main(directory):
    # openpyxl warns once per file about the print header it does not parse; the values are unaffected.
    warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
    names = sorted(n for n in os.listdir(directory) if n.endswith(".xlsx"))
    start = time.perf_counter()
    rows = []
    for name in names:
        rows.extend(read_one(os.path.join(directory, name)))
    frame = pd.DataFrame(rows, columns=["unit", "district", "indicator", "value"])
    frame["number"] = pd.to_numeric(frame["value"], errors="coerce")
    by_district = frame.groupby(["district", "indicator"], dropna=False)["number"].sum()
    seconds = time.perf_counter() - start
    print(json.dumps({
        "workbooks": len(names),
        "seconds": round(seconds, 2),
        "perSecond": round(len(names) / seconds, 1),
        "rows": len(frame),
        "groups": int(by_district.size),
    }))


if __name__ == "__main__":
    main(sys.argv[1])

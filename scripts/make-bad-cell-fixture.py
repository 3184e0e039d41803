#!/usr/bin/env python3
"""fixtures/xlsx/longhua-one-bad-cell.xlsx: the Longhua fill-in workbook with one bad cell
(三公经费!D4 「约33万」), for the server's upload tests and the browser test.

    jixiao template --from examples/longhua-zwfw-2021 -o /tmp/longhua.xlsx
    pip install openpyxl && python3 scripts/make-bad-cell-fixture.py /tmp/longhua.xlsx
"""
import os
import sys

import openpyxl

wb = openpyxl.load_workbook(sys.argv[1])
wb["三公经费"]["D4"] = "约33万"
wb.save(os.path.join(os.path.dirname(__file__), "..", "fixtures", "xlsx", "longhua-one-bad-cell.xlsx"))

#!/usr/bin/env python3
"""Build the voucher-ledger fixtures under fixtures/ledger, written by tools other than jixiao.

The generated files are committed, so tests need neither Python nor LibreOffice.

    apt-get install -y libreoffice-calc-nogui      # soffice
    python3 scripts/make-ledger-fixtures.py

What it writes:

- source-utf8.csv        the vouchers as a budget system exports them: a title row above the
                         header, header variants (支付凭证号, 预算单位编码, 支付金额（元）…), an
                         unknown column (摘要) with commas, quotes and a line break, a duplicate
                         row, refunds both ways (negative amount; 退回标志 = 是 under the
                         payment's own number), a 合计 row at the end; UTF-8 with BOM, CRLF.
- source-gbk.csv         the same bytes re-encoded as GBK (what Excel on a Chinese Windows saves).
- libreoffice.xlsx       source-utf8.csv opened and saved as .xlsx by LibreOffice (numbers and
                         dates become numeric and date cells).
- libreoffice.csv        that workbook saved back to CSV by LibreOffice (UTF-8, comma).
- libreoffice-gbk-tab.csv  the workbook saved by LibreOffice as tab-separated GBK text.
- expected.json          unit × project × month sums in 分, computed here from the rows
                         (the oracle the tests compare against), and the counts.
- malformed-*.csv        one broken file per kind: bad rows, a missing column, an unclosed
                         quote, no header at all.
"""

import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "fixtures", "ledger")

HEADER = ["支付凭证号", "支付日期", "预算单位编码", "预算单位名称", "项目编码", "项目名称",
          "功能分类科目", "经济分类科目", "资金性质", "支付方式", "支付金额（元）", "退回标志", "摘要"]

U1 = ("440309001", "某区政务服务数据管理局")
U2 = ("440309002", "某区教育局")
P1 = ("P2025001", "政务服务一体化平台运维")
P2 = ("P2025002", "智慧社区感知设备建设")
P3 = ("P2025101", "校舍安全改造")
NONE = ("", "")

# (凭证号, 日期, unit, project, 功能, 经济, 资金性质, 支付方式, 金额, 退回标志, 摘要)
ROWS = [
    ("ZF2025000001", "2025-01-15", U1, P1, "2010350", "30227", "一般公共预算", "直接支付", "125000.00", "否", "平台运维一季度服务费"),
    ("ZF2025000002", "2025-02-10", U1, NONE, "2010301", "30101", "一般公共预算", "授权支付", "86500.50", "否", "1月工资"),
    ("ZF2025000003", "2025-03-03", U1, P2, "2010350", "31002", "政府性基金预算", "直接支付", "1,200,000.00", "否", "设备采购预付款，合同号 \"SQ-2025-01\""),
    ("ZF2025000004", "2025-03-31", U1, P1, "2010350", "30227", "一般公共预算", "直接支付", "0.01", "否", "尾差"),
    ("ZF2025000005", "2025-04-18", U2, P3, "2050201", "30213", "一般公共预算", "直接支付", "350000.00", "否", "校舍维修\n第一期"),
    # an exact duplicate of 000001 (the export was appended twice)
    ("ZF2025000001", "2025-01-15", U1, P1, "2010350", "30227", "一般公共预算", "直接支付", "125000.00", "否", "平台运维一季度服务费"),
    # refund as a negative amount, its own number
    ("TH2025000001", "2025-05-06", U1, P1, "2010350", "30227", "一般公共预算", "直接支付", "-2500.00", "否", "服务费退回"),
    # refund flagged 是 under the payment's own number: not a duplicate of it
    ("ZF2025000003", "2025-05-20", U1, P2, "2010350", "31002", "政府性基金预算", "直接支付", "200000.00", "是", "设备退货退款"),
    ("ZF2025000006", "2025-06-30", U1, P2, "2010350", "31002", "政府性基金预算", "直接支付", "98765.43", "否", ""),
    ("ZF2025000007", "2025-07-31", U2, NONE, "2050201", "30101", "一般公共预算", "授权支付", "412345.67", "否", "7月工资"),
    ("ZF2025000008", "2025-07-31", U1, P1, "2010350", "30227", "一般公共预算", "直接支付", "33333.33", "否", "平台运维服务费"),
    ("ZF2025000009", "2025-08-01", U1, P1, "2010350", "30227", "一般公共预算", "直接支付", "10000.00", "否", "8月服务费"),
]


def cents(text):
    t = text.replace(",", "")
    neg = t.startswith("-")
    t = t.lstrip("-")
    whole, _, frac = t.partition(".")
    v = int(whole) * 100 + int((frac + "00")[:2])
    return -v if neg else v


def expected():
    seen = set()
    sums = {}
    counts = {"vouchers": 0, "duplicates": 0, "refunds": 0, "total_cents": 0, "refund_cents": 0}
    for no, date, unit, proj, *_rest, amount, flag, _memo in [
        (r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], r[8], r[9], r[10]) for r in ROWS
    ]:
        c = cents(amount)
        if flag == "是":
            c = -abs(c)
        key = (no, c < 0)
        if key in seen:
            counts["duplicates"] += 1
            continue
        seen.add(key)
        counts["vouchers"] += 1
        counts["total_cents"] += c
        if c < 0:
            counts["refunds"] += 1
            counts["refund_cents"] += c
        k = f"{unit[0]}|{proj[0]}|{date[:7]}"
        sums[k] = sums.get(k, 0) + c
    return {"counts": counts, "sums": dict(sorted(sums.items()))}


def source_text():
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\r\n")
    w.writerow(["2025年国库集中支付凭证明细（演示数据）"])
    w.writerow(HEADER)
    for no, date, unit, proj, func, eco, nature, method, amount, flag, memo in ROWS:
        w.writerow([no, date, unit[0], unit[1], proj[0], proj[1], func, eco, nature, method, amount, flag, memo])
    w.writerow(["合计", "", "", "", "", "", "", "", "", "", "", "", ""])
    return buf.getvalue()


def soffice(args, cwd):
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if not exe:
        sys.exit("soffice not found: apt-get install -y libreoffice-calc-nogui")
    subprocess.run([exe, "--headless", *args], cwd=cwd, check=True, stdout=subprocess.DEVNULL)


def main():
    os.makedirs(OUT, exist_ok=True)
    text = source_text()
    with open(os.path.join(OUT, "source-utf8.csv"), "wb") as f:
        f.write(b"\xef\xbb\xbf" + text.encode("utf-8"))
    with open(os.path.join(OUT, "source-gbk.csv"), "wb") as f:
        f.write(text.encode("gbk"))
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "vouchers.csv")
        with open(src, "w", encoding="utf-8", newline="") as f:
            f.write(text)
        # import as UTF-8 (76), comma (44), quote (34); detects numbers and dates. 61 below is
        # rtl_TextEncoding MS_936, i.e. GBK.
        soffice(["--infilter=CSV:44,34,76,1", "--convert-to", "xlsx", "--outdir", tmp, src], tmp)
        shutil.copy(os.path.join(tmp, "vouchers.xlsx"), os.path.join(OUT, "libreoffice.xlsx"))
        os.makedirs(os.path.join(tmp, "csv"))
        soffice(["--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1", "--outdir",
                 os.path.join(tmp, "csv"), os.path.join(tmp, "vouchers.xlsx")], tmp)
        shutil.copy(os.path.join(tmp, "csv", "vouchers.csv"), os.path.join(OUT, "libreoffice.csv"))
        os.makedirs(os.path.join(tmp, "tab"))
        soffice(["--convert-to", "csv:Text - txt - csv (StarCalc):9,34,61,1", "--outdir",
                 os.path.join(tmp, "tab"), os.path.join(tmp, "vouchers.xlsx")], tmp)
        shutil.copy(os.path.join(tmp, "tab", "vouchers.csv"), os.path.join(OUT, "libreoffice-gbk-tab.csv"))
    with open(os.path.join(OUT, "expected.json"), "w", encoding="utf-8") as f:
        json.dump(expected(), f, ensure_ascii=False, indent=2)
        f.write("\n")
    head = "凭证号,支付日期,单位编码,单位名称,项目编码,金额,退回标志\n"
    with open(os.path.join(OUT, "malformed-rows.csv"), "w", encoding="utf-8") as f:
        f.write(head)
        f.write("A1,2025-01-10,440309001,某局,P1,100.00,否\n")
        f.write("A2,2025-02-30,440309001,某局,P1,100.00,否\n")      # no such day
        f.write("A3,2025-03-01,440309001,某局,P1,约一百元,否\n")    # amount in words
        f.write("A4,2025-03-02,,,P1,100.00,否\n")                  # no unit
        f.write(",2025-03-03,440309001,某局,P1,100.00,否\n")        # no voucher number
        f.write("A6,2025-03-04,440309001,某局,P1,100.005,否\n")     # below the 分
        f.write("A7,2025-03-05,440309001,某局,P1,100.00,也许\n")     # unknown refund flag
        f.write("A8,2025-03-06,440309001,某局,P1,200.00,否\n")
    with open(os.path.join(OUT, "malformed-missing-column.csv"), "w", encoding="utf-8") as f:
        f.write("凭证号,单位编码,金额\nA1,440309001,100.00\n")
    with open(os.path.join(OUT, "malformed-quote.csv"), "w", encoding="utf-8") as f:
        f.write(head)
        f.write("A1,2025-01-10,440309001,某局,P1,100.00,否\n")
        f.write("A2,2025-01-11,440309001,\"某局,P1,100.00,否\n")
        f.write("A3,2025-01-12,440309001,某局,P1,100.00,否\n")
    with open(os.path.join(OUT, "malformed-no-header.csv"), "w", encoding="utf-8") as f:
        f.write("A1,2025-01-10,440309001,某局,P1,100.00,否\n")


if __name__ == "__main__":
    main()

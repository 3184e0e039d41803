#!/usr/bin/env python3
"""Build the Excel fixtures under fixtures/xlsx that were written by tools other than jixiao.

The generated files are committed, so tests need neither Python nor LibreOffice.

    pip install openpyxl msoffcrypto-tool
    python3 scripts/make-xlsx-fixtures.py            # openpyxl fixtures
    # LibreOffice fixtures (legacy .xls and a LibreOffice-saved .xlsx of the Longhua template):
    jixiao template --from examples/longhua-zwfw-2021 -o /tmp/longhua.xlsx
    soffice --headless --convert-to xls --outdir /tmp/lo /tmp/longhua.xlsx
    soffice --headless --convert-to xlsx --outdir /tmp/lo/re /tmp/lo/longhua.xls
    cp /tmp/lo/longhua.xls fixtures/xlsx/longhua-libreoffice.xls
    cp /tmp/lo/re/longhua.xlsx fixtures/xlsx/longhua-libreoffice.xlsx
    jixiao convert examples/longhua-zwfw-2021 fixtures/xlsx/longhua-libreoffice.toml  # expected

openpyxl-messy.xlsx looks like a workbook a finance officer typed or pasted by hand: numbers
stored as text with thousands separators, 万元/元 suffixes, full-width digits, a column in 元,
two-level merged headers, a project name merged over its indicator rows, blank, note and
合计 rows, a real date cell, TRUE/√ for 是. openpyxl-errors.xlsx carries one mistake of each
kind. password.xlsx is encrypted with the password "jixiao".
"""

import datetime
import io
import os
import sys

import openpyxl
from openpyxl.styles import Alignment

OUT = os.path.join(os.path.dirname(__file__), "..", "fixtures", "xlsx")

# Every sheet of the template with its header row (form sheets: 项目 | value columns;
# table sheets: the table's headers). Sheets a fixture fills are rewritten below.
FORM = ["项目", "填写内容", "单位"]
SHEETS = {
    "基本信息": FORM,
    "预算与决算": ["项目", "年初预算", "调整预算（全年预算数）", "决算（全年执行数）", "上年决算", "单位"],
    "资金来源": ["预算口径", "资金来源", "金额（万元）"],
    "三公经费": ["项目", "年初预算", "调整预算", "实际支出", "与上年相比变动额", "上年预算", "上年实际支出", "单位"],
    "政府采购": ["项目", "年初预算", "采购计划", "实际采购", "单位"],
    "支出进度": ["期间", "累计支出进度（%）", "累计支出金额（万元）", "序时进度（%）"],
    "结转结余": FORM,
    "人员": FORM,
    "资产": FORM,
    "项目": FORM,
    "项目绩效指标": ["项目名称", "一级指标", "二级指标", "三级指标", "比较方式", "指标值", "指标值上限（区间）", "定性目标", "计量单位", "实际完成值", "实际等级（定性）", "分值", "偏差原因分析及改进措施"],
    "重点工作": FORM,
    "履职目标": ["目标名称", "比较方式", "目标值", "计量单位", "实际完成值", "来源说明"],
    "制度与公开": FORM,
    "信访与满意度": FORM,
    "文字说明": FORM,
    "报告所列比率": ["指标编号", "写明的数值", "出处"],
    "定性评价": ["指标编号", "等级", "专家打分", "违规次数", "判断理由"],
    "评分要点": ["指标编号", "评分要点", "是否满足", "说明"],
}
TABLE_AFTER_FORM = {
    "项目": ["项目名称", "项目编码", "是否重点项目", "是否基本建设类", "年初预算数（万元）", "全年预算数（A）（万元）", "全年执行数（B）（万元）", "状态", "是否按时完成", "质量是否达标", "年度总体目标", "年度总体目标实际完成情况"],
    "重点工作": ["重点工作", "本年目标", "是否完成", "是否按期完成"],
    "制度与公开": ["制度名称", "业务领域"],
    "信访与满意度": ["调查名称", "有效样本数", "满意样本数", "满意率（%）", "调查方式或实施机构"],
}


def skeleton():
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, header in SHEETS.items():
        ws = wb.create_sheet(name)
        ws.append([name])
        ws.append(header)
        if name in TABLE_AFTER_FORM:
            ws.append([])
            ws.append(TABLE_AFTER_FORM[name])
    return wb


def messy():
    wb = skeleton()
    ws = wb["基本信息"]
    ws.delete_rows(1, ws.max_row)
    ws.append(["部门基本信息（手工填写）"])
    ws.merge_cells("A1:C1")
    ws.append([])
    ws.append(["项目", "填写内容", "单位"])
    ws.append(["部门（单位）名称", "  某某区数据管理局 ", None])
    ws.append(["评价年度", "２０２３", "年"])
    ws.append([])
    ws.append(["注：本表由财务科填写"])
    ws.merge_cells("A7:C7")
    ws.append(["数据截止日期", datetime.date(2023, 12, 31), None])
    ws.append(["联系电话", 23332032, None])

    ws = wb["预算与决算"]
    ws.delete_rows(1, ws.max_row)
    ws.append(["预算与决算"])
    ws.append(["项目", "年初预算（元）", "调整预算（全年预算数）", "决算（全年执行数）", "上年决算", "单位"])
    ws.append(["合计", 232600000, "40,295.14", "40161.25万元", None, "万元"])
    ws.append(["基本支出", 29000000, "２，８６７．４１", None, None, "万元"])
    ws.append(["其中：人员经费", "11480000", None, "1,136", None, "万元"])
    ws.append(["其中： 日常公用经费", 17520000, "1699.63", "16940200 元", None, "万元"])
    ws.append(["项目支出", 203600000, "37,427.73", "37331.23", None, "万元"])
    ws.append(["是否全部为财政拨款", True, "√", "是", None, None])
    ws.append(["〔自动计算〕基本支出＋项目支出", "=B4+B7", "=C4+C7", None, None, None])

    ws = wb["三公经费"]
    ws.append(["合计", "4", "36.08", "33.45", None, None, None, "万元"])
    ws.append(["公务接待费", 0.5, None, 0, None, None, None, "万元"])
    ws.append(["公务用车购置及运行维护费", "3.5", None, "35.58", None, None, None, "万元"])
    ws.append(["其中：公务用车运行维护费", None, None, 1.6, "-0.21", None, None, "万元"])
    ws.append(["本年购置公务用车数量", None, None, "２", None, None, None, "台"])

    ws = wb["支出进度"]
    ws.append(["Q1", "26%", None, 25])
    ws.append([])
    ws.append(["q2", "51.4", None, "50"])
    ws.append(["说明：累计数"])

    ws = wb["项目"]
    ws.delete_rows(1, ws.max_row)
    ws.append(["项目"])
    ws.append(["项目", "填写内容", "单位"])
    ws.append(["计划项目数", "48", "个"])
    ws.append(["完成项目数", 48, "个"])
    ws.append([])
    # Two-level header: 预算（万元） merged over three columns, other headers merged down.
    ws.append(["项目名称", "状态", "预算（万元）", None, None, "是否重点项目"])
    ws.append([None, None, "年初预算数", "全年预算数（A）", "全年执行数（B）", None])
    for col in ("A", "B", "F"):
        ws.merge_cells(f"{col}6:{col}7")
    ws.merge_cells("C6:E6")
    ws.append(["政务云服务", "已完成", "1,200", "1,350.5万元", "1350.5", "是"])
    ws.append(["一件事改革", "实施中", 300, 300, "２８０", "否"])
    ws.append(["合计", None, 1500, 1650.5, 1630.5, None])

    ws = wb["项目绩效指标"]
    ws.append(["政务云服务", "产出指标", "数量指标", "上云系统数", "≥", 150, None, None, "个", 160, None, 20, None])
    ws.append([None, "产出", "质量指标", "系统可用率", ">=", "99.9", None, None, "%", "99.95%", None, 30, None])
    ws.append([None, "满意度指标", "服务对象满意度", "用户满意度", "定性", None, None, "达成", None, None, "达成", 10, None])
    ws.merge_cells("A3:A5")
    ws.append(["一件事改革", "效益指标", "社会效益", "办理时长压缩", "区间", 30, 50, None, "%", 42, None, "３０", "按计划推进"])
    for row in ws.iter_rows(min_row=3):
        for c in row:
            c.alignment = Alignment(vertical="center")

    ws = wb["信访与满意度"]
    ws.delete_rows(1, ws.max_row)
    ws.append(["信访与满意度"])
    ws.append(["项目", "填写内容", "单位"])
    ws.append(["收到信访件数", 12, "件"])
    ws.append(["是否已全部按期回复", "√", None])
    ws.append([])
    ws.append(["调查名称", "有效样本数", "满意样本数", "满意率（%）", "调查方式或实施机构"])
    ws.append(["政务服务满意度", "1,500", "1498", "99.87％", "第三方"])
    return wb


def errors():
    wb = skeleton()
    ws = wb["三公经费"]
    ws.append(["合计", "4", "约3万", "-3", None, None, None, "万元"])  # C3, D3
    ws.append(["公务接待费", "0.5", None, None, None, None, None, "万元"])
    ws.append(["公车", "1", None, None, None, None, None, "万元"])  # unknown row A5
    ws = wb["人员"]
    ws.append(["编制数", "46.5", "人"])  # B3 not an integer
    ws = wb["资产"]
    ws.append(["是否账实相符", "也许", None])  # B3
    ws = wb["项目"]
    ws.append(["项目A", None, "大概", None, "100"])  # C5 bad bool
    ws = wb["项目绩效指标"]
    ws.append(["项目B", "产出指标", "数量指标", "指标1", "≥", 1])  # A3: no such project
    ws.append(["项目A", "产出指标", "数量指标", None, "约等于", 1])  # D4 required, E4 bad operator
    return wb


def save(wb, name):
    path = os.path.join(OUT, name)
    wb.save(path)
    print("wrote", path)
    return path


def main():
    os.makedirs(OUT, exist_ok=True)
    save(messy(), "openpyxl-messy.xlsx")
    save(errors(), "openpyxl-errors.xlsx")
    # An encrypted workbook (ECMA-376 agile encryption, as Excel's 用密码进行加密 writes).
    try:
        from msoffcrypto.format.ooxml import OOXMLFile
    except ImportError:
        print("msoffcrypto-tool missing: password.xlsx not rebuilt", file=sys.stderr)
        return
    plain = io.BytesIO()
    wb = openpyxl.Workbook()
    wb.active["A1"] = "机密"
    wb.save(plain)
    plain.seek(0)
    with open(os.path.join(OUT, "password.xlsx"), "wb") as out:
        OOXMLFile(plain).encrypt("jixiao", out)
    print("wrote password.xlsx")


if __name__ == "__main__":
    main()

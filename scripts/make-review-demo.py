#!/usr/bin/env python3
"""Write the invented submissions of examples/review-demo: three department-years with
their self-scores, for `jixiao review`. The 卫健委 self-scores go into a 自评表 workbook
made by `jixiao export` and filled in with openpyxl, as a unit would fill the form.

    python3 scripts/make-review-demo.py        # needs a built jixiao (cargo build) and openpyxl

The figures are invented; only their relations matter (see the folder's README).
"""
import pathlib
import subprocess
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "examples/review-demo"

COMMON = """
[evaluation]
framework = "yueyang-2018-dept"

[staffing]
authorized = {authorized}
actual = {actual}

[budget]
key_project_spending = "{key}"

[budget.initial]
total = "{initial}"
basic = "{basic}"
personnel = "{personnel}"
public_funds = "{public_funds}"
project = "{project}"

[budget.adjusted]
total = "{adjusted}"
basic = "{basic}"
project = "{adjusted_project}"

[budget.final]
total = "{final}"
personnel = "{personnel}"
public_funds = "{public_funds_final}"
project = "{final_project}"

[sangong.initial_budget]
total = "{sg_budget}"

[sangong.actual]
total = "{sg_actual}"

[prior_year.sangong_budget]
total = "{sg_prior}"

[carryover]
opening = "{co_open}"
closing = "{co_close}"

[procurement.plan]
total = "{proc_plan}"

[procurement.actual]
total = "{proc_actual}"

[projects]
planned_count = {planned}
completed_count = {completed}
on_time_count = {on_time}
quality_count = {quality}

[key_tasks]
assigned_count = 6
completed_count = {tasks_done}

[assets]
fixed_original_value = "{fixed}"
fixed_in_use_value = "{fixed_in_use}"

[[satisfaction]]
name = "服务对象满意度调查"
rate = "{satisfaction}"
"""

ASSESSMENTS = """
[[assessments]]
indicator = "D14"
reason = "制度汇编齐全，执行记录完整"
  [[assessments.item]]
  item = "已制定或具有预算资金管理办法、内部财务管理制度、会计核算制度等管理制度"
  satisfied = true
  [[assessments.item]]
  item = "相关管理制度合法、合规、完整"
  satisfied = true
  [[assessments.item]]
  item = "相关管理制度得到有效执行"
  satisfied = true

[[assessments]]
indicator = "D15"
violations = {violations}
reason = "{violation_reason}"

[[assessments]]
indicator = "D16"
reason = "预决算按时在门户网站公开"
  [[assessments.item]]
  item = "按规定内容公开预决算信息"
  satisfied = true
  [[assessments.item]]
  item = "按规定时限公开预决算信息"
  satisfied = true
  [[assessments.item]]
  item = "基础数据信息和会计信息资料真实、完整、准确"
  satisfied = true

[[assessments]]
indicator = "L05"
violations = 0
reason = "专项资金均按进度下达"

[[assessments]]
indicator = "L04"
reason = "三公经费管理办法已制定"
  [[assessments.item]]
  item = "招待费用明确招待标准和招待人数"
  satisfied = true
  [[assessments.item]]
  item = "车辆维护、燃油使用政府定点"
  satisfied = true
  [[assessments.item]]
  item = "制定“三公经费”管理办法"
  satisfied = true

[[assessments]]
indicator = "D18"
reason = "资产管理制度健全"
  [[assessments.item]]
  item = "已制定或具有资产管理制度"
  satisfied = true
  [[assessments.item]]
  item = "相关资产管理制度合法、合规、完整"
  satisfied = true
  [[assessments.item]]
  item = "相关资产管理制度得到有效执行"
  satisfied = true

[[assessments]]
indicator = "D19"
reason = "年度资产清查，账实相符"
  [[assessments.item]]
  item = "资产保存完整"
  satisfied = true
  [[assessments.item]]
  item = "资产配置合理"
  satisfied = true
  [[assessments.item]]
  item = "资产处置规范"
  satisfied = true
  [[assessments.item]]
  item = "资产账务管理合规，账实相符"
  satisfied = true
  [[assessments.item]]
  item = "资产有偿使用及处置收入及时足额上缴"
  satisfied = true

[[assessments]]
indicator = "D25"
tier = "达成年度指标"
score = "{d25}"
reason = "带动相关产业发展"

[[assessments]]
indicator = "D26"
tier = "达成年度指标"
score = "{d26}"
reason = "群众获得感提升"

[[assessments]]
indicator = "D27"
tier = "部分达成年度指标并具有一定效果"
score = "{d27}"
reason = "节能降耗有一定成效"
"""


def project(name, code, budget, spent, status, targets, self_exec=None, self_total=None):
    lines = [
        "[[projects.project]]",
        f'name = "{name}"',
        f'code = "{code}"',
        f'budget_initial = "{budget}"',
        f'budget_annual = "{budget}"',
        f'spent = "{spent}"',
        f'status = "{status}"',
    ]
    if self_exec is not None:
        lines.append(f'self_execution_score = "{self_exec}"')
    if self_total is not None:
        lines.append(f'self_total = "{self_total}"')
    for t in targets:
        lines += ["", "[[projects.project.target]]"]
        for k, v in t.items():
            lines.append(f'{k} = "{v}"' if isinstance(v, str) else f"{k} = {v}")
    return "\n".join(lines) + "\n"


def target(level1, level2, name, op, value, unit, actual, weight, self_score=None, **extra):
    t = {
        "level1": level1,
        "level2": level2,
        "name": name,
        "operator": op,
        "value": str(value),
        "unit": unit,
        "actual": str(actual),
        "weight": str(weight),
    }
    t.update({k: v for k, v in extra.items()})
    if self_score is not None:
        t["self_score"] = str(self_score)
    return t


def self_eval(total, grade, scores):
    lines = ["", "[self_evaluation]", 'framework = "yueyang-2018-dept"', f'total = "{total}"', f'grade = "{grade}"']
    for ind, s in scores:
        lines += ["", "[[self_evaluation.score]]", f'indicator = "{ind}"', f'score = "{s}"']
    return "\n".join(lines) + "\n"


def head(name, code):
    return (
        f"# 虚构的复核示例（scripts/make-review-demo.py 生成）\n"
        f'[department]\nname = "{name}"\ncode = "{code}"\nlevel = "市级"\nyear = 2024\n'
    )


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    # 教育局: overstated self-score.
    edu = head("某市教育局（虚构）", "101001") + COMMON.format(
        authorized=120, actual=118, key=4600, initial=9800, basic=3800, personnel=3000,
        public_funds=800, project=6000, adjusted=10300, adjusted_project=6500, final=10091.5,
        public_funds_final=812.4, final_project=6279.1, sg_budget=30, sg_actual=31.2, sg_prior=30,
        co_open=120, co_close=95, proc_plan=4200, proc_actual=4056.7, planned=12, completed=10,
        on_time=9, quality=10, tasks_done=6, fixed=21000, fixed_in_use=20580, satisfaction="96.37%",
    ) + ASSESSMENTS.format(violations=1, violation_reason="审计发现 1 笔支出超范围", d25=4.5, d26=4.6, d27=3.8) + "\n"
    edu += project(
        "校舍维修改造", "E01", 2600, 2112.4, "实施中",
        [
            target("产出指标", "数量指标", "完成维修校舍面积", "≥", 30000, "平方米", 21500, 20, 20),
            target("产出指标", "质量指标", "验收合格率", "≥", 100, "%", 100, 15, 15),
            target("产出指标", "成本指标", "单位面积维修成本", "≥", 800, "元/平方米", 780, 15, 15),
            target("效益指标", "社会效益指标", "改善就学条件学生数", "≥", 12000, "人", 9800, 30, 30),
            target("满意度指标", "服务对象满意度指标", "师生满意度", "≥", 95, "%", 96.4, 10, 10),
        ],
        self_exec=10, self_total=100,
    )
    edu += "\n" + project(
        "学生资助", "E02", 1800, 1798.2, "已完成",
        [
            target("产出指标", "数量指标", "资助学生人次", "≥", 5200, "人次", 5231, 25, 25),
            target("产出指标", "时效指标", "资助资金按时发放率", "≥", 100, "%", 100, 25, 25),
            target("效益指标", "社会效益指标", "因贫失学辍学学生数", "≤", 0, "人", 0, 30, 30),
            target("满意度指标", "服务对象满意度指标", "受助学生满意度", "≥", 95, "%", 97.2, 10, 10),
        ],
        self_exec=10, self_total=100,
    )
    edu += self_eval(96, "优", [("D12", 6), ("D07", 3), ("D15", 3), ("D05", 5), ("D10", 3)])
    (OUT / "教育局.toml").write_text(edu, encoding="utf-8")

    # 卫健委: scores in a separate 自评表 workbook.
    health = head("某市卫生健康委员会（虚构）", "102001") + COMMON.format(
        authorized=80, actual=80, key=3100, initial=7400, basic=2400, personnel=1900,
        public_funds=500, project=5000, adjusted=7400, adjusted_project=5000, final=7251.6,
        public_funds_final=488.3, final_project=4863.3, sg_budget=18, sg_actual=16.4, sg_prior=20,
        co_open=60, co_close=48, proc_plan=2600, proc_actual=2588.1, planned=9, completed=9,
        on_time=9, quality=9, tasks_done=6, fixed=15400, fixed_in_use=15400, satisfaction="94.2%",
    ) + ASSESSMENTS.format(violations=0, violation_reason="未发现违规", d25=4.2, d26=4.5, d27=3.9) + "\n"
    health += project(
        "基本公共卫生服务", "H01", 3200, 3104, "已完成",
        [
            target("产出指标", "数量指标", "建立电子健康档案人数", "≥", 800000, "人", 812000, 20),
            target("产出指标", "质量指标", "高血压患者规范管理率", "≥", 65, "%", 61.5, 15),
            target("产出指标", "时效指标", "资金拨付及时率", "≥", 100, "%", 100, 15),
            target("效益指标", "社会效益指标", "居民健康素养水平", "≥", 28, "%", 27.1, 30),
            target("满意度指标", "服务对象满意度指标", "居民满意度", "≥", 90, "%", 92.3, 10),
        ],
    )
    (OUT / "卫健委.toml").write_text(health, encoding="utf-8")

    # 文旅局: every project 100, the same satisfaction rate as 教育局.
    culture = head("某市文化广电旅游局（虚构）", "103001") + COMMON.format(
        authorized=60, actual=58, key=1200, initial=3500, basic=1500, personnel=1100,
        public_funds=400, project=2000, adjusted=3650, adjusted_project=2150, final=3512.8,
        public_funds_final=396.1, final_project=2016.7, sg_budget=12, sg_actual=11.8, sg_prior=12,
        co_open=40, co_close=52, proc_plan=900, proc_actual=850.4, planned=7, completed=7,
        on_time=6, quality=7, tasks_done=5, fixed=8800, fixed_in_use=8600, satisfaction="96.37%",
    ) + ASSESSMENTS.format(violations=0, violation_reason="未发现违规", d25=4.4, d26=4.4, d27=3.8) + "\n"
    culture += project(
        "公共文化服务", "C01", 1200, 1120.5, "已完成",
        [
            target("产出指标", "数量指标", "送戏下乡场次", "≥", 300, "场", 276, 25, 25),
            target("产出指标", "质量指标", "演出质量达标率", "≥", 98, "%", 98, 25, 25),
            target("效益指标", "社会效益指标", "观众人次", "≥", 150000, "人次", 131000, 30, 30),
            target("满意度指标", "服务对象满意度指标", "观众满意度", "≥", 95, "%", 95.8, 10, 10),
        ],
        self_exec=10, self_total=100,
    )
    culture += "\n" + project(
        "文物保护", "C02", 950, 896.2, "已完成",
        [
            target("产出指标", "数量指标", "修缮文物点", "≥", 8, "处", 7, 25, 25),
            target("产出指标", "质量指标", "修缮工程验收合格率", "≥", 100, "%", 100, 25, 25),
            target("效益指标", "社会效益指标", "文物安全事故", "≤", 0, "起", 0, 30, 30),
            target("满意度指标", "服务对象满意度指标", "公众满意度", "≥", 95, "%", 96.1, 10, 10),
        ],
        self_exec=10, self_total=100,
    )
    culture += self_eval(98.5, "优", [])
    (OUT / "文旅局.toml").write_text(culture, encoding="utf-8")

    # The 卫健委 自评表: exported, then filled in as the unit would.
    jixiao = ROOT / "target/debug/jixiao"
    sheet = OUT / "卫健委-自评表.xlsx"
    subprocess.run(
        [str(jixiao), "export", str(OUT / "卫健委.toml"), "--sheet", "全部", "--framework",
         "yueyang-2018-dept", "-o", str(sheet)],
        check=True,
    )
    import openpyxl

    wb = openpyxl.load_workbook(sheet)
    for ws in wb.worksheets:
        header = None
        for row in ws.iter_rows():
            labels = [str(c.value or "") for c in row]
            if "三级指标" in labels and "得分" in labels:
                header = {v: i for i, v in enumerate(labels)}
                continue
            if header is None:
                continue
            name = str(row[header["三级指标"]].value or "")
            score = row[header["得分"]]
            weight = row[header["分值"]].value
            first = next((str(c.value) for c in row if c.value not in (None, "")), "")
            if first.startswith("总分"):
                score.value = 95 if ws.title.startswith("部门") else 98
                continue
            if name and isinstance(weight, (int, float)):
                # The unit claims full marks on every row.
                score.value = weight
        for row in ws.iter_rows():
            for c in row:
                if c.value == "年度资金总额" or c.value == "年度资金总额:":
                    pass
    wb.save(sheet)
    print(f"wrote {OUT}")


if __name__ == "__main__":
    sys.exit(main())

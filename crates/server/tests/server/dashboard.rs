//! The task dashboard (看板) and the 复核 view, on the demo bureau: the demo fills this
//! year's items with synthetic department-years whose self-scores are set a known number of
//! points above the task framework's score (`demo::CURRENT_YEAR`), so every 偏离度 is known;
//! scores are checked against the evaluation endpoint (the engine, separately), the Longhua
//! item against its published total.

use std::collections::{BTreeMap, BTreeSet};

use axum::http::StatusCode;
use rust_decimal::Decimal;
use serde_json::{json, Value};

use crate::common::{Session, T};

fn dec(v: &Value) -> Decimal {
    v.as_str()
        .unwrap_or_else(|| panic!("not a decimal string: {v}"))
        .parse()
        .expect("decimal")
}

fn round2(d: Decimal) -> Decimal {
    d.round_dp_with_strategy(2, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
}

fn by_code(d: &Value) -> BTreeMap<String, Value> {
    d["items"]
        .as_array()
        .expect("items")
        .iter()
        .map(|i| (i["org_code"].as_str().expect("code").to_string(), i.clone()))
        .collect()
}

async fn dashboard(t: &T, s: &Session, query: &str) -> Value {
    let r = t.get(s, &format!("/api/tasks/1/dashboard{query}")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()
}

/// (org, self − 复核) as the demo seeds them.
const DELTAS: &[(&str, i64)] = &[
    ("201002", 4),
    ("202", 9),
    ("202001", 12),
    ("202002", 2),
    ("203", -1),
];

#[tokio::test(flavor = "multi_thread")]
async fn the_dashboard_ranks_the_demo_task_with_its_deviations() {
    let t = T::sqlite();
    let s = t.login("jxk").await;
    let d = dashboard(&t, &s, "").await;
    let items = by_code(&d);
    assert_eq!(
        items.keys().map(String::as_str).collect::<Vec<_>>(),
        ["201", "201001", "201002", "202", "202001", "202002", "203", "203001"]
    );
    let sum = &d["summary"];
    assert_eq!(sum["items"], 8);
    assert_eq!(sum["filled"], 7);
    assert_eq!(sum["scored"], 7);
    assert_eq!(sum["overdue"], 0);
    assert_eq!(
        sum["by_state"],
        json!([
            { "state": "draft", "label": "填报中", "n": 4 },
            { "state": "submitted", "label": "待部门审核", "n": 1 },
            { "state": "dept_passed", "label": "待财政审核", "n": 1 },
            { "state": "returned", "label": "已退回", "n": 1 },
            { "state": "confirmed", "label": "已确认", "n": 1 },
        ])
    );
    // Every score is the engine's total for the stored document.
    for (code, row) in &items {
        if code == "201001" {
            assert!(row["score"].is_null());
            assert_eq!(row["problem"], "尚未填报");
            assert!(row["rank"].is_null());
            continue;
        }
        let e = t
            .get(&s, &format!("/api/items/{}/evaluation", row["id"]))
            .await
            .json();
        let total: Decimal = match &e["total"] {
            Value::String(s) => s.parse().expect("total"),
            other => other.to_string().parse().expect("total"),
        };
        assert_eq!(dec(&row["score"]), round2(total), "{code}");
        assert_eq!(row["grade"], e["grade"]["name"], "{code}");
    }
    // The Longhua item: its published total, no grade (效益 not assessed), no self-score.
    assert_eq!(items["201"]["score"], "72.89");
    assert!(items["201"]["grade"].is_null());
    assert_eq!(items["201"]["complete"], false);
    assert!(items["201"]["deviation"].is_null());
    // 偏离度 = (自评 − 复核) ÷ 自评 × 100, from the seeded self-scores.
    let mut deviations = Vec::new();
    for (code, delta) in DELTAS {
        let row = &items[*code];
        let score = dec(&row["score"]);
        let own = dec(&row["self_score"]);
        assert_eq!(own - score, Decimal::from(*delta), "{code}");
        assert_eq!(dec(&row["difference"]), Decimal::from(*delta), "{code}");
        let dev = round2((own - score) * Decimal::ONE_HUNDRED / own);
        assert_eq!(dec(&row["deviation"]), dev, "{code}");
        deviations.push(dev);
    }
    assert!(items["203001"]["self_score"].is_null());
    assert_eq!(sum["with_self_score"], 5);
    assert_eq!(sum["self_higher"], 4);
    let mean = round2(deviations.iter().copied().sum::<Decimal>() / Decimal::from(5));
    assert_eq!(dec(&sum["mean_deviation"]), mean);
    // Pinned figures of the generated demo data.
    assert_eq!(items["202001"]["score"], "84.09");
    assert_eq!(items["202001"]["deviation"], "12.49");
    assert_eq!(items["203"]["deviation"], "-1.31");
    // The ranking and the 通报 lists (N = 5 by default).
    let places: Vec<(&str, i64)> = {
        let mut v: Vec<(&str, i64)> = items
            .iter()
            .filter_map(|(c, r)| r["rank"].as_i64().map(|k| (c.as_str(), k)))
            .collect();
        v.sort_by_key(|x| x.1);
        v
    };
    assert_eq!(
        places,
        [
            ("201002", 1),
            ("202001", 2),
            ("203001", 3),
            ("202", 4),
            ("203", 5),
            ("202002", 6),
            ("201", 7)
        ]
    );
    let list = |k: &str| -> Vec<(String, String)> {
        d["ranking"][k]
            .as_array()
            .expect("list")
            .iter()
            .map(|r| {
                (
                    r["org_code"].as_str().expect("c").to_string(),
                    r["score"].as_str().expect("s").to_string(),
                )
            })
            .collect()
    };
    let pair = |c: &str, s: &str| (c.to_string(), s.to_string());
    assert_eq!(
        list("top"),
        [
            pair("201002", "85.08"),
            pair("202001", "84.09"),
            pair("203001", "83.56"),
            pair("202", "82.23"),
            pair("203", "77.29")
        ]
    );
    assert_eq!(
        list("bottom"),
        [
            pair("203001", "83.56"),
            pair("202", "82.23"),
            pair("203", "77.29"),
            pair("202002", "74.19"),
            pair("201", "72.89")
        ]
    );
    assert_eq!(d["ranking"]["ranked"], 7);
    let d2 = dashboard(&t, &s, "?n=2").await;
    assert_eq!(d2["ranking"]["top"].as_array().map(Vec::len), Some(2));
    assert_eq!(d2["ranking"]["bottom"][1]["org_code"], "201");
    // Distribution and grades.
    let bins: Vec<i64> = d["distribution"]["bins"]
        .as_array()
        .expect("bins")
        .iter()
        .map(|b| b["n"].as_i64().expect("n"))
        .collect();
    assert_eq!(bins, [0, 0, 3, 4, 0]);
    assert_eq!(
        d["distribution"]["grades"],
        json!([{ "grade": "良", "n": 4 }, { "grade": "中", "n": 2 }, { "grade": "未评定等级", "n": 1 }])
    );
    // Year on year: last year's closed task, by organisation.
    assert_eq!(d["yoy"]["previous"]["year"], 2020);
    assert_eq!(d["yoy"]["compared"], 7);
    let last = dashboard_of_task(&t, &s, 2).await;
    let last_items = by_code(&last);
    for (code, row) in &items {
        if let Some(change) = row["change"].as_str() {
            let prev = dec(&last_items[code]["score"]);
            assert_eq!(dec(&row["prev_score"]), prev, "{code}");
            assert_eq!(
                change.parse::<Decimal>().expect("d"),
                dec(&row["score"]) - prev
            );
        }
    }
    assert_eq!(items["201"]["prev_score"], "76.73");
    assert_eq!(items["201"]["change"], "-3.84");
    // Last year's task: one item still returned, past its due date (red), the rest confirmed.
    assert_eq!(last["summary"]["overdue"], 1);
    assert_eq!(last_items["201002"]["light"], "red");
    assert!(last_items["201002"]["light_label"]
        .as_str()
        .expect("label")
        .starts_with("逾期 "));
    assert_eq!(last_items["203"]["light_label"], "已确认");
    assert!(last["yoy"]["previous"].is_null());
    assert_eq!(
        last["yoy"]["message"],
        "没有 2019 年度的同类任务，无法比较上年"
    );
    // Monitoring: the Longhua example's quarterly 累计支出进度 against 序时进度.
    let mon = &d["monitoring"];
    assert_eq!(mon["available"], true);
    let longhua = mon["series"]
        .as_array()
        .expect("series")
        .iter()
        .find(|s| s["org_code"] == "201")
        .expect("Longhua series");
    let points: Vec<(i64, &str, &str)> = longhua["points"]
        .as_array()
        .expect("points")
        .iter()
        .map(|p| {
            (
                p["month"].as_i64().expect("m"),
                p["spent_pct"].as_str().expect("s"),
                p["time_pct"].as_str().expect("t"),
            )
        })
        .collect();
    assert_eq!(
        points,
        [
            (3, "26.00", "25.00"),
            (6, "51.40", "50.00"),
            (9, "78.80", "75.00"),
            (12, "99.73", "100.00")
        ]
    );
}

async fn dashboard_of_task(t: &T, s: &Session, task: i64) -> Value {
    let r = t.get(s, &format!("/api/tasks/{task}/dashboard")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    r.json()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_heat_map_is_each_leafs_score_over_its_weight() {
    let t = T::sqlite();
    let s = t.login("jxk").await;
    let d = dashboard(&t, &s, "").await;
    let h = &d["heatmap"];
    assert_eq!(h["group"], "org");
    let rows = h["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 7);
    let longhua = rows
        .iter()
        .position(|r| r["code"] == "201")
        .expect("Longhua row");
    let id = rows[longhua]["item_id"].as_i64().expect("item");
    let columns: Vec<String> = h["columns"]
        .as_array()
        .expect("cols")
        .iter()
        .map(|c| c["id"].as_str().expect("id").to_string())
        .collect();
    // The evaluation's leaves, independently.
    let e = t
        .get(&s, &format!("/api/items/{id}/evaluation"))
        .await
        .json();
    fn leaves(n: &Value, out: &mut BTreeMap<String, (Option<Decimal>, Decimal)>) {
        let children = n["children"].as_array().cloned().unwrap_or_default();
        if children.is_empty() {
            let score = n["score"].as_str().map(|s| s.parse().expect("score"));
            out.insert(
                n["id"].as_str().expect("id").to_string(),
                (score, dec(&n["effective_weight"])),
            );
        }
        for c in &children {
            leaves(c, out);
        }
    }
    let mut expected = BTreeMap::new();
    for n in e["tree"].as_array().expect("tree") {
        leaves(n, &mut expected);
    }
    let mut checked = 0;
    for c in h["cells"].as_array().expect("cells") {
        if c[0].as_u64() != Some(longhua as u64) {
            continue;
        }
        let col = &columns[c[1].as_u64().expect("col") as usize];
        let (score, weight) = expected[col];
        let rate = round2(score.expect("a cell is scored") * Decimal::ONE_HUNDRED / weight);
        assert_eq!(dec(&c[2]), rate, "{col}");
        assert_eq!(c[3], 1);
        checked += 1;
    }
    let scorable = expected
        .values()
        .filter(|(s, w)| s.is_some() && !w.is_zero())
        .count();
    assert_eq!(checked, scorable);
    assert!(checked >= 10, "only {checked} Longhua cells");
    // By 主管部门: the department and its units averaged.
    let g = dashboard(&t, &s, "?group=department").await;
    let rows: Vec<(String, i64)> = g["heatmap"]["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .map(|r| {
            (
                r["code"].as_str().expect("c").to_string(),
                r["n"].as_i64().expect("n"),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("201".to_string(), 2),
            ("202".to_string(), 3),
            ("203".to_string(), 2)
        ]
    );
    // Only one subtree.
    let u = dashboard(&t, &s, "?under=203").await;
    assert_eq!(
        by_code(&u).keys().cloned().collect::<Vec<_>>(),
        ["203", "203001"]
    );
    assert_eq!(u["summary"]["items"], 2);
    assert_eq!(u["under"], "203");
    let r = t.get(&s, "/api/tasks/1/dashboard?under=999").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    for bad in [
        "?n=0",
        "?n=abc",
        "?n=101",
        "?group=x",
        "?format=pdf",
        "?format=xlsx&table=x",
    ] {
        let r = t.get(&s, &format!("/api/tasks/1/dashboard{bad}")).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{bad}");
    }
}

/// (user, dashboard status, organisations seen)
const ACCESS: &[(&str, u16, &[&str])] = &[
    (
        "jxk",
        200,
        &[
            "201", "201001", "201002", "202", "202001", "202002", "203", "203001",
        ],
    ),
    ("czsh1", 200, &["201", "201001", "201002"]),
    ("czsh2", 200, &["202", "202001", "202002", "203", "203001"]),
    ("bmsh201", 200, &["201", "201001", "201002"]),
    ("bmsh202", 200, &["202", "202001", "202002"]),
    ("bmsh203", 200, &["203", "203001"]),
    ("tb201", 403, &[]),
    ("tb201001", 403, &[]),
    ("fz201001", 403, &[]),
    ("tb203001", 403, &[]),
    // The evaluator sees task 1 (its assignments, demo::DEMO_ASSIGNED) but not its
    // dashboard (403), and not task 2 at all (404); the 复核 of an assigned item is its work.
    ("pj900", 403, &["201002", "202002"]),
    ("rd", 404, &[]),
];

#[tokio::test(flavor = "multi_thread")]
async fn each_role_sees_the_dashboard_of_its_own_subtree_or_nothing() {
    let t = T::sqlite();
    let item_203 = t.item_of("203").await;
    let item_201 = t.item_of("201002").await;
    for (user, status, orgs) in ACCESS {
        let s = t.login(user).await;
        for task in [1, 2] {
            for path in [
                format!("/api/tasks/{task}/dashboard"),
                format!("/api/tasks/{task}/dashboard?format=xlsx"),
                format!("/api/tasks/{task}/dashboard?format=xlsx&table=top"),
                format!("/api/tasks/{task}/dashboard?group=department"),
                format!("/tasks/{task}/dashboard"),
                format!("/tasks/{task}/dashboard?sort=deviation&n=3"),
            ] {
                let r = t.get(&s, &path).await;
                let status = if *user == "pj900" && task == 2 {
                    &404
                } else {
                    status
                };
                assert_eq!(r.status.as_u16(), *status, "{user} {path}");
                if *status == 200 && path == format!("/api/tasks/{task}/dashboard") {
                    let seen: BTreeSet<String> = by_code(&r.json()).into_keys().collect();
                    let want: BTreeSet<String> = orgs.iter().map(|o| o.to_string()).collect();
                    assert_eq!(seen, want, "{user} task {task}");
                }
            }
        }
        // No such task is 404 for everyone.
        let r = t.get(&s, "/api/tasks/999/dashboard").await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{user}");
        // The 复核 of an item: visible and allowed, a unit's role (403), or not seen (404).
        for (org, item) in [("203", item_203), ("201002", item_201)] {
            // (Units never see these two items: their own is checked below.)
            let expected = if orgs.contains(&org) { 200 } else { 404 };
            for path in [
                format!("/api/items/{item}/review"),
                format!("/items/{item}/review"),
            ] {
                let r = t.get(&s, &path).await;
                assert_eq!(r.status.as_u16(), expected, "{user} {path}");
            }
        }
    }
    // A unit's own item: visible, but its 复核 is the bureau's (403).
    let s = t.login("tb203001").await;
    let own = t.item_of("203001").await;
    assert_eq!(
        t.get(&s, &format!("/api/items/{own}/review")).await.status,
        StatusCode::FORBIDDEN
    );
    // Not logged in.
    let r = t
        .call(None, "GET", "/api/tasks/1/dashboard", None, vec![])
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = t
        .call(None, "GET", "/tasks/1/dashboard", None, vec![])
        .await;
    assert!(r.status.is_redirection(), "{}", r.status);
}

fn sheet_rows(bytes: &[u8], sheet: &str) -> Vec<Vec<String>> {
    use calamine::{Reader, Xlsx};
    let mut wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("a workbook");
    let range = wb.worksheet_range(sheet).expect("the sheet");
    range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect()
}

fn sheet_names(bytes: &[u8]) -> Vec<String> {
    use calamine::{Reader, Xlsx};
    let wb: Xlsx<_> = Xlsx::new(std::io::Cursor::new(bytes.to_vec())).expect("a workbook");
    wb.sheet_names().to_vec()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_table_exports_to_excel() {
    let t = T::sqlite();
    let s = t.login("jxk").await;
    let r = t.get(&s, "/api/tasks/1/dashboard?format=xlsx").await;
    assert_eq!(r.status, StatusCode::OK);
    assert!(r.body.starts_with(b"PK"));
    assert!(r.headers["content-disposition"]
        .to_str()
        .expect("ascii")
        .contains("filename*=UTF-8''"));
    assert_eq!(
        sheet_names(&r.body),
        [
            "事项",
            "排名",
            "通报前5名",
            "通报后5名",
            "分数分布",
            "指标得分率",
            "同比",
            "执行进度"
        ]
    );
    // The ranking sheet: title, two notes, a blank row, the header, then the places.
    let rows = sheet_rows(&r.body, "排名");
    let header = rows.iter().position(|r| r[0] == "名次").expect("header");
    let first = &rows[header + 1];
    assert_eq!(first[0], "1");
    assert_eq!(first[1], "201002");
    assert_eq!(first[2], "龙华区大数据中心");
    assert_eq!(first[5], "85.08");
    assert_eq!(rows.len() - header - 1, 7);
    let items = sheet_rows(&r.body, "事项");
    let header = items
        .iter()
        .position(|r| r[0] == "组织编码")
        .expect("header");
    assert_eq!(items.len() - header - 1, 8);
    let r2 = items.iter().find(|r| r[0] == "202001").expect("202001 row");
    assert_eq!(r2[7], "84.09"); // 复核分
    assert_eq!(r2[9], "96.09"); // 自评分
    assert_eq!(r2[11], "12.49"); // 偏离度 (a percentage cell holding 12.49)
                                 // One table only.
    let r = t
        .get(&s, "/api/tasks/1/dashboard?format=xlsx&table=bottom&n=2")
        .await;
    assert_eq!(sheet_names(&r.body), ["通报后2名"]);
    let rows = sheet_rows(&r.body, "通报后2名");
    let header = rows.iter().position(|r| r[0] == "名次").expect("header");
    assert_eq!(
        rows[header + 1..]
            .iter()
            .map(|r| r[1].clone())
            .collect::<Vec<_>>(),
        ["202002", "201"]
    );
    // The 复核 of one item: department rows, one sheet per project, the findings.
    let id = t.item_of("202001").await;
    let r = t
        .get(&s, &format!("/api/items/{id}/review?format=xlsx"))
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let names = sheet_names(&r.body);
    assert_eq!(names.first().map(String::as_str), Some("部门整体"));
    assert_eq!(names.last().map(String::as_str), Some("问题清单"));
    let review = t.get(&s, &format!("/api/items/{id}/review")).await.json();
    assert_eq!(
        names.len(),
        2 + review["review"]["projects"]
            .as_array()
            .map(Vec::len)
            .unwrap_or(0)
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn the_page_drills_down_to_the_item_the_indicator_and_its_trace() {
    let t = T::sqlite();
    let s = t.login("jxk").await;
    let html = t.get(&s, "/tasks/1/dashboard").await.text();
    for needle in [
        "/assets/echarts.min.js",
        "/assets/dashboard.js",
        "id=\"dashboard-data\"",
        "通报：前 5 名",
        "通报：后 5 名",
        "与「2020 年度部门整体绩效自评」比较",
        "12.49%",
    ] {
        assert!(html.contains(needle), "the page lacks {needle}");
    }
    // A heat-map cell links to the item's score page at the indicator; that row is there,
    // with its trace.
    let longhua = t.item_of("201").await;
    let link = format!("/items/{longhua}/score#ind-D15");
    assert!(html.contains(&link), "no drill-down link {link}");
    let score = t.get(&s, &format!("/items/{longhua}/score")).await.text();
    assert!(score.contains("id=\"ind-D15\""));
    // The ranking links to the item and to its 复核, whose page shows the deviation.
    let id = t.item_of("202001").await;
    assert!(html.contains(&format!("/items/{id}/review")));
    let review = t.get(&s, &format!("/items/{id}/review")).await;
    assert_eq!(review.status, StatusCode::OK);
    let text = review.text();
    assert!(text.contains("12.49%"), "{text}");
    assert!(text.contains("96.09"));
    // The chart data: the distribution and the heat map as drawn.
    let start = html.find("id=\"dashboard-data\">").expect("data") + "id=\"dashboard-data\">".len();
    let end = start + html[start..].find("</script>").expect("end");
    let data: Value = serde_json::from_str(&html[start..end]).expect("chart JSON");
    assert_eq!(data["distribution"]["counts"], json!([0, 0, 3, 4, 0]));
    assert_eq!(data["heatmap"]["rows"].as_array().map(Vec::len), Some(7));
    assert_eq!(data["yoy"]["points"].as_array().map(Vec::len), Some(7));
    // The task page offers the dashboard to the bureau, not to a unit.
    assert!(t
        .get(&s, "/tasks/1")
        .await
        .text()
        .contains("/tasks/1/dashboard"));
    let unit = t.login("tb201001").await;
    assert!(!t
        .get(&unit, "/tasks/1")
        .await
        .text()
        .contains("/tasks/1/dashboard"));
    // Sorting by 偏离度 puts the largest first.
    let sorted = t.get(&s, "/tasks/1/dashboard?sort=deviation").await.text();
    let a = sorted.find("第一实验学校").expect("202001");
    let b = sorted.find("卫生健康局</a>").expect("203");
    assert!(a < b);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_new_revision_is_what_the_dashboard_shows() {
    let t = T::sqlite();
    let s = t.login("jxk").await;
    let before = by_code(&dashboard(&t, &s, "").await);
    // The 人民医院 (draft) saves its data again with a self-score of 90.
    let filler = t.login("tb203001").await;
    let id = t.item_of("203001").await;
    let doc = t
        .get(&filler, &format!("/api/items/{id}/document"))
        .await
        .text();
    let doc = format!("{doc}\n[self_evaluation]\ntotal = \"90\"\n");
    let r = t
        .json(
            &filler,
            "PUT",
            &format!("/api/items/{id}/document"),
            json!({ "base_revision": 1, "content": doc }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let after = by_code(&dashboard(&t, &s, "").await);
    assert_eq!(after["203001"]["revision"], 2);
    assert_eq!(after["203001"]["score"], before["203001"]["score"]);
    assert_eq!(after["203001"]["self_score"], "90.00");
    let score = dec(&after["203001"]["score"]);
    let dev = round2((Decimal::from(90) - score) * Decimal::ONE_HUNDRED / Decimal::from(90));
    assert_eq!(dec(&after["203001"]["deviation"]), dev);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_state_change_is_what_the_dashboard_shows() {
    let t = T::sqlite();
    let s = t.login("jxk").await;
    let finance = t.login("czsh1").await;
    // Asked twice each, so what follows is served after the dashboards were kept.
    for _ in 0..2 {
        dashboard(&t, &s, "").await;
        dashboard(&t, &finance, "").await;
    }
    let count = |d: &Value, state: &str| {
        d["summary"]["by_state"]
            .as_array()
            .expect("by_state")
            .iter()
            .find(|c| c["state"] == state)
            .map_or(0, |c| c["n"].as_u64().expect("n"))
    };
    let before = dashboard(&t, &s, "").await;
    let before_finance = dashboard(&t, &finance, "").await;
    let code = "201002";
    assert_eq!(by_code(&before)[code]["state"], "submitted");
    // The 部门审核人 passes the 大数据中心's item.
    let dept = t.login("bmsh201").await;
    let id = t.item_of(code).await;
    let r = t
        .json(
            &dept,
            "POST",
            &format!("/api/items/{id}/transitions"),
            json!({ "action": "pass" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    for (who, before) in [(&s, &before), (&finance, &before_finance)] {
        let after = dashboard(&t, who, "").await;
        assert_eq!(by_code(&after)[code]["state"], "dept_passed");
        assert_eq!(
            count(&after, "dept_passed"),
            count(before, "dept_passed") + 1
        );
        // The page too: the item's row (the last link to it) carries the new state.
        let page = t.get(who, "/tasks/1/dashboard").await.text();
        let row = &page[page.rfind(&format!("href=\"/items/{id}\">")).expect("row")..];
        let badge = &row[row.find("class=\"badge s-").expect("badge")..];
        assert!(
            badge.starts_with("class=\"badge s-dept_passed\""),
            "{}",
            badge.chars().take(40).collect::<String>()
        );
    }
    assert_eq!(
        count(&dashboard(&t, &s, "").await, "submitted"),
        count(&before, "submitted") - 1
    );
    // Same options, other scopes: each sees its own items, before and after the change.
    let czsh2 = t.login("czsh2").await;
    let theirs = by_code(&dashboard(&t, &czsh2, "").await);
    assert!(!theirs.contains_key(code));
    assert!(theirs.contains_key("202"));
    let mine = by_code(&dashboard(&t, &finance, "").await);
    assert!(mine.contains_key(code));
    assert!(!mine.contains_key("202"));
}

/// Undo minijinja's HTML escaping (text and attribute values).
fn unescape(s: &str) -> String {
    s.replace("&#x2f;", "/")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

#[tokio::test(flavor = "multi_thread")]
async fn a_deduction_on_the_review_page_raises_a_prefilled_rectification() {
    let t = T::sqlite();
    let finance = t.login("czsh1").await;
    let id = t.item_of("201002").await;
    let review = t
        .get(&finance, &format!("/api/items/{id}/review"))
        .await
        .json();
    let r = &review["review"];
    let mut rows: Vec<&Value> = r["rows"].as_array().expect("rows").iter().collect();
    for p in r["projects"].as_array().expect("projects") {
        rows.extend(p["rows"].as_array().expect("project rows"));
    }
    // Deducted: scored below the 分值 it is scored out of (after reallocation).
    let deducted: Vec<&Value> = rows
        .into_iter()
        .filter(|x| !x["review_score"].is_null())
        .filter(|x| dec(&x["review_score"]) < dec(&x["effective_weight"]))
        .collect();
    assert!(!deducted.is_empty());
    let html = t.get(&finance, &format!("/items/{id}/review")).await.text();
    let marker = "<a class=\"raise\" href=\"";
    assert_eq!(html.matches(marker).count(), deducted.len());
    // The first link opens the raise form filled from that row.
    let start = html.find(marker).expect("link") + marker.len();
    let href = unescape(&html[start..start + html[start..].find('"').expect("end")]);
    let form = t.get(&finance, &href).await;
    assert_eq!(form.status, StatusCode::OK);
    let form = unescape(&form.text());
    assert!(
        form.contains("name=\"org_code\" value=\"201002\""),
        "{form}"
    );
    assert!(form.contains(&format!("name=\"item_id\" value=\"{id}\"")));
    assert!(form.contains("name=\"task_id\" value=\"1\""));
    assert!(form.contains("<option value=\"review\" selected>"));
    let first = deducted[0];
    let reason = first["reason"]
        .as_str()
        .expect("a deduction has its reason");
    let finding = &form[form.find("id=\"finding\"").expect("finding")..];
    let finding = &finding
        [finding.find('>').expect("textarea") + 1..finding.find("</textarea>").expect("end")];
    assert!(finding.contains(reason), "{finding} lacks {reason}");
    if let Some(ind) = first["indicator"].as_str() {
        assert!(form.contains(&format!("name=\"code\" value=\"{ind}\"")));
    }
    // Raised as it stands (plus requirement and deadline), it is the unit's.
    let r = t
        .json(
            &finance,
            "POST",
            "/api/cycles/rectifications",
            json!({ "org_code": "201002", "task_id": 1, "item_id": id, "source": "review",
                    "finding": finding, "requirement": "说明失分原因", "deadline": "2099-01-01" }),
        )
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
    // The 部门审核人 reads the same 复核 but raises nothing: no links.
    let dept = t.login("bmsh201").await;
    let page = t.get(&dept, &format!("/items/{id}/review")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert_eq!(page.text().matches(marker).count(), 0);
}

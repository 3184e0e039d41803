// The finance bureau's main path in a real browser (Debian's chromium, driven by
// playwright-core), on the demo data (`jixiao serve --demo`):
//   the 绩效管理员 opens the task's dashboard and reads the ranking and the 通报 lists;
//   the 财政审核人 opens the same dashboard (scoped to the departments of his division),
//   clicks a heat-map cell below 100% and lands on that indicator's expanded trace in the
//   unit's score table, then opens the unit's 复核 and reads a deduction's reason;
//   from that deduction he raises a 整改 item (the form pre-filled from the row) with a
//   past deadline; the unit sees it overdue and answers; he reopens it with an opinion; the
//   unit answers again; he confirms it (已销号); another unit cannot open it.
// Every assertion compares the page with what the server says (the dashboard's JSON, fetched
// in the same session) or with what the test typed. Screenshots go to out/ (1366×768).
// Exits non-zero on any failure; prints "N passed, M failed".
//
//   JIXIAO_BIN=target/debug/jixiao node tests/e2e/bureau.mjs
import { chromium } from "playwright-core";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const bin = resolve(root, process.env.JIXIAO_BIN || "target/debug/jixiao");
const out = join(here, "out");
mkdirSync(out, { recursive: true });
const port = 19000 + Math.floor(Math.random() * 1000);
const base = `http://127.0.0.1:${port}`;
const data = mkdtempSync(join(tmpdir(), "jixiao-e2e-bureau-"));
const server = spawn(bin, ["serve", "--demo", "--data", join(data, "db"), "--addr", `127.0.0.1:${port}`], { stdio: ["ignore", "pipe", "inherit"] });
let passed = 0;
let failed = 0;
const step = async (name, f) => {
  try {
    await f();
    passed++;
    console.log(`ok   ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e.message.split("\n")[0]}`);
    throw e;
  }
};
const expect = (cond, what) => {
  if (!cond) throw new Error(what);
};
const squash = (s) => (s || "").replace(/\s+/g, " ").trim();

async function waitForServer() {
  for (let i = 0; i < 200; i++) {
    try {
      const r = await fetch(`${base}/healthz`);
      if (r.ok) return;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("server did not start");
}

let browser;
try {
  await waitForServer();
  const accounts = JSON.parse(readFileSync(join(data, "db", "demo-accounts.json"), "utf8"));
  const pw = (u) => accounts.find((a) => a.username === u).password;
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const as = async (user) => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN" });
    const page = await ctx.newPage();
    page.on("dialog", (d) => d.accept());
    page.on("pageerror", (e) => console.log(`page error (${user}): ${e.message}`));
    await page.goto(`${base}/login`);
    await page.fill("#username", user);
    await page.fill("#password", pw(user));
    await page.click("button[type=submit]");
    await page.waitForURL(/\/todo/);
    return page;
  };
  const shot = (page, name) => page.screenshot({ path: join(out, `${name}.png`), fullPage: false });
  // The dashboard's JSON as the page's user sees it (same cookies, same scope).
  const dashboardJson = async (page, taskId) => {
    const r = await page.request.get(`${base}/api/tasks/${taskId}/dashboard`);
    expect(r.ok(), `dashboard JSON: ${r.status()}`);
    return r.json();
  };
  // The rows of one 通报 table as [名次, 组织, 得分].
  const rankRows = (page, panel) =>
    page.$$eval(`${panel} table.rank tbody tr`, (trs) =>
      trs.map((tr) => [...tr.querySelectorAll("td")].slice(0, 3).map((td) => td.textContent.trim())));
  const sameRanking = (rows, list, what) => {
    expect(list.length > 0, `${what}: the server ranks nothing`);
    expect(rows.length === list.length, `${what}: ${rows.length} rows on the page, ${list.length} ranked`);
    list.forEach((r, i) => {
      const want = [String(r.rank), r.org_name, r.score];
      expect(JSON.stringify(rows[i]) === JSON.stringify(want), `${what} row ${i + 1}: ${rows[i]} ≠ ${want}`);
    });
  };
  const task = "2021 年度部门整体绩效自评";
  let taskId;

  const admin = await as("jxk");
  await step("the 绩效管理员 opens the task's dashboard and reads the ranking and 通报", async () => {
    await admin.click("header nav a:text-is('任务')");
    await admin.click(`a:text-is("${task}")`);
    await admin.click("a:has-text('看板：排名、通报')");
    await admin.waitForURL(/\/tasks\/\d+\/dashboard$/);
    taskId = admin.url().match(/\/tasks\/(\d+)\/dashboard/)[1];
    await admin.waitForSelector("#chart-heatmap canvas");
    const d = await dashboardJson(admin, taskId);
    expect(squash(await admin.textContent("h1")).startsWith(task), "title");
    const cards = squash(await admin.textContent(".cards"));
    expect(cards.includes(`事项${d.summary.items}`), `item count ${d.summary.items} not in: ${cards}`);
    expect(d.summary.mean_score && cards.includes(d.summary.mean_score), `mean score ${d.summary.mean_score} not shown`);
    sameRanking(await rankRows(admin, "#ranking"), d.ranking.top, "前 N 名");
    sameRanking(await rankRows(admin, "#ranking + .panel"), d.ranking.bottom, "后 N 名");
    // Every department of the demo is in the bureau's view.
    const items = squash(await admin.textContent("#items"));
    for (const name of ["深圳市龙华区政务服务数据管理局", "深圳市龙华区教育局", "深圳市龙华区卫生健康局"]) {
      expect(items.includes(name), `${name} missing from the items table`);
    }
    await shot(admin, "b1-dashboard");
    await admin.evaluate(() => document.getElementById("heatmap").scrollIntoView());
    await shot(admin, "b2-dashboard-heatmap");
  });

  const finance = await as("czsh1");
  let unitName;
  let itemId;
  await step("the 财政审核人 sees his departments ranked, and only those", async () => {
    await finance.goto(`${base}/tasks/${taskId}/dashboard`);
    await finance.waitForSelector("#chart-heatmap canvas");
    const d = await dashboardJson(finance, taskId);
    sameRanking(await rankRows(finance, "#ranking"), d.ranking.top, "前 N 名");
    const items = squash(await finance.textContent("#items"));
    expect(items.includes("深圳市龙华区政务服务数据管理局"), "his department missing");
    expect(!items.includes("深圳市龙华区教育局"), "another division's department shown");
    // The unit to drill into: the best-ranked one that carries self-scores.
    const ranked = d.ranking.top.find((r) => r.deviation !== null);
    expect(ranked, "no ranked item with a self-score");
    unitName = ranked.org_name;
    itemId = ranked.item_id;
  });

  let indicator;
  await step("a click on a heat-map cell below 100% opens that indicator's trace", async () => {
    const d = await dashboardJson(finance, taskId);
    const h = d.heatmap;
    const row = h.rows.findIndex((r) => r.item_id === itemId);
    expect(row >= 0, `${unitName} has no heat-map row`);
    // cells: [row, column, 得分率, 事项数]; the unit's lowest 得分率 below 100%.
    const cell = h.cells
      .filter((c) => c[0] === row && c[2] !== null && Number(c[2]) < 100 && h.columns[c[1]].indicator)
      .sort((a, b) => Number(a[2]) - Number(b[2]))[0];
    expect(cell, `${unitName} lost no points on any indicator`);
    const column = cell[1];
    indicator = h.columns[column].indicator;
    await finance.evaluate(() => document.getElementById("chart-heatmap").scrollIntoView({ block: "center" }));
    // Where ECharts drew the cell, in page coordinates.
    const [x, y] = await finance.evaluate(([c, r]) => {
      const node = document.getElementById("chart-heatmap");
      const p = echarts.getInstanceByDom(node).convertToPixel({ seriesIndex: 0 }, [c, r]);
      const box = node.getBoundingClientRect();
      return [box.left + p[0], box.top + p[1]];
    }, [column, row]);
    await finance.mouse.click(x, y);
    await finance.waitForURL(new RegExp(`/items/${itemId}/score#ind-${indicator}$`));
    const target = `tr#ind-${indicator}`;
    await finance.waitForSelector(`${target}.target details[open]`);
    const cells = await finance.$$eval(`${target} > td`, (tds) => tds.map((td) => td.textContent.trim()));
    // 权重 "2→4" when reallocated within its 二级指标: the score is out of the latter.
    const [weight, score] = [Number(cells[3].split("→").pop()), Number(cells[4])];
    expect(score < weight, `${indicator}: ${score} of ${weight}, no points lost`);
    const why = squash(await finance.textContent(`${target} > td:last-child > div`));
    expect(/扣 [\d.]+ 分/.test(why), `${indicator}: no deduction stated: ${why}`);
    expect(squash(cells[5]).includes("计算过程"), "no trace");
    await shot(finance, "b3-score-trace");
  });

  let reason;
  let rectUrl;
  let unitCode;
  await step("the unit's 复核 shows each deduction's reason; one is raised as a 整改 item", async () => {
    await finance.goto(`${base}/tasks/${taskId}/dashboard`);
    await finance.locator("#ranking tbody tr").filter({ has: finance.getByRole("link", { name: unitName, exact: true }) })
      .locator('td.num a[href$="/review"]').click();
    await finance.waitForURL(new RegExp(`/items/${itemId}/review$`));
    expect(squash(await finance.textContent("h1")) === `自评复核：${unitName}`, "review title");
    const d = await dashboardJson(finance, taskId);
    const it = d.items.find((i) => i.id === itemId);
    const cards = squash(await finance.textContent(".cards"));
    for (const v of [it.self_score, it.score, `${it.deviation}%`]) expect(cards.includes(v), `${v} not in the cards: ${cards}`);
    // The indicator drilled into above is a deducted row here, with its reason and the raise link.
    const row = finance.locator(`table.score tr:has(a[href$="#ind-${indicator}"])`);
    const tds = await row.locator("td").allTextContents();
    reason = squash(tds[8].replace("提出整改", ""));
    expect(reason.length > 0, `${indicator} has no deduction reason`);
    await shot(finance, "b4-review");
    await row.locator("a.raise").click();
    await finance.waitForURL(/\/rectifications\?/);
    unitCode = it.org_code;
    expect((await finance.inputValue("#org_code")) === unitCode, "unit not pre-filled");
    expect((await finance.inputValue("#item_id")) === String(itemId), "item not pre-filled");
    expect((await finance.inputValue("#task_id")) === String(taskId), "task not pre-filled");
    expect((await finance.inputValue("#source")) === "review", "source not pre-filled");
    expect((await finance.inputValue("#code")) === indicator, "code not pre-filled");
    expect((await finance.inputValue("#finding")).includes(reason), "reason not pre-filled");
    await finance.fill("#requirement", "补充佐证材料，说明失分原因并提出整改措施");
    await finance.fill("#deadline", "2025-03-31");
    await finance.locator("#raise").scrollIntoViewIfNeeded();
    await shot(finance, "b5-raise");
    await finance.click("form[action='/rectifications'] button[type=submit]");
    await finance.waitForURL(/\/rectifications\/\d+$/);
    rectUrl = finance.url();
    await finance.waitForSelector("h1:has-text('待整改')");
    const kv = squash(await finance.textContent("table.kv"));
    expect(kv.includes(unitName) && kv.includes(reason) && kv.includes(indicator), `item lacks the finding: ${kv}`);
  });

  const unit = await as(accounts.find((a) => a.role === "filler" && a.org_code === unitCode).username);
  await step("the unit sees it overdue in its 待我处理 and answers", async () => {
    await unit.click("nav a:text-is('问题整改')");
    await unit.click("a:text-is('待我处理')");
    const row = unit.locator(`tr:has(a[href="${new URL(rectUrl).pathname}"])`);
    expect(squash(await row.textContent()).includes("逾期"), "not marked overdue");
    await shot(unit, "b6-unit-list");
    await row.locator("td a").first().click();
    expect(squash(await unit.textContent("table.kv")).includes(reason), "the unit does not see the finding");
    await unit.fill("#text-answer", "已补充 2021 年度佐证材料，并修订内部管理制度");
    await unit.click("button:text-is('提交整改情况')");
    await unit.waitForSelector("h1:has-text('待确认')");
  });
  await step("the 财政审核人 reopens it with an opinion and a new deadline", async () => {
    await finance.goto(rectUrl);
    await finance.fill("#text-reopen", "佐证材料未列明文号");
    await finance.fill("#deadline-reopen", "2099-06-30");
    await finance.click("button:text-is('退回重新整改')");
    await finance.waitForSelector("h1:has-text('重新整改')");
  });
  await step("the unit answers again and the 财政审核人 confirms it (已销号)", async () => {
    await unit.goto(rectUrl);
    await unit.fill("#text-answer", "已列明文号（龙数〔2021〕12 号）");
    await unit.click("button:text-is('提交整改情况')");
    await unit.waitForSelector("h1:has-text('待确认')");
    await finance.goto(rectUrl);
    await finance.click("button:text-is('确认销号')");
    await finance.waitForSelector("h1:has-text('已销号')");
    const text = squash(await finance.textContent("main"));
    for (const want of ["提交整改情况", "退回重新整改", "确认销号", "佐证材料未列明文号", "龙数〔2021〕12 号", "2099-06-30"]) {
      expect(text.includes(want), `trail lacks ${want}`);
    }
    expect((await finance.$$("form[action$='/action']")).length === 0, "a closed item still offers actions");
    await shot(finance, "b7-closed");
  });
  await step("another division's unit cannot open it", async () => {
    const other = await as("tb202001");
    const r = await other.goto(rectUrl);
    expect(r.status() === 404, `status ${r.status()}`);
  });
} catch (e) {
  if (failed === 0) {
    failed++;
    console.log(`FAIL setup: ${e.message.split("\n")[0]}`);
  }
} finally {
  if (browser) await browser.close();
  server.kill("SIGTERM");
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

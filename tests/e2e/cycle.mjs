// The whole 年度自评 cycle in a real browser (Debian's chromium, driven by playwright-core):
// the unit uploads a workbook with one bad cell, sees the cell-located error, uploads the
// fixed workbook and submits; the 部门审核人 returns it with an opinion; the unit resubmits;
// the 部门审核人 passes it; the 财政审核人 confirms it. Screenshots of each main page go to
// out/ (1366×768). Exits non-zero on any failure; prints "N passed, M failed".
//
//   JIXIAO_BIN=target/debug/jixiao node tests/e2e/cycle.mjs
import { chromium } from "playwright-core";
import { spawn, execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, mkdirSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "../..");
const bin = resolve(root, process.env.JIXIAO_BIN || "target/debug/jixiao");
const out = join(here, "out");
mkdirSync(out, { recursive: true });
const port = 18000 + Math.floor(Math.random() * 1000);
const base = `http://127.0.0.1:${port}`;
const data = mkdtempSync(join(tmpdir(), "jixiao-e2e-"));

// The fixed workbook: the Longhua template, pre-filled; the bad one differs in one cell.
const good = join(data, "longhua.xlsx");
execFileSync(bin, ["template", "--from", join(root, "examples/longhua-zwfw-2021"), "-o", good], { stdio: "ignore" });
const bad = join(root, "fixtures/xlsx/longhua-one-bad-cell.xlsx");

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
    // A fresh profile each run: Playwright's launch() creates a new temporary
    // --user-data-dir itself (passing one is refused) and removes it on close.
  });
  const as = async (user) => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 }, locale: "zh-CN" });
    const page = await ctx.newPage();
    page.on("dialog", (d) => d.accept());
    await page.goto(`${base}/login`);
    await page.fill("#username", user);
    await page.fill("#password", pw(user));
    await page.click("button[type=submit]");
    await page.waitForURL(/\/todo/);
    return page;
  };
  const shot = (page, name) => page.screenshot({ path: join(out, `${name}.png`), fullPage: false });
  const openItem = async (page, orgName) => {
    await page.click(`a:text-is("${orgName}")`);
    await page.waitForURL(/\/items\/\d+$/);
  };
  const unit = "龙华区政务服务中心";

  await step("login page", async () => {
    const ctx = await browser.newContext({ viewport: { width: 1366, height: 768 } });
    const p = await ctx.newPage();
    await p.goto(`${base}/login`);
    await shot(p, "01-login");
    await p.fill("#username", "tb201001");
    await p.fill("#password", "wrong-password");
    await p.click("button[type=submit]");
    await p.waitForSelector(".flash.err");
    if (!(await p.textContent(".flash.err")).includes("用户名或密码错误")) throw new Error("no error shown");
    await ctx.close();
  });

  let filler = await as("tb201001");
  await step("the unit's 待办 lists its item", async () => {
    await filler.waitForSelector(`a:text-is("${unit}")`);
    await shot(filler, "02-todo");
    await openItem(filler, unit);
  });
  await step("a workbook with one bad cell is refused, naming the cell", async () => {
    await filler.setInputFiles("#file", bad);
    await filler.click("form[enctype] button[type=submit]");
    await filler.waitForSelector("text=工作表「三公经费」D4");
    const text = await filler.textContent("main");
    if (!text.includes("应为金额，实际为「约33万」")) throw new Error("message missing");
    await shot(filler, "03-upload-error");
  });
  await step("the fixed workbook is accepted and scored", async () => {
    await filler.setInputFiles("#file", good);
    await filler.click("form[enctype] button[type=submit]");
    await filler.waitForSelector("text=已上传并保存");
    await filler.waitForSelector(".score-big");
    await shot(filler, "04-item-filled");
  });
  await step("the editor shows the workbook's sheets and the score table its traces", async () => {
    const itemUrl = filler.url().replace(/\?.*$/, "");
    await filler.click("text=在线填报");
    await filler.click(".sheets a:text-is('三公经费')");
    await filler.waitForSelector("input[name='f:sangong.actual.total']");
    await shot(filler, "05-editor");
    await filler.goto(itemUrl + "/score");
    await filler.click("details.trace summary >> nth=0");
    await shot(filler, "06-score");
    await filler.goto(itemUrl);
  });
  await step("the unit submits", async () => {
    await filler.click("button:text-is('提交审核')");
    await filler.waitForSelector("text=已提交，等待部门审核");
  });

  const dept = await as("bmsh201");
  await step("the 部门审核人 returns it with an opinion", async () => {
    await openItem(dept, unit);
    await dept.fill("#opinion-return", "三公经费公务用车运行维护费与明细不符，请核实后重新提交。");
    await shot(dept, "07-review");
    await dept.click("button:text-is('退回修改')");
    await dept.waitForSelector("text=已退回填报单位");
  });
  await step("the unit sees the opinion, revises in the editor and resubmits", async () => {
    await filler.reload();
    await filler.waitForSelector("text=三公经费公务用车运行维护费与明细不符");
    await filler.click("text=在线填报");
    await filler.click(".sheets a:text-is('基本信息')");
    await filler.fill("input[name='f:department.phone']", "0755-23336666");
    await filler.click("button:text-is('保存本页')");
    await filler.waitForSelector("text=已保存");
    await filler.goto(filler.url().replace(/\/edit.*$/, ""));
    await filler.click("button:text-is('提交审核')");
    await filler.waitForSelector("text=已提交，等待部门审核");
  });
  await step("the 部门审核人 passes it", async () => {
    await dept.goto(`${base}/todo`);
    await openItem(dept, unit);
    await dept.click("button:text-is('审核通过')");
    await dept.waitForSelector("text=审核通过，已报送财政审核");
  });
  const finance = await as("czsh1");
  await step("the 财政审核人 confirms it", async () => {
    await shot(finance, "08-finance-todo");
    await openItem(finance, unit);
    await finance.click("button:text-is('确认')");
    await finance.waitForSelector("text=已确认。");
    await finance.waitForSelector(".badge.s-confirmed");
    await shot(finance, "09-confirmed");
  });
  const admin = await as("jxk");
  await step("the 绩效管理员 sees the task's progress", async () => {
    await admin.click("header nav a:text-is('任务')");
    await admin.waitForSelector("text=2021 年度部门整体绩效自评");
    await shot(admin, "10-tasks");
    await admin.goto(`${base}/items`);
    await shot(admin, "11-all-items");
  });
} catch (e) {
  if (failed === 0) failed++;
  console.log(String(e.stack || e));
} finally {
  if (browser) await browser.close();
  server.kill("SIGTERM");
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

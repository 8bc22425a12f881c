// Drives Parse Dashboard against a running Parsec node in headless Chromium, step by step (steps/index.mjs).
// Fails on the first step that fails, on any console error in the page and on any failed request to
// Parsec; then saves a screenshot of the page to SCREENSHOT_DIR.
// env: PARSEC_SERVER_URL, PARSEC_APP_ID, PARSEC_MASTER_KEY; optional SCREENSHOT_DIR, DASHBOARD_STEPS
// (comma-separated step names to run, with those they need first), PARSEC_PUSH (true when push is configured).
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startDashboard } from './lib/dashboard-server.mjs';
import { launch, offline, watch } from './lib/browser.mjs';
import { parsecApi } from './lib/parsec.mjs';
import { ui } from './lib/ui.mjs';
import { steps } from './steps/index.mjs';

const serverURL = need('PARSEC_SERVER_URL');
const appId = need('PARSEC_APP_ID');
const masterKey = need('PARSEC_MASTER_KEY');
const screenshots = process.env.SCREENSHOT_DIR || 'dashboard-screenshots';
const only = process.env.DASHBOARD_STEPS ? process.env.DASHBOARD_STEPS.split(',') : null;
const appName = 'ParsecApp';

function need(name) {
  if (!process.env[name]) {
    console.error(`${name} must be set`);
    process.exit(2);
  }
  return process.env[name];
}

const dashboard = await startDashboard({ serverURL, appId, masterKey, user: 'admin', pass: 'dashboard-pass', appName });
const browser = await launch();
const problems = [];
let failed = false;
let page;
try {
  page = await browser.newPage();
  page.setDefaultTimeout(15_000);
  await offline(page);
  watch(page, serverURL, problems);
  const helpers = ui(page);
  helpers.appUrl = `${dashboard.url}/apps/${appName}`;
  const ctx = {
    page, ui: helpers, api: parsecApi(serverURL, appId, masterKey), serverURL, appId, masterKey, dashboardUrl: dashboard.url, appName,
    user: 'admin', pass: 'dashboard-pass', push: process.env.PARSEC_PUSH === 'true', state: {},
  };
  for (const step of steps) {
    if (only && !step.always && !only.includes(step.name)) {
      continue;
    }
    const started = Date.now();
    try {
      await step.run(ctx);
      await helpers.settle().catch(() => {});
    } catch (error) {
      throw new Error(`step "${step.name}" failed: ${error.stack || error}`);
    }
    if (problems.length > 0) {
      throw new Error(`step "${step.name}" left problems in the page`);
    }
    console.log(`ok   ${step.name} (${Date.now() - started} ms)`);
  }
} catch (error) {
  failed = true;
  console.error(`FAIL ${error.message}`);
  if (page) {
    mkdirSync(screenshots, { recursive: true });
    const file = join(screenshots, `failure-${Date.now()}.png`);
    await page.screenshot({ path: file, fullPage: true }).catch(() => {});
    console.error(`screenshot: ${file}; page at ${page.url()}`);
  }
} finally {
  if (problems.length > 0) {
    failed = true;
    console.error(`problems seen in the page:\n  ${problems.join('\n  ')}`);
  }
  await browser.close().catch(() => {});
  dashboard.stop();
}
process.exit(failed ? 1 : 0);

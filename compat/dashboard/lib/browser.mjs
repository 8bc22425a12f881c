// Headless Chromium (Debian's /usr/bin/chromium, driven by puppeteer-core: no browser download) with a
// watch on what the test refuses: any console error or uncaught exception in the page, and any request to
// Parsec that fails (a network failure, or an answer with status >= 400).
import puppeteer from 'puppeteer-core';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export async function launch() {
  const userDataDir = mkdtempSync(join(tmpdir(), 'parsec-chromium-'));
  return puppeteer.launch({
    executablePath: CHROMIUM,
    headless: true,
    userDataDir,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--user-data-dir=${userDataDir}`, '--window-size=1400,1000'],
    defaultViewport: { width: 1400, height: 1000 },
  });
}

/**
 * Keeps the page off the internet: Dashboard's pages load Google fonts; a request to any host but this
 * machine gets an empty answer, so the test neither depends on the network nor sees its errors.
 */
export async function offline(page) {
  await page.setRequestInterception(true);
  page.on('request', request => {
    const host = new URL(request.url()).hostname;
    if (host === '127.0.0.1' || host === 'localhost' || request.url().startsWith('data:')) {
      request.continue();
    } else {
      request.respond({ status: 200, contentType: 'text/css', body: '' });
    }
  });
}

/**
 * Uncaught errors of Parse Dashboard 9.2.0's own components, whatever the server: its Autocomplete's scroll
 * and resize handlers call dropdownRef.current.setPosition while no dropdown is open, and the permissions
 * dialogs' IntersectionObserver calls refScrollHint.current.toggleActive after they unmounted. Both are
 * null references in the browser only; every other page error fails the test.
 */
const DASHBOARD_BUGS = [
  "Cannot read properties of null (reading 'setPosition')",
  "Cannot read properties of null (reading 'toggleActive')",
  "Cannot read properties of null (reading 'setHidden')",
];

/** Records the page's problems in problems[] (strings); requests to parsecUrl are the ones watched. */
export function watch(page, parsecUrl, problems) {
  const parsecOrigin = new URL(parsecUrl).origin;
  page.on('console', msg => {
    if (msg.type() === 'error') {
      const where = msg.location() && msg.location().url ? ` (${msg.location().url})` : '';
      problems.push(`console error: ${msg.text()}${where}`);
    }
  });
  page.on('pageerror', error => {
    if (!DASHBOARD_BUGS.includes(error.message)) {
      problems.push(`page error: ${error.message}`);
    }
  });
  page.on('requestfailed', request => {
    if (request.url().startsWith(parsecOrigin)) {
      problems.push(`request failed: ${request.method()} ${request.url()}: ${request.failure()?.errorText}`);
    }
  });
  page.on('response', async response => {
    const request = response.request();
    if (response.url().startsWith(parsecOrigin) && response.status() >= 400) {
      let body = '';
      try {
        body = (await response.text()).slice(0, 300);
      } catch {
        // no body
      }
      problems.push(`request answered ${response.status()}: ${request.method()} ${response.url()} `
        + `${(request.postData() || '').slice(0, 300)} -> ${body}`);
    }
  });
}

// Small helpers over puppeteer for Parse Dashboard's React pages: find by visible text, wait for a state.
export const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

export function ui(page) {
  const self = {
    page,
    /**
     * Clicks the last visible element whose own text is exactly text (the last: a dialog comes after the
     * page it covers), waiting for one up to 10 s.
     */
    async click(text, timeout = 10_000, which = 'last') {
      const handle = await self.find(text, timeout, which);
      await handle.click();
      return handle;
    },
    /** The last (or first) visible element whose text is exactly text (innermost), waiting for one. */
    async find(text, timeout = 10_000, which = 'last') {
      const found = await page.waitForFunction((t, w) => {
        const all = [...document.querySelectorAll('body *')].filter(e => {
          if ((e.innerText || '').trim() !== t) {
            return false;
          }
          const box = e.getBoundingClientRect();
          return box.width > 0 && box.height > 0
            && ![...e.children].some(c => (c.innerText || '').trim() === t);
        });
        return all.length ? all[w === 'first' ? 0 : all.length - 1] : null;
      }, { timeout, polling: 100 }, text, which);
      return found.asElement();
    },
    /**
     * The middle of the data browser's cell in a column (by its header's name) and the row holding a
     * cell whose text is rowText (the last such row), waiting for both.
     */
    async cellPoint(column, rowText, timeout = 10_000) {
      const point = await page.waitForFunction((col, row) => {
        const spans = [...document.querySelectorAll('span, div')];
        const header = spans.find(e => e.children.length === 0 && e.innerText.trim() === col
          && e.getBoundingClientRect().top < 140 && e.getBoundingClientRect().width > 0);
        const cells = spans.filter(e => e.tagName === 'SPAN' && e.innerText.trim() === row
          && e.getBoundingClientRect().top > 100 && e.getBoundingClientRect().width > 0);
        if (!header || cells.length === 0) {
          return null;
        }
        const h = header.getBoundingClientRect();
        const c = cells[cells.length - 1].getBoundingClientRect();
        return { x: h.left + 20, y: c.top + c.height / 2 };
      }, { timeout, polling: 100 }, column, rowText);
      return point.jsonValue();
    },
    /** Double-clicks a cell (see cellPoint), types text into its editor and presses Enter. */
    async editCell(column, rowText, text) {
      const { x, y } = await self.cellPoint(column, rowText);
      await page.mouse.click(x, y);
      await page.mouse.click(x, y, { clickCount: 2 });
      const editor = await page.waitForSelector('textarea:focus, input:focus', { visible: true, timeout: 5_000 });
      await editor.evaluate(e => e.select && e.select());
      await editor.type(text);
      await page.keyboard.press('Enter');
    },
    /** Waits until the page shows text. */
    async waitText(text, timeout = 10_000) {
      await page.waitForFunction(t => document.body.innerText.includes(t), { timeout, polling: 100 }, text);
    },
    /** Waits until the page no longer shows text. */
    async waitNoText(text, timeout = 10_000) {
      await page.waitForFunction(t => !document.body.innerText.includes(t), { timeout, polling: 100 }, text);
    },
    /** Types into the input found by selector, replacing its value. */
    async fill(selector, text) {
      const input = await page.waitForSelector(selector, { visible: true, timeout: 10_000 });
      await input.click({ clickCount: 3 });
      await input.type(text);
      return input;
    },
    /** Goes to a dashboard path of the app and waits until its requests settled. */
    async open(path) {
      await page.goto(self.appUrl + path, { waitUntil: 'networkidle0' });
    },
    /** Waits until no request is in flight for a moment (the dashboard's saves and reloads). */
    async settle() {
      await page.waitForNetworkIdle({ idleTime: 300, timeout: 15_000 });
    },
    appUrl: '',
  };
  return self;
}

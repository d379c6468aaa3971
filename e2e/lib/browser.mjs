// The browser side: the system's Chromium driven by playwright-core, one
// browser context per user so that each scenario has its own cookies, and
// the helpers the scenarios share (logging in, waiting, screenshots).

import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { repoRoot } from './server.mjs';

/** Where Chromium is: CHROMIUM_PATH, else Debian's package. */
export const chromiumPath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** Where the screenshots go: docs/screenshots, or CHAPERONE_SCREENSHOTS. */
export const screenshotDir = process.env.CHAPERONE_SCREENSHOTS || join(repoRoot, 'docs', 'screenshots');

/** Every demo account's password. */
export const demoPassword = 'demo-password';

// Playwright adds --headless and a fresh --user-data-dir itself. The rest
// keep Chromium off the network, which is closed here and in CI: without
// them it tries Google's hosts at every start.
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** launchBrowser starts headless Chromium from chromiumPath. */
export async function launchBrowser() {
  if (!existsSync(chromiumPath)) {
    throw new Error(`no Chromium at ${chromiumPath}: install Debian's chromium package (apt-get install chromium) or set CHROMIUM_PATH`);
  }
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: chromiumArgs, timeout: 30_000 });
}

/** The viewport of every page, and so of every screenshot. */
export const viewport = { width: 1200, height: 800 };

/**
 * Marketplace opens browser contexts on the server at baseURL, as a
 * visitor or as a user. It logs each user in through the login form once
 * and reuses the session cookie after (the server limits logins per
 * address), and it records every page's script errors so a scenario can
 * assert there were none.
 */
export class Marketplace {
  constructor(browser, baseURL) {
    this.browser = browser;
    this.baseURL = baseURL;
    this.sessions = new Map(); // email -> storage state
    this.contexts = [];
    this.logins = 0;
  }

  async newContext(storageState) {
    const ctx = await this.browser.newContext({
      baseURL: this.baseURL,
      viewport,
      deviceScaleFactor: 1,
      locale: 'en-GB',
      timezoneId: 'UTC',
      reducedMotion: 'reduce',
      storageState,
    });
    ctx.setDefaultTimeout(10_000);
    ctx.setDefaultNavigationTimeout(15_000);
    ctx.errors = [];
    ctx.on('page', (page) => {
      page.on('pageerror', (err) => ctx.errors.push(`${page.url()}: ${err.message}`));
      page.on('console', (msg) => {
        // A form answered 4xx (a refusal, a taken email) is by design;
        // Chromium logs it all the same.
        if (msg.type() === 'error' && !/^Failed to load resource: the server responded with a status of 4\d\d/.test(msg.text())) {
          ctx.errors.push(`${page.url()}: console: ${msg.text()}`);
        }
      });
    });
    this.contexts.push(ctx);
    return ctx;
  }

  /** A page of a new context with no one logged in. */
  async visitor() {
    const ctx = await this.newContext();
    return ctx.newPage();
  }

  /** A page of a new context logged in as email (a demo account). */
  async as(email, password = demoPassword) {
    if (!this.sessions.has(email)) {
      const ctx = await this.newContext();
      const page = await ctx.newPage();
      await logIn(page, email, password);
      this.logins++;
      this.sessions.set(email, await ctx.storageState());
      await ctx.close();
    }
    const ctx = await this.newContext(this.sessions.get(email));
    const page = await ctx.newPage();
    await page.goto('/');
    return page;
  }

  /** Signs a new user up through the form; returns their logged-in page. */
  async signUp({ role = 'freelancer', name, email, password, org = '' }) {
    const page = await this.visitor();
    await page.goto('/');
    await page.click('#nav-signup');
    await page.waitForURL('**/signup');
    await page.check(`#signup-role-${role}`);
    await page.fill('#signup-name', name);
    await page.fill('#signup-email', email);
    await page.fill('#signup-password', password);
    if (org) await page.fill('#signup-org', org);
    await Promise.all([page.waitForURL((u) => u.pathname === '/'), page.click('#signup-submit')]);
    this.sessions.set(email, await page.context().storageState());
    return page;
  }

  /**
   * snapshotPages saves a screenshot of every open page into dir, for a
   * failed scenario, and returns a line per page naming its URL and file.
   */
  async snapshotPages(dir, prefix) {
    const lines = [];
    let n = 0;
    for (const ctx of this.contexts) {
      for (const page of ctx.pages()) {
        const file = join(dir, `${prefix}-${++n}.png`);
        await page.screenshot({ path: file }).catch(() => {});
        lines.push(`${page.url()} (${file})`);
      }
    }
    return lines;
  }

  /** Closes every context, asserting none saw a script error. */
  async closeAll() {
    const errors = this.contexts.flatMap((c) => c.errors);
    await Promise.all(this.contexts.map((c) => c.close().catch(() => {})));
    this.contexts = [];
    assert.deepEqual(errors, [], 'script errors in the pages');
  }
}

/** logIn submits the login form and waits for the home page. */
export async function logIn(page, email, password = demoPassword) {
  await page.goto('/login');
  await page.fill('#login-email', email);
  await page.fill('#login-password', password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith('/login')), page.click('#login-submit')]);
  if (await page.locator('#login-error').count()) {
    throw new Error(`log in as ${email}: ${await page.textContent('#login-error')}`);
  }
  await page.locator('#logout-button').waitFor();
}

/** text returns the element's text with whitespace collapsed. */
export async function text(locator) {
  return (await locator.innerText()).replace(/\s+/g, ' ').trim();
}

/**
 * screenshot saves the page as docs/screenshots/NAME.png: the viewport,
 * or the whole page with fullPage. The dates the pages print are moved
 * first, by whole days, so that today reads 2 Mar 2026 (a strike given
 * today still ends 90 days later), and every time of day reads 10:30, so
 * that a run changes an image only when the page itself changed. The
 * caret is hidden and animations stopped.
 */
export async function screenshot(page, name, { fullPage = false } = {}) {
  await mkdir(screenshotDir, { recursive: true });
  await page.evaluate(() => {
    const day = 86_400_000;
    const today = Math.floor(Date.now() / day);
    const fixedToday = Date.UTC(2026, 2, 2) / day;
    const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    for (const t of document.querySelectorAll('time[datetime]')) {
      const when = Date.parse(t.getAttribute('datetime'));
      if (Number.isNaN(when)) continue;
      const d = new Date((Math.floor(when / day) - today + fixedToday) * day);
      const date = `${d.getUTCDate()} ${months[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
      t.textContent = /UTC/.test(t.textContent) ? `${date}, 10:30 UTC` : date;
    }
  });
  await page.mouse.move(0, 0);
  await page.screenshot({ path: join(screenshotDir, `${name}.png`), fullPage, animations: 'disabled', caret: 'hide' });
}

/** threadWith opens the thread in /threads whose other side is named name. */
export async function threadWith(page, name) {
  await page.goto('/threads');
  await page.locator('#thread-list li.thread-item a', { hasText: name }).first().click();
  await page.waitForURL('**/threads/*');
  await page.locator('#composer').waitFor();
  await waitForHTMX(page);
}

/** waitForHTMX waits until htmx has loaded and processed the page. */
export async function waitForHTMX(page) {
  await page.waitForFunction(() => window.htmx !== undefined && document.readyState === 'complete');
}

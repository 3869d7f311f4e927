/**
 * A real browser (the system's Chromium, driven by playwright-core) for tests of what people see:
 * pages without JavaScript, phone-sized screens and automated accessibility checks with axe-core.
 *
 *   const browser = await launchBrowser();
 *   after(() => browser.close());
 *   const page = await newPage(browser, { javaScript: false });
 *   await page.goto(`${t.baseUrl}/`);
 *   assert.ok((await expectAccessible(page, 'home page')) > 0);
 */
import { AssertionError } from 'node:assert';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { password } from './people.ts';

export const phoneViewport = { width: 390, height: 844 };

export async function launchBrowser(): Promise<Browser> {
  const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) {
    throw new Error(
      `Chromium was not found at ${executablePath}. Install it (on Debian: apt-get install chromium) ` +
        'or set CHROMIUM_PATH to a Chromium or Chrome executable.',
    );
  }
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export interface NewPageOptions {
  /** Run the page's scripts (default true); false tests the site as it works without them. */
  javaScript?: boolean;
  /** Default: a phone, 390 × 844. */
  viewport?: { width: number; height: number };
}

/** Whether each context made by newPage runs scripts (Playwright does not say). */
const scriptsEnabled = new WeakMap<BrowserContext, boolean>();

/**
 * A page in its own browser context (own cookies). Close it with `page.context().close()`, or
 * close the browser.
 *
 * Without JavaScript, Chromium runs no timers or queued work in the page, so anything that waits
 * on the page's own scripts never finishes: `page.addStyleTag`, `page.addScriptTag` and an
 * `evaluate` that awaits something hang (until the test times out). Locators, `fill`, `click`,
 * `goto` and synchronous `evaluate` work.
 */
export async function newPage(browser: Browser, options: NewPageOptions = {}): Promise<Page> {
  const javaScript = options.javaScript ?? true;
  const context = await browser.newContext({
    javaScriptEnabled: javaScript,
    viewport: options.viewport ?? phoneViewport,
    locale: 'en-GB',
  });
  scriptsEnabled.set(context, javaScript);
  // Playwright waits for ever by default; a missing element should fail the test, not hang the run.
  context.setDefaultTimeout(20_000);
  context.setDefaultNavigationTimeout(30_000);
  return context.newPage();
}

let axeSource: string | undefined;

function axeScript(): string {
  axeSource ??= fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

export const wcagTags = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  helpUrl: string;
  targets: string[];
  more: number;
}

const auditTimeoutMs = 30_000;

/**
 * Runs axe-core's WCAG 2.0/2.1/2.2 A and AA rules on the page as it is now. Throws an
 * AssertionError listing every violation; returns how many rules passed (assert it is > 0, so an
 * empty or broken page does not pass by having nothing to check).
 *
 * axe is put into the page with `page.evaluate`, which goes through the DevTools protocol and so
 * is not stopped by the page's Content Security Policy (`script-src 'self'`; `addScriptTag` with
 * inline content would be).
 *
 * A page without JavaScript cannot run axe itself: Chromium then runs no timers or queued
 * microtasks, so `axe.run` never finishes. Such a page is audited through a copy: its current DOM
 * (with `<noscript>` content kept as ordinary elements and scripts removed, form values carried
 * over) is served at the same address to a scripted page of the same size that loads the same
 * stylesheets and images, and axe runs there.
 */
export async function expectAccessible(page: Page, label: string): Promise<number> {
  const audit = (await runsScripts(page)) ? { page, dispose: async () => {} } : await scriptedCopy(page);
  let result: { passes: number; violations: AxeViolation[] };
  try {
    result = await withTimeout(runAxe(audit.page), auditTimeoutMs, `axe did not finish on ${label} within ${auditTimeoutMs} ms`);
  } finally {
    await audit.dispose();
  }
  if (result.violations.length > 0) {
    const lines = result.violations.map(
      (v) =>
        `  - ${v.id} (${v.impact ?? 'unknown impact'}): ${v.help}\n      ${v.targets.join('\n      ')}` +
        `${v.more ? `\n      … and ${v.more} more` : ''}\n      ${v.helpUrl}`,
    );
    throw new AssertionError({
      message: `${label} (${page.url()}) has ${result.violations.length} accessibility violation(s):\n${lines.join('\n')}`,
      actual: result.violations.map((v) => v.id),
      expected: [],
      operator: 'expectAccessible',
    });
  }
  return result.passes;
}

async function runAxe(page: Page): Promise<{ passes: number; violations: AxeViolation[] }> {
  // A string is evaluated as a script of its own, so axe's source needs no eval() in the page.
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(axeScript());
  return page.evaluate(async (tags) => {
    const { axe } = window as unknown as { axe: { run(context: unknown, options: unknown): Promise<any> } };
    const results = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return {
      passes: results.passes.length as number,
      violations: (results.violations as any[]).map((violation) => ({
        id: String(violation.id),
        impact: (violation.impact as string | null) ?? null,
        help: String(violation.help),
        helpUrl: String(violation.helpUrl),
        targets: (violation.nodes as any[]).slice(0, 3).map((node) => JSON.stringify(node.target)),
        more: Math.max(0, (violation.nodes as any[]).length - 3),
      })),
    };
  }, wcagTags);
}

async function runsScripts(page: Page): Promise<boolean> {
  const known = scriptsEnabled.get(page.context());
  if (known !== undefined) return known;
  // A context made elsewhere: a zero-delay timer fires only where scripts run.
  const probe = page.evaluate(() => new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 0)));
  return withTimeout(probe, 1000, '').catch(() => false);
}

async function scriptedCopy(page: Page): Promise<{ page: Page; dispose(): Promise<void> }> {
  // Synchronous evaluation still works without JavaScript.
  const html = await page.evaluate(() => {
    const root = document.documentElement;
    const copy = root.cloneNode(true) as HTMLElement;
    // What people typed or chose lives in properties, which cloning leaves behind.
    const originals = root.querySelectorAll('input, textarea, select');
    const copies = copy.querySelectorAll('input, textarea, select');
    originals.forEach((original, index) => {
      const twin = copies[index];
      if (!twin) return;
      if (original instanceof HTMLInputElement) {
        if (original.type === 'checkbox' || original.type === 'radio') twin.toggleAttribute('checked', original.checked);
        else if (original.type !== 'file') twin.setAttribute('value', original.value);
      } else if (original instanceof HTMLTextAreaElement) {
        twin.textContent = original.value;
      } else if (original instanceof HTMLSelectElement) {
        const options = twin.querySelectorAll('option');
        Array.from(original.options).forEach((option, i) => options[i]?.toggleAttribute('selected', option.selected));
      }
    });
    copy.querySelectorAll('script').forEach((script) => script.remove());
    // With scripts on, <noscript> would be parsed as text; keep what it shows as elements.
    copy.querySelectorAll('noscript').forEach((noscript) => {
      const shown = document.createElement('noscript-content');
      shown.append(...Array.from(noscript.childNodes));
      noscript.replaceWith(shown);
    });
    const doctype = document.doctype ? `<!DOCTYPE ${document.doctype.name}>` : '';
    return `${doctype}\n${copy.outerHTML}`;
  });

  const original = page.context();
  const browser = original.browser();
  if (!browser) throw new Error('expectAccessible needs a page from launchBrowser() to audit a page without JavaScript.');
  const context = await browser.newContext({
    javaScriptEnabled: true,
    viewport: page.viewportSize() ?? phoneViewport,
    locale: 'en-GB',
  });
  const dispose = () => context.close();
  try {
    await context.addCookies(await original.cookies());
    const copy = await context.newPage();
    const url = page.url();
    if (/^https?:/.test(url)) {
      await copy.route('**/*', async (route) => {
        const request = route.request();
        if (request.isNavigationRequest() && request.url() === url) {
          await route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
        } else if (request.resourceType() === 'script') {
          await route.abort();
        } else {
          await route.continue();
        }
      });
      await copy.goto(url, { waitUntil: 'load' });
    } else {
      await copy.setContent(html, { waitUntil: 'load' });
    }
    return { page: copy, dispose };
  } catch (error) {
    await dispose();
    throw error;
  }
}

function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Signs in through the sign-in form, as a person would, and waits for the page it leads to. */
export async function signIn(hub: { baseUrl: string }, page: Page, email: string, secret = password) {
  await page.goto(`${hub.baseUrl}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(secret);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
  await page.waitForLoadState();
}

/** Clicks the first button (or link) of that name and waits for the page it leads to. */
export async function click(page: Page, name: string | RegExp, role: 'button' | 'link' = 'button') {
  await Promise.all([page.waitForNavigation(), page.getByRole(role, { name }).first().click()]);
}

/** The text people read in the page's main part. */
export const mainText = (page: Page) => page.locator('main').innerText();

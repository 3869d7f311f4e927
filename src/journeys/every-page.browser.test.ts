/**
 * Walks a hub full of demo content the way people would, following links from the home page,
 * as a visitor, as a member and as an administrator, in Chromium with JavaScript off on a
 * phone-sized screen. Every page reached must answer 200 and pass axe; no link may lead nowhere.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { fillWithDemo, demoEmail } from '../demo/demo.ts';
import { demoMembers } from '../data/demo-content.ts';
import { expectAccessible, launchBrowser, newPage } from '../test/browser.ts';
import { defaultSetup, setUpHub, startTestHub, type TestHub } from '../test/hub.ts';

let hub: TestHub;
let browser: Browser;
let memberPassword: string;

before(async () => {
  hub = await startTestHub({ listen: true });
  await setUpHub(hub.app);
  memberPassword = (await fillWithDemo(hub.db, hub.config.uploadsDir, { quiet: true })).password;
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await hub?.close();
});

const pagesPerVisitor = 45;

/** One address per kind of page: the second page of a list or another tag teaches nothing new. */
/** The fixed words of the hub's routes (`members` in /groups/:slug/members): they name a kind of page; anything else is a value. */
let routeWords: Set<string> | undefined;
function fixedWords(): Set<string> {
  routeWords ??= new Set(hub.app.routeList.all().flatMap((route) => route.url.split('/').filter((part) => part && !part.startsWith(':') && part !== '*')));
  return routeWords;
}

function pageKind(url: URL): string {
  const parts = url.pathname.split('/').filter(Boolean);
  const shape = parts.map((part, index) => (index === 0 || fixedWords().has(part) ? part : '*'));
  const query = [...url.searchParams.keys()].filter((key) => key !== 'page').sort();
  return `${shape.join('/')}?${query.join('&')}`;
}

function worthVisiting(url: URL, origin: string): boolean {
  if (url.origin !== origin) return false;
  if (/\.(json|csv|rss|atom|ics)$/.test(url.pathname)) return false;
  // Files are downloads, not pages; unsubscribe pages need a token from an email.
  return !/^\/(uploads|assets|unsubscribe)\//.test(url.pathname) && !/\/files\/\d+/.test(url.pathname);
}

async function walk(page: Page, label: string, startAt: string[] = ['/']) {
  const origin = new URL(hub.baseUrl).origin;
  const queue: string[] = startAt.map((path) => `${hub.baseUrl}${path}`);
  const seenKinds = new Set<string>();
  const visited: string[] = [];
  while (queue.length > 0 && visited.length < pagesPerVisitor) {
    const address = queue.shift()!;
    const url = new URL(address);
    const kind = pageKind(url);
    if (seenKinds.has(kind)) continue;
    seenKinds.add(kind);
    const response = await page.goto(address);
    assert.equal(response?.status(), 200, `${label}: ${address} answered ${response?.status()}`);
    await expectAccessible(page, `${label}: ${url.pathname}${url.search}`);
    visited.push(url.pathname + url.search);
    const links = await page.locator('a[href]').evaluateAll((anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
    for (const link of links) {
      const target = new URL(link);
      target.hash = '';
      if (worthVisiting(target, origin) && !seenKinds.has(pageKind(target))) queue.push(target.toString());
    }
  }
  return visited;
}

async function signIn(page: Page, email: string, password: string) {
  await page.goto(`${hub.baseUrl}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(password);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
}

test('a visitor reaches only working, accessible pages', { timeout: 600_000 }, async () => {
  const page = await newPage(browser, { javaScript: false });
  // Also from the demo's open conference, so its sessions and schedule are reached within the limit.
  const visited = await walk(page, 'visitor', ['/', '/events/northern-civic-data-unconference']);
  assert.ok(visited.length >= 10, `visited ${visited.join(', ')}`);
  assert.ok(visited.some((path) => path.startsWith('/pitches/')));
  assert.ok(visited.some((path) => path.startsWith('/members/')));
  assert.ok(visited.some((path) => path.startsWith('/organisations/')));
  // The demo's open conference: its sessions, one session and the schedule built from the votes.
  for (const page of [/^\/events\/[a-z0-9-]+\/sessions$/, /^\/events\/[a-z0-9-]+\/sessions\/\d+$/, /^\/events\/[a-z0-9-]+\/schedule$/]) {
    assert.ok(visited.some((path) => page.test(path)), `visited ${visited.join(', ')}`);
  }
  assert.ok(visited.some((path) => /^\/stories\/[a-z0-9-]+$/.test(path) && path !== '/stories/nominate'), 'a story was visited');
  assert.ok(visited.some((path) => /^\/awards\/[^/]+\/results$/.test(path)), 'the demo round’s results were visited');
});

test('a member reaches only working, accessible pages', { timeout: 600_000 }, async () => {
  const page = await newPage(browser, { javaScript: false });
  await signIn(page, demoEmail(demoMembers[0]!.name), memberPassword);
  // Starting from a group they facilitate as well as from the home page, so its own pages are
  // reached before the walk's limit.
  const visited = await walk(page, 'member', ['/', '/groups/warm-spaces-network']);
  assert.ok(visited.includes('/settings'), `visited ${visited.join(', ')}`);
  assert.ok(visited.includes('/notifications'));
  // demoMembers[0] facilitates the demo's warm spaces network: its pages are part of the walk.
  for (const part of ['/activity', '/members', '/attention', '/message', '/knowledge/']) {
    assert.ok(visited.some((path) => path.startsWith('/groups/') && path.includes(part)), `a group's ${part} page was visited`);
  }
});

test('an administrator reaches only working, accessible pages', { timeout: 600_000 }, async () => {
  const page = await newPage(browser, { javaScript: false });
  await signIn(page, defaultSetup.adminEmail, defaultSetup.adminPassword);
  const visited = await walk(page, 'administrator');
  assert.ok(visited.includes('/admin'), `visited ${visited.join(', ')}`);
});

/**
 * Awards in a real browser with JavaScript off, on a phone-sized screen, checked with axe on every
 * page: opening a round (with mistakes first), nominating, voting, a panellist declaring a
 * conflict of interest and scoring, and the results with their chart.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { createAccount } from '../accounts/accounts.commands.ts';
import { click, expectAccessible, launchBrowser, mainText, newPage } from '../../test/browser.ts';
import { TestClient } from '../../test/http.ts';
import { defaultSetup, setUpHub, startTestHub, type TestHub } from '../../test/hub.ts';
import { formDays, setPhase } from './awards.fixtures.ts';

const password = 'a long enough password';

async function signIn(hub: TestHub, page: Page, email: string, secret = password) {
  await page.goto(`${hub.baseUrl}/sign-in`);
  await page.getByLabel('Email address').fill(email);
  await page.getByLabel('Password').fill(secret);
  await Promise.all([page.waitForNavigation(), page.getByRole('button', { name: 'Sign in', exact: true }).click()]);
}

describe('awards in a browser without JavaScript', () => {
  let hub: TestHub;
  let browser: Browser;
  let admin: Page;
  let nominator: Page;
  let panellist: Page;
  let visitor: Page;
  let roundId = 0;
  const roundPath = '/awards/neighbourhood-awards';
  let fridgeSlug = '';
  let gardenSlug = '';

  before(async () => {
    hub = await startTestHub({ listen: true });
    await setUpHub(hub.app);
    for (const [name, email] of [
      ['Nia Nominator', 'nia@example.org'],
      ['Pat Panellist', 'pat@example.org'],
    ] as const) {
      assert.ok((await createAccount(hub.db, { name, email, password, verified: true })).ok);
    }
    const author = new TestClient(hub.app);
    await author.signIn('nia@example.org', password);
    for (const title of ['Community fridge', 'Pocket garden']) {
      const response = await author.postForm('/pitches/new', { kind: 'project', title, summary: 'Good for the street.', terms: 'free', stage: 'delivering', group: '', action: 'publish' });
      assert.equal(response.status, 303);
      if (title === 'Community fridge') fridgeSlug = response.location!.slice('/pitches/'.length);
      else gardenSlug = response.location!.slice('/pitches/'.length);
    }
    browser = await launchBrowser();
    admin = await newPage(browser, { javaScript: false });
    nominator = await newPage(browser, { javaScript: false });
    panellist = await newPage(browser, { javaScript: false });
    visitor = await newPage(browser, { javaScript: false });
    await signIn(hub, admin, defaultSetup.adminEmail, defaultSetup.adminPassword);
    await signIn(hub, nominator, 'nia@example.org');
    await signIn(hub, panellist, 'pat@example.org');
  });
  after(async () => {
    await browser?.close();
    await hub?.close();
  });

  test('opening a round: the form shows its mistakes, keeps what was typed, then opens the round', async () => {
    await admin.goto(`${hub.baseUrl}/admin`);
    await click(admin, /^Awards/, 'link');
    await click(admin, 'Open a new round', 'link');
    assert.equal(await admin.getByRole('heading', { level: 1, name: 'Open an awards round' }).count(), 1);
    assert.ok((await expectAccessible(admin, 'new round form')) > 0);

    const days = formDays();
    await admin.getByLabel('Name of the round').fill('Neighbourhood Awards');
    await admin.getByLabel('What the awards are for').fill('For the things that made our streets better.');
    await admin.getByLabel('Nominations open').fill(days.nominationsOpen!);
    await admin.getByLabel('Nominations close').fill(days.nominationsClose!);
    // A mistake: voting opening on the day nominations close.
    await admin.getByLabel('Voting opens').fill(days.nominationsClose!);
    await admin.getByLabel('Voting closes').fill(days.votingClose!);
    await admin.getByLabel('Panel scoring closes').fill(days.scoringClose!);
    await admin.getByLabel('Results are published').fill(days.resultsDate!);
    await admin.getByLabel('Share of the combined score from members’ votes (per cent)').fill('40');
    await admin.locator('#field-category1Name').fill('Community impact');
    await admin.locator('#field-category2Name').fill('Green streets');
    await admin.locator('#field-criterion1Name').fill('Impact');
    await admin.locator('#field-criterion1Weight').fill('2');
    await admin.locator('#field-criterion2Name').fill('Reach');
    // Another mistake: a criterion without a weight.
    await admin.getByLabel('Panellists', { exact: true }).fill('pat-panellist');
    await click(admin, 'Open the round');
    assert.equal(await admin.getByRole('heading', { name: 'There is a problem' }).count(), 1);
    const problems = await admin.locator('.error-summary').innerText();
    assert.match(problems, /Voting must open after nominations close/);
    assert.match(problems, /Enter a weight for this criterion\./);
    assert.equal(await admin.getByLabel('Name of the round').inputValue(), 'Neighbourhood Awards');
    assert.equal(await admin.locator('#field-criterion2Name').inputValue(), 'Reach');
    assert.equal(await admin.getByLabel('Panellists', { exact: true }).inputValue(), 'pat-panellist');
    assert.ok((await expectAccessible(admin, 'new round form with mistakes')) > 0);

    await admin.getByLabel('Voting opens').fill(formDays().votingOpen!);
    await admin.locator('#field-criterion2Weight').fill('1');
    await click(admin, 'Open the round');
    assert.equal(new URL(admin.url()).pathname, roundPath);
    assert.equal(await admin.getByRole('heading', { level: 1, name: 'Neighbourhood Awards' }).count(), 1);
    const text = await mainText(admin);
    assert.match(text, /is set up/);
    assert.match(text, /Nominations open soon/);
    assert.match(text, /Combined score = 40% × vote share \+ 60% × panel score\./);
    assert.ok((await expectAccessible(admin, 'round page as administrator')) > 0);
    roundId = (await hub.db.selectFrom('award_rounds').select('id').executeTakeFirstOrThrow()).id;
  });

  test('nominating a public pitch', async () => {
    await setPhase(hub.db, roundId, 'nominating');
    await nominator.goto(`${hub.baseUrl}${roundPath}`);
    assert.ok((await expectAccessible(nominator, 'round page while nominations are open')) > 0);
    await click(nominator, 'Nominate a pitch or story', 'link');
    assert.ok((await expectAccessible(nominator, 'nomination form')) > 0);
    await click(nominator, 'Nominate');
    assert.match(await nominator.locator('.error-summary').innerText(), /Choose a category\.[\s\S]*Paste the address[\s\S]*Say why/);
    assert.ok((await expectAccessible(nominator, 'nomination form with mistakes')) > 0);
    for (const [category, slug, reason] of [
      ['Community impact', fridgeSlug, 'Forty families a week eat from it.'],
      ['Green streets', gardenSlug, 'A car park turned into a garden.'],
      ['Community impact', gardenSlug, 'Neighbours meet there every weekend.'],
    ] as const) {
      await nominator.goto(`${hub.baseUrl}${roundPath}/nominate`);
      await nominator.getByRole('radio', { name: category }).check();
      await nominator.getByLabel('Address of the pitch or story').fill(`${hub.baseUrl}/pitches/${slug}`);
      await nominator.getByLabel('Why it deserves the award').fill(reason);
      await click(nominator, 'Nominate');
      assert.match(await mainText(nominator), /is nominated for/);
    }
    assert.match(await mainText(nominator), /Neighbours meet there every weekend\./);
    assert.ok((await expectAccessible(nominator, 'nomination page')) > 0);
  });

  test('voting, and changing a vote', async () => {
    await setPhase(hub.db, roundId, 'voting');
    await nominator.goto(`${hub.baseUrl}${roundPath}`);
    await click(nominator, 'Vote', 'link');
    assert.ok((await expectAccessible(nominator, 'voting page')) > 0);
    const impact = nominator.getByRole('group', { name: 'Your vote in Community impact' });
    await impact.getByRole('radio', { name: 'Pocket garden' }).check();
    await click(nominator, 'Vote in Community impact');
    assert.match(await mainText(nominator), /Your vote in Community impact is saved\./);
    assert.match(await mainText(nominator), /Your vote: Pocket garden\./);
    await nominator.getByRole('group', { name: 'Your vote in Community impact' }).getByRole('radio', { name: 'Community fridge' }).check();
    await click(nominator, 'Change my vote in Community impact');
    assert.match(await mainText(nominator), /Your vote in Community impact is changed\./);
    await click(nominator, 'Vote in Green streets');
    assert.match(await nominator.locator('.error-summary').innerText(), /Choose who to vote for in Green streets\./);
    assert.ok((await expectAccessible(nominator, 'voting page with a mistake')) > 0);
    await nominator.getByRole('group', { name: 'Your vote in Green streets' }).getByRole('radio', { name: 'Pocket garden' }).check();
    await click(nominator, 'Vote in Green streets');
    assert.ok((await expectAccessible(nominator, 'voting page after voting')) > 0);
  });

  test('a panellist declares a conflict of interest with one nominee and scores another', async () => {
    await panellist.goto(`${hub.baseUrl}${roundPath}`);
    await click(panellist, 'Score the nominees (panel)', 'link');
    assert.ok((await expectAccessible(panellist, 'panel page')) > 0);

    // The fridge: a conflict of interest, declared with what it is.
    await click(panellist, 'Community fridge', 'link');
    assert.ok((await expectAccessible(panellist, 'declaration form')) > 0);
    await panellist.getByRole('radio', { name: 'Yes, I have a conflict of interest' }).check();
    await click(panellist, 'Save my declaration');
    assert.match(await panellist.locator('.error-summary').innerText(), /Say what the conflict of interest is\./);
    assert.ok((await expectAccessible(panellist, 'declaration form with a mistake')) > 0);
    await panellist.getByLabel('What is the conflict of interest?').fill('I volunteer at the fridge on Saturdays.');
    await click(panellist, 'Save my declaration');
    assert.match(await mainText(panellist), /you have a conflict of interest, so you will not score Community fridge/);
    assert.equal(await panellist.getByRole('link', { name: 'Community fridge' }).count(), 0, 'no longer offered');

    // The garden in Community impact: no conflict, then scores.
    await click(panellist, 'Pocket garden', 'link');
    await panellist.getByRole('radio', { name: 'No, I have no conflict of interest' }).check();
    await click(panellist, 'Save my declaration');
    assert.match(await mainText(panellist), /You can now score Pocket garden/);
    assert.ok((await expectAccessible(panellist, 'score form')) > 0);
    await panellist.getByLabel('Impact (weight 2)').selectOption('8');
    await click(panellist, 'Save my scores');
    assert.match(await panellist.locator('.error-summary').innerText(), /Choose a score for this criterion\./);
    assert.equal(await panellist.getByLabel('Impact (weight 2)').inputValue(), '8');
    assert.ok((await expectAccessible(panellist, 'score form with a mistake')) > 0);
    await panellist.getByLabel('Reach (weight 1)').selectOption('5');
    await click(panellist, 'Save my scores');
    assert.match(await mainText(panellist), /Your scores for Pocket garden are saved\./);
    assert.match(await mainText(panellist), /your weighted average is 7\.00 out of 10/);
    assert.ok((await expectAccessible(panellist, 'panel page after scoring')) > 0);
  });

  test('the results: published by the administrator, with a chart and tables', async () => {
    await setPhase(hub.db, roundId, 'counting');
    await admin.goto(`${hub.baseUrl}${roundPath}`);
    await click(admin, 'Publish the results now');
    assert.equal(new URL(admin.url()).pathname, `${roundPath}/results`);
    assert.match(await mainText(admin), /The results are published\./);

    await visitor.goto(`${hub.baseUrl}${roundPath}`);
    await click(visitor, 'See the results', 'link');
    assert.equal(await visitor.getByRole('heading', { level: 1, name: 'Results: Neighbourhood Awards' }).count(), 1);
    const chart = visitor.getByRole('img', { name: 'Combined scores in Community impact' });
    assert.equal(await chart.count(), 1);
    assert.match((await chart.getAttribute('aria-labelledby')) ?? '', /-title .+-desc$/);
    assert.match(await visitor.locator('svg desc').first().textContent() ?? '', /1\. Community fridge: 0\.400; 2\. Pocket garden: 0\.420|1\. Pocket garden: 0\.420; 2\. Community fridge: 0\.400/);
    const table = visitor.getByRole('table', { name: 'Results in Community impact' });
    assert.equal(await table.getByRole('row').count(), 3);
    assert.match(await table.innerText(), /1 \(winner\)\s+Pocket garden/);
    assert.match(await mainText(visitor), /Winner: Pocket garden/);
    assert.ok((await expectAccessible(visitor, 'results page')) > 0);
  });
});

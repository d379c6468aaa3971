// Browser tests of the reference marketplace: each scenario walks one
// flow of issue 6 through the pages, as a user would, in its own browser
// contexts, against a server started for this run on demo data. They run
// in this order, one at a time, so the screenshots they leave in
// docs/screenshots come out the same on every run.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { startServer } from '../lib/server.mjs';
import { Marketplace, launchBrowser, screenshot, text, threadWith, waitForHTMX } from '../lib/browser.mjs';
import { axeViolations, knownIssues, ownChecks, tabTo } from '../lib/a11y.mjs';

const scenario = { timeout: 90_000 };

let server, browser, market;

before(async () => {
  server = await startServer();
  console.log(`# server ${server.url} (built in ${server.buildMs} ms), log ${server.logPath}`);
  browser = await launchBrowser();
  console.log(`# Chromium ${browser.version()}`);
  market = new Marketplace(browser, server.url);
});

after(async () => {
  await browser?.close();
  // Keep the server's log when a scenario failed, and show its end.
  const failed = process.exitCode !== undefined && process.exitCode !== 0;
  if (server) {
    if (failed) console.log(`# server log kept in ${server.logPath}; last lines:\n${server.tail()}`);
    await server.stop({ keep: failed });
  }
  if (market) console.log(`# ${market.logins} logins`);
});

// Each scenario closes its contexts, failing on any script error they
// saw. A failed one leaves a screenshot of each page it had open beside
// the server's log.
async function scene(t, fn) {
  try {
    await fn();
  } catch (err) {
    const slug = t.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 40);
    for (const line of await market.snapshotPages(server.dir, `failed-${slug}`)) t.diagnostic(`open page: ${line}`);
    throw err;
  } finally {
    await market.closeAll();
  }
}

// messageTexts returns the texts of the thread's messages, in order.
async function messageTexts(page) {
  return page.locator('ol#messages li.message .message-text').allInnerTexts();
}

test('sign up a new freelancer through the form', scenario, (t) => scene(t, async () => {
  const page = await market.signUp({ name: 'Zoe Park', email: 'zoe.park@freelancer.example', password: 'zoe-password-1' });
  assert.match(await text(page.locator('.whoami')), /Zoe Park \(freelancer\)/);
  assert.equal(await page.locator('#nav-profile').count(), 1, 'a freelancer sees "Your profile"');
  assert.equal(await page.locator('#nav-post').count(), 0, 'a freelancer does not see "Post a job"');
  // The header is one row from 1024 px: the name and "Log out" beside
  // the brand, not wrapped under it.
  for (const width of [1200, 1024]) {
    await page.setViewportSize({ width, height: 800 });
    const brand = await page.locator('.site-header .brand').boundingBox();
    for (const sel of ['.whoami', '#logout-button', '#nav-help']) {
      const box = await page.locator(sel).boundingBox();
      const middle = box.y + box.height / 2;
      assert.ok(middle > brand.y && middle < brand.y + brand.height, `at ${width} px, ${sel} is on the brand's row (${JSON.stringify(box)} vs ${JSON.stringify(brand)})`);
      assert.ok(box.x + box.width <= width, `at ${width} px, ${sel} fits in the window`);
    }
  }

  // The same email again is refused, with the form kept.
  const again = await market.visitor();
  await again.goto('/signup');
  await again.fill('#signup-name', 'Zoe Again');
  await again.fill('#signup-email', 'zoe.park@freelancer.example');
  await again.fill('#signup-password', 'zoe-password-2');
  await again.click('#signup-submit');
  await again.locator('#signup-error').waitFor();
  assert.match(await text(again.locator('#signup-error')), /exists already/);
  assert.equal(await again.inputValue('#signup-name'), 'Zoe Again');
}));

test('search jobs: the Enterprise badge on Northwind, not on Acme', scenario, (t) => scene(t, async () => {
  const page = await market.visitor();
  await page.goto('/');
  await page.click('#nav-jobs');
  await page.locator('#job-tiles').waitFor();
  const tiles = page.locator('#job-tiles li.job-tile');
  assert.ok(await tiles.count() >= 3, 'the demo jobs are listed');
  for (const tile of await tiles.all()) {
    const client = await text(tile.locator('.tile-client'));
    const badges = await tile.locator('span.badge-enterprise[role=img][aria-label="Enterprise client"]').count();
    if (client.startsWith('Northwind Traders')) assert.equal(badges, 1, `Northwind tile ${await text(tile.locator('.job-tile-title'))} has the badge`);
    if (client.startsWith('Acme Studio')) assert.equal(badges, 0, `Acme tile ${await text(tile.locator('.job-tile-title'))} has no badge`);
  }
  // The badge is an image named for screen readers.
  assert.ok(await page.getByRole('img', { name: 'Enterprise client' }).count() >= 1);
  await screenshot(page, 'jobs-search');

  // A search through the form.
  await page.fill('#job-search-q', 'payments');
  await page.press('#job-search-q', 'Enter');
  await page.waitForURL((u) => u.pathname === '/jobs' && u.searchParams.get('q') === 'payments');
  assert.equal(await tiles.count(), 1);
  assert.equal(await text(tiles.first().locator('.job-tile-title a')), 'Senior Go engineer for a payments API');
  assert.equal(await tiles.first().locator('.badge-enterprise').count(), 1);

  await page.fill('#job-search-q', 'logo');
  await page.press('#job-search-q', 'Enter');
  await page.waitForURL((u) => u.pathname === '/jobs' && u.searchParams.get('q') === 'logo');
  assert.equal(await tiles.count(), 1);
  assert.match(await text(tiles.first().locator('.tile-client')), /^Acme Studio/);
  assert.equal(await tiles.first().locator('.badge-enterprise').count(), 0);

  // The job page carries the badge too.
  await page.goto('/jobs?q=payments');
  await tiles.first().locator('.job-tile-title a').click();
  await page.locator('#job-title').waitFor();
  assert.equal(await text(page.locator('#job-title')), 'Senior Go engineer for a payments API');
  assert.equal(await page.locator('#job-client .badge-enterprise[aria-label="Enterprise client"]').count(), 1);
  await screenshot(page, 'job');
}));

test('basic client: an email in a message is highlighted as typed and refused on send', scenario, (t) => scene(t, async () => {
  const page = await market.signUp({ name: 'Sam Okafor', email: 'sam.okafor@freelancer.example', password: 'sam-password-1' });
  await page.goto('/jobs?q=logo');
  await page.locator('#job-tiles .job-tile-title a').first().click();
  await page.locator('#message-client').click();
  await page.waitForURL('**/threads/*');
  await waitForHTMX(page);
  assert.equal(await text(page.locator('#thread-title')), 'Carl Diaz');
  assert.equal(await page.locator('#enterprise-notice').count(), 0, 'no Enterprise notice with a basic client');
  assert.equal(await page.locator('#thread-party .badge-enterprise').count(), 0);
  assert.equal(await page.locator('#contact-status.contact-not-allowed').count(), 1);

  const draft = 'Hi Carl, I can start next week. Write to me at sam.okafor@gmail.com';
  await page.locator('#message-text').pressSequentially(draft, { delay: 5 });
  // The debounced live check shows what the policy would do (a check of
  // a half-typed draft may come first on a slow machine: wait for the
  // whole address).
  const warning = page.locator('#check-result .check');
  await warning.locator('mark.finding', { hasText: 'sam.okafor@gmail.com' }).waitFor();
  assert.equal(await page.getAttribute('#check-result', 'aria-live'), 'polite');
  const marked = await warning.locator('mark.finding').first().evaluate((m) => m.firstChild.textContent);
  assert.equal(marked, 'sam.okafor@gmail.com');
  assert.ok(await warning.locator('mark.finding').first().getAttribute('title'), 'the mark says what was found');
  assert.ok((await text(warning.locator('.notice-text').first())).length > 0, 'the notice is shown');
  assert.equal(await warning.locator('.check-help a[href="/help/enterprise"]').count(), 1);
  await screenshot(page, 'thread-warning');

  const before = await messageTexts(page);
  await page.click('#send-button');
  const refused = page.locator('#check-result .check-refused[role=alert]');
  await refused.waitFor();
  assert.match(await text(refused.locator('.check-headline')), /.+/);
  assert.ok(await refused.locator('mark.finding').count() >= 1, 'the refusal marks the email');
  assert.equal(await page.inputValue('#message-text'), draft, 'the draft is kept');
  assert.deepEqual(await messageTexts(page), before, 'nothing was added to the thread');
  // And the server has nothing either.
  await page.reload();
  assert.ok(!(await messageTexts(page)).some((t) => t.includes('sam.okafor@gmail.com')), 'the refused message was not stored');
}));

test('Enterprise client: the notice is shown and an email is delivered', scenario, (t) => scene(t, async () => {
  const page = await market.as('ravi@freelancer.example');
  await threadWith(page, 'Erin Walsh');
  assert.equal(await text(page.locator('#thread-title')), 'Erin Walsh');
  assert.match(await text(page.locator('#enterprise-notice')), /This client is on an Enterprise plan\./);
  assert.equal(await page.locator('#thread-party span.badge-enterprise[role=img][aria-label="Enterprise client"]').count(), 1);

  const msg = 'Thanks Erin! My email is ravi.kumar@example.com, I am free on Thursday.';
  await page.fill('#message-text', msg);
  await page.click('#send-button');
  const mine = page.locator('ol#messages li.message.message-mine', { hasText: 'ravi.kumar@example.com' });
  await mine.waitFor();
  assert.equal(await mine.locator('.mask').count(), 0, 'nothing masked');
  assert.equal(await page.locator('#check-result .check-refused').count(), 0);
  assert.equal(await page.inputValue('#message-text'), '', 'the box is emptied');
  await page.reload();
  assert.ok((await messageTexts(page)).some((t) => t.includes('ravi.kumar@example.com')), 'the message was stored');
  await screenshot(page, 'thread-enterprise', { fullPage: true });
}));

test('Enterprise client: a job post with a phone number is refused, the input kept', scenario, (t) => scene(t, async () => {
  const page = await market.as('erin@northwind.example');
  await page.click('#nav-post');
  await page.waitForURL('**/jobs/new');
  await waitForHTMX(page);
  const title = 'Site reliability engineer';
  const description = 'Join our platform team. Call me on +1 415 555 0199 to talk about the role.';
  await page.fill('#job-title-input', title);
  await page.fill('#job-description-input', description);
  await page.fill('#job-budget-input', '$100/hour');
  // The live check warns before posting.
  await page.locator('#job-check .check mark.finding', { hasText: '415 555 0199' }).waitFor();
  await page.click('#job-submit');
  await page.waitForLoadState();
  const refused = page.locator('#job-check .check-refused[role=alert]');
  await refused.waitFor();
  const marks = await refused.locator('mark.finding').evaluateAll((ms) => ms.map((m) => m.firstChild.textContent));
  assert.ok(marks.some((m) => m.includes('415 555 0199')), `the phone is highlighted (marked: ${JSON.stringify(marks)})`);
  assert.equal(await page.inputValue('#job-title-input'), title);
  assert.equal(await page.inputValue('#job-description-input'), description);
  assert.equal(await page.inputValue('#job-budget-input'), '$100/hour');
  await screenshot(page, 'job-refused');
  // Not posted.
  await page.goto('/jobs?q=reliability');
  assert.equal(await page.locator('#job-tiles li.job-tile').count(), 0);
}));

test('basic client: after a contract starts, contact details may be shared', scenario, (t) => scene(t, async () => {
  const carl = await market.as('carl@acme.example');
  await threadWith(carl, 'Ana Lima');
  assert.equal(await carl.locator('#contact-status.contact-not-allowed').count(), 1, 'no sharing before the contract');
  await carl.click('#offer summary');
  await carl.click('#offer-submit');
  await carl.waitForURL('**/contracts/*');
  assert.equal(await carl.getAttribute('#contract-state', 'data-state'), 'offered');
  const contractPath = new URL(carl.url()).pathname;

  const ana = await market.as('ana@freelancer.example');
  await threadWith(ana, 'Carl Diaz');
  // The thread lists the pair's contracts; nothing is posted in it.
  const offer = ana.locator(`#thread-contracts .contract-item a[href="${contractPath}"]`);
  await offer.waitFor();
  await offer.click();
  await ana.waitForURL(`**${contractPath}`);
  await ana.click('#accept-button');
  await ana.waitForURL((u) => u.pathname === contractPath && u.search === '?done=accepted');
  assert.equal(await ana.getAttribute('#contract-state', 'data-state'), 'active');
  await ana.locator('#contract-started').waitFor();
  assert.match(await text(ana.locator('#contract-sharing')), /may be shared/);

  await ana.click('#contract-thread');
  await ana.waitForURL('**/threads/*');
  await waitForHTMX(ana);
  assert.equal(await ana.locator('#contact-status.contact-allowed').count(), 1, 'sharing allowed now');
  assert.ok(await ana.locator('li.timeline-marker').count() >= 1, 'the start is marked in the thread');
  assert.equal(await ana.locator(`#thread-contracts .contract-item[data-state="active"] a[href="${contractPath}"]`).count(), 1);
  await ana.fill('#message-text', 'Great, thanks! My email is ana.lima@gmail.com for the files.');
  await ana.click('#send-button');
  const sent = ana.locator('ol#messages li.message.message-mine', { hasText: 'ana.lima@gmail.com' });
  await sent.waitFor();
  assert.equal(await sent.locator('.mask').count(), 0, 'nothing masked');

  // Carl sees it.
  await carl.goto(new URL(ana.url()).pathname);
  await carl.locator('ol#messages li.message', { hasText: 'ana.lima@gmail.com' }).waitFor();
}));

test('account health: strikes are listed and can be appealed', scenario, (t) => scene(t, async () => {
  const page = await market.as('ana@freelancer.example');
  await page.click('#nav-account');
  await page.waitForURL('**/account');
  assert.match(await text(page.locator('#standing-level')), /.+/);
  const strikes = page.locator('#strikes li.strike[data-strike-id]');
  assert.ok(await strikes.count() >= 1, 'the demo phone number gave Ana a strike');
  await strikes.first().locator('details.appeal summary').click();
  assert.ok(await strikes.first().locator('.appeal-submit').isVisible());
  await screenshot(page, 'account');
}));

test('moderator resolves a case with a note', scenario, (t) => scene(t, async () => {
  const page = await market.as('mod@chaperone.example');
  await page.click('#nav-moderation');
  await page.waitForURL('**/moderation');
  const rows = page.locator('table#cases tr.case-row[data-case-id]');
  assert.ok(await rows.count() >= 1, 'the demo data left open cases');
  await screenshot(page, 'moderation');

  // Ana's phone number in words, from the demo data.
  const row = rows.filter({ hasText: 'nine one seven' }).first();
  const id = await row.getAttribute('data-case-id');
  await row.locator('a').click();
  await page.waitForURL(`**/moderation/cases/${id}`);
  assert.equal(await page.getAttribute('#case-status', 'data-status'), 'open');
  assert.ok(await page.locator('#case-text mark.finding').count() >= 1, 'the text is shown with the finding marked');
  assert.ok(await page.locator('#case-rules li').count() >= 1);
  await screenshot(page, 'moderation-case');

  await page.check('#resolve-upheld');
  await page.fill('#resolve-note', 'Phone number in words before a contract: the strike stands.');
  await page.click('#resolve-submit');
  await page.waitForLoadState();
  await page.locator('#case-status[data-status="upheld"]').waitFor();
  assert.equal(await text(page.locator('#case-note')), 'Phone number in words before a contract: the strike stands.');
  assert.equal(await page.locator('#resolve-form').count(), 0, 'a resolved case has no form');

  await page.goto('/moderation?status=upheld');
  assert.equal(await page.locator(`tr.case-row[data-case-id="${id}"]`).count(), 1);
  await page.goto('/moderation');
  assert.equal(await page.locator(`tr.case-row[data-case-id="${id}"]`).count(), 0, 'no longer open');
}));

test('help page: a "yes" vote updates the tally', scenario, (t) => scene(t, async () => {
  const page = await market.visitor();
  await page.goto('/');
  await page.click('#nav-help');
  await page.waitForURL('**/help/enterprise');
  await waitForHTMX(page);
  for (const sel of ['#help-article', '#badge', '#enterprise-allowances', '#never-allowed', '#strike-ladder']) {
    assert.equal(await page.locator(sel).count(), 1, `${sel} is on the help page`);
  }
  await screenshot(page, 'help');
  const tally = /(\d+) out of (\d+) found this helpful/;
  const [, yes, total] = tally.exec(await text(page.locator('#feedback-tally'))).map(Number);
  await page.click('#vote-yes');
  await page.locator('#feedback-thanks').waitFor();
  assert.equal(await text(page.locator('#feedback-tally')), `${yes + 1} out of ${total + 1} found this helpful`);
  assert.equal(new URL(page.url()).pathname, '/help/enterprise', 'answered in place by htmx');
}));

test('accessibility: labels, names, live regions, contrast and keyboard on the main pages', { timeout: 180_000 }, (t) => scene(t, async () => {
  const problems = [];
  const check = async (page, what) => {
    await waitForHTMX(page);
    for (const p of [...await ownChecks(page), ...await axeViolations(page)]) problems.push(`${what}: ${p}`);
  };

  const visitor = await market.visitor();
  const jobID = await (async () => {
    await visitor.goto('/jobs?q=payments');
    return visitor.locator('#job-tiles li.job-tile').first().getAttribute('data-job-id');
  })();
  const profilePath = await (async () => {
    await visitor.goto('/freelancers');
    return visitor.locator('.freelancer-tile .tile-title a').first().getAttribute('href');
  })();
  for (const path of ['/', '/jobs', `/jobs/${jobID}`, '/freelancers', profilePath, '/signup', '/login', '/plans', '/help/enterprise']) {
    await visitor.goto(path);
    await check(visitor, `visitor ${path}`);
  }

  const ravi = await market.as('ravi@freelancer.example');
  for (const path of ['/', '/profile', `/jobs/${jobID}`, '/threads', '/account']) {
    await ravi.goto(path);
    await check(ravi, `ravi ${path}`);
  }
  await threadWith(ravi, 'Erin Walsh');
  const threadPath = new URL(ravi.url()).pathname;
  await check(ravi, `ravi ${threadPath}`);
  // The live warning, shown, is still accessible.
  await ravi.fill('#message-text', 'Could you pay me directly? paypal.me/ravikumar');
  await ravi.locator('#check-result .check').waitFor();
  await check(ravi, `ravi ${threadPath} with a warning`);

  const erin = await market.as('erin@northwind.example');
  for (const path of ['/jobs/new', `/jobs/${jobID}`, '/threads', '/account']) {
    await erin.goto(path);
    await check(erin, `erin ${path}`);
  }
  const mod = await market.as('mod@chaperone.example');
  await mod.goto('/moderation?status=all');
  await check(mod, 'mod /moderation');
  await mod.locator('table#cases tr.case-row a').first().click();
  await mod.waitForURL('**/moderation/cases/*');
  await check(mod, `mod ${new URL(mod.url()).pathname}`);

  // Keyboard: Tab alone reaches the controls of the main flows.
  await ravi.goto(threadPath);
  await waitForHTMX(ravi);
  const toSend = await tabTo(ravi, '#send-button');
  await ravi.goto(`/jobs/${jobID}`);
  const toMessage = await tabTo(ravi, '#message-client');
  await visitor.goto('/help/enterprise');
  const toVote = await tabTo(visitor, '#vote-yes');
  await visitor.goto('/login');
  const toLogin = await tabTo(visitor, '#login-submit');
  console.log(`# Tab presses: send ${toSend}, message client ${toMessage}, vote ${toVote}, log in ${toLogin}`);
  // The first Tab reaches the skip link, which moves focus to the content.
  await visitor.goto('/jobs');
  await visitor.keyboard.press('Tab');
  assert.equal(await visitor.evaluate(() => document.activeElement?.className), 'skip-link');

  for (const k of knownIssues) {
    console.log(k.seen ? `# known accessibility issue, seen ${k.seen} times: ${k.what}`
      : `# known accessibility issue no longer seen, remove it from knownIssues: ${k.what}`);
  }
  assert.deepEqual(problems, [], `accessibility problems:\n${problems.join('\n')}`);
}));

test('live messages: a message sent in one browser appears in the other without a reload', scenario, (t) => scene(t, async () => {
  const ravi = await market.as('ravi@freelancer.example');
  const erin = await market.as('erin@northwind.example');
  await threadWith(erin, 'Ravi Kumar');
  const path = new URL(erin.url()).pathname;
  // Ravi's page is connected once its stream's first event has made the
  // list reload.
  const connected = ravi.waitForResponse((r) => r.url().endsWith(`${path}/messages`) && r.request().method() === 'GET');
  await ravi.goto(path);
  await connected;
  await ravi.evaluate(() => { window.notReloaded = true; });

  const msg = 'Live check: can you start on Monday?';
  await erin.fill('#message-text', msg);
  await erin.click('#send-button');
  await erin.locator('ol#messages li.message-mine', { hasText: msg }).waitFor();
  await ravi.locator('ol#messages li.message', { hasText: msg }).waitFor({ timeout: 10_000 });
  assert.equal(await ravi.evaluate(() => window.notReloaded), true, 'Ravi\'s page was not reloaded');
  assert.equal(await ravi.locator('ol#messages li.message', { hasText: msg }).locator('.message-sender').innerText(), 'Erin Walsh');
}));

test('the server logged no warnings or errors', () => {
  assert.deepEqual(server.warnings(), []);
});

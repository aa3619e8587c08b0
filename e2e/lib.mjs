// Shared helpers of the browser checks: Debian's Chromium via playwright-core, axe-core for WCAG 2.1 AA.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { createRequire } from 'node:module';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const require = createRequire(import.meta.url);
export const BASE = process.env.STIP_URL ?? 'http://127.0.0.1:8080';
export const ARTIFACTS = process.env.STIP_ARTIFACTS ?? path.resolve('artifacts');
mkdirSync(ARTIFACTS, { recursive: true });

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/// Opens a page that refuses every request that would leave stip, in a browser set to Dutch (stip follows the
/// browser's Accept-Language on a first visit; Chromium's own default is English).
export async function openPage(browser, base = BASE, locale = 'nl-NL') {
  const context = await browser.newContext({ locale });
  const page = await context.newPage();
  const external = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(base) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
    external.push(url);
    return route.abort();
  });
  page.externalRequests = external;
  // What the Content-Security-Policy blocked: every page must work under it (the map included).
  const csp = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) csp.push(msg.text());
  });
  page.cspViolations = csp;
  return page;
}

const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/// Runs axe with the WCAG 2.1 A and AA rules and returns the violations, summarised.
export async function axeViolations(page) {
  // Evaluated through the DevTools protocol, which stip's Content-Security-Policy (script-src 'self') does not
  // govern; a <script> tag would be refused, as it should be.
  await page.evaluate(axeSource);
  const result = await page.evaluate(() =>
    window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

export async function screenshot(page, name) {
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

// The demo municipality (STIP_DEMO_URL) with its demo accounts: logging in, the API, a granted permit.
const DEMO = process.env.STIP_DEMO_URL;
const WACHTWOORD = 'voorbeeldstad-demo';
const DAKKAPEL = 'nl.imow-gm9999.activiteit.dakkapel';
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

/// Keeps a screenshot of `page` under `name` and asserts it has no axe WCAG 2.1 AA violation, loaded nothing from
/// outside and broke no Content-Security-Policy rule.
export async function checked(page, name) {
  await screenshot(page, name);
  assert.deepEqual(await axeViolations(page), [], name);
  assert.deepEqual(page.externalRequests, [], name);
  assert.deepEqual(page.cspViolations, [], name);
}

/// A page of the demo, logged in as `email` (a demo account), at `viewport` if given.
export async function inloggen(browser, email, viewport) {
  const page = await openPage(browser, DEMO);
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(`${DEMO}/inloggen`);
  await page.fill('#email', email);
  await page.fill('#wachtwoord', WACHTWOORD);
  await Promise.all([page.waitForLoadState('load'), page.click('main form[action="/inloggen"] button[type=submit]')]);
  assert.match(await page.textContent('header'), /Uitloggen|Log out/, `${email} is logged in`);
  return page;
}

/// Submits a form by clicking `selector` and waits for the next page.
export async function verstuur(page, selector) {
  await Promise.all([page.waitForLoadState('load'), page.click(selector)]);
}

/// Calls the demo's API as `email` (a bearer token from POST /api/v1/sessies).
export async function demoApi(email) {
  const s = await fetch(`${DEMO}/api/v1/sessies`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, wachtwoord: WACHTWOORD }),
  });
  assert.equal(s.status, 201, `${email} logs in over the API`);
  const { token } = await s.json();
  return async (method, pad, body, type = 'application/json') => {
    const r = await fetch(`${DEMO}/api/v1${pad}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': type, 'idempotency-key': crypto.randomUUID() },
      body: body === undefined ? undefined : (type === 'application/json' ? JSON.stringify(body) : body),
    });
    const tekst = await r.text();
    assert.ok(r.status < 300, `${method} ${pad}: ${r.status} ${tekst}`);
    return tekst ? JSON.parse(tekst) : null;
  };
}

/// The day in the Netherlands (YYYY-MM-DD) of a moment: the day stip counts with. Between 23:00 and 24:00 UTC (22:00 in
/// summer) it is already the next day there.
export function nederlandseDag(moment = new Date()) {
  return moment.toLocaleDateString('sv-SE', { timeZone: 'Europe/Amsterdam' });
}

/// Ilse's dakkapel at Dorpsstraat 12 on the demo: applied for, granted with a condition and published; its case id.
export async function demoVergunning() {
  const ilse = await demoApi('ilse@voorbeeldstad.example');
  const bram = await demoApi('behandelaar@voorbeeldstad.example');
  const [adres] = await (await fetch(`${DEMO}/api/v1/adressen?q=${encodeURIComponent('Dorpsstraat 12')}`)).json();
  let a = await ilse('POST', '/aanvragen', { activiteiten: [DAKKAPEL], antwoorden: {}, x: adres.x, y: adres.y });
  const vereisten = a.aanvraag.activiteiten[0].vereisten;
  const gegevens = Object.fromEntries(vereisten.filter((v) => v.soort === 'gegeven').map((v) => [v.id, 'ja']));
  a = await ilse('PATCH', `/aanvragen/${a.id}`, { versie: a.versie, omschrijving: 'Een dakkapel aan de voorkant.', gegevens });
  for (const v of vereisten.filter((v) => v.soort === 'document')) {
    await ilse('POST', `/aanvragen/${a.id}/documenten?naam=tekening.pdf&vereiste=${encodeURIComponent(v.id)}`, PDF, 'application/octet-stream');
  }
  const { zaak } = await ilse('POST', `/aanvragen/${a.id}/indienen`);
  await bram('POST', `/zaken/${zaak}/gebeurtenissen`, { soort: 'in_behandeling_genomen', behandelaar: '00000000-0000-0000-0000-000000000000', behandelaarNaam: '', team: null });
  await bram('POST', `/zaken/${zaak}/besluit`, { uitkomst: 'verleend', motivering: 'De dakkapel past bij het huis.', voorschriften: ['Gebruik dezelfde dakpannen als het huis.'] });
  await bram('POST', `/zaken/${zaak}/gebeurtenissen`, { soort: 'bekendgemaakt', datum: nederlandseDag() });
  return zaak;
}


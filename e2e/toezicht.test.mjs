// Supervision in a real browser, on the demo municipality with its demo accounts. Ilse's dakkapel at Dorpsstraat 12
// is applied for, granted with a condition and published over the API (the pages of that journey are zaken.test.mjs);
// then Bram (behandelaar) draws a sample and reads why her permit was picked, plans an inspection from the case,
// records the findings with a photo, and downloads the report; Ilse sees the request for evidence on a 390 px phone
// screen with the camera input. Every page passes axe WCAG 2.1 AA and loads nothing from outside.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, axeViolations, screenshot } from './lib.mjs';

const DEMO = process.env.STIP_DEMO_URL;
const WACHTWOORD = 'voorbeeldstad-demo';
const DAKKAPEL = 'nl.imow-gm9999.activiteit.dakkapel';
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function checked(page, name) {
  await screenshot(page, name);
  assert.deepEqual(await axeViolations(page), [], name);
  assert.deepEqual(page.externalRequests, [], name);
}

async function inloggen(email, viewport) {
  const page = await openPage(browser, DEMO);
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(`${DEMO}/inloggen`);
  await page.fill('#email', email);
  await page.fill('#wachtwoord', WACHTWOORD);
  await Promise.all([page.waitForLoadState('load'), page.click('main form[action="/inloggen"] button[type=submit]')]);
  return page;
}

async function verstuur(page, selector) {
  await Promise.all([page.waitForLoadState('load'), page.click(selector)]);
}

/// Calls the API as `email` (a bearer token from POST /api/v1/sessies).
async function api(email) {
  const s = await fetch(`${DEMO}/api/v1/sessies`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, wachtwoord: WACHTWOORD }),
  });
  assert.equal(s.status, 201, `${email} logs in over the API`);
  const { token } = await s.json();
  return async (method, pad, body, type = 'application/json') => {
    const r = await fetch(`${DEMO}/api/v1${pad}`, {
      method,
      headers: { authorization: `Bearer ${token}`, 'content-type': type, 'idempotency-key': 'toezicht-e2e' },
      body: body === undefined ? undefined : (type === 'application/json' ? JSON.stringify(body) : body),
    });
    const tekst = await r.text();
    assert.ok(r.status < 300, `${method} ${pad}: ${r.status} ${tekst}`);
    return tekst ? JSON.parse(tekst) : null;
  };
}

/// Ilse's dakkapel at Dorpsstraat 12: applied for, granted with a condition and published; its case id.
async function vergunning() {
  const ilse = await api('ilse@voorbeeldstad.example');
  const bram = await api('behandelaar@voorbeeldstad.example');
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
  await bram('POST', `/zaken/${zaak}/gebeurtenissen`, { soort: 'bekendgemaakt', datum: new Date().toISOString().slice(0, 10) });
  return zaak;
}

test('an official draws a sample, inspects a permit with a photo and downloads the report; the holder gets the camera on a phone', async () => {
  assert.ok(DEMO, 'STIP_DEMO_URL names the stip that serves the demo');
  const zaak = await vergunning();

  // Bram draws a sample of all permits and reads why each was picked.
  const bram = await inloggen('behandelaar@voorbeeldstad.example');
  await bram.goto(`${DEMO}/backoffice/toezicht`);
  await checked(bram, 'toezicht-1-steekproef-trekken');
  await bram.fill('#omvang', '100%');
  await bram.fill('#seed', '20261203');
  await verstuur(bram, 'main form[action="/backoffice/toezicht/steekproeven"] button[type=submit]');
  assert.match(bram.url(), /\/backoffice\/toezicht\/steekproeven\/[0-9a-f-]{36}$/);
  assert.match(await bram.textContent('main'), /1 voorschrift bij de vergunning/);
  await checked(bram, 'toezicht-2-steekproef');

  // From the sample to the case's supervision: plan an inspection today.
  await Promise.all([bram.waitForURL(/\/toezicht$/), bram.click(`a[href="/backoffice/zaken/${zaak}/toezicht"] >> nth=0`)]);
  await checked(bram, 'toezicht-3-zaak');
  await bram.fill('#inspecteur', 'Bram Behandelaar');
  await verstuur(bram, `form[action="/backoffice/zaken/${zaak}/toezicht/inspectie"] button[type=submit]`);
  assert.match(bram.url(), /\/backoffice\/inspecties\/[0-9a-f-]{36}$/);
  assert.match(await bram.textContent('main'), /Gebruik dezelfde dakpannen als het huis/);
  await checked(bram, 'toezicht-4-controlelijst');

  // The findings: a deviation on the condition with a photo and a follow-up date; the rest in order.
  await bram.check('#oordeel-1-afwijking');
  await bram.fill('#tekst-1', 'De dakpannen zijn zwart in plaats van rood.');
  await bram.setInputFiles('#foto-1', { name: 'dak.png', mimeType: 'image/png', buffer: PNG });
  await verstuur(bram, 'main form[enctype="multipart/form-data"] button[type=submit]');
  const main = await bram.textContent('main');
  assert.match(main, /Afwijking\. De dakpannen zijn zwart in plaats van rood\./);
  assert.match(main, /hercontrole op/);
  await checked(bram, 'toezicht-5-bevindingen');
  const rapport = await bram.getAttribute('a[href$="/rapport.pdf"]', 'href');
  const pdf = await bram.request.get(`${DEMO}${rapport}`);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  assert.ok((await pdf.body()).subarray(0, 5).equals(Buffer.from('%PDF-')), 'the report is a PDF');

  // Controle op afstand: Bram asks for a photo; Ilse sees it on her phone, with the camera input.
  await bram.goto(`${DEMO}/backoffice/zaken/${zaak}/toezicht`);
  await bram.fill('#vraag', 'Maak een foto van het dak, zodat de dakpannen te zien zijn.');
  await verstuur(bram, `form[action="/backoffice/zaken/${zaak}/toezicht/bewijs"] button[type=submit]`);
  assert.match(await bram.textContent('main'), /wacht op foto's/);
  const ilse = await inloggen('ilse@voorbeeldstad.example', { width: 390, height: 844 });
  await ilse.goto(`${DEMO}/zaken/${zaak}/bewijs`);
  assert.match(await ilse.textContent('main'), /Maak een foto van het dak/);
  assert.equal(await ilse.getAttribute('input[type=file][name=fotos]', 'capture'), 'environment');
  assert.equal(await ilse.getAttribute('input[type=file][name=fotos]', 'accept'), 'image/*');
  const breed = await ilse.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(breed <= 390, `nothing sticks out of a 390 px screen (${breed} px)`);
  await checked(ilse, 'toezicht-6-houder-telefoon');
  await ilse.setInputFiles('input[type=file][name=fotos]', { name: 'dak.png', mimeType: 'image/png', buffer: PNG });
  await verstuur(ilse, 'main form[enctype="multipart/form-data"] button[type=submit]');
  assert.match(await ilse.textContent('main'), /De gemeente heeft uw foto's ontvangen/);
  assert.match(await ilse.textContent('main'), /Zonder locatie/);
  await checked(ilse, 'toezicht-7-houder-verstuurd');
});

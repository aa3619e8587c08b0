// Nothing a person did is lost on the way, in a real browser on the demo municipality: the Vergunningcheck done
// before logging in goes through the login into the new draft with its activity and answers; typed text survives
// an upload (and Enter saves it); the language switch keeps the outcome's answers; a co-applicant stands on the
// draft as invited until they accept. Every page passes axe WCAG 2.1 AA and loads nothing from outside.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, checked, verstuur, demoApi } from './lib.mjs';

const DEMO = process.env.STIP_DEMO_URL;
const BIJGEBOUW = 'nl.imow-gm9999.activiteit.bijbehorendbouwwerk';
// A 1x1 PNG, the drawing uploaded.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/// The status of a GET on the demo's API as `email` (demoApi asserts success; this one reads a refusal).
async function status(email, pad) {
  const s = await fetch(`${DEMO}/api/v1/sessies`, {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, wachtwoord: 'voorbeeldstad-demo' }),
  });
  const { token } = await s.json();
  return (await fetch(`${DEMO}/api/v1${pad}`, { headers: { authorization: `Bearer ${token}` } })).status;
}

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

/// The Vergunningcheck for a bijbehorend bouwwerk at Dorpsstraat 12, answered (6 where a number is asked, else the
/// first option) until the outcome; returns the answers the outcome's address carries.
async function checkTotUitkomst(page) {
  await page.goto(`${DEMO}/kaart?adres=${encodeURIComponent('Dorpsstraat 12')}`);
  const href = await page.getAttribute('a[href^="/vergunningcheck?"]', 'href');
  await page.goto(`${DEMO}/vergunningcheck/vraag?${href.split('?')[1]}&activiteit=${encodeURIComponent(BIJGEBOUW)}`);
  for (let i = 0; i < 8 && page.url().includes('/vergunningcheck/vraag'); i++) {
    if (await page.$('input#antwoord')) await page.fill('#antwoord', '6');
    else await page.check('input[type=radio] >> nth=0');
    await verstuur(page, 'main form[action="/vergunningcheck/vraag"] button[type=submit]');
  }
  assert.match(page.url(), /\/vergunningcheck\/uitkomst\?/);
  const antwoorden = [...new URL(page.url()).searchParams].filter(([k]) => k.startsWith('antwoord.'));
  assert.ok(antwoorden.length > 0, 'the check asked something');
  return Object.fromEntries(antwoorden.map(([k, v]) => [k.slice('antwoord.'.length), v]));
}

test('an anonymous check, "Begin uw aanvraag", logging in: the draft holds the check\'s activity and answers', async () => {
  assert.ok(DEMO, 'STIP_DEMO_URL names the stip that serves the demo');
  const page = await openPage(browser, DEMO);
  const antwoorden = await checkTotUitkomst(page);
  await Promise.all([page.waitForURL(/\/inloggen\?terug=/), page.click('text=Begin uw aanvraag')]);
  await page.fill('#email', 'ilse@voorbeeldstad.example');
  await page.fill('#wachtwoord', 'voorbeeldstad-demo');
  await Promise.all([page.waitForURL(/\/aanvragen\/nieuw\?/), page.click('main form[action="/inloggen"] button[type=submit]')]);
  const vervolg = await page.textContent('main');
  assert.match(vervolg, /Dorpsstraat 12/, 'the place goes along');
  assert.match(vervolg, /Uw antwoorden in de vergunningcheck/, 'and the answers');
  await checked(page, 'doorgaan-1-na-inloggen');
  await Promise.all([page.waitForURL(/\/aanvragen\/[0-9a-f-]+$/), page.click('text=Begin de aanvraag')]);
  await checked(page, 'doorgaan-2-concept');
  const id = page.url().split('/').pop();
  const ilse = await demoApi('ilse@voorbeeldstad.example');
  const a = await ilse('GET', `/aanvragen/${id}`);
  assert.equal(a.aanvraag.activiteiten[0].id, BIJGEBOUW);
  for (const [vraag, antwoord] of Object.entries(antwoorden)) {
    assert.equal(String(a.aanvraag.activiteiten[0].antwoorden[vraag]), antwoord, `the answer to ${vraag} came along`);
  }
  assert.match(a.aanvraag.locatie.adres, /Dorpsstraat 12/);

  // GET /aanvragen is a page with the draft, never 405.
  const lijst = await page.goto(`${DEMO}/aanvragen`);
  assert.equal(lijst.status(), 200);
  assert.ok(await page.$(`a[href="/aanvragen/${id}"]`), 'the new draft is listed');
  await checked(page, 'doorgaan-3-aanvragen');

  // Typed text survives an upload: title and description typed, then a document uploaded.
  await page.goto(`${DEMO}/aanvragen/${id}`);
  await page.fill('#titel', 'Schuur achter het huis');
  await page.fill('#omschrijving', 'Een houten schuur van 3 bij 4 meter.');
  await page.setInputFiles('#bestand', { name: 'tekening.png', mimeType: 'image/png', buffer: PNG });
  await verstuur(page, '.stip-upload button[type=submit]');
  assert.match(await page.textContent('main'), /Het document is toegevoegd/);
  assert.equal(await page.inputValue('#titel'), 'Schuur achter het huis');
  assert.equal(await page.inputValue('#omschrijving'), 'Een houten schuur van 3 bij 4 meter.');
  await page.goto(`${DEMO}/aanvragen/${id}`);
  assert.equal(await page.inputValue('#titel'), 'Schuur achter het huis', 'saved, not only shown again');
  assert.match(await page.textContent('main'), /tekening\.png/);

  // Enter in a field saves (the page's default button), it does not go to another step.
  await page.fill('#titel', 'Schuur met berging');
  await Promise.all([page.waitForLoadState('load'), page.press('#titel', 'Enter')]);
  assert.match(await page.textContent('main'), /Uw wijzigingen zijn bewaard/);
  assert.equal((await ilse('GET', `/aanvragen/${id}`)).aanvraag.titel, 'Schuur met berging');

  // A co-applicant is invited, not let in: the draft says "uitgenodigd" and offers to withdraw it.
  await page.fill('#b-naam', 'Bea Buur');
  await page.fill('#b-email', 'buur@voorbeeldstad.example');
  await verstuur(page, 'button[formaction$="/betrokkenen"]');
  assert.match(await page.textContent('#betrokkenen-kop + p + ul'), /Bea Buur.*uitgenodigd/s);
  await checked(page, 'doorgaan-4-uitgenodigd');
  assert.equal(await status('buur@voorbeeldstad.example', `/aanvragen/${id}`), 404, 'no access before accepting');
  await verstuur(page, 'text=Trek uitnodiging in');
  assert.doesNotMatch(await page.textContent('main'), /Bea Buur/);
  await page.close();
});

test('the language switch on the outcome keeps every answer, and English pages mark the Dutch rule texts', async () => {
  const page = await openPage(browser, DEMO);
  await checkTotUitkomst(page);
  const uitkomst = page.url();
  await Promise.all([page.waitForURL(/lang=en/), page.click('a.stip-lang')]);
  const en = new URL(page.url());
  for (const [k, v] of new URL(uitkomst).searchParams) {
    assert.equal(en.searchParams.get(k), v, `${k} is kept`);
  }
  assert.equal(en.pathname, '/vergunningcheck/uitkomst');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.textContent('main'), /Start your application/);
  assert.equal(await page.getAttribute('#activiteit-1', 'lang'), 'nl', 'the activity\'s Dutch name says so');
  await checked(page, 'doorgaan-5-uitkomst-en');
  // Back to Dutch: the same outcome.
  await Promise.all([page.waitForURL(/lang=nl/), page.click('a.stip-lang')]);
  assert.equal(await page.getAttribute('html', 'lang'), 'nl');
  assert.equal(await page.getAttribute('#activiteit-1', 'lang'), null);

  // The map keeps its address.
  await page.goto(`${DEMO}/kaart?adres=${encodeURIComponent('Dorpsstraat 12')}`);
  await Promise.all([page.waitForURL(/lang=en/), page.click('a.stip-lang')]);
  assert.equal(new URL(page.url()).searchParams.get('adres'), 'Dorpsstraat 12');
  await checked(page, 'doorgaan-6-kaart-en');
  await page.close();

  // A browser that prefers English gets English on its first visit.
  const engels = await openPage(browser, DEMO, 'en-GB');
  await engels.goto(`${DEMO}/`);
  assert.equal(await engels.getAttribute('html', 'lang'), 'en');
  await checked(engels, 'doorgaan-7-eerste-bezoek-en');
  await engels.close();
});

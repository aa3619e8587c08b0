// The works after a permit in a real browser, on the demo municipality: Ilse's dakkapel at Dorpsstraat 12 is granted
// and published (zaken.test.mjs has the pages of that journey); Ilse reports the start of the works on her case page
// on a 390 px phone screen; Bram (behandelaar) sees it on the case and opens the team's page of building and
// aftercare; an unknown review link says so without login. Every page passes axe WCAG 2.1 AA and loads nothing from
// outside.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, inloggen, verstuur, demoApi, demoVergunning, checked, nederlandseDag } from './lib.mjs';

const DEMO = process.env.STIP_DEMO_URL;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });


test('the holder reports the start on a phone and the team sees it on the case and its page of building and aftercare', async () => {
  assert.ok(DEMO, 'STIP_DEMO_URL names the stip that serves the demo');
  const zaak = await demoVergunning();

  const ilse = await inloggen(browser, 'ilse@voorbeeldstad.example', { width: 390, height: 844 });
  await ilse.goto(`${DEMO}/zaken/${zaak}`);
  await checked(ilse, 'realisatie-zaak');
  const form = `main form[action="/zaken/${zaak}/startmelding"]`;
  const over = new Date(Date.now() + 7 * 86400000);
  // a working day in the Netherlands
  while ([0, 6].includes(new Date(`${nederlandseDag(over)}T12:00:00Z`).getUTCDay())) over.setUTCDate(over.getUTCDate() + 1);
  await ilse.fill(`${form} input[name=startdatum]`, nederlandseDag(over));
  await ilse.fill(`${form} input[name=uitvoerder]`, 'Bouwbedrijf Ödemiş');
  await verstuur(ilse, `${form} button[type=submit]`);
  assert.match(await ilse.textContent('main'), /De start van de bouw is gemeld/);
  await checked(ilse, 'realisatie-gestart');

  // The completion form is there from the start; the completion itself and the review are in the in-process page
  // tests (the demo runs on the real clock, and works cannot be finished before they start).
  assert.ok(await ilse.locator(`main form[action="/zaken/${zaak}/gereedmelding"]`).count(), 'the completion form is offered');

  // Bram sees the start on the case and the team's page through axe.
  const bram = await inloggen(browser, 'behandelaar@voorbeeldstad.example');
  await bram.goto(`${DEMO}/backoffice/zaken/${zaak}`);
  assert.match(await bram.textContent('main'), /Bouwbedrijf Ödemiş/, 'the builder is on the official\'s page');
  await checked(bram, 'realisatie-behandel');
  await bram.goto(`${DEMO}/backoffice/realisatie`);
  await checked(bram, 'realisatie-team');

  // A review link opens without login and passes axe (asked for once the works are reported finished).
  const ilseApi = await demoApi('ilse@voorbeeldstad.example');
  const stand = await ilseApi('GET', `/zaken/${zaak}/realisatie`);
  assert.equal(stand.start.uitvoerder, 'Bouwbedrijf Ödemiş');
  const anoniem = await openPage(browser, DEMO);
  await anoniem.goto(`${DEMO}/review/${'0'.repeat(64)}`);
  assert.match(await anoniem.textContent('main'), /bestaat niet/, 'an unknown review link says so in words');
  await checked(anoniem, 'realisatie-review-onbekend');
});

// From plan to permit in a real browser, on the demo municipality with its demo accounts: Ilse applies for a dakkapel
// after the Vergunningcheck, completes and submits it; Bram (behandelaar) takes it from the work queue and asks for a
// photo; Ilse uploads it; Bram decides and publishes; the neighbour Bea sees the public decision, objects with a photo
// and Bram plans the hearing. Every page passes
// axe WCAG 2.1 AA and loads nothing from outside.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, checked, inloggen, verstuur } from './lib.mjs';

const DEMO = process.env.STIP_DEMO_URL;
const DAKKAPEL = 'nl.imow-gm9999.activiteit.dakkapel';
// A 1x1 PNG, the photo Ilse sends.
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('an application goes from the check to a public permit through the pages of applicant, official and neighbour', async () => {
  assert.ok(DEMO, 'STIP_DEMO_URL names the stip that serves the demo');
  // Ilse: the check for a dakkapel at her address, then the draft.
  const ilse = await inloggen(browser, 'ilse@voorbeeldstad.example');
  await ilse.goto(`${DEMO}/kaart`);
  await ilse.fill('#adres', 'Dorpsstraat 12');
  await Promise.all([ilse.waitForURL(/\/kaart\?adres=/), ilse.click('main form button[type=submit] >> nth=0')]);
  const href = await ilse.getAttribute('a[href^="/vergunningcheck?"]', 'href');
  await ilse.goto(`${DEMO}${href}&activiteit=${encodeURIComponent(DAKKAPEL)}`);
  if (ilse.url().includes('/vergunningcheck?')) {
    await Promise.all([ilse.waitForURL(/\/vergunningcheck\/(vraag|uitkomst)/), ilse.click('main form button[type=submit] >> nth=-1')]);
  }
  for (let i = 0; i < 6 && ilse.url().includes('/vergunningcheck/vraag'); i++) {
    if (await ilse.$('input#antwoord')) await ilse.fill('#antwoord', '2');
    else await ilse.check('input[type=radio] >> nth=0');
    await verstuur(ilse, 'main form[action="/vergunningcheck/vraag"] button[type=submit]');
  }
  assert.match(ilse.url(), /\/vergunningcheck\/uitkomst/);
  await Promise.all([ilse.waitForURL(/\/aanvragen\/[0-9a-f-]+$/), ilse.click('text=Begin uw aanvraag')]);
  assert.match(await ilse.textContent('main'), /Uw aanvraag is nog niet compleet/);
  await checked(ilse, 'zaak-1-concept');
  await ilse.fill('#omschrijving', 'Een dakkapel aan de voorkant, 1,5 meter hoog.');
  await verstuur(ilse, '#bewaar');
  assert.match(await ilse.textContent('main'), /Uw wijzigingen zijn bewaard/);
  await ilse.selectOption('#vereiste', 'overig');
  await ilse.setInputFiles('#bestand', { name: 'tekening.png', mimeType: 'image/png', buffer: PNG });
  await verstuur(ilse, '.stip-upload button[type=submit]');
  assert.match(await ilse.textContent('main'), /Het document is toegevoegd/);
  assert.match(await ilse.textContent('main'), /Uw aanvraag is compleet/);
  await checked(ilse, 'zaak-2-compleet');
  await Promise.all([ilse.waitForURL(/\/zaken\/[0-9a-f-]+\?ontvangen=1/), ilse.click('text=Dien de aanvraag in')]);
  const zaakUrl = ilse.url().replace(/\?.*/, '');
  assert.match(await ilse.textContent('main'), /Uw aanvraag is ontvangen/);
  await checked(ilse, 'zaak-3-ontvangen');
  const pdf = await ilse.request.get(`${zaakUrl}/ontvangstbevestiging.pdf`);
  assert.equal(pdf.headers()['content-type'], 'application/pdf');
  await ilse.goto(`${DEMO}/mijn`);
  await checked(ilse, 'zaak-4-mijn-omgeving');

  // Ilse pays the fees from the case page, at the payment simulator's checkout, and comes back to a paid case.
  await ilse.goto(zaakUrl);
  assert.match(await ilse.textContent('#leges-kop'), /Leges/);
  const betaal = `form[action="/zaken/${zaakUrl.split('/').pop()}/betalen"] button`;
  await Promise.all([ilse.waitForURL(/\/simulator\/mollie\/checkout\//), ilse.click(betaal)]);
  await checked(ilse, 'zaak-4-betalen');
  await ilse.check('#uitkomst-betaald');
  await Promise.all([ilse.waitForURL(zaakUrl), ilse.click('main form button[type=submit]')]);
  assert.match(await ilse.textContent('main'), /De leges zijn betaald/);
  await checked(ilse, 'zaak-4-betaald');

  // Bram: the work queue, the case, taken, a request for a photo.
  const bram = await inloggen(browser, 'behandelaar@voorbeeldstad.example');
  await bram.goto(`${DEMO}/backoffice/zaken`);
  await checked(bram, 'zaak-5-werkvoorraad');
  await bram.goto(`${DEMO}/backoffice/hulpvragen`);
  await checked(bram, 'zaak-5-hulpvragen');
  await bram.goto(`${DEMO}/backoffice/financien`);
  assert.match(await bram.textContent('main'), /Totalen per kostenplaats/);
  await checked(bram, 'zaak-5-financien');
  const zaakId = zaakUrl.split('/').pop();
  await bram.goto(`${DEMO}/backoffice/zaken/${zaakId}`);
  await checked(bram, 'zaak-6-behandelen');
  await verstuur(bram, `form[action="/backoffice/zaken/${zaakId}/in_behandeling_genomen"] button`);
  await bram.click('summary:has-text("Vraag meer gegevens")');
  await bram.fill('#vraag', 'Stuur een foto van het dak.');
  await verstuur(bram, `form[action="/backoffice/zaken/${zaakId}/aanvulling_gevraagd"] button`);
  assert.match(await bram.textContent('main'), /Meer gegevens gevraagd/);

  // Ilse sees what is asked, and sends the photo: the clock runs again.
  await ilse.goto(zaakUrl);
  assert.match(await ilse.textContent('main'), /De gemeente vraagt meer gegevens/);
  await checked(ilse, 'zaak-7-aanvullen');
  await ilse.setInputFiles('#aanvul-bestand', { name: 'dak.png', mimeType: 'image/png', buffer: PNG });
  await verstuur(ilse, `form[action="/zaken/${zaakId}/aanvullen"] button`);
  assert.match(await ilse.textContent('main'), /De tijd voor het besluit loopt weer/);

  // Bram decides with a condition and publishes.
  await bram.goto(`${DEMO}/backoffice/zaken/${zaakId}`);
  await bram.fill('#besluit_genomen-motivering', 'De dakkapel past bij het huis.');
  await bram.fill('#besluit_genomen-voorschriften', 'Gebruik dezelfde dakpannen als het huis.');
  await verstuur(bram, `form[action="/backoffice/zaken/${zaakId}/besluit_genomen"] button[type=submit]`);
  await verstuur(bram, `form[action="/backoffice/zaken/${zaakId}/bekendgemaakt"] button[type=submit]`);
  assert.match(await bram.textContent('main'), /Besluit bekendgemaakt/);
  await checked(bram, 'zaak-8-besloten');

  // Ilse reads the decision; Bea, a neighbour, sees only what is public.
  await ilse.goto(zaakUrl);
  assert.match(await ilse.textContent('main'), /De vergunning is verleend/);
  assert.match(await ilse.textContent('main'), /bezwaar maken tot en met/);
  await checked(ilse, 'zaak-9-besluit');
  // The case page sends a neighbour to its public notice: no Track & Trace, no applicant.
  const bea = await inloggen(browser, 'buur@voorbeeldstad.example');
  await bea.goto(zaakUrl);
  assert.match(bea.url(), /\/bekendmakingen\/[0-9a-f-]{36}$/);
  const publiek = await bea.textContent('main');
  assert.match(publiek, /heeft de vergunning verleend/);
  assert.match(publiek, /Bezwaar maken kan tot en met/);
  assert.doesNotMatch(publiek, /tekening\.png|Stuur een bericht|Hoe staat uw aanvraag ervoor|Ilse/);
  await checked(bea, 'zaak-10-publiek');
  await bea.goto(`${DEMO}/bekendmakingen?adres=Dorpsstraat+12`);
  assert.match(await bea.textContent('main'), /Besluit: dakkapel plaatsen/);
  await checked(bea, 'bekendmakingen-dorpsstraat');

  // Bea objects through the form, with a photo; the receipt is the objection's own page.
  await bea.goto(`${zaakUrl}/bezwaar`);
  assert.match(await bea.textContent('main'), /U kunt bezwaar maken tot en met/);
  await checked(bea, 'zaak-11-bezwaar-formulier');
  await bea.fill('#gronden', 'De dakkapel kijkt recht in mijn slaapkamer.');
  await bea.fill('#adres', 'Dorpsstraat 14, Voorbeeldstad');
  await bea.check('#gehoord');
  await bea.setInputFiles('#bestand', { name: 'uitzicht.png', mimeType: 'image/png', buffer: PNG });
  await Promise.all([bea.waitForURL(/\/bezwaren\/[0-9a-f-]+\?ontvangen=1/), bea.click('main form button[type=submit]')]);
  assert.match(await bea.textContent('main'), /Uw bezwaar is ontvangen/);
  await checked(bea, 'zaak-12-bezwaar-ontvangen');
  const bezwaarUrl = bea.url().replace(/\?.*/, '');

  // Bram sees it on the case and plans the hearing; Bea sees when and where.
  await bram.goto(`${DEMO}/backoffice/zaken/${zaakId}`);
  assert.match(await bram.textContent('main'), /Zienswijzen en bezwaren/);
  await bram.goto(bezwaarUrl);
  await checked(bram, 'zaak-13-bezwaar-behandelen');
  await bram.click('summary:has-text("Plan een gesprek")');
  await bram.selectOption('#afspraak-soort', 'hoorzitting');
  await bram.fill('#afspraak-plaats', 'Stadhuis, zaal 2');
  await verstuur(bram, 'form[action$="/afspraak_gepland"] button[type=submit]');
  await bea.goto(bezwaarUrl);
  assert.match(await bea.textContent('main'), /Hoorzitting: .* om 10:00 uur, Stadhuis, zaal 2/);
  await checked(bea, 'zaak-14-bezwaar-hoorzitting');
});

test('Wat kost het? on the outcome of a check for a bijbehorend bouwwerk asks the building costs, computes the fees and passes axe', async () => {
  assert.ok(DEMO, 'STIP_DEMO_URL names the stip that serves the demo');
  const page = await openPage(browser, DEMO);
  await page.goto(`${DEMO}/vergunningcheck/vraag?activiteit=${encodeURIComponent('nl.imow-gm9999.activiteit.bijbehorendbouwwerk')}`);
  for (let i = 0; i < 6 && page.url().includes('/vergunningcheck/vraag'); i++) {
    if (await page.$('input#antwoord')) await page.fill('#antwoord', '6');
    else await page.check('input[type=radio] >> nth=0');
    await verstuur(page, 'main form[action="/vergunningcheck/vraag"] button[type=submit]');
  }
  assert.match(page.url(), /\/vergunningcheck\/uitkomst/);
  assert.match(await page.textContent('main'), /Vul de bouwkosten in/);
  await checked(page, 'leges-1-bouwkosten-gevraagd');
  await page.fill('#bouwkosten', '25000');
  await Promise.all([page.waitForURL(/bouwkosten=25000/), page.click('button[form="leges-formulier"]')]);
  assert.match(await page.textContent('#leges-totaal'), /€ 625,00/);
  await checked(page, 'leges-2-raming');
  await page.close();
});

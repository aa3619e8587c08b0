// Talking to the municipality early in a real browser, on the demo municipality with its demo accounts: Ilse reads the
// four kinds on /vooroverleg, chooses the begeleid package and sees her initiatiefmanager's work details, asks for
// "Bestuur op maat" and for a site visit; Bram (behandelaar) finds the request in his queue with its one-week
// deadline, publishes a visit slot and answers; Ilse takes the slot. Every page passes axe WCAG 2.1 AA, loads nothing
// from outside, and the forms work by keyboard.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, checked, inloggen, verstuur, nederlandseDag } from './lib.mjs';

const DEMO = process.env.STIP_DEMO_URL;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('early talks: the kinds explained, a guided package, a board request in the queue with its week, a visit at a published slot', async () => {
  assert.ok(DEMO, 'STIP_DEMO_URL names the stip that serves the demo');
  const bezoeker = await openPage(browser, DEMO);
  await bezoeker.goto(`${DEMO}/vooroverleg`);
  const uitleg = await bezoeker.textContent('main');
  for (const soort of ['Quickscan', 'Bel de wethouder', 'We komen naar u toe', 'Bestuur op maat']) assert.match(uitleg, new RegExp(soort));
  await checked(bezoeker, 'vooroverleg');
  await bezoeker.goto(`${DEMO}/vooroverleg?lang=en`);
  await checked(bezoeker, 'vooroverleg-en');

  const ilse = await inloggen(browser, 'ilse@voorbeeldstad.example');
  await ilse.goto(`${DEMO}/vooroverleg`);
  await checked(ilse, 'vooroverleg-ingelogd');
  // The package by keyboard: focus the radio button, choose it with the space bar, Tab to the button, Enter.
  await ilse.focus('#pakket-begeleid');
  await ilse.keyboard.press('Space');
  assert.ok(await ilse.isChecked('#pakket-begeleid'), 'chosen by keyboard');
  await ilse.keyboard.press('Tab');
  await Promise.all([ilse.waitForURL(/gekozen=1/), ilse.keyboard.press('Enter')]);
  assert.match(await ilse.textContent('main'), /Uw initiatiefmanager is Bram Behandelaar/);
  assert.match(await ilse.textContent('main'), /14 9999 \(keuze 1\)/);
  await checked(ilse, 'vooroverleg-pakket');

  await ilse.check('#soort-bestuur_op_maat');
  await ilse.fill('#onderwerp', 'Tiny house in de tuin');
  await ilse.fill('#vraag', 'Wil het college meewerken aan een tiny house achter mijn huis?');
  await verstuur(ilse, 'main form[action="/vooroverleg"] button[type=submit]');
  assert.match(await ilse.textContent('main'), /De gemeente heeft uw vraag ontvangen/);
  const nummer = (await ilse.textContent('main')).match(/V-\d{4}-\d{6}-M/)[0];
  await checked(ilse, 'verzoek-ontvangen');

  const bram = await inloggen(browser, 'behandelaar@voorbeeldstad.example');
  await bram.goto(`${DEMO}/backoffice/verzoeken`);
  const rij = await bram.textContent(`tr:has-text("${nummer}")`);
  assert.match(rij, /Bestuur op maat/);
  assert.match(rij, /\d{1,2} [a-z]+ \d{4}/, "the deadline, as people write a date");
  await checked(bram, 'backoffice-verzoeken');
  // A visit slot in a week from 10:00 to 11:00.
  const dag = nederlandseDag(new Date(Date.now() + 7 * 86400000));
  await bram.fill('#datum', dag);
  await bram.fill('#van', '10:00');
  await bram.fill('#tot', '11:00');
  await verstuur(bram, 'main form[action="/backoffice/verzoeken/momenten"] button[type=submit]');
  assert.match(await bram.textContent('main'), /10:00–11:00 uur: vrij/);
  // wait for the request's own page: the list is already loaded, so waiting for 'load' alone can return before
  // the click has navigated
  await Promise.all([bram.waitForURL(new RegExp(`^${DEMO}/verzoeken/[^/?#]+$`)), bram.click(`a:has-text("${nummer}")`)]);
  await checked(bram, 'verzoek-behandelen');
  await bram.fill('#antwoord', 'Het college wil meewerken, onder voorwaarden.');
  await verstuur(bram, 'main form[action$="/beantwoord"] button[type=submit]');
  assert.match(await bram.textContent('main'), /Beantwoord/);

  await ilse.goto(`${DEMO}/vooroverleg`);
  await ilse.check('#soort-bezoek');
  await ilse.fill('#onderwerp', 'Aanbouw');
  await ilse.fill('#vraag', 'Kunt u komen kijken?');
  await verstuur(ilse, 'main form[action="/vooroverleg"] button[type=submit]');
  await checked(ilse, 'verzoek-momenten');
  await ilse.check('input[name=moment]');
  await verstuur(ilse, 'main form[action$="/bezoekmoment"] button[type=submit]');
  assert.match(await ilse.textContent('main'), /Het bezoek/);
  await checked(ilse, 'verzoek-bezoek');
  await ilse.goto(`${DEMO}/mijn`);
  assert.match(await ilse.textContent('main'), /Mijn vragen aan de gemeente/);
  await checked(ilse, 'mijn-verzoeken');
});

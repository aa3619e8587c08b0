// "Ik snap het niet" answered, in a real browser on the demo municipality: Ilse, logged in, asks a question from the
// map; Bram (behandelaar) opens it in the backoffice, sees how the answer will reach her, answers; the request shows
// who answered and when, with the question still readable; Ilse reads the answer in Mijn omgeving. Every page passes
// axe WCAG 2.1 AA and loads nothing from outside.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, checked, inloggen, verstuur } from './lib.mjs';

const DEMO = process.env.STIP_DEMO_URL;

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

test('an official answers a help request in the backoffice and the person reads the answer in Mijn omgeving', async () => {
  assert.ok(DEMO, 'STIP_DEMO_URL names the stip that serves the demo');
  const vraag = 'Wat betekent bouwvlak? Ik zie het woord op de kaart.';
  const antwoord = 'Een bouwvlak is het deel van uw kavel waar u mag bouwen.';

  const ilse = await inloggen(browser, 'ilse@voorbeeldstad.example');
  await ilse.goto(`${DEMO}/kaart?x=170000&y=470000`);
  await verstuur(ilse, 'text=Ik snap het niet');
  await ilse.fill('#naam', 'Ilse');
  await ilse.fill('#vraag', vraag);
  await ilse.check('#contact-telefoon');
  await ilse.fill('#telefoon', '06 12345678');
  await verstuur(ilse, 'main button[type=submit]');
  const referentie = (await ilse.textContent('.stip-referentie')).trim();
  assert.match(referentie, /^HV-\d{6}$/);

  const bram = await inloggen(browser, 'behandelaar@voorbeeldstad.example');
  await bram.goto(`${DEMO}/backoffice/hulpvragen`);
  await checked(bram, 'backoffice-hulpvragen');
  await verstuur(bram, `main a:has-text("${referentie}")`);
  assert.match(await bram.textContent('main'), /Het antwoord komt ook in Mijn omgeving van deze persoon\./);
  assert.match(await bram.textContent('main'), /Ik zie het woord op de kaart\./);
  await checked(bram, 'backoffice-hulpvraag');
  await verstuur(bram, 'main button[type=submit]');
  assert.match(await bram.textContent('main'), /Schrijf een antwoord\./, 'an empty answer is explained');
  await checked(bram, 'backoffice-hulpvraag-fout');
  await bram.fill('#antwoord', antwoord);
  await verstuur(bram, 'main button[type=submit]');
  const beantwoord = await bram.textContent('main');
  assert.match(beantwoord, /Beantwoord door Bram Behandelaar op \d{1,2} \w+ \d{4} om \d{2}:\d{2}\./, beantwoord);
  assert.match(beantwoord, /Ik zie het woord op de kaart\./, 'the question stays readable');
  assert.match(beantwoord, /Een bouwvlak is het deel van uw kavel/);
  assert.doesNotMatch(beantwoord, /UTC|\d{4}-\d{2}-\d{2}T/);
  await checked(bram, 'backoffice-hulpvraag-beantwoord');

  await ilse.goto(`${DEMO}/mijn-omgeving/berichten`);
  const inbox = await ilse.textContent('main');
  assert.match(inbox, new RegExp(`Antwoord op uw vraag ${referentie}`), inbox);
  assert.match(inbox, /Een bouwvlak is het deel van uw kavel waar u mag bouwen\./);
  await checked(ilse, 'mijn-berichten-hulpantwoord');
});

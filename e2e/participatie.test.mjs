// Participation in a real browser, on the demo municipality with its demo accounts: Ilse draws an extension at
// Dorpsstraat 12 in the plan check and opens an initiative from the report, prints the letters for the addresses
// around it; the neighbour Bea opens it with the letter's code, pins a concern by keyboard (the list of places) after
// trying the map with the mouse, and consents to version 1; the certificate verifies, and fails after one changed
// character; Ilse's version 2 raises the height and Bea's consent shows as for an earlier version with the change
// named; Bea consents again; Ilse starts the application, which carries the participatieverslag. Every page passes
// axe WCAG 2.1 AA and loads nothing from outside.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, axeViolations, screenshot } from './lib.mjs';

const DEMO = process.env.STIP_DEMO_URL;
const WACHTWOORD = 'voorbeeldstad-demo';
// Dorpsstraat 12: the middle of the building (RD).
const PLEK = { x: '170040', y: '470009' };

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

async function checked(page, name) {
  await screenshot(page, name);
  assert.deepEqual(await axeViolations(page), [], name);
  assert.deepEqual(page.externalRequests, [], name);
  assert.deepEqual(page.cspViolations, [], name);
}

async function inloggen(email) {
  const page = await openPage(browser, DEMO);
  await page.goto(`${DEMO}/inloggen`);
  await page.fill('#email', email);
  await page.fill('#wachtwoord', WACHTWOORD);
  await Promise.all([page.waitForLoadState('load'), page.click('main form[action="/inloggen"] button[type=submit]')]);
  assert.match(await page.textContent('header'), /Uitloggen|Log out/, `${email} is logged in`);
  return page;
}

async function verstuur(page, selector) {
  await Promise.all([page.waitForLoadState('load'), page.click(selector)]);
}

/// Presses Tab until the focused element satisfies `matches`, at most `max` times.
async function tabTo(page, matches, arg, max = 120) {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate(matches, arg)) return;
  }
  throw new Error(`Tab never reached ${matches} ${arg ?? ''}`);
}

test('an initiative goes from the plan check through letters, a pinned concern and consents to an application with its participatieverslag', async () => {
  assert.ok(DEMO, 'STIP_DEMO_URL names the stip that serves the demo');
  // Ilse draws a 12 × 7 m extension of 6 m at her address and opens an initiative from the report.
  const ilse = await inloggen('ilse@voorbeeldstad.example');
  await ilse.goto(`${DEMO}/plancheck?x=${PLEK.x}&y=${PLEK.y}`);
  await ilse.check('#bron-rechthoek');
  await ilse.fill('#breedte', '12');
  await ilse.fill('#diepte', '7');
  await ilse.fill('#bouwhoogte', '6');
  await verstuur(ilse, 'main form[action="/droog-oefenen"] button[type=submit]');
  await verstuur(ilse, 'main form[action="/initiatieven/nieuw"] button[type=submit]');
  assert.match(await ilse.textContent('main'), /Dorpsstraat 12/);
  await checked(ilse, 'participatie-1-nieuw');
  await ilse.fill('#titel', 'Aanbouw achter Dorpsstraat 12');
  await ilse.fill('#omschrijving', 'Een aanbouw van één laag met een plat dak.');
  await Promise.all([ilse.waitForURL(/\/initiatieven\/[0-9a-f-]+$/), ilse.click('main form[action="/initiatieven"] button[type=submit]')]);
  const initiatief = ilse.url();
  const code = (await ilse.textContent('#uitnodigingscode')).trim();
  assert.match(code, /^[0-9A-Z]{4}-[0-9A-Z]{4}$/);
  await checked(ilse, 'participatie-2-initiatief');

  // The letters for the addresses around the plan: one PDF.
  const brieven = await ilse.evaluate(async () => {
    const form = document.querySelector('form[action$="/brieven"]');
    const r = await fetch(form.action, { method: 'POST', body: new URLSearchParams(new FormData(form)) });
    return { type: r.headers.get('content-type'), grootte: (await r.arrayBuffer()).byteLength };
  });
  assert.equal(brieven.type, 'application/pdf');
  assert.ok(brieven.grootte > 1000);
  await ilse.reload();
  assert.match(await ilse.textContent('main'), /al uitgenodigd/);

  // Bea opens it with the code from her letter.
  const bea = await inloggen('buur@voorbeeldstad.example');
  await Promise.all([bea.waitForURL(/\/initiatieven\/[0-9a-f-]+\?code=/), bea.goto(`${DEMO}/initiatieven/code/${code.replace('-', '')}`)]);
  assert.match(await bea.textContent('h1'), /Aanbouw achter Dorpsstraat 12/);
  await checked(bea, 'participatie-3-buur');
  // With the mouse: a click on the map chooses that place.
  const kaart = bea.locator('#plan-kaart');
  await kaart.scrollIntoViewIfNeeded();
  const box = await kaart.boundingBox();
  await kaart.click({ position: { x: box.width * 0.5, y: box.height * 0.3 } });
  assert.equal(await bea.isChecked('#plek-kaart'), true, 'a click on the map picks the place');
  assert.ok(Number(await bea.inputValue('#plek-x')) > 169900);
  // By keyboard: the list of places, then the text, then send.
  await bea.focus('#soort-zorg');
  await tabTo(bea, () => document.activeElement?.id === 'tekst');
  await bea.keyboard.type('Neemt de aanbouw het licht uit mijn keuken?');
  await tabTo(bea, () => document.activeElement?.name === 'plek');
  // Arrow keys move through a radio group; stop at the north side of the plan.
  for (let i = 0; i < 12 && !(await bea.evaluate(() => document.activeElement?.labels?.[0]?.textContent === 'Noordkant van het plan')); i++) {
    await bea.keyboard.press('ArrowDown');
  }
  assert.equal(await bea.evaluate(() => document.activeElement.labels[0].textContent), 'Noordkant van het plan');
  await tabTo(bea, () => document.activeElement?.type === 'submit' && document.activeElement.form?.id === 'reactie-formulier');
  await Promise.all([bea.waitForURL(/#reactie-/), bea.keyboard.press('Enter')]);
  const reacties = await bea.textContent('#reacties');
  assert.match(reacties, /Neemt de aanbouw het licht/);
  assert.match(reacties, /Noordkant van het plan/);
  assert.doesNotMatch(reacties, /Bea/, 'no name unless she chose to show one');
  await checked(bea, 'participatie-4-reactie');

  // Bea consents to version 1; the certificate verifies, and fails after one changed character.
  await verstuur(bea, 'main form[action$="/toestemming"] button[type=submit]');
  assert.match(await bea.textContent('#toestemmingen'), /geldig voor versie 1/);
  const verifieer = await bea.getAttribute('a.stip-verifieer', 'href');
  await bea.goto(`${DEMO}${verifieer}`);
  assert.match(await bea.textContent('main'), /Het certificaat is echt/);
  await checked(bea, 'participatie-5-geldig');
  const jws = await bea.inputValue('#certificaat');
  const i = jws.indexOf('.') + 12;
  await bea.fill('#certificaat', jws.slice(0, i) + (jws[i] === 'A' ? 'B' : 'A') + jws.slice(i + 1));
  await verstuur(bea, 'main form[action="/toestemmingen/verifieer"] button[type=submit]');
  assert.match(await bea.textContent('main'), /Het certificaat klopt niet/);
  await checked(bea, 'participatie-6-ongeldig');

  // Ilse answers and makes version 2, 5 m higher: above the plan's 10 m.
  await ilse.goto(initiatief);
  await ilse.fill('textarea[id^="antwoord-"]', 'De zon komt van het zuiden; uw keuken houdt haar licht.');
  await verstuur(ilse, 'form[action*="/antwoord"] button[type=submit]');
  await ilse.fill('#bouwhoogte', '11');
  await ilse.fill('#toelichting', 'Een verdieping erbij.');
  await verstuur(ilse, 'main form[action$="/versies"] button[type=submit]');
  assert.match(await ilse.textContent('#versies'), /hoogte \+5 m/);
  assert.match(await ilse.textContent('#versies'), /past niet/);
  await checked(ilse, 'participatie-7-versie-2');

  // Bea sees her consent is for an earlier version, with the change named, and consents again.
  await bea.goto(`${initiatief}?code=${code}`);
  const toestemmingen = await bea.textContent('#toestemmingen');
  assert.match(toestemmingen, /voor een eerdere versie/);
  assert.match(toestemmingen, /hoogte \+5 m/);
  assert.match(await bea.textContent('#reacties'), /De zon komt van het zuiden/);
  await verstuur(bea, 'main form[action$="/toestemming"] button[type=submit]');
  assert.match(await bea.textContent('#toestemmingen'), /geldig voor versie 2/);
  await checked(bea, 'participatie-8-opnieuw');

  // Ilse starts the application: it carries the participatieverslag.
  await ilse.goto(initiatief);
  await Promise.all([ilse.waitForURL(/\/aanvragen\/[0-9a-f-]+$/), ilse.click('main form[action$="/aanvraag"] button[type=submit]')]);
  assert.match(await ilse.textContent('main'), /Participatieverslag/);
  await checked(ilse, 'participatie-9-aanvraag');

  // The Praktijkoverzicht and the verification page stand on their own.
  await bea.goto(`${DEMO}/praktijkoverzicht?adres=Dorpsstraat%2012`);
  await checked(bea, 'participatie-10-praktijkoverzicht');
  await bea.goto(`${DEMO}/toestemmingen/verifieer`);
  await checked(bea, 'participatie-11-verifieer');
});

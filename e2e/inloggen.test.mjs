// Accounts in a real browser: the login and registration pages pass axe WCAG 2.1 AA in Dutch and English, a mistake is
// explained beside its field, and a new account is logged in at once and can log out again from the header.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { BASE, launch, openPage, axeViolations, screenshot } from './lib.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => { await browser?.close(); });

for (const [name, url, lang] of [
  ['inloggen', '/inloggen', 'nl'],
  ['inloggen-en', '/inloggen?lang=en', 'en'],
  ['registreren', '/registreren', 'nl'],
]) {
  test(`the page ${url} passes axe WCAG 2.1 AA in ${lang}`, async () => {
    const page = await openPage(browser);
    const response = await page.goto(BASE + url);
    assert.equal(response.status(), 200);
    assert.equal(await page.getAttribute('html', 'lang'), lang);
    await screenshot(page, name);
    assert.deepEqual(await axeViolations(page), []);
    assert.deepEqual(page.externalRequests, []);
    assert.deepEqual(page.cspViolations, []);
    await page.close();
  });
}

test('a new account is logged in at once, says so in the header, and logs out from there', async () => {
  const page = await openPage(browser);
  await page.goto(BASE + '/kaart');
  await Promise.all([page.waitForURL(/\/inloggen\?terug=(%2F|\/)kaart/), page.click('header >> text=Inloggen')]);
  await Promise.all([page.waitForURL(/\/registreren\?terug=/), page.click('text=Maak een account')]);
  await page.fill('#naam', 'Jan de Vries');
  await page.fill('#email', 'jan');
  await page.fill('#wachtwoord', 'kort');
  await Promise.all([
    page.waitForResponse((r) => r.url() === BASE + '/registreren' && r.request().method() === 'POST'),
    page.click('main button[type=submit]'),
  ]);
  await page.waitForSelector('[role=alert]');
  assert.match(await page.textContent('[role=alert]'), /Dit e-mailadres klopt niet/);
  assert.equal(await page.getAttribute('#wachtwoord', 'aria-invalid'), 'true');
  await screenshot(page, 'registreren-fouten');
  assert.deepEqual(await axeViolations(page), []);

  const email = `jan-${Date.now()}@voorbeeld.nl`;
  await page.fill('#email', email);
  await page.fill('#wachtwoord', 'correct paard batterij');
  await Promise.all([page.waitForURL(/\/kaart$/), page.click('main button[type=submit]')]);
  assert.match(await page.textContent('header'), /Ingelogd als\s*Jan de Vries/);
  await screenshot(page, 'ingelogd');
  assert.deepEqual(await axeViolations(page), []);

  await Promise.all([page.waitForURL(BASE + '/'), page.click('header button:has-text("Uitloggen")')]);
  assert.doesNotMatch(await page.textContent('header'), /Ingelogd als/);
  assert.equal((await page.context().cookies()).filter((c) => c.name === 'stip_sessie').length, 0);

  // And back in with the password.
  await page.goto(BASE + '/inloggen');
  await page.fill('#email', email);
  await page.fill('#wachtwoord', 'correct paard batterij');
  await Promise.all([page.waitForURL(BASE + '/'), page.click('main button[type=submit]')]);
  assert.match(await page.textContent('header'), /Ingelogd als\s*Jan de Vries/);
  const sessie = (await page.context().cookies()).find((c) => c.name === 'stip_sessie');
  assert.ok(sessie.httpOnly && sessie.sameSite === 'Lax', JSON.stringify(sessie));
  assert.deepEqual(page.cspViolations, []);
  await page.close();
});

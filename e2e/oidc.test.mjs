// Login through OpenID Connect in a real browser, against a real local provider (panva's oidc-provider, started by
// crates/stip/tests/e2e.rs with e2e/oidc-provider.mjs): "Inloggen met DigiD" on stip, log in and consent at the
// provider, and back on stip, logged in, on the page where it started. The login page with all three ways passes axe.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, axeViolations, screenshot } from './lib.mjs';

const STIP = process.env.STIP_OIDC_URL;
const ISSUER = process.env.OIDC_ISSUER;

let browser;
before(async () => {
  assert.ok(STIP && ISSUER, 'STIP_OIDC_URL and OIDC_ISSUER are set by crates/stip/tests/e2e.rs');
  browser = await launch();
});
after(async () => { await browser?.close(); });

/// A page that may talk to stip and to the provider, and to nothing else. What stip's own pages ask from elsewhere
/// is recorded (the provider's development pages ask for a web font, which is refused and not stip's doing).
async function openPage() {
  const context = await browser.newContext({ locale: 'nl-NL' });
  const page = await context.newPage();
  const external = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(STIP) || url.startsWith(ISSUER) || url.startsWith('data:')) return route.continue();
    if (route.request().frame().url().startsWith(STIP)) external.push(url);
    return route.abort();
  });
  page.externalRequests = external;
  return page;
}

/// Logs in and consents at the provider when it asks (a second login within its session asks nothing).
async function viaProvider(page, doel) {
  await page.waitForURL((url) => url.href.startsWith(ISSUER + '/interaction/') || url.href === doel);
  if (await page.locator('input[name=login]').count()) {
    await page.fill('input[name=login]', 'jan');
    await page.fill('input[name=password]', 'wat-dan-ook');
    await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  }
  if (page.url().startsWith(ISSUER) && await page.locator('button:has-text("Continue")').count()) {
    await page.click('button:has-text("Continue")');
  }
}

test('"Inloggen met DigiD" logs in at the provider and lands back on stip, logged in, where it started', async () => {
  const page = await openPage();
  await page.goto(STIP + '/kaart');
  await Promise.all([page.waitForURL(/\/inloggen\?terug=/), page.click('header >> text=Inloggen')]);
  assert.match(await page.textContent('main'), /Stuur mij een inloglink/, 'the mail link is offered too');
  await screenshot(page, 'inloggen-drie-manieren');
  assert.deepEqual(await axeViolations(page), []);

  const [request] = await Promise.all([
    page.waitForRequest((r) => r.url().startsWith(ISSUER + '/auth')),
    page.click('text=Inloggen met DigiD'),
  ]);
  const auth = new URL(request.url());
  assert.equal(auth.searchParams.get('code_challenge_method'), 'S256');
  assert.ok(auth.searchParams.get('state') && auth.searchParams.get('nonce'), 'state and nonce are sent');
  assert.equal(auth.searchParams.get('code_challenge')?.length, 43);
  await viaProvider(page, STIP + '/kaart');
  await page.waitForURL(STIP + '/kaart');
  assert.match(await page.textContent('header'), /Ingelogd als\s*Jan Jansen/);
  const cookies = await page.context().cookies();
  const sessie = cookies.find((c) => c.name === 'stip_sessie');
  assert.ok(sessie?.httpOnly && sessie.sameSite === 'Lax', JSON.stringify(sessie));
  assert.equal(cookies.filter((c) => c.name === 'stip_oidc').length, 0, 'the login in progress is cleared');
  await screenshot(page, 'ingelogd-met-digid');
  assert.deepEqual(page.externalRequests, []);

  // Out, and in again: the provider remembers the person, stip the account.
  await Promise.all([page.waitForURL(STIP + '/'), page.click('header button:has-text("Uitloggen")')]);
  await page.goto(STIP + '/inloggen');
  await page.click('text=Inloggen met DigiD');
  await viaProvider(page, STIP + '/');
  await page.waitForURL(STIP + '/');
  assert.match(await page.textContent('header'), /Ingelogd als\s*Jan Jansen/);
  await page.close();
});

test('an answer from the provider without the login that asked for it is refused', async () => {
  const page = await openPage();
  const response = await page.goto(STIP + '/inloggen/oidc/terug?code=gestolen&state=verzonnen');
  assert.equal(response.status(), 400);
  assert.match(await page.textContent('main'), /Inloggen is niet gelukt/);
  assert.doesNotMatch(await page.textContent('header'), /Ingelogd als/);
  assert.deepEqual(await axeViolations(page), []);
  await page.close();
});

test('asking for a login link answers "check your e-mail", and the link page shows a button; both pass axe', async () => {
  const page = await openPage();
  await page.goto(STIP + '/inloggen');
  await page.fill('#link-email', 'iemand@voorbeeld.nl');
  await Promise.all([page.waitForURL(STIP + '/inloggen/link'), page.click('text=Stuur mij een inloglink')]);
  assert.match(await page.textContent('main'), /Kijk in uw e-mail/);
  await screenshot(page, 'inloglink-verstuurd');
  assert.deepEqual(await axeViolations(page), []);
  await page.goto(STIP + '/inloggen/link/' + 'a'.repeat(43));
  assert.match(await page.textContent('main'), /Klik op de knop om in te loggen/);
  assert.deepEqual(await axeViolations(page), []);
  await Promise.all([page.waitForLoadState('load'), page.click('main button[type=submit]')]);
  await page.waitForSelector('text=Deze link werkt niet meer');
  assert.deepEqual(await axeViolations(page), []);
  assert.deepEqual(page.externalRequests, []);
  await page.close();
});

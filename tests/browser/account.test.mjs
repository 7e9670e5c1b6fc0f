// The shopper's personal account in Chromium, as a person uses it: sign up with an email code,
// verify the phone, the home address (a wrong postcode first) and the identity, add a passkey and
// sign in with it, revoke a second browser, read the activity, download the data, lock the account
// with the "this wasn't me" link and unlock it with the passkey, delete it. A second journey changes
// the phone (a code to the old number first), meets a rejected and a reviewed identity check, and
// unlocks with the email and SMS codes. axe-core checks every page in every state these journeys
// reach; screenshots go to test-results/account-<state>.png.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/tools.mjs';
import { audit } from '../lib/axe.mjs';
import { launch } from '../lib/browser.mjs';
import { bootEdge } from '../lib/edge-fixture.mjs';
import { api } from '../lib/checkout.mjs';
import { latestCode, outbox } from '../lib/outbox.mjs';

const artifacts = join(repoRoot, 'test-results');
mkdirSync(artifacts, { recursive: true });
let edge;
let site;
let browser;

before(async () => {
  edge = await bootEdge();
  // WebAuthn needs a domain for its RP ID: browsers reach the edge as localhost.
  site = edge.url.replace('127.0.0.1', 'localhost');
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await edge?.stop();
});

const email = (who) => `${who}-${Date.now()}-${Math.random().toString(36).slice(2, 7)}@example.com`;
const phone = () => `+4477009${String(Math.floor(Math.random() * 100000)).padStart(5, '0')}`;

/** Checks a page state with axe and keeps a screenshot of it. */
async function see(page, name) {
  await page.waitForLoadState('networkidle');
  await audit(page, name);
  await page.screenshot({ path: join(artifacts, `account-${name}.png`), fullPage: true });
}

/** The signed-in account as the page's own scripts see it, or the error's status. */
function me(page) {
  return page.evaluate(async () => {
    const r = await fetch('/v1/me');
    return { status: r.status, json: await r.json() };
  });
}

const heading = (page, name) => page.getByRole('heading', { name, exact: true, level: 1 });

/** Asks for an email code on the sign-in page (already open) and types it in. */
async function enterEmailCode(page, address) {
  await page.getByLabel('Email', { exact: true }).fill(address);
  await page.getByRole('button', { name: 'Send code', exact: true }).click();
  await page.getByLabel('Code', { exact: true }).waitFor();
  await page.getByLabel('Code', { exact: true }).fill(await latestCode(edge.url, address));
  await page.getByRole('button', { name: 'Verify', exact: true }).click();
}

/** Signs `address` in (or up) with an email code from the sign-in page; ends on the overview. */
async function signInWithCode(page, address) {
  await page.goto(`${site}/account/sign-in/`);
  await enterEmailCode(page, address);
  await page.waitForURL((u) => u.pathname === '/account/');
  await heading(page, 'Your account').waitFor();
}

/** The phone step: the number, then the code texted to it. */
async function verifyPhone(page, number, label = 'Mobile number') {
  await page.getByLabel(label, { exact: true }).fill(number);
  await page.getByRole('button', { name: 'Send code', exact: true }).click();
  await page.getByLabel('Code', { exact: true }).waitFor();
}

async function typeSmsCode(page, number, button = 'Verify') {
  await page.getByLabel('Code', { exact: true }).fill(await latestCode(edge.url, number));
  await page.getByRole('button', { name: button, exact: true }).click();
}

async function fillAddress(page, postalCode) {
  await page.getByLabel('Country', { exact: true }).selectOption('GB');
  await page.getByLabel('Address line 1', { exact: true }).fill('10 Downing Street');
  await page.getByLabel('City or town', { exact: true }).fill('London');
  await page.getByLabel('Postal code', { exact: true }).fill(postalCode);
  await page.getByRole('button', { name: 'Save address', exact: true }).click();
}

async function fillIdentity(page, documentNumber) {
  await page.getByLabel('Given names', { exact: true }).fill('Ada');
  await page.getByLabel('Family name', { exact: true }).fill('Lovelace');
  await page.getByLabel('Date of birth', { exact: true }).fill('1985-12-10');
  await page.getByLabel('Document', { exact: true }).selectOption('passport');
  await page.getByLabel('Document number', { exact: true }).fill(documentNumber);
  await page.getByLabel('Issuing country', { exact: true }).selectOption('GB');
  await page.getByRole('button', { name: 'Verify my identity', exact: true }).click();
}

/** The "this wasn't me" link in the newest message to `to` that has one. */
async function lockLink(to) {
  const mail = (await outbox(edge.url, to)).find((m) => /\/account\/lock\/\?token=lck_/.test(m.body));
  assert.ok(mail, `a notice with a lock link went to ${to}`);
  return mail.body.match(/https?:\/\/\S+\/account\/lock\/\?token=lck_[a-z2-7]+/)[0].replace('127.0.0.1', 'localhost');
}

async function lockWith(page, link) {
  await page.goto(link);
  await heading(page, 'Lock your account').waitFor();
  assert.ok(!page.url().includes('lck_'), 'the token leaves the address bar at once');
  await see(page, 'lock');
  await page.getByRole('button', { name: 'Lock my account', exact: true }).click();
  await heading(page, 'Your account is locked').waitFor();
  await see(page, 'lock-done');
}

describe('the personal account pages', () => {
  test('sign up, verify every level, a passkey, a revoked browser, activity, data, lock and unlock, deletion', { timeout: 240_000 }, async () => {
    const address = email('ada');
    const number = phone();
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });

    // Signed out, every page sends the person to sign in and back.
    await page.goto(`${site}/account/security/`);
    await page.waitForURL((u) => u.pathname === '/account/sign-in/' && u.searchParams.get('next') === '/account/security/');
    await page.goto(`${site}/account/sign-in/`);
    await page.getByLabel('Email', { exact: true }).waitFor();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to content', 'the first Tab reaches the skip link');
    await see(page, 'sign-in');

    // Sign up: a wrong code first, which says how many tries are left.
    await page.getByLabel('Email', { exact: true }).fill(address);
    await page.getByRole('button', { name: 'Send code', exact: true }).click();
    const code = page.getByLabel('Code', { exact: true });
    await code.waitFor();
    await see(page, 'sign-in-code');
    const right = await latestCode(edge.url, address);
    await code.fill(right === '000000' ? '111111' : '000000');
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await page.getByRole('alert').filter({ hasText: '4 attempts left.' }).waitFor();
    assert.equal(await code.getAttribute('aria-invalid'), 'true');
    await see(page, 'sign-in-wrong-code');
    await code.fill(right);
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/account/');
    await heading(page, 'Your account').waitFor();
    await page.getByText('You have reached 1 of 4 levels. Next: Phone number.', { exact: true }).waitFor();
    await see(page, 'overview-email');

    // Verification, in order.
    await page.getByRole('link', { name: 'Continue verification', exact: true }).click();
    await heading(page, 'Verify your account').waitFor();
    await page.getByLabel('Mobile number', { exact: true }).waitFor();
    await see(page, 'verify-phone');
    await verifyPhone(page, number);
    await see(page, 'verify-phone-code');
    await typeSmsCode(page, number);
    await page.getByText(`Your phone number ${number} is verified.`, { exact: true }).waitFor();
    await page.getByLabel('Address line 1', { exact: true }).waitFor();
    await see(page, 'verify-address');

    await fillAddress(page, '1234');
    const postcode = page.getByLabel('Postal code', { exact: true });
    await page.locator('input[name=postal_code][aria-invalid=true]').waitFor();
    const described = await postcode.getAttribute('aria-describedby');
    assert.match(await page.locator(`[id="${described.split(' ').at(-1)}"]`).textContent(), /not a postal code in the format used in United Kingdom/);
    await page.getByRole('alert').filter({ hasText: 'Some fields need attention' }).waitFor();
    await see(page, 'verify-address-error');
    await postcode.fill('sw1a 2aa');
    await page.getByRole('button', { name: 'Save address', exact: true }).click();
    await page.getByText('Your home address is saved.', { exact: true }).waitFor();
    await page.getByLabel('Given names', { exact: true }).waitFor();
    await see(page, 'verify-identity');
    await fillIdentity(page, 'ID000001');
    await page.getByText('Your identity is verified.', { exact: true }).first().waitFor();
    await page.getByText(/Passport from United Kingdom ending in 0001, for Ada Lovelace\./).waitFor();
    await see(page, 'verify-done');

    await page.getByRole('link', { name: 'Overview', exact: true }).click();
    await page.getByText('You have reached 4 of 4 levels.', { exact: true }).waitFor();
    assert.equal(await page.locator('#capabilities li.locked').count(), 0, 'every capability unlocked');
    assert.match(await page.locator('#capabilities').textContent(), /up to 10,000/);
    assert.match(await page.locator('#details').textContent(), /10 Downing Street, SW1A 2AA London, United Kingdom/);
    await see(page, 'overview-verified');
    // A phone's width: the navigation goes above the page, nothing scrolls sideways but tables.
    await page.setViewportSize({ width: 390, height: 844 });
    await see(page, 'overview-narrow');
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'no sideways scrolling');
    await page.setViewportSize({ width: 1280, height: 720 });

    // A passkey, then signing in with it sends no code.
    await page.getByRole('button', { name: 'Add a passkey', exact: true }).click();
    await page.getByText('Your passkey is ready; next time, sign in with it.', { exact: true }).waitFor();
    await see(page, 'overview-passkey-added');
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/account/sign-in/');
    assert.equal((await me(page)).status, 401);
    const sent = (await outbox(edge.url, address)).length;
    await page.getByRole('button', { name: 'Sign in with a passkey', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/account/');
    await heading(page, 'Your account').waitFor();
    assert.equal((await me(page)).json.session.method, 'passkey');
    assert.equal((await outbox(edge.url, address)).length, sent, 'no code and no notice: a known browser with a passkey');

    // A second browser signs in with a code; the first revokes it.
    const other = await browser.newContext();
    const theirs = await other.newPage();
    await signInWithCode(theirs, address);
    const link = await lockLink(address);
    assert.match((await outbox(edge.url, address))[0].body, /new device: Chrome/);

    await page.getByRole('link', { name: 'Security', exact: true }).click();
    await heading(page, 'Security').waitFor();
    const devices = page.locator('#devices tbody tr');
    await devices.nth(1).waitFor();
    assert.equal(await devices.count(), 2);
    await page.locator('#passkeys tbody tr').first().waitFor();
    await see(page, 'security');
    await page.getByRole('button', { name: 'Revoke Chrome', exact: true }).click();
    const dialog = page.getByRole('dialog');
    await dialog.waitFor();
    await see(page, 'security-revoke-dialog');
    // By keyboard: the dialog opens on "Go back"; Tab reaches "Revoke", Enter confirms.
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Go back');
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Revoke');
    await page.keyboard.press('Enter');
    await page.getByText('Chrome is revoked and signed out.', { exact: true }).waitFor();
    await devices.filter({ hasText: 'Revoked' }).waitFor();
    await see(page, 'security-revoked');

    // The revoked browser is sent to sign in on its next page, and refused there.
    await theirs.goto(`${site}/account/activity/`);
    await theirs.waitForURL((u) => u.pathname === '/account/sign-in/' && u.searchParams.get('next') === '/account/activity/');
    await enterEmailCode(theirs, address);
    await theirs.getByRole('alert').filter({ hasText: 'This device was removed from the account.' }).waitFor();
    await see(theirs, 'sign-in-device-revoked');
    await other.close();

    // Activity: the sign-ins, the new device and the revocation, in words.
    await page.getByRole('link', { name: 'Activity', exact: true }).click();
    await heading(page, 'Activity').waitFor();
    const rows = page.locator('tbody tr');
    await rows.first().waitFor();
    const log = await page.locator('tbody').textContent();
    for (const words of ['Account created', 'Signed in', 'New device', 'Device revoked', 'Passkey added', 'With a passkey', 'With a code by email', 'Identity verified', 'Home address verified']) {
      assert.ok(log.includes(words), `activity says "${words}"`);
    }
    assert.ok(!log.includes('{'), 'no raw JSON');
    assert.ok((await rows.filter({ hasText: 'Signed in' }).count()) >= 3);
    await see(page, 'activity');

    // The data, downloaded as a file.
    await page.getByRole('link', { name: 'Your data', exact: true }).click();
    await heading(page, 'Your data').waitFor();
    await see(page, 'data');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my data', exact: true }).click()]);
    assert.equal(download.suggestedFilename(), 'tessera-account.json');
    const data = JSON.parse(readFileSync(await download.path(), 'utf8'));
    assert.equal(data.account.email, address);
    assert.equal(data.account.phone, number);
    const types = data.activity.map((a) => a.type);
    for (const type of ['created', 'signed_in', 'new_device', 'device_revoked', 'passkey_added']) assert.ok(types.includes(type), type);
    await page.getByText('Your data is downloaded as tessera-account.json.', { exact: true }).waitFor();

    // "This wasn't me": the lock link signs this browser out too; the passkey unlocks.
    const oldId = (await me(page)).json.id;
    await lockWith(page, link);
    assert.equal((await me(page)).status, 401, 'every sign-in ended');
    await page.goto(`${site}/account/`);
    await page.waitForURL((u) => u.pathname === '/account/sign-in/');
    await page.getByRole('button', { name: 'Sign in with a passkey', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/account/');
    await heading(page, 'Your account').waitFor();
    const activity = await page.evaluate(async () => (await (await fetch('/v1/me/activity')).json()).data);
    assert.deepEqual(activity.filter((a) => a.type === 'unlocked').map((a) => a.detail.with), ['passkey']);

    // The passkey removed: it signs in no more.
    await page.getByRole('link', { name: 'Security', exact: true }).click();
    await page.getByRole('button', { name: 'Remove Chrome on Linux', exact: true }).click();
    await dialog.waitFor();
    await see(page, 'security-remove-passkey-dialog');
    await dialog.getByRole('button', { name: 'Remove', exact: true }).click();
    await page.getByText('The passkey “Chrome on Linux” is removed.', { exact: true }).waitFor();
    await page.getByText('No passkeys yet.', { exact: true }).waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await see(page, 'security-narrow');
    await page.setViewportSize({ width: 1280, height: 720 });

    // Deletion: the dialog says what goes and what merchants keep.
    await page.getByRole('link', { name: 'Your data', exact: true }).click();
    await page.getByRole('button', { name: 'Delete my account', exact: true }).click();
    await dialog.waitFor();
    const said = await dialog.textContent();
    for (const words of ['passkeys', 'devices', 'saved cards', 'activity', 'home address', 'keep their records', 'law']) assert.ok(said.includes(words), `the dialog says "${words}"`);
    await see(page, 'data-delete-dialog');
    await dialog.getByRole('button', { name: 'Delete my account', exact: true }).click();
    await heading(page, 'Your account is deleted').waitFor();
    await see(page, 'data-deleted');
    await page.goto(`${site}/account/`);
    await page.waitForURL((u) => u.pathname === '/account/sign-in/' && u.searchParams.get('next') === '/account/');
    await enterEmailCode(page, address);
    await page.waitForURL((u) => u.pathname === '/account/');
    await page.getByText('You have reached 1 of 4 levels. Next: Phone number.', { exact: true }).waitFor();
    const fresh = (await me(page)).json;
    assert.notEqual(fresh.id, oldId, 'a new account');
    assert.deepEqual(fresh.levels, ['email']);
    await context.close();
  });

  test('a phone change needs the old number; identity rejected, then in review, then approved; unlocking with both codes', { timeout: 180_000 }, async () => {
    const address = email('grace');
    const [first, second] = [phone(), phone()];
    const context = await browser.newContext();
    const page = await context.newPage();
    // By keyboard: Enter sends each form.
    await page.goto(`${site}/account/sign-in/`);
    await page.getByLabel('Email', { exact: true }).fill(address);
    await page.keyboard.press('Enter');
    await page.getByLabel('Code', { exact: true }).waitFor();
    assert.equal(await page.evaluate(() => document.activeElement.name), 'code', 'the code field takes the focus');
    await page.keyboard.type(await latestCode(edge.url, address));
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname === '/account/');
    await page.goto(`${site}/account/verify/`);
    await verifyPhone(page, first);
    await typeSmsCode(page, first);
    await page.getByText(`Your phone number ${first} is verified.`, { exact: true }).waitFor();

    // Signed in by email code only: the new number needs a code to the old one first.
    await page.getByRole('button', { name: 'Change number', exact: true }).click();
    await page.getByLabel('New mobile number', { exact: true }).fill(second);
    await page.getByRole('button', { name: 'Send code', exact: true }).click();
    await page.getByRole('heading', { name: 'First, confirm it is you', exact: true }).waitFor();
    await see(page, 'verify-phone-reauth');
    await page.getByRole('button', { name: 'Send a code to my current number', exact: true }).click();
    await page.getByRole('heading', { name: 'Enter the code sent to your current number', exact: true }).waitFor();
    await typeSmsCode(page, first, 'Confirm');
    await page.getByRole('heading', { name: 'Enter the code from the text message', exact: true }).waitFor();
    await typeSmsCode(page, second);
    await page.getByText(`Your phone number ${second} is verified.`, { exact: true }).waitFor();
    assert.match((await outbox(edge.url, first))[0].body, /was changed/, 'the old number hears of it');

    await fillAddress(page, 'SW1A 2AA');
    await page.getByText('Your home address is saved.', { exact: true }).waitFor();
    await fillIdentity(page, 'ID000002');
    await page.getByText(/could not be verified with that document/).waitFor();
    await see(page, 'verify-identity-rejected');
    await fillIdentity(page, 'ID000003');
    await page.getByText(/Your document is in review/).first().waitFor();
    assert.equal(await page.getByLabel('Document number', { exact: true }).count(), 0, 'nothing to send while in review');
    await see(page, 'verify-identity-review');
    const { id } = (await me(page)).json;
    const decided = await api(edge.url, `/v1/operator/shopper_accounts/${id}/identity`, { method: 'POST', body: { approve: true }, headers: { Authorization: `Bearer ${edge.secrets.ADMIN_TOKEN}` } });
    assert.equal(decided.json.identity.status, 'verified', decided.text);
    await page.reload();
    await page.getByText(/Your identity is verified\. Passport from United Kingdom ending in 0003/).waitFor();

    // The phone change's notice carries a lock link; unlocking without a passkey takes both codes.
    await lockWith(page, await lockLink(address));
    await page.goto(`${site}/account/`);
    await page.waitForURL((u) => u.pathname === '/account/sign-in/');
    await enterEmailCode(page, address);
    await page.getByRole('heading', { name: 'Your account is locked', exact: true }).waitFor();
    await page.getByLabel('Code from the text message', { exact: true }).waitFor();
    await see(page, 'sign-in-unlock');
    await page.getByLabel('Code from the text message', { exact: true }).fill(await latestCode(edge.url, second));
    await page.getByRole('button', { name: 'Unlock and sign in', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/account/');
    await page.getByText('You have reached 4 of 4 levels.', { exact: true }).waitFor();
    assert.equal((await me(page)).json.session.method, 'sms_code');

    // In German, from the footer; and back.
    await page.getByLabel('Language', { exact: true }).selectOption('de');
    await heading(page, 'Ihr Konto').waitFor();
    await page.getByText('Sie haben 4 von 4 Stufen erreicht.', { exact: true }).waitFor();
    assert.equal(await page.evaluate(() => document.documentElement.lang), 'de');
    await see(page, 'overview-de');
    await page.getByLabel('Sprache', { exact: true }).selectOption('en');
    await heading(page, 'Your account').waitFor();

    // Sign out everywhere ends this sign-in too.
    await page.getByRole('link', { name: 'Security', exact: true }).click();
    await page.getByRole('button', { name: 'Sign out everywhere', exact: true }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Sign out everywhere', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/account/sign-in/');
    assert.equal((await me(page)).status, 401);
    await context.close();
  });
});

import { readFile } from 'node:fs/promises';
import { generate } from 'otplib';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inviteStaffMember } from '../../../server/src/domains/identity/one-time-links.ts';
import { createOutboxSender, listOutbox } from '../../../server/src/domains/outbox/service.ts';
import { patients, proxies, proxyAuthorizations } from '../../../server/src/domains/patients/schema.ts';
import { createTestClinic, createTestStaff, testPassword } from '../../../server/src/testing/clinic.ts';
import { testCipher } from '../../../server/src/testing/test-cipher.ts';
import {
  type BrowserSession,
  expectAccessible,
  startBrowserSession,
  type TestServer,
} from '../testing/browser-session.ts';

// Screenshots land here for a person to look at; the test does not compare pixels.
const screenshotDir = '/tmp';

/** A birth date `years` ago today, so the age rules for proxies never drift. */
function bornYearsAgo(years: number): string {
  const date = new Date();
  date.setUTCFullYear(date.getUTCFullYear() - years);
  date.setUTCDate(date.getUTCDate() - 10);
  return date.toISOString().slice(0, 10);
}

/** The authenticator code for now, or for a time step `stepsAhead` later (an app a little ahead). */
function authenticatorCode(secret: string, stepsAhead = 0): Promise<string> {
  return generate({ secret, epoch: Math.floor(Date.now() / 1000) + stepsAhead * 30 });
}

describe('sign-in, two-step sign-in, password reset, invitations and the portal in a real browser', () => {
  let session: BrowserSession;
  let server: TestServer;
  // A clinic that requires two-step sign-in, and one (like the demo) that does not.
  let strictClinic: Awaited<ReturnType<typeof createTestClinic>>;
  let relaxedClinic: Awaited<ReturnType<typeof createTestClinic>>;
  let enrolling: Awaited<ReturnType<typeof createTestStaff>>;
  let relaxedAgent: Awaited<ReturnType<typeof createTestStaff>>;
  let relaxedAdmin: Awaited<ReturnType<typeof createTestStaff>>;
  let forgetful: Awaited<ReturnType<typeof createTestStaff>>;
  let guesser: Awaited<ReturnType<typeof createTestStaff>>;
  // What the enrolment test saw, for the tests that sign in with two-step afterwards.
  const saved = { secret: '', recoveryCodes: [] as string[], lastCode: '' };

  beforeAll(async () => {
    session = await startBrowserSession();
    server = session.server;
    const database = server.database;
    const orm = database.orm;
    strictClinic = await createTestClinic(orm, 'Maple Grove Clinic', { requireStaffMfa: true });
    relaxedClinic = await createTestClinic(orm, 'Riverside Demo Clinic');
    enrolling = await createTestStaff(orm, strictClinic.id, 'clinician');
    relaxedAgent = await createTestStaff(orm, relaxedClinic.id, 'agent');
    relaxedAdmin = await createTestStaff(orm, relaxedClinic.id, 'admin');
    forgetful = await createTestStaff(orm, relaxedClinic.id, 'scheduler');
    guesser = await createTestStaff(orm, relaxedClinic.id, 'billing');

    const [self, child, teen] = await orm
      .insert(patients)
      .values([
        {
          organizationId: relaxedClinic.id,
          mrn: 'R-1',
          givenName: 'Sam',
          familyName: 'Ortiz',
          birthDate: bornYearsAgo(46),
          email: 'sam.ortiz@example.test',
        },
        {
          organizationId: relaxedClinic.id,
          mrn: 'R-2',
          givenName: 'Leo',
          familyName: 'Lopez',
          birthDate: bornYearsAgo(7),
        },
        {
          organizationId: relaxedClinic.id,
          mrn: 'R-3',
          givenName: 'Ana',
          familyName: 'Lopez',
          birthDate: bornYearsAgo(9),
        },
      ])
      .returning({ id: patients.id });
    expect(self).toBeDefined();
    const [parent] = await orm
      .insert(proxies)
      .values({
        organizationId: relaxedClinic.id,
        givenName: 'Rosa',
        familyName: 'Lopez',
        email: 'rosa.lopez@example.test',
      })
      .returning({ id: proxies.id });
    await orm.insert(proxyAuthorizations).values([
      {
        organizationId: relaxedClinic.id,
        proxyId: parent!.id,
        patientId: child!.id,
        relationship: 'parent',
        scopes: ['scheduling', 'records'],
      },
      {
        organizationId: relaxedClinic.id,
        proxyId: parent!.id,
        patientId: teen!.id,
        relationship: 'guardian',
        scopes: ['scheduling', 'billing', 'messaging'],
      },
    ]);
  });

  afterAll(() => session?.close());

  afterEach(async () => {
    await session.closePage();
    // Every test ends with no script errors and no console errors the test did not expect.
    expect(session.problems()).toEqual([]);
  });

  const open = (path: string, options: { locale?: string; expectedFailures?: string[] } = {}) =>
    session.open(path, options);

  async function screenshot(page: Page, name: string) {
    await page.screenshot({ path: `${screenshotDir}/patientdesk-${name}.png`, fullPage: true });
  }

  async function enterPassword(page: Page, email: string, password = testPassword) {
    await page.getByLabel('Work email').fill(email);
    await page.getByLabel(/^Password/).fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  /** The name of the focused element (its label, aria-label or text): where a keyboard user now is. */
  const focusedName = (page: Page) =>
    page.evaluate(() => {
      const element = document.activeElement as HTMLElement | null;
      const label = element?.id ? document.querySelector(`label[for="${element.id}"]`)?.textContent : null;
      const name = element?.getAttribute('aria-label') ?? label ?? element?.textContent ?? '';
      // A required field's label ends with Mantine's asterisk, which screen readers skip.
      return name.replace(/\s*\*$/, '').trim();
    });

  async function latestOutboxMessage(organizationId: string, recipient: string, purpose: string) {
    const messages = await listOutbox(server.database.orm, testCipher(), organizationId);
    const message = messages.find((m) => m.recipient === recipient && m.purpose === purpose);
    if (!message) throw new Error(`no ${purpose} message to ${recipient} in the outbox`);
    return message;
  }

  /** The path and fragment of the link in an emailed message (the server's public address differs). */
  function linkIn(body: string, path: string): string {
    const match = new RegExp(`${path}#token=[\\w-]+`).exec(body);
    if (!match) throw new Error(`no ${path} link in: ${body}`);
    return match[0];
  }

  it('leads a staff member of a clinic that requires it through two-step enrolment, then signs in with the next code', async () => {
    // The password step answers 401 `mfa_required` once two-step sign-in is on.
    const page = await open(`/desk?clinic=${strictClinic.slug}`, { expectedFailures: ['/api/auth/login'] });
    await page.getByRole('heading', { name: 'Staff sign-in', level: 1 }).waitFor();
    await page.getByText(strictClinic.name).first().waitFor();
    await expect(page.getByText('Two-step sign-in is switched off').count()).resolves.toBe(0);
    await enterPassword(page, enrolling.email);

    await page.getByRole('heading', { name: 'Set up two-step sign-in', level: 1 }).waitFor();
    await page.getByText('Your clinic requires two-step sign-in').waitFor();
    // Staff work is refused until enrolment is done, so the header offers none of it.
    await expect(page.getByRole('navigation', { name: 'Main navigation' }).count()).resolves.toBe(0);
    const qrCode = page.getByRole('img', { name: 'QR code to add PatientDesk to your authenticator app' });
    expect(await qrCode.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    expect(await qrCode.evaluate((image: HTMLImageElement) => image.naturalWidth)).toBeGreaterThan(0);
    saved.secret = await page.getByLabel('Setup key').inputValue();
    expect(saved.secret).toMatch(/^[A-Z2-7]{16,}$/);
    await expectAccessible(page);
    await screenshot(page, 'two-step-enrolment-en');

    await page.getByLabel('6-digit code from your app').fill('12');
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();
    await page.getByText('Enter the 6 digits your authenticator app shows now.').waitFor();
    await page.getByLabel('6-digit code from your app').fill(await authenticatorCode(saved.secret));
    await page.getByRole('button', { name: 'Turn on two-step sign-in' }).click();

    await page.getByRole('heading', { name: 'Save your recovery codes' }).waitFor();
    expect(await focusedName(page)).toBe('Save your recovery codes');
    saved.recoveryCodes = await page
      .getByRole('list', { name: 'Recovery codes' })
      .getByRole('listitem')
      .allTextContents();
    expect(saved.recoveryCodes).toHaveLength(10);
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download as text file' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('patientdesk-recovery-codes.txt');
    const file = await readFile(await download.path(), 'utf8');
    for (const code of saved.recoveryCodes) expect(file).toContain(code);
    expect(file).toContain(enrolling.email);
    const continueButton = page.getByRole('button', { name: 'Continue' });
    expect(await continueButton.isDisabled()).toBe(true);
    await expectAccessible(page);
    await screenshot(page, 'two-step-recovery-codes-en');
    await page.getByLabel('I saved these codes somewhere safe').check();
    await continueButton.click();

    await page.getByRole('heading', { name: `Hello, ${enrolling.displayName}`, level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Staff sign-in', level: 1 }).waitFor();

    // Signing in again asks for a code after the password; the enrolment code cannot be replayed.
    await enterPassword(page, enrolling.email);
    await page.getByRole('heading', { name: 'Two-step sign-in', level: 2 }).waitFor();
    expect(await focusedName(page)).toBe('6-digit code');
    await expectAccessible(page);
    await screenshot(page, 'desk-sign-in-code-en');
    saved.lastCode = await authenticatorCode(saved.secret, 1);
    await page.getByLabel('6-digit code').fill(saved.lastCode);
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await page.getByRole('heading', { name: `Hello, ${enrolling.displayName}`, level: 1 }).waitFor();
  });

  it('refuses a used code, then signs in with a recovery code and shows the account with its sessions', async () => {
    expect(saved.recoveryCodes).toHaveLength(10);
    const page = await open('/desk/account', {
      expectedFailures: ['/api/auth/login', '/api/auth/mfa/recovery-codes'],
    });
    await enterPassword(page, enrolling.email);
    await page.getByRole('heading', { name: 'Two-step sign-in', level: 2 }).waitFor();
    await page.getByLabel('6-digit code').fill(saved.lastCode);
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('That code is not right or was already used');
    expect(await focusedName(page)).toBe('6-digit code');

    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    expect(await focusedName(page)).toBe('Recovery code');
    await page.getByLabel('Recovery code').fill(saved.recoveryCodes[0]!.toUpperCase());
    await page.getByRole('button', { name: 'Verify and sign in' }).click();

    await page.getByRole('heading', { name: 'My account', level: 1 }).waitFor();
    await page.getByText(enrolling.email).waitFor();
    await page.getByRole('main').getByText('Clinician').first().waitFor();
    await page.getByText('You have 9 unused recovery codes.').waitFor();
    const sessions = page.getByRole('region', { name: 'Where you are signed in' });
    await sessions.getByText('This device').waitFor();
    await sessions.getByText('Password and recovery code').first().waitFor();
    await expectAccessible(page);
    await screenshot(page, 'my-account-en');

    // Replacing the recovery codes needs a fresh code from the app: a used one is refused.
    await page.getByLabel('6-digit code from your app').fill(saved.lastCode);
    await page.getByRole('button', { name: 'Replace my recovery codes' }).click();
    await page
      .getByText(
        'That code is not right, or it was already used. Wait for the next code in your authenticator app and enter it.',
      )
      .waitFor();

    await page.getByRole('button', { name: 'Sign out everywhere' }).click();
    await page.getByRole('button', { name: 'Yes, sign out everywhere' }).click();
    await page.getByRole('heading', { name: 'Staff sign-in', level: 1 }).waitFor();
    await page.getByText('You are signed out on every device.').waitFor();
    expect(new URL(page.url()).pathname).toBe('/desk');
  });

  it('says when a clinic has two-step sign-in off, in Spanish too, and signs in with the password alone', async () => {
    const page = await open(`/desk?clinic=${relaxedClinic.slug}`, { locale: 'es-ES' });
    await page
      .getByText(`El acceso en dos pasos está desactivado en ${relaxedClinic.name}`, { exact: false })
      .waitFor();
    await page.getByRole('link', { name: '¿Olvidó su contraseña?' }).waitFor();
    await expectAccessible(page);
    await page.getByLabel('Correo de trabajo').fill(relaxedAgent.email);
    await page.getByLabel(/^Contraseña/).fill(testPassword);
    await page.getByRole('button', { name: 'Iniciar sesión', exact: true }).click();
    await page.getByRole('heading', { name: `Hola, ${relaxedAgent.displayName}`, level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Mi cuenta' }).click();
    await page.getByRole('heading', { name: 'Mi cuenta', level: 1 }).waitFor();
    await page.getByText('Desactivado', { exact: true }).waitFor();
    await page.getByRole('link', { name: 'Configurar el acceso en dos pasos' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'my-account-es');
  });

  it('shows the server’s message when too many wrong passwords lock an account', async () => {
    const page = await open('/desk', { expectedFailures: ['/api/auth/login'] });
    for (let attempt = 1; attempt <= 5; attempt++) {
      const answered = page.waitForResponse((response) => response.url().endsWith('/api/auth/login'));
      await enterPassword(page, guesser.email, `wrong guess ${attempt}`);
      expect((await answered).status()).toBe(401);
    }
    await page.getByText('That email and password do not match').waitFor();
    await enterPassword(page, guesser.email);
    await page.getByRole('alert').filter({ hasText: 'Account locked for now' }).waitFor();
    await page.getByText('Too many failed sign-ins for this account. Try again in 15 minutes').waitFor();
    await page.getByRole('link', { name: 'Forgot your password?' }).waitFor();
  });

  it('resets a forgotten password through the emailed link', async () => {
    const page = await open('/desk');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('heading', { name: 'Reset your password', level: 1 }).waitFor();
    await page.getByLabel('Work email').fill(forgetful.email);
    await page.getByRole('button', { name: 'Email me a reset link' }).click();
    await page.getByText('Check your email').waitFor();
    expect(await focusedName(page)).toContain('Check your email');

    const email = await latestOutboxMessage(relaxedClinic.id, forgetful.email, 'password-reset');
    const link = linkIn(email.body, '/reset-password');
    // The person opens the link from their email client: a new tab.
    const linkPage = await session.openTab();
    await linkPage.goto(`${server.address}${link}`);
    await linkPage.getByRole('heading', { name: 'Choose a new password', level: 1 }).waitFor();
    await linkPage.getByLabel(/^New password/).fill('too short');
    await linkPage.getByText('9 of 12 characters').waitFor();
    await linkPage.getByRole('button', { name: 'Save the new password' }).click();
    await linkPage.getByText('Use at least 12 characters', { exact: false }).nth(1).waitFor();
    const newPassword = 'maple river lantern quietly';
    await linkPage.getByLabel(/^New password/).fill(newPassword);
    await linkPage.getByText('Long enough.').waitFor();
    await linkPage.getByLabel(/^Repeat the new password/).fill('maple river lantern quiet');
    await linkPage.getByRole('button', { name: 'Save the new password' }).click();
    await linkPage.getByText('The two passwords are not the same.').waitFor();
    await linkPage.getByLabel(/^Repeat the new password/).fill(newPassword);
    await expectAccessible(linkPage);
    await linkPage.getByRole('button', { name: 'Save the new password' }).click();
    await linkPage.getByText('Your password is changed').waitFor();
    await screenshot(linkPage, 'password-reset-done-en');

    await linkPage.getByRole('link', { name: 'Go to sign-in' }).click();
    await enterPassword(linkPage, forgetful.email, newPassword);
    await linkPage.getByRole('heading', { name: `Hello, ${forgetful.displayName}`, level: 1 }).waitFor();
  });

  it('refuses a reset link that was already used, and offers a new one', async () => {
    const email = await latestOutboxMessage(relaxedClinic.id, forgetful.email, 'password-reset');
    const page = await open(linkIn(email.body, '/reset-password'), {
      expectedFailures: ['/api/auth/password-reset/complete'],
    });
    await page.getByLabel(/^New password/).fill('another long password here');
    await page.getByLabel(/^Repeat the new password/).fill('another long password here');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await page.getByText('This reset link has expired or was already used.').waitFor();
    await page.getByRole('link', { name: 'Request a new reset link' }).click();
    await page.getByRole('heading', { name: 'Reset your password', level: 1 }).waitFor();
  });

  it('greets an invited colleague by name, clinic and role, and lets them choose a password', async () => {
    const invitee = `new.colleague.${Date.now()}@clinic.test`;
    await inviteStaffMember(server.database.orm, createOutboxSender(testCipher()), server.address, {
      organizationId: relaxedClinic.id,
      organizationName: relaxedClinic.name,
      email: invitee,
      displayName: 'Dana Reyes',
      role: 'supervisor',
      invitedBy: { id: relaxedAdmin.id, displayName: relaxedAdmin.displayName },
    });
    const invitation = await latestOutboxMessage(relaxedClinic.id, invitee, 'staff-invitation');
    const page = await open(linkIn(invitation.body, '/invitation'));
    await page.getByRole('heading', { name: 'Welcome, Dana Reyes', level: 1 }).waitFor();
    await page.getByText(`${relaxedClinic.name} invited you to PatientDesk as supervisor.`).waitFor();
    expect(await page.getByLabel('Work email').inputValue()).toBe(invitee);
    await expectAccessible(page);
    await screenshot(page, 'invitation-en');

    await page.getByLabel('Your name').fill('Dana Reyes, RN');
    await page.getByLabel(/^New password/).fill('harbor candle meadow tiger');
    await page.getByLabel(/^Repeat the new password/).fill('harbor candle meadow tiger');
    await page.getByRole('button', { name: 'Create my account' }).click();
    await page.getByText('Your account is ready').waitFor();
    await page.getByRole('link', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Staff sign-in', level: 1 }).waitFor();
    expect(await page.getByLabel('Work email').inputValue()).toBe(invitee);
    await page.getByLabel(/^Password/).fill('harbor candle meadow tiger');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Hello, Dana Reyes, RN', level: 1 }).waitFor();
  });

  it('signs a parent in to the portal with the code from the outbox, and remembers whom they act for', async () => {
    const page = await open(`/portal?clinic=${relaxedClinic.slug}`, {
      expectedFailures: ['/api/auth/portal/verify-code'],
    });
    await page.getByRole('heading', { name: 'Patient portal', level: 1 }).waitFor();
    await page.getByLabel('Email address or mobile phone').fill('Rosa.Lopez@example.test');
    await page.getByRole('button', { name: 'Send my code' }).click();
    await page.getByRole('heading', { name: 'Enter your code' }).waitFor();
    const message = await latestOutboxMessage(
      relaxedClinic.id,
      'rosa.lopez@example.test',
      'portal-sign-in-code',
    );
    const code = /\b(\d{6})\b/.exec(message.body)![1]!;

    await page.getByLabel('Digit 1 of 6').pressSequentially(code === '123456' ? '654321' : '123456');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByText('That code is not right. 4 tries left.').waitFor();
    expect(await focusedName(page)).toBe('Digit 1 of 6');
    await page.getByLabel('Digit 1 of 6').pressSequentially(code);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();

    await page.getByRole('heading', { name: 'Hello, Rosa Lopez', level: 1 }).waitFor();
    expect(await focusedName(page)).toBe('Hello, Rosa Lopez');
    await page.getByText(`You are signed in to ${relaxedClinic.name}.`).waitFor();
    const leo = page.getByRole('region', { name: 'Leo Lopez' });
    await leo.getByText('Relationship: Parent').waitFor();
    await leo.getByText('Book, change and cancel appointments').waitFor();
    await leo.getByText('See health records and test results').waitFor();
    const ana = page.getByRole('region', { name: 'Ana Lopez' });
    await ana.getByText('Relationship: Guardian').waitFor();
    await ana.getByText('See and pay bills').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'portal-home-en');

    const switcher = page.getByRole('combobox', { name: 'You are acting for' });
    const chosenFirst = await switcher.inputValue();
    const other = chosenFirst.startsWith('Leo') ? 'Ana Lopez' : 'Leo Lopez';
    await switcher.click();
    await page.getByRole('option', { name: new RegExp(`^${other}`) }).click();
    await page.getByRole('region', { name: other }).getByText('Acting for now').waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Hello, Rosa Lopez', level: 1 }).waitFor();
    expect(await page.getByRole('combobox', { name: 'You are acting for' }).inputValue()).toMatch(
      new RegExp(`^${other}`),
    );

    await page.getByRole('banner').getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Patient portal', level: 1 }).waitFor();
  });

  it('asks a patient for the clinic’s short name when the link named none', async () => {
    const page = await open('/portal', { expectedFailures: ['/api/auth/portal/request-code'] });
    await page.getByRole('heading', { name: 'Patient portal', level: 1 }).waitFor();
    await page.getByLabel('Clinic short name').fill('no-such-clinic');
    await page.getByLabel('Email address or mobile phone').fill('sam.ortiz@example.test');
    await page.getByRole('button', { name: 'Send my code' }).click();
    await page.getByText('There is no clinic called "no-such-clinic".').waitFor();
    expect(await focusedName(page)).toBe('Clinic short name');

    await page.getByLabel('Clinic short name').fill(relaxedClinic.slug);
    await page.getByRole('button', { name: 'Send my code' }).click();
    await page.getByRole('heading', { name: 'Enter your code' }).waitFor();
    const message = await latestOutboxMessage(
      relaxedClinic.id,
      'sam.ortiz@example.test',
      'portal-sign-in-code',
    );
    await page.getByLabel('Digit 1 of 6').pressSequentially(/\b(\d{6})\b/.exec(message.body)![1]!);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Hello, Sam Ortiz', level: 1 }).waitFor();
    const own = page.getByRole('region', { name: 'Sam Ortiz' });
    await own.getByText('Relationship: Your own record').waitFor();
    // One person, no one else to act for: no switcher.
    await expect(page.getByRole('combobox', { name: 'You are acting for' }).count()).resolves.toBe(0);
    await page.getByRole('banner').getByText(relaxedClinic.name).waitFor();
  });
});

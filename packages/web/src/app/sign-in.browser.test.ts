import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestClinic, createTestStaff, testPassword } from '../../../server/src/testing/clinic.ts';
import {
  type BrowserSession,
  expectAccessible,
  startBrowserSession,
  type TestServer,
} from '../testing/browser-session.ts';

// Screenshots land here for a person to look at; the test does not compare pixels.
const screenshotDir = '/tmp';

describe('the web app in a real browser', () => {
  let session: BrowserSession;
  let server: TestServer;
  let clinic: Awaited<ReturnType<typeof createTestClinic>>;
  let admin: Awaited<ReturnType<typeof createTestStaff>>;
  let agent: Awaited<ReturnType<typeof createTestStaff>>;

  beforeAll(async () => {
    session = await startBrowserSession();
    server = session.server;
    const database = server.database;
    clinic = await createTestClinic(database.orm, 'Willow Creek Health');
    admin = await createTestStaff(database.orm, clinic.id, 'admin');
    agent = await createTestStaff(database.orm, clinic.id, 'agent');
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

  async function signIn(page: Page, email: string, password = testPassword) {
    await page.getByLabel('Work email').fill(email);
    await page.getByLabel(/^Password/).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  }

  it('shows the staff sign-in page in English, labelled and accessible', async () => {
    const page = await open('/desk');
    await page.getByRole('heading', { name: 'Staff sign-in', level: 1 }).waitFor();
    await page.getByLabel('Work email').waitFor();
    await page.getByLabel(/^Password/).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    expect(await page.title()).toBe('Staff sign-in · PatientDesk');
    await expectAccessible(page);
    await screenshot(page, 'desk-sign-in-en');
  });

  it('shows the staff sign-in page in Spanish to a Spanish-speaking browser', async () => {
    const page = await open('/desk', { locale: 'es-ES' });
    await page.getByRole('heading', { name: 'Acceso del personal', level: 1 }).waitFor();
    await page.getByLabel('Correo de trabajo').waitFor();
    await page.getByLabel(/^Contraseña/).waitFor();
    await page.getByRole('button', { name: 'Iniciar sesión' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
    await expectAccessible(page);
    await screenshot(page, 'desk-sign-in-es');
  });

  it('switches language from the header and remembers it', async () => {
    const page = await open('/portal');
    await page.getByLabel('Language').selectOption('es');
    await page.getByRole('heading', { name: 'Portal del paciente' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es');
    await page.reload();
    await page.getByRole('heading', { name: 'Portal del paciente' }).waitFor();
    await page.getByText('Si es una emergencia, llame al 911.').waitFor();
    await screenshot(page, 'portal-es');
  });

  it('shows the patient sign-in with the emergency notice, and the server’s refusal of a wrong code', async () => {
    const page = await open(`/portal?clinic=${clinic.slug}`, {
      expectedFailures: ['/api/auth/portal/verify-code'],
    });
    await page.getByRole('heading', { name: 'Patient portal', level: 1 }).waitFor();
    await page.getByText('If this is an emergency, call 911.').waitFor();
    await page.getByText(clinic.name).waitFor();
    await page.getByText('We will send a 6-digit code to it. The code works for 10 minutes.').waitFor();
    // The clinic is known from the link, so the form does not ask for it.
    await expect(page.getByLabel('Clinic short name').count()).resolves.toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'portal-en');

    await page.getByRole('button', { name: 'Send my code' }).click();
    await expect(page.getByText('Enter the email address or mobile phone number').isVisible()).resolves.toBe(
      true,
    );
    // The answer is the same for a contact that is not on file, so the form reveals nobody.
    await page.getByLabel('Email address or mobile phone').fill('maria@example.test');
    await page.getByRole('button', { name: 'Send my code' }).click();
    await page.getByRole('heading', { name: 'Enter your code' }).waitFor();
    await page
      .getByText('If maria@example.test is on file with the clinic, we sent a 6-digit code to it.')
      .waitFor();
    await page.getByRole('group', { name: '6-digit code' }).waitFor();
    await page.getByLabel('Digit 1 of 6').pressSequentially('123456');
    await expectAccessible(page);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain(
      'This code has expired or was already used. Ask for a new code.',
    );
  });

  it('shows a 404 page for an address that does not exist', async () => {
    const page = await open('/no/such/page');
    await page.getByRole('heading', { name: 'Page not found', level: 1 }).waitFor();
    await page.getByRole('link', { name: 'Go to the start' }).click();
    await page.getByRole('heading', { name: 'Welcome to PatientDesk', level: 1 }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'landing-en');
  });

  it("shows the server's message for a wrong password, then the desk with live availability", async () => {
    const page = await open('/desk', { expectedFailures: ['/api/auth/login'] });
    await signIn(page, admin.email, 'not my password');
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('That email and password do not match an active account');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('email');

    await signIn(page, admin.email);
    await page.getByRole('heading', { name: `Hello, ${admin.displayName}`, level: 1 }).waitFor();
    await page.getByText(`Administrator at ${clinic.name}`).waitFor();
    await page.getByText('Connected').waitFor();
    await page.locator('label', { hasText: /^Away$/ }).click();
    await page.getByText('You are now away').waitFor();
    const headerAvailability = page.getByRole('banner').getByLabel('Your availability');
    expect(await headerAvailability.inputValue()).toBe('away');
    await headerAvailability.selectOption('busy');
    await page.getByText('You are now busy').waitFor();
    await expectAccessible(page);
    await screenshot(page, 'desk-home-en');

    await page.getByRole('link', { name: 'Admin' }).click();
    await page.getByRole('heading', { name: clinic.name, level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Staff sign-in', level: 1 }).waitFor();
  });

  it('tells a staff member without the admin role that the admin area needs it', async () => {
    const page = await open('/admin', { locale: 'es-ES' });
    await page.getByLabel('Correo de trabajo').fill(agent.email);
    await page.getByLabel(/^Contraseña/).fill(testPassword);
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.getByText('Necesita el rol de administrador').waitFor();
    await expect(page.getByRole('link', { name: 'Administración' }).count()).resolves.toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'admin-agent-es');
  });

  it('returns to sign-in when the session ends behind the page’s back', async () => {
    // The desk's live connections may also be refused when they reconnect after the sign-out
    // (the desk then asks who is signed in and returns to sign-in; the browser logs the refusal).
    const page = await open('/desk', {
      expectedFailures: ['/api/staff/me/availability', '/api/conversations', '/api/live'],
    });
    await signIn(page, agent.email);
    await page.getByRole('heading', { name: `Hello, ${agent.displayName}` }).waitFor();
    // As if signed out in another tab: the cookie is gone, this page does not know yet.
    await page.evaluate(() => {
      const csrf = /pd_csrf=([^;]+)/.exec(document.cookie)?.[1] ?? '';
      return fetch('/api/auth/sign-out', { method: 'POST', headers: { 'x-csrf-token': csrf } });
    });
    // The page learns it at its next call: the desk's live inbox counts may ask first, or else
    // changing the availability does.
    const ended = page.getByText('Your session has ended. Sign in again.');
    await Promise.race([
      ended.waitFor(),
      page
        .locator('label', { hasText: /^Busy$/ })
        .click({ timeout: 10_000 })
        .catch(() => undefined),
    ]);
    await ended.waitFor();
    await page.getByRole('heading', { name: 'Staff sign-in', level: 1 }).waitFor();
  });
});

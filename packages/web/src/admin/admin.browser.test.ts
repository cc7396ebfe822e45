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

describe('the administration area in a real browser', () => {
  let session: BrowserSession;
  let server: TestServer;
  let clinic: Awaited<ReturnType<typeof createTestClinic>>;
  let admin: Awaited<ReturnType<typeof createTestStaff>>;
  let compliance: Awaited<ReturnType<typeof createTestStaff>>;
  let supervisor: Awaited<ReturnType<typeof createTestStaff>>;

  beforeAll(async () => {
    session = await startBrowserSession();
    server = session.server;
    const database = server.database;
    clinic = await createTestClinic(database.orm, 'Willow Creek Health');
    admin = await createTestStaff(database.orm, clinic.id, 'admin');
    compliance = await createTestStaff(database.orm, clinic.id, 'compliance');
    supervisor = await createTestStaff(database.orm, clinic.id, 'supervisor');
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

  /** Signs in on the staff sign-in page that any /admin address shows while signed out. */
  async function signIn(page: Page, email: string, spanish = false) {
    await page.getByLabel(spanish ? 'Correo de trabajo' : 'Work email').fill(email);
    await page.getByLabel(spanish ? /^Contraseña/ : /^Password/).fill(testPassword);
    await page.getByRole('button', { name: spanish ? 'Iniciar sesión' : 'Sign in' }).click();
  }

  const sections = (page: Page, name = 'Administration sections') => page.getByRole('navigation', { name });

  async function sectionNames(page: Page): Promise<string[]> {
    await sections(page).getByRole('link', { name: 'Overview' }).waitFor();
    return sections(page).getByRole('link').allTextContents();
  }

  it('lets an administrator invite a colleague, with the server’s checks per field, and read the invitation in the outbox', async () => {
    const page = await open('/admin/users', {
      expectedFailures: ['/api/admin/staff/invitations', `/api/admin/staff/${admin.id}`],
    });
    await signIn(page, admin.email);
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();
    expect(await sectionNames(page)).toEqual([
      'Overview',
      'Users',
      'Sessions',
      'API tokens',
      'Audit log',
      'Outbox',
      'Settings',
    ]);
    const ownRow = page.getByRole('row', { name: new RegExp(admin.email) });
    await ownRow.getByText('Active').waitFor();
    await expectAccessible(page);

    // An administrator cannot demote themselves: the server says so, and the role stays.
    const ownRole = page.getByLabel(`Role of ${admin.displayName}`);
    await ownRole.selectOption('agent');
    await page.getByRole('alert').getByText('You cannot remove your own administrator role').waitFor();
    expect(await ownRole.inputValue()).toBe('admin');

    const inviteButton = page.getByRole('button', { name: 'Invite a colleague' });
    await inviteButton.click();
    const dialog = page.getByRole('dialog', { name: 'Invite a colleague' });
    await dialog.getByLabel(/^Work email/).fill('not an address');
    await dialog.getByLabel(/^Name/).fill('Dana Reyes');
    await dialog.getByLabel(/^Role/).selectOption('scheduler');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await dialog.getByText('Enter an email address such as name@clinic.org.').waitFor();
    expect(await dialog.getByLabel(/^Work email/).getAttribute('aria-invalid')).toBe('true');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('type'))).toBe('email');
    await expectAccessible(page);
    await screenshot(page, 'admin-invite-error');

    await dialog.getByLabel(/^Work email/).fill('dana.reyes@willowcreek.test');
    await dialog.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByRole('status').getByText('Invitation sent to dana.reyes@willowcreek.test').waitFor();
    await dialog.waitFor({ state: 'detached' });
    // Focus goes back to where the person was before the dialog.
    await expect.poll(() => inviteButton.evaluate((button) => button === document.activeElement)).toBe(true);
    const invitedRow = page.getByRole('row', { name: /dana\.reyes@willowcreek\.test/ });
    await invitedRow.getByText('Invited').waitFor();
    expect(await page.getByLabel('Role of Dana Reyes').inputValue()).toBe('scheduler');
    await screenshot(page, 'admin-users');

    // Disabling asks first; afterwards focus is back on the row's menu, and enabling undoes it.
    const supervisorActions = page.getByRole('button', { name: `Actions for ${supervisor.displayName}` });
    await supervisorActions.click();
    await page.getByRole('menuitem', { name: 'Disable account' }).click();
    const confirmDisable = page.getByRole('dialog', { name: `Disable ${supervisor.displayName}’s account?` });
    await confirmDisable.getByText('They are signed out everywhere at once').waitFor();
    // Checked once the menu has gone and the dialog has faded in (half-transparent text fails contrast).
    await page.getByRole('menu').waitFor({ state: 'detached' });
    await expect.poll(() => confirmDisable.evaluate((dialog) => getComputedStyle(dialog).opacity)).toBe('1');
    await expectAccessible(page);
    await confirmDisable.getByRole('button', { name: 'Disable account' }).click();
    await page.getByRole('status').getByText(`${supervisor.displayName}’s account is disabled`).waitFor();
    const supervisorRow = page.getByRole('row', { name: new RegExp(supervisor.email) });
    await supervisorRow.getByText('Disabled').waitFor();
    await expect
      .poll(() => supervisorActions.evaluate((button) => button === document.activeElement))
      .toBe(true);
    await supervisorActions.click();
    await page.getByRole('menuitem', { name: 'Enable account' }).click();
    await page
      .getByRole('dialog', { name: `Enable ${supervisor.displayName}’s account?` })
      .getByRole('button', { name: 'Enable account' })
      .click();
    await page.getByRole('status').getByText(`${supervisor.displayName} can sign in again.`).waitFor();
    await supervisorRow.getByText('Active').waitFor();

    await sections(page).getByRole('link', { name: 'Outbox' }).click();
    await page.getByRole('heading', { name: 'Outbox', level: 1 }).waitFor();
    await page.getByText('email and SMS are kept here instead of being sent').waitFor();
    const invitation = page.getByRole('article', {
      name: `You are invited to ${clinic.name} on PatientDesk`,
    });
    await invitation.getByText('To dana.reyes@willowcreek.test').waitFor();
    await invitation.getByText('Staff invitation').waitFor();
    const link = invitation.getByRole('link', { name: /\/invitation#token=/ });
    expect(await link.getAttribute('href')).toMatch(/^http.+\/invitation#token=\S+$/);
    await expectAccessible(page);
    await screenshot(page, 'admin-outbox');
  });

  it('shows an administrator a new API token once, with its curl example, and revokes it', async () => {
    const page = await open('/admin/tokens');
    await signIn(page, admin.email);
    await page.getByRole('heading', { name: 'API tokens', level: 1 }).waitFor();
    await page.getByText('No API tokens yet.').waitFor();
    await page.getByRole('button', { name: 'Create a token' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create an API token' });
    await dialog.getByLabel(/^Acts as/).click();
    await page.getByRole('option', { name: new RegExp(compliance.email) }).click();
    await dialog.getByLabel(/^Name/).fill('nightly export');
    await dialog.getByLabel('Never expires').check();
    await dialog.getByRole('button', { name: 'Create a token' }).click();

    const shown = page.getByRole('dialog', { name: 'Your new API token' });
    await shown.getByText('Copy it now: it is shown only this once').waitFor();
    const example = await shown.getByText(/^curl -H "Authorization: Bearer /).textContent();
    expect(example).toMatch(
      new RegExp(`^curl -H "Authorization: Bearer \\S+" "${server.address}/api/patients\\?q=`),
    );
    await shown.getByRole('button', { name: 'Copy token' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'admin-token-created');
    await shown.getByRole('button', { name: 'I have copied it' }).click();

    const row = page.getByRole('row', { name: /nightly export/ });
    await row.getByText('Never').waitFor();
    await row.getByText('Active').waitFor();
    await row.getByRole('button', { name: 'Revoke the token “nightly export”' }).click();
    await page
      .getByRole('dialog', { name: 'Revoke “nightly export”?' })
      .getByRole('button', { name: 'Revoke' })
      .click();
    await page.getByRole('status').getByText('The token “nightly export” is revoked.').waitFor();
    await row.getByText('Revoked').waitFor();
  });

  it('shows the server’s check of the proxy ages next to the field', async () => {
    const page = await open('/admin/settings', { expectedFailures: ['/api/admin/settings'] });
    await signIn(page, admin.email);
    await page.getByRole('heading', { name: 'Settings', level: 1 }).waitFor();
    const adolescentAge = page.getByLabel(/^Adolescent age/);
    await adolescentAge.fill('30');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('The adolescent age must be between 0 and 21').waitFor();
    expect(await adolescentAge.getAttribute('aria-invalid')).toBe('true');
    await expect.poll(() => adolescentAge.evaluate((input) => input === document.activeElement)).toBe(true);
    await adolescentAge.fill('13');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').getByText('Settings saved.').waitFor();
    await expectAccessible(page);
  });

  it('lets compliance search the audit log for the sign-ins just made, filter it, export it and verify the chain', async () => {
    const page = await open('/admin/audit', { expectedFailures: ['/api/audit'] });
    await signIn(page, compliance.email);
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    expect(await sectionNames(page)).toEqual(['Overview', 'Users', 'Audit log', 'Emergency access review']);

    const table = page.getByRole('table', { name: 'Audit events, newest first' });
    const ownSignIn = table.getByRole('row').filter({ hasText: compliance.displayName }).filter({
      hasText: 'auth.sign-in',
    });
    await ownSignIn.first().waitFor();
    await ownSignIn.first().getByText('Compliance officer').waitFor();
    await table
      .getByRole('row')
      .filter({ hasText: admin.displayName })
      .filter({ hasText: 'auth.sign-in' })
      .first()
      .waitFor();
    await expectAccessible(page);
    await screenshot(page, 'admin-audit');

    // A filter the server cannot read is explained next to its field.
    await page.getByLabel(/^User id/).fill('someone');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByText('must be a user id (a UUID)').waitFor();
    await page.getByLabel(/^User id/).fill('');

    await page.getByLabel(/^Action/).fill('auth.sign-in');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForURL(/\/admin\/audit\?action=auth.sign-in$/);
    await table.getByRole('row').nth(1).waitFor();
    const actions = await table.locator('tbody code').allTextContents();
    expect(actions.length).toBeGreaterThanOrEqual(2);
    expect(new Set(actions)).toEqual(new Set(['auth.sign-in']));

    const exportLink = page.getByRole('link', { name: 'Export CSV' });
    const href = await exportLink.getAttribute('href');
    expect(href).toBe('/api/audit/export.csv?action=auth.sign-in');
    expect(await exportLink.getAttribute('download')).not.toBeNull();
    const csv = await page.request.get(`${server.address}${href}`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect(await csv.text()).toContain('auth.sign-in');

    await page.getByRole('button', { name: 'Verify chain' }).click();
    await page.getByText('The audit chain is intact').waitFor();
    await page
      .getByText(/^\d+ events checked: none was changed, removed or added outside PatientDesk\.$/)
      .waitFor();
    await screenshot(page, 'admin-audit-verified');

    await sections(page).getByRole('link', { name: 'Emergency access review' }).click();
    await page.getByRole('heading', { name: 'Emergency access review', level: 1 }).waitFor();
    await page.getByText('Nothing is waiting for review.').waitFor();
    await expectAccessible(page);
  });

  it('offers a supervisor the staff list only, read-only, and not the administrators’ sections (in Spanish)', async () => {
    const page = await open('/admin', { locale: 'es-ES' });
    await signIn(page, supervisor.email, true);
    await page.getByRole('heading', { name: 'Administración', level: 1 }).waitFor();
    const nav = sections(page, 'Secciones de administración');
    await nav.getByRole('link', { name: 'Resumen' }).waitFor();
    expect(await nav.getByRole('link').allTextContents()).toEqual(['Resumen', 'Usuarios']);
    await expectAccessible(page);

    await nav.getByRole('link', { name: 'Usuarios' }).click();
    await page.getByRole('table', { name: 'Cuentas del personal' }).getByText(admin.email).waitFor();
    await page
      .getByRole('row', { name: new RegExp(admin.email) })
      .getByText('Administrador')
      .waitFor();
    await expect(page.getByRole('button', { name: 'Invitar a un compañero' }).count()).resolves.toBe(0);
    await expect(page.getByRole('button', { name: /^Acciones para/ }).count()).resolves.toBe(0);
    await expectAccessible(page);
    await screenshot(page, 'admin-supervisor-users-es');

    // Typed into the address bar: the section explains it is not for this role.
    await page.goto(`${server.address}/admin/outbox`);
    await page.getByRole('heading', { name: 'No disponible para su rol', level: 1 }).waitFor();
    await page.getByText('Con el rol de Supervisor no puede usar esta sección.').waitFor();
  });
});

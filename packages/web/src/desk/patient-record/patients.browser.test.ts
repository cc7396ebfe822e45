import { and, eq } from 'drizzle-orm';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { csrfTokenFor } from '../../../../server/src/domains/identity/csrf.ts';
import { startSession } from '../../../../server/src/domains/identity/sessions.ts';
import {
  patientConsents,
  patientCoverages,
  patients,
  proxies,
  proxyAuthorizations,
} from '../../../../server/src/domains/patients/schema.ts';
import { createTestClinic, createTestStaff } from '../../../../server/src/testing/clinic.ts';
import { testCipher } from '../../../../server/src/testing/test-cipher.ts';
import {
  type BrowserSession,
  expectAccessible,
  signInAsStaff,
  startBrowserSession,
} from '../../testing/browser-session.ts';

describe('patient records in a real browser', () => {
  let session: BrowserSession;
  let clinicId: string;
  let agentEmail: string;
  let complianceEmail: string;
  let adult: { id: string };
  let child: { id: string };
  let parentId: string;

  beforeAll(async () => {
    session = await startBrowserSession();
    const orm = session.server.database.orm;
    const clinic = await createTestClinic(orm, 'Maple Street Clinic');
    clinicId = clinic.id;
    agentEmail = (await createTestStaff(orm, clinic.id, 'agent')).email;
    complianceEmail = (await createTestStaff(orm, clinic.id, 'compliance')).email;
    const rows = await orm
      .insert(patients)
      .values([
        {
          organizationId: clinic.id,
          mrn: 'MS-1001',
          givenName: 'Jonathan',
          familyName: 'Smith',
          birthDate: '1979-04-12',
          phone: '+15550100111',
          email: 'jonathan.smith@example.com',
        },
        {
          organizationId: clinic.id,
          mrn: 'MS-1002',
          givenName: 'Lily',
          familyName: 'Smith',
          birthDate: '2019-09-01',
        },
      ])
      .returning({ id: patients.id, mrn: patients.mrn });
    adult = rows.find((row) => row.mrn === 'MS-1001')!;
    child = rows.find((row) => row.mrn === 'MS-1002')!;
    await orm.insert(patientCoverages).values({
      organizationId: clinic.id,
      patientId: adult.id,
      payerName: 'UnitedHealthcare',
      planName: 'Choice Plus',
      memberNumberEncrypted: testCipher().encrypt('patient_coverages.member_number', 'UHC987654321'),
    });
    await orm.insert(patientConsents).values([
      {
        organizationId: clinic.id,
        patientId: adult.id,
        channel: 'sms',
        status: 'granted',
        source: 'registration',
      },
    ]);
    const [parent] = await orm
      .insert(proxies)
      .values({
        organizationId: clinic.id,
        givenName: 'Paula',
        familyName: 'Smith',
        email: 'paula.smith@example.com',
      })
      .returning({ id: proxies.id });
    parentId = parent!.id;
    await orm.insert(proxyAuthorizations).values({
      organizationId: clinic.id,
      proxyId: parentId,
      patientId: child.id,
      relationship: 'parent',
      scopes: ['scheduling'],
    });
  });

  afterAll(() => session?.close());
  afterEach(async () => {
    await session.closePage();
    expect(session.problems()).toEqual([]);
  });

  /** The cookies of a portal session opened with a one-time code for this contact. */
  async function portalCookies(subject: { type: 'patient' | 'proxy'; id: string }, contact: string) {
    const started = await startSession(
      session.server.database.orm,
      { idleMinutes: 15, maxHours: 12 },
      {
        organizationId: clinicId,
        subjectType: subject.type,
        subjectId: subject.id,
        authenticatedBy: 'one-time-code',
        portalContact: contact,
      },
    );
    return [
      { name: 'pd_session', value: started.token },
      { name: 'pd_csrf', value: csrfTokenFor(started.token) },
    ];
  }

  it('finds a patient by a misspelt name, hides insurance from an agent, and opens it when the agent breaks the glass', async () => {
    const page = await session.open('/desk/patients');
    await signInAsStaff(page, agentEmail);
    await page.getByLabel('Find a patient').fill('jonathon smyth');
    await page.getByRole('link', { name: 'Jonathan Smith' }).click();
    await page.getByRole('heading', { name: 'Jonathan Smith', level: 1 }).waitFor();
    await page.getByText('+15550100111').waitFor();
    const insurance = page.locator('section', { has: page.getByRole('heading', { name: 'Insurance' }) });
    await insurance.getByText('Not shown for your role.').waitFor();
    expect(await page.getByText('UHC987654321').count()).toBe(0);
    await expectAccessible(page);

    await insurance.getByRole('button', { name: 'Break the glass' }).click();
    await page
      .getByLabel('Why do you need this now?')
      .fill('Patient on the phone, disputing a claim denial urgently');
    await page.getByRole('button', { name: 'Open the record' }).click();
    await page.getByText('UHC987654321').waitFor();
    await page.getByText('Emergency access (recorded)').waitFor();
  });

  it('shows compliance the reads just made, with the reason the glass was broken', async () => {
    const page = await session.open('/admin/audit');
    await signInAsStaff(page, complianceEmail);
    await page.getByRole('heading', { name: 'Audit log', level: 1 }).waitFor();
    await page.getByText('Patient on the phone, disputing a claim denial urgently').first().waitFor();
    expect(await page.getByText('patient.read').count()).toBeGreaterThan(0);
    expect(await page.getByText('patient.search').count()).toBeGreaterThan(0);
  });

  it("explains to a parent with scheduling access only that the child's profile is not part of it", async () => {
    const cookies = await portalCookies({ type: 'proxy', id: parentId }, 'email:paula.smith@example.com');
    const page = await session.open('/portal/profile', {
      cookies,
      expectedFailures: [`/api/portal/patients/${child.id}/profile`],
    });
    await page.getByText('Not part of your access').waitFor();
    await page.getByText(/Your access for Lily Smith covers: appointments/).waitFor();
    expect(await page.getByText('2019-09-01').count()).toBe(0);
    await expectAccessible(page);
  });

  it('lets a patient opt out of text messages, recorded as a consent change from the portal', async () => {
    const cookies = await portalCookies(
      { type: 'patient', id: adult.id },
      'email:jonathan.smith@example.com',
    );
    const page = await session.open('/portal/preferences', { cookies });
    const sms = page.getByLabel('Text message');
    await sms.waitFor();
    expect(await sms.isChecked()).toBe(true);
    await sms.uncheck();
    await page.getByRole('button', { name: 'Save preferences' }).click();
    await page.getByText('Saved. The clinic uses these from now on.').waitFor();
    await expectAccessible(page);
    const [latest] = await session.server.database.orm
      .select({ status: patientConsents.status, source: patientConsents.source })
      .from(patientConsents)
      .where(and(eq(patientConsents.patientId, adult.id), eq(patientConsents.channel, 'sms')))
      .orderBy(patientConsents.recordedAt)
      .then((rows) => rows.reverse());
    expect(latest).toEqual({ status: 'revoked', source: 'portal' });
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createTestClinic, createTestStaff, testPassword } from '../../../../server/src/testing/clinic.ts';
import {
  type BrowserSession,
  expectAccessible,
  signInAsStaff,
  startBrowserSession,
} from '../../testing/browser-session.ts';

/**
 * A supervisor sets up the assistant and the safety numbers: the changes are kept, and what the
 * server refuses (a threshold below 0.3, an on-call phone without its country code) is said next
 * to the field, with nothing saved.
 */
describe('assistant and safety settings', () => {
  let session: BrowserSession;
  let supervisorEmail: string;

  beforeAll(async () => {
    session = await startBrowserSession();
    const { orm } = session.server.database;
    const clinic = await createTestClinic(orm, 'Riverside Family Health');
    supervisorEmail = (await createTestStaff(orm, clinic.id, 'supervisor')).email;
  });
  afterAll(() => session?.close());
  afterEach(async () => {
    await session.closePage();
    expect(session.problems()).toEqual([]);
  });

  it('saves the assistant’s settings, and refuses a threshold below 0.3 by the field', async () => {
    const page = await session.open('/desk', { expectedFailures: ['/api/assistant/settings'] });
    await signInAsStaff(page, supervisorEmail);
    await page.getByRole('link', { name: 'Assistant and safety settings' }).click();
    await page.getByRole('heading', { name: 'Assistant and safety settings', level: 1 }).waitFor();
    const assistant = page.getByRole('region', { name: 'The assistant' });
    const threshold = assistant.getByLabel('How sure it must be (0.3 to 1)');
    await expect.poll(() => threshold.inputValue()).toBe('0.6');
    expect(await assistant.getByLabel('The assistant answers routine questions').isChecked()).toBe(true);
    await assistant.getByText('Balanced: it answers when an article clearly matches').waitFor();

    await threshold.fill('0.2');
    await assistant.getByRole('button', { name: 'Save assistant settings' }).click();
    await assistant.getByText('must be at least 0.3').waitFor();
    expect(await threshold.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page);

    await threshold.fill('0.85');
    await assistant.getByText('High: it answers only near-certain matches').waitFor();
    await assistant.getByLabel('Text messages (SMS)').uncheck();
    await assistant.getByRole('button', { name: 'Save assistant settings' }).click();
    await page.getByRole('status').getByText('The assistant settings are saved.').waitFor();
    expect(await assistant.getByText('must be at least 0.3').count()).toBe(0);

    await page.reload();
    const reloaded = page.getByRole('region', { name: 'The assistant' });
    await expect.poll(() => reloaded.getByLabel('How sure it must be (0.3 to 1)').inputValue()).toBe('0.85');
    expect(await reloaded.getByLabel('Text messages (SMS)').isChecked()).toBe(false);
    expect(await reloaded.getByLabel('Chat on the clinic website').isChecked()).toBe(true);
  });

  it('saves the safety numbers, and refuses an on-call phone without its country code', async () => {
    const page = await session.open('/desk/inbox/settings', {
      expectedFailures: ['/api/triage/safety-settings'],
    });
    await signInAsStaff(page, supervisorEmail);
    const safety = page.getByRole('region', { name: 'Safety numbers' });
    await expect.poll(() => safety.getByLabel(/^Emergency number/).inputValue()).toBe('911');
    const onCall = safety.getByLabel('On-call phone');

    await onCall.fill('(508) 555-0111');
    await safety.getByRole('button', { name: 'Save safety numbers' }).click();
    await safety.getByText('must be a phone number in international form, like +15085550111').waitFor();
    expect(await onCall.getAttribute('aria-invalid')).toBe('true');
    // The patient-facing numbers were not touched by the refused save.
    expect(await page.getByRole('status').getByText('The safety numbers are saved.').count()).toBe(0);
    await expectAccessible(page);

    await onCall.fill('+15085550111');
    await safety.getByLabel(/^Crisis line/).fill('988');
    await safety.getByRole('button', { name: 'Save safety numbers' }).click();
    await page.getByRole('status').getByText('The safety numbers are saved.').waitFor();
    await page.reload();
    await expect
      .poll(() =>
        page.getByRole('region', { name: 'Safety numbers' }).getByLabel('On-call phone').inputValue(),
      )
      .toBe('+15085550111');
  });

  it('reads in Spanish', async () => {
    const page = await session.open('/desk/inbox/settings', { locale: 'es-US' });
    await page.getByLabel('Correo de trabajo').fill(supervisorEmail);
    await page.getByLabel(/^Contraseña/).fill(testPassword);
    await page.getByRole('button', { name: 'Iniciar sesión' }).click();
    await page.getByRole('heading', { name: 'Ajustes del asistente y de seguridad', level: 1 }).waitFor();
    await page
      .getByRole('region', { name: 'Números de seguridad' })
      .getByLabel('Teléfono de guardia')
      .waitFor();
    await page.getByLabel('Qué tan seguro debe estar (de 0.3 a 1)').waitFor();
    await expectAccessible(page);
  });
});

import { readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { inTenant } from '../../../../server/src/db/tenant-scope.ts';
import { receiveSms } from '../../../../server/src/domains/channels/sms/inbound-sms.ts';
import { publishConversationChange } from '../../../../server/src/domains/conversations/live-events.ts';
import { createMessageSearch } from '../../../../server/src/domains/conversations/message-search.ts';
import { samples } from '../../../../server/src/domains/conversations/test-attachment-files.ts';
import { createTestClinic, createTestStaff } from '../../../../server/src/testing/clinic.ts';
import {
  type BrowserSession,
  expectAccessible,
  signInAsStaff,
  startBrowserSession,
} from '../../testing/browser-session.ts';

/** A small PDF, whole: header, one object, trailer and end marker. */
const referralForm = Buffer.from(
  '%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n',
);

/**
 * Files in the agent's inbox, in a real browser: the queue previews the latest message; an agent
 * attaches a PDF with the button, drops a text file and pastes an image onto the composer, takes
 * two off again, sees a program refused in the server's words and the files refused on plain
 * SMS, then sends the PDF with a note, which shows it as a link that downloads the same bytes;
 * after the agent's answer the queue previews that answer.
 */
describe('attachments in the agent inbox in a real browser', () => {
  let session: BrowserSession;
  let clinicId: string;
  let agentEmail: string;

  beforeAll(async () => {
    session = await startBrowserSession();
    const orm = session.server.database.orm;
    const clinic = await createTestClinic(orm, 'Larkspur Family Medicine');
    clinicId = clinic.id;
    agentEmail = (await createTestStaff(orm, clinic.id, 'agent')).email;
  });
  afterAll(() => session?.close());
  afterEach(async () => {
    await session.closePage();
    expect(session.problems()).toEqual([]);
  });

  /** A text from `from`, stored and announced the way the Twilio webhook does it. */
  async function textArrives(from: string, body: string) {
    const { server } = session;
    const result = await inTenant(server.database, clinicId, (orm) =>
      receiveSms(
        orm,
        { cipher: server.cipher, search: createMessageSearch(server.cipher) },
        clinicId,
        { from, to: '+16175550100', body, mediaCount: 0, providerMessageId: `SM${'7'.repeat(32)}` },
        'US',
      ),
    );
    await publishConversationChange(server.events, result.conversation, 'created');
    return result.conversation;
  }

  it('previews the latest message, uploads, refuses and sends files, and downloads them intact', async () => {
    await textArrives('+16175550163', 'Could you send me the referral form for the physio?');
    // The refused program (415) and the files refused on plain SMS (400) fail on purpose.
    const page = await session.open('/desk/inbox?view=unassigned', {
      expectedFailures: ['/api/conversations'],
    });
    await signInAsStaff(page, agentEmail);
    const queued = page.getByRole('link', { name: /\+16175550163/ });
    await queued.getByText('Could you send me the referral form for the physio?').waitFor();
    await queued.getByText('1 message', { exact: true }).waitFor();
    await queued.click();
    await page.getByRole('heading', { name: '+16175550163', level: 2 }).waitFor();

    // The button opens the system's file picker.
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Attach files' }).click();
    await (await chooser).setFiles({
      name: 'referral-form.pdf',
      mimeType: 'application/pdf',
      buffer: referralForm,
    });
    const waiting = page.getByRole('list', { name: 'Files to send' });
    await waiting.getByText(`${referralForm.length} bytes`).waitFor();
    await waiting.getByRole('button', { name: 'Remove referral-form.pdf' }).waitFor();

    // A file dropped on the composer and an image pasted into it upload the same way.
    const reply = page.getByLabel('Reply to the contact (SMS)');
    const dropped = await page.evaluateHandle(() => {
      const transfer = new DataTransfer();
      transfer.items.add(new File(['Exercises: twice a day\n'], 'exercises.txt', { type: 'text/plain' }));
      return transfer;
    });
    await reply.dispatchEvent('dragover', { dataTransfer: dropped });
    await page.getByText('Drop the files here to attach them.').waitFor();
    await reply.dispatchEvent('drop', { dataTransfer: dropped });
    await waiting.getByRole('button', { name: 'Remove exercises.txt' }).waitFor();
    await page.getByText('Drop the files here to attach them.').waitFor({ state: 'detached' });
    await reply.evaluate(
      (textarea, png) => {
        const clipboard = new DataTransfer();
        clipboard.items.add(new File([new Uint8Array(png)], 'image.png', { type: 'image/png' }));
        textarea.dispatchEvent(
          new ClipboardEvent('paste', { clipboardData: clipboard, bubbles: true, cancelable: true }),
        );
      },
      [...samples.png],
    );
    await waiting.getByRole('button', { name: 'Remove image.png' }).waitFor();
    expect(await reply.inputValue()).toBe('');
    await waiting.getByRole('button', { name: 'Remove exercises.txt' }).click();
    await waiting.getByRole('button', { name: 'Remove image.png' }).click();
    await waiting.getByText('exercises.txt').waitFor({ state: 'detached' });
    await waiting.getByText('image.png').waitFor({ state: 'detached' });

    // A program is refused, whatever its name says, in the server's own words.
    const refusedChooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Attach files' }).click();
    await (await refusedChooser).setFiles({
      name: 'scan.pdf.exe',
      mimeType: 'application/octet-stream',
      buffer: samples.exe,
    });
    const refused = page.getByRole('alert').filter({ hasText: 'scan.pdf.exe was not attached' });
    await refused
      .getByText(/This file is application\/x-msdownload \(\.exe\), which cannot be attached/)
      .waitFor();
    await expectAccessible(page);
    await refused.getByRole('button', { name: 'Remove scan.pdf.exe' }).click();
    await refused.waitFor({ state: 'detached' });

    // Files cannot go by plain SMS: the server says so, and nothing is sent.
    await reply.fill('Here is the referral form.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    const notOnSms = page.getByRole('alert').filter({ hasText: 'These files cannot go by this channel' });
    await notOnSms.getByText(/Files cannot go by SMS/).waitFor();
    await notOnSms.getByText(/verify the contact’s identity first/).waitFor();
    expect(await page.getByRole('article').count()).toBe(1);

    // The file stays attached in the note tab and goes with the note.
    await page.getByRole('tab', { name: 'Internal note' }).click();
    await waiting.getByText('referral-form.pdf').waitFor();
    await page
      .getByLabel('Internal note, seen by staff only')
      .fill('Referral form for the physio, to send by the portal.');
    await page.getByRole('button', { name: 'Add note' }).click();
    const note = page.getByRole('article', { name: /Internal note by/ });
    const link = note.getByRole('link', { name: 'referral-form.pdf' });
    await link.waitFor();
    await note.getByText(`${referralForm.length} bytes`).waitFor();
    await waiting.waitFor({ state: 'detached' });
    await page.getByRole('status').filter({ hasText: 'Note added.' }).waitFor();

    const download = page.waitForEvent('download');
    await link.click();
    const file = await download;
    expect(file.suggestedFilename()).toBe('referral-form.pdf');
    expect(Buffer.compare(await readFile(await file.path()), referralForm)).toBe(0);

    // The queue previews the latest message: now the agent's answer (which took the
    // conversation out of Unassigned), not the note before it.
    await page.getByRole('tab', { name: 'Reply' }).click();
    await reply.fill('We will post the referral form to you today.');
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page.getByRole('article').filter({ hasText: 'We will post the referral form' }).waitFor();
    await page.getByRole('combobox', { name: 'View' }).selectOption('all');
    const answered = page
      .getByRole('list', { name: 'Conversations: All' })
      .getByRole('link', { name: /\+16175550163/ });
    await answered.getByText('We will post the referral form to you today.').waitFor();
    await answered.getByText('2 messages', { exact: true }).waitFor();
  }, 120_000);
});

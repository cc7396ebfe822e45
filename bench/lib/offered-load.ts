import cliProgress from 'cli-progress';
import type { AgentDesk } from './agent-desk.ts';
import { percentile } from './statistics.ts';
import { signedText, type TextPoster } from './twilio-texts.ts';

/**
 * Texts offered open loop: each sent at its scheduled instant whether or not earlier ones were
 * answered (as Twilio delivers them), so a server that falls behind shows it as waiting instead
 * of quietly slowing the sender; then matched to the moment a desk heard of their conversation.
 */

/** How long to wait for more events after the last answer before calling the rest missed. */
const quietMs = 15_000;

interface SentText {
  messageSid: string;
  sentAt: number;
  answeredAt: number;
  status: number;
}

export interface LoadRun {
  rate: number;
  texts: SentText[];
  /** Seconds into the run when a second's worth of texts waited for an answer, and sending stopped. */
  fellBehindAfter: number | null;
}

export interface LoadSummary {
  fellBehindAfter: number | null;
  achievedPerSecond: number;
  eventP50: number;
  eventP99: number;
  webhookP50: number;
  missed: number;
  failed: number;
}

/** A bar on stderr while texts go out (cli-progress prints nothing when stderr is not a terminal). */
function phaseBar(label: string, total: number) {
  const bar = new cliProgress.SingleBar(
    {
      format: `inbox-ingest: ${label} {bar} {value}/{total} sent | {answered} answered | {events} events`,
      stream: process.stderr,
      barsize: 24,
      clearOnComplete: true,
      hideCursor: true,
    },
    cliProgress.Presets.shades_classic,
  );
  bar.start(total, 0, { answered: 0, events: 0 });
  return bar;
}

/**
 * `rate` texts a second for `seconds`, each sent at its scheduled instant; waits for every
 * answer, then for the desk to hear of every conversation the accepted texts started. A server
 * that cannot keep up would let the waiting grow without end (and the run with it), so sending
 * stops once a second's worth of texts is waiting for an answer: it fell behind.
 */
export async function offerLoad(
  poster: TextPoster,
  desk: AgentDesk,
  nextNumber: () => number,
  rate: number,
  seconds: number,
  label: string,
): Promise<LoadRun> {
  const total = Math.round(rate * seconds);
  // Signed beforehand, so the clock starts right before the request goes out.
  const prepared = Array.from({ length: total }, () => signedText(nextNumber()));
  const texts: SentText[] = [];
  const answers: Promise<void>[] = [];
  let answered = 0;
  let fellBehindAfter: number | null = null;
  const eventsBefore = desk.createdAt.size;
  const bar = phaseBar(label, total);
  const refresh = setInterval(
    () => bar.update(texts.length, { answered, events: desk.createdAt.size - eventsBefore }),
    250,
  );
  const interval = 1000 / rate;
  const started = performance.now();
  await new Promise<void>((resolve) => {
    const sendWhatIsDue = () => {
      const due = Math.min(total, Math.floor((performance.now() - started) / interval) + 1);
      while (texts.length < due) {
        if (texts.length - answered >= rate) {
          fellBehindAfter = (performance.now() - started) / 1000;
          resolve();
          return;
        }
        const text = prepared[texts.length]!;
        const sent: SentText = {
          messageSid: text.messageSid,
          sentAt: performance.now(),
          answeredAt: 0,
          status: 0,
        };
        texts.push(sent);
        answers.push(
          poster.post(text).then((status) => {
            sent.answeredAt = performance.now();
            sent.status = status;
            answered++;
          }),
        );
      }
      if (texts.length >= total) resolve();
      else setTimeout(sendWhatIsDue, Math.max(0, started + texts.length * interval - performance.now()));
    };
    sendWhatIsDue();
  });
  await Promise.all(answers);
  const accepted = texts.filter((text) => text.status === 200).length;
  await desk.waitForCreated(eventsBefore + accepted, quietMs);
  clearInterval(refresh);
  bar.stop();
  return { rate, texts, fellBehindAfter };
}

/** Matches each accepted text to its conversation, and that to when the desk heard of it. */
export function summariseLoad(
  run: LoadRun,
  conversations: Map<string, string>,
  createdAt: Map<string, number>,
): LoadSummary {
  const accepted = run.texts.filter((text) => text.status === 200);
  const eventLatencies: number[] = [];
  let missed = 0;
  for (const text of accepted) {
    const conversationId = conversations.get(text.messageSid);
    const heardAt = conversationId === undefined ? undefined : createdAt.get(conversationId);
    if (heardAt === undefined) missed++;
    else eventLatencies.push(heardAt - text.sentAt);
  }
  const lastAnswer = accepted.reduce((last, text) => Math.max(last, text.answeredAt), 0);
  return {
    fellBehindAfter: run.fellBehindAfter,
    achievedPerSecond: accepted.length ? accepted.length / ((lastAnswer - run.texts[0]!.sentAt) / 1000) : 0,
    eventP50: percentile(eventLatencies, 0.5),
    eventP99: percentile(eventLatencies, 0.99),
    webhookP50: percentile(
      accepted.map((text) => text.answeredAt - text.sentAt),
      0.5,
    ),
    missed,
    failed: run.texts.length - accepted.length,
  };
}

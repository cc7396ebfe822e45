import type { KioskCheckInResult, KioskVisit, KioskWelcome } from '@patientdesk/contracts';
import { type RefObject, useCallback, useEffect, useRef, useState } from 'react';
import { CheckedInStep } from './CheckedInStep.tsx';
import { ChooseVisitStep } from './ChooseVisitStep.tsx';
import { ConfirmDetailsStep } from './ConfirmDetailsStep.tsx';
import { FindVisitStep } from './FindVisitStep.tsx';
import type { KioskApi } from './kiosk-api.ts';
import { useIdle } from './use-idle.ts';

type Step =
  | { name: 'find' }
  | { name: 'choose'; visits: KioskVisit[] }
  | { name: 'confirm'; visit: KioskVisit }
  | { name: 'done'; result: KioskCheckInResult };

/** Back to the start this long after the last touch, in the middle of checking in. */
const idleMidwayMs = 90_000;
/** And this long after "please take a seat". */
export const idleWhenDoneMs = 20_000;

export interface StepProps {
  api: KioskApi;
  welcome: KioskWelcome;
  onKeyRefused(): void;
}

/** What every step gets: the API, the clinic, and the ref its heading (h1) must carry. */
export type KioskStepProps = StepProps & { headingRef: RefObject<HTMLHeadingElement | null> };

/**
 * The kiosk's steps: find the visit (name and birth date, or the reminder's code), choose it,
 * confirm the details on file, done. Each step's heading takes the focus when it appears, so a
 * screen reader says where the patient is; anything left alone goes back to the start.
 */
export function KioskFlow({ api, welcome, onRestart, onKeyRefused }: StepProps & { onRestart(): void }) {
  const [step, setStep] = useState<Step>({ name: 'find' });
  // A new find step each time, with its fields empty.
  const [round, setRound] = useState(0);
  const restart = useCallback(() => {
    setStep({ name: 'find' });
    setRound((value) => value + 1);
    onRestart();
  }, [onRestart]);
  useIdle(step.name === 'done' ? idleWhenDoneMs : idleMidwayMs, restart);

  const heading = useRef<HTMLHeadingElement>(null);
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: the heading is focused on each new step.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    heading.current?.focus();
  }, [step, round]);

  const shared = { api, welcome, onKeyRefused, headingRef: heading };
  switch (step.name) {
    case 'find':
      return (
        <FindVisitStep key={round} {...shared} onFound={(visits) => setStep({ name: 'choose', visits })} />
      );
    case 'choose':
      return (
        <ChooseVisitStep
          {...shared}
          visits={step.visits}
          onChoose={(visit) => setStep({ name: 'confirm', visit })}
          onStartOver={restart}
        />
      );
    case 'confirm':
      return (
        <ConfirmDetailsStep
          {...shared}
          visit={step.visit}
          onCheckedIn={(result) => setStep({ name: 'done', result })}
          onStartOver={restart}
        />
      );
    case 'done':
      return <CheckedInStep {...shared} result={step.result} onDone={restart} />;
  }
}

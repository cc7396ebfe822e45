import { describe, expect, it } from 'vitest';
import { smsKeyword } from './keywords.ts';

describe('SMS keywords', () => {
  it('recognises opt-out, opt-in and help words in English and Spanish, in any case', () => {
    expect(['STOP', ' stop ', 'Unsubscribe', 'STOPALL', 'Alto', 'opt out!'].map(smsKeyword)).toEqual(
      Array(6).fill('stop'),
    );
    expect(['START', 'unstop', 'YES'].map(smsKeyword)).toEqual(Array(3).fill('start'));
    // Opting back in takes the carriers' own words: a Spanish "sí" is an ordinary reply.
    expect(smsKeyword('Sí')).toBeUndefined();
    expect(['HELP', 'info', 'Ayuda?'].map(smsKeyword)).toEqual(Array(3).fill('help'));
  });

  it('leaves a message that merely contains a keyword alone', () => {
    expect(smsKeyword('Please stop calling my mother, call me instead')).toBeUndefined();
    expect(smsKeyword('Yes I can come at 3')).toBeUndefined();
    expect(smsKeyword('I need help with my bill')).toBeUndefined();
  });
});

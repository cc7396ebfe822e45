import { PasswordInput, Stack, Text } from '@mantine/core';
import type { TFunction } from 'i18next';
import type { RefObject } from 'react';
import { useTranslation } from 'react-i18next';

/** The server's rule (packages/contracts newPasswordSchema): length is what makes a password strong. */
export const shortestPassword = 12;

export interface NewPasswordProblems {
  password?: string;
  repeat?: string;
}

/** What is wrong with a new password and its repetition, in words for the person typing them. */
export function checkNewPassword(password: string, repeat: string, t: TFunction): NewPasswordProblems {
  if (password.length < shortestPassword)
    return { password: t('newPassword.tooShort', { needed: shortestPassword }) };
  if (repeat !== password) return { repeat: t('newPassword.mismatch') };
  return {};
}

interface NewPasswordFieldsProps {
  password: string;
  repeat: string;
  onPasswordChange(value: string): void;
  onRepeatChange(value: string): void;
  problems: NewPasswordProblems;
  passwordRef: RefObject<HTMLInputElement | null>;
  repeatRef: RefObject<HTMLInputElement | null>;
}

/** A new password typed twice, with the length rule shown before it is broken. */
export function NewPasswordFields(props: NewPasswordFieldsProps) {
  const { t } = useTranslation();
  const long = props.password.length >= shortestPassword;
  return (
    <Stack gap="sm">
      <PasswordInput
        ref={props.passwordRef}
        label={t('newPassword.password')}
        description={t('newPassword.hint', { needed: shortestPassword })}
        autoComplete="new-password"
        required
        value={props.password}
        onChange={(event) => props.onPasswordChange(event.currentTarget.value)}
        error={props.problems.password}
      />
      {props.password.length > 0 && (
        <Text size="sm" c={long ? undefined : 'dimmed'}>
          {long
            ? t('newPassword.longEnough')
            : t('newPassword.length', { typed: props.password.length, needed: shortestPassword })}
        </Text>
      )}
      <PasswordInput
        ref={props.repeatRef}
        label={t('newPassword.repeat')}
        autoComplete="new-password"
        required
        value={props.repeat}
        onChange={(event) => props.onRepeatChange(event.currentTarget.value)}
        error={props.problems.repeat}
      />
    </Stack>
  );
}

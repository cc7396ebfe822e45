import type { AdminStaffMember } from '@patientdesk/contracts';

export type AccountStatus = 'active' | 'invited' | 'disabled';

/** One word for where an account stands; a disabled account is disabled even if never accepted. */
export function accountStatus(member: Pick<AdminStaffMember, 'invited' | 'disabled'>): AccountStatus {
  if (member.disabled) return 'disabled';
  return member.invited ? 'invited' : 'active';
}

export const accountStatusColor: Record<AccountStatus, string> = {
  active: 'green',
  invited: 'blue',
  disabled: 'gray',
};

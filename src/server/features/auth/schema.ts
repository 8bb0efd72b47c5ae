import { z } from 'zod';

const email = z.string().trim().toLowerCase().max(320).pipe(z.email('Not a valid email address'));
/** Long passphrases welcome; 12 characters at least (ASVS 2.1.1). */
export const newPassword = z.string().min(12, 'Use at least 12 characters').max(256);

export const loginBody = z.object({
  email: email.describe('Account email'),
  password: z.string().min(1).max(256).describe('Password'),
});

export const passwordResetRequestBody = z.object({ email: email.describe('Account email') });
export const passwordResetConfirmBody = z.object({
  token: z.string().min(10).max(200).describe('The one-time token from the email'),
  password: newPassword.describe('The new password'),
});

export const invitationBody = z.object({
  email: email.describe('Who is invited'),
  role: z.enum(['gad_admin', 'gad_editor', 'gad_viewer']).describe('Role in the inviting GAD'),
  locale: z.enum(['es', 'en', 'pt']).default('es').describe('Language of the invitation email'),
});
export const acceptInvitationBody = z.object({
  token: z.string().min(10).max(200).describe('The token from the invitation email'),
  displayName: z.string().trim().min(1).max(200).describe('Name shown to colleagues'),
  password: newPassword,
});

export const apiTokenBody = z.object({
  name: z.string().trim().min(1).max(100).describe('What the token is for'),
  scopes: z.array(z.enum(['read', 'write'])).min(1).max(2).describe('read, or read and write'),
  expiresInDays: z.number().int().min(1).max(366).nullish().describe('Days until it stops working; empty for never'),
});

export const profileBody = z.object({
  displayName: z.string().trim().min(1).max(200).optional(),
  locale: z.enum(['es', 'en', 'pt']).optional(),
  position: z.string().max(200).nullish(),
  phone: z.string().max(50).nullish(),
  showAsContact: z.boolean().optional(),
});

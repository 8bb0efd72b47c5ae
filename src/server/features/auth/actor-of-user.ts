import type { Actor, GadLevel, Role } from '../../context.ts';

/** Which GAD levels each association speaks for. */
const ASSOCIATION_LEVELS: Record<string, GadLevel[]> = {
  AME: ['municipal', 'metropolitan'],
  CONGOPE: ['provincial', 'special_regime'],
  CONAGOPARE: ['rural_parish'],
};

export interface UserRow {
  id: string;
  email: string;
  display_name: string;
  role: Role;
  gad_id: string | null;
  organisation: string | null;
  locale: string;
}

export function actorOfUser(user: UserRow): Actor {
  return {
    kind: 'user',
    userId: user.id,
    label: user.email,
    role: user.role,
    gadId: user.gad_id,
    memberLevels: user.role === 'association_analyst' ? (ASSOCIATION_LEVELS[user.organisation ?? ''] ?? []) : [],
  };
}

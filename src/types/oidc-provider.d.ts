// oidc-provider (used only by the SSO test as a real identity provider) ships no type declarations.
declare module 'oidc-provider' {
  import type { Server } from 'node:http';
  interface Account { accountId: string; claims(): Promise<Record<string, unknown>> }
  export default class Provider {
    constructor(issuer: string, configuration: {
      clients: Record<string, unknown>[];
      cookies?: { keys: string[] };
      claims?: Record<string, string[]>;
      findAccount(ctx: unknown, id: string): Promise<Account | undefined>;
    });
    listen(port: number): Server;
  }
}

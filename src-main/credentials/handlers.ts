// The credentials: channels, as plain functions over the service. Responses are DTOs
// built by the service: configured / kind / mode / tests, never a secret.
import type { PrefixHandlers } from '../ipc/context';
import type { CredentialService } from '../secrets/credentialService';

export interface CredentialHandlerOptions {
  /**
   * Resolves once the store adapters are rebuilt from the keychain (services.ts). A change
   * answers only after that, so the next call (a sync, a refund) already uses the new key:
   * callers need no sleep or poll.
   */
  adaptersReloaded?: () => Promise<void>;
}

export function createCredentialHandlers(service: CredentialService, options: CredentialHandlerOptions = {}): PrefixHandlers<'credentials'> {
  const reloaded = options.adaptersReloaded ?? (() => Promise.resolve());
  return {
    'credentials:status': () => service.status(),
    'credentials:set': async (req, ctx) => {
      const status = await service.set(req.store, req, ctx.agent);
      await reloaded();
      return status;
    },
    'credentials:test': (req, ctx) => service.test(req.store, ctx.agent),
    'credentials:remove': async (req, ctx) => {
      const status = await service.remove(req.store, ctx.agent);
      await reloaded();
      return status;
    },
    'credentials:keychain': (req) => service.keychain({ recheck: req.recheck === true }),
  };
}

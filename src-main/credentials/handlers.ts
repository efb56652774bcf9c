// The credentials channels, as plain functions over the service. Responses are DTOs
// built by the service: configured / kind / mode / tests, never a secret.
import type { Handlers } from '../ipc/contract';
import type { HandlerContext } from '../ipc/context';
import type { CredentialService } from '../secrets/credentialService';

export type CredentialChannel =
  | 'credentials:status'
  | 'credentials:set'
  | 'credentials:test'
  | 'credentials:remove'
  | 'credentials:keychain';

export function createCredentialHandlers(service: CredentialService): Pick<Handlers<HandlerContext>, CredentialChannel> {
  return {
    'credentials:status': () => service.status(),
    'credentials:set': (req, ctx) => service.set(req.store, req, ctx.agent),
    'credentials:test': (req, ctx) => service.test(req.store, ctx.agent),
    'credentials:remove': (req, ctx) => service.remove(req.store, ctx.agent),
    'credentials:keychain': (req) => service.keychain({ recheck: req.recheck === true }),
  };
}

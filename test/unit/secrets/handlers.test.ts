// The credentials channels as the IPC wrapper calls them: payload parsed with the
// contract's schema, then the handler. No response may carry a secret.
import { afterEach, describe, expect, it } from 'vitest';
import { channels, type ChannelName } from '../../../src-main/ipc/contract';
import type { HandlerContext } from '../../../src-main/ipc/context';
import { createMemorySecretStoreForTests } from '../../../src-main/secrets/memoryStore';
import { createCredentialHandlers } from '../../../src-main/credentials/handlers';
import { appleInput, googleInput, stripeKey } from './fixtures';
import { agent, auditRows, harness, type Harness } from './service';

let h: Harness | undefined;
afterEach(() => h?.t.close());

const ctx: HandlerContext = { agent, emit: () => {} };

async function call(handlers: ReturnType<typeof createCredentialHandlers>, name: ChannelName & keyof typeof handlers, payload: unknown) {
  const parsed = channels[name].request.parse(payload);
  return (handlers[name] as (r: unknown, c: HandlerContext) => Promise<unknown>)(parsed, ctx);
}

describe('credentials handlers', () => {
  it('set, status, test, remove, keychain: only status DTOs and Stripe’s hint come back', async () => {
    h = harness(createMemorySecretStoreForTests());
    const handlers = createCredentialHandlers(h.service);
    const key = stripeKey('sk_live_');
    const apple = appleInput();
    const google = googleInput();
    const responses = [
      await call(handlers, 'credentials:set', { store: 'stripe', secretKey: key }),
      await call(handlers, 'credentials:set', apple),
      await call(handlers, 'credentials:set', google),
      await call(handlers, 'credentials:test', { store: 'stripe' }),
      await call(handlers, 'credentials:status', {}),
      await call(handlers, 'credentials:keychain', { recheck: true }),
      await call(handlers, 'credentials:remove', { store: 'apple' }),
    ];
    expect(responses[0]).toMatchObject({ store: 'stripe', configured: true, kind: 'secret_key', mode: 'live', keyHint: `sk_live_…${key.slice(-4)}` });
    expect(responses[5]).toEqual({ ok: true, reason: null, checkedAt: h.clock.now });
    expect(responses[6]).toMatchObject({ store: 'apple', configured: false });
    const text = JSON.stringify(responses);
    expect(text).not.toContain(key.slice(8, -4));
    expect(text).not.toContain(apple.privateKey.split('\n')[1]);
    expect(text).not.toContain(String(JSON.parse(google.serviceAccountJson).private_key_id));
    expect(auditRows(h.t).map((r) => r.action)).toEqual([
      'credential.set',
      'credential.set',
      'credential.set',
      'credential.test',
      'credential.remove',
    ]);
  });

  it('the contract refuses a payload that is not one of the four shapes', () => {
    expect(() => channels['credentials:set'].request.parse({ store: 'stripe', secretKey: 'x', packageName: 'y' })).toThrow();
    expect(() => channels['credentials:test'].request.parse({ store: 'paypal' })).toThrow();
  });
});

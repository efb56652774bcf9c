// Helpers for e2e files that refund through a local Stripe: main's handlers called as the
// renderer would (through the same handler map), and a Stripe sync run to its end. Not a test file.
import type { AppSession } from './browser';

export async function call<C extends keyof AppSession['services']['handlers']>(app: AppSession, channel: C, request: Parameters<AppSession['services']['handlers'][C]>[0]) {
  const handler = app.services.handlers[channel] as (r: unknown, c: unknown) => unknown;
  return handler(request, app.services.context);
}

export async function syncStripe(app: AppSession) {
  const deadline = Date.now() + 30_000;
  // Adapters are rebuilt when credentials change (onCredentialsChanged): wait for the account.
  for (;;) {
    try {
      await call(app, 'sync:now', { account: 'stripe' });
      break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  for (;;) {
    const status = (await call(app, 'sync:status', {})) as { store: string; state: string; lastSuccessAt: number | null; lastError: string | null }[];
    const s = status.find((x) => x.store === 'stripe');
    if (s && s.state === 'idle' && s.lastSuccessAt) return;
    if (s?.state === 'error') throw new Error(`Stripe sync failed: ${s.lastError}`);
    if (Date.now() > deadline) throw new Error(`Stripe sync did not finish: ${JSON.stringify(s)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

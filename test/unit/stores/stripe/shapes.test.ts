// Stripe's wire objects are checked (shapes.ts) before they are mapped: a field Stripe adds
// passes through, a documented field of the wrong type stops the run as 'malformed'
// before anything is written, and the error names the object and the field.
import { describe, expect, it } from 'vitest';
import type { IngestBatch } from '../../../../src-main/stores/types';
import { StoreError } from '../../../../src-main/stores/errors';
import { seededHarnessPerTest, type Harness } from './harness';
import type { seedAccount } from '../../../servers/stripe';

let h: Harness;
let seed: ReturnType<typeof seedAccount>;
seededHarnessPerTest((w) => ({ h, seed } = w));

const ctx = () => ({ signal: new AbortController().signal, progress: () => {}, notice: () => {} });

async function collect(run: AsyncIterable<IngestBatch>): Promise<IngestBatch[]> {
  const out: IngestBatch[] = [];
  for await (const b of run) out.push(b);
  return out;
}

describe('Stripe wire shapes', () => {
  it('a field Stripe adds later (loose objects) does not break the backfill, and is kept on the object', async () => {
    const charge = h.server.account.charges.get(seed.payment.charge.id as string)!;
    charge.risk_insights = { score: 12, signals: ['new'] };
    const batches = await collect(h.adapter.sync(null, ctx()));
    const paid = batches.flatMap((b) => b.events).find((e) => e.dedupeKey === `stripe:charge:${charge.id}:paid`);
    expect(paid).toMatchObject({ amountMinor: charge.amount, purchaseKey: seed.payment.paymentIntent.id });
  });

  it('a charge whose amount is not an integer stops the run as malformed, naming the field', async () => {
    const charge = h.server.account.charges.get(seed.payment.charge.id as string)!;
    charge.amount = '9.99';
    const err = await collect(h.adapter.sync(null, ctx())).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreError);
    expect(err).toMatchObject({ kind: 'malformed', message: expect.stringMatching(/charges list.*data\.\d+\.amount/) });
  });

  it('an event whose object lacks a documented field is refused the same way', async () => {
    await collect(h.adapter.sync(null, ctx()));
    const ev = h.server.account.events.items[h.server.account.events.items.length - 1]!;
    const object = (ev.data as { object: Record<string, unknown> }).object;
    delete object.created;
    h.server.account.events.items.push({ ...ev, id: 'evt_shapes_probe', created: ev.created + 1 });
    const err = await collect(h.adapter.sync(JSON.stringify({ v: 1, phase: 'events', evt: ev.id, created: ev.created }), ctx())).catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'malformed', message: expect.stringMatching(/in event evt_.*created/) });
  });
});

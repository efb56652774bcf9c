// The leak test's script: one entry per IPC channel (the type makes a missing channel a
// compile error, and the test compares the keys with CHANNEL_NAMES at run time), run in
// the order written. Each entry makes the calls a real session makes on that channel,
// with realistic payloads, including the ones that fail validation with a secret inside.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { ChannelName, CustomerDto, Store } from '../../../src-main/ipc/contract';
import { STORES } from '../../../src-main/ipc/contract';
import { rcBody } from '../../support/rcEvents';
import { DAY, purchaseOf, settle, waitForSync, type Session } from './session';
import { STRIPE_EMAIL } from './world';

export { settle, waitForSync, type Session } from './session';

export const steps: { [C in ChannelName]: (s: Session) => Promise<void> } = {
  'app:info': async (s) => {
    expect((await s.rec.ok('app:info', {})).name).toBe('Refund Desk');
  },
  'app:online': async (s) => {
    expect((await s.rec.ok('app:online', {})).online).toBe(true);
  },
  'app:openExternal': async (s) => {
    await s.rec.ok('app:openExternal', { url: 'https://docs.stripe.com/keys' });
    await s.rec.call('app:openExternal', { url: 'file:///etc/passwd' });
  },
  'workspace:get': async (s) => {
    await s.rec.ok('workspace:get', {});
  },
  'workspace:update': async (s) => {
    expect((await s.rec.ok('workspace:update', { agentName: 'Lee Leakcheck' })).agentName).toBe('Lee Leakcheck');
  },
  'workspace:list': async (s) => {
    const list = await s.rec.ok('workspace:list', {});
    expect(list.current).toBe(s.services.workspace.entry.id);
  },
  'credentials:keychain': async (s) => {
    const k = await s.rec.ok('credentials:keychain', { recheck: true });
    expect(k.ok, k.reason ?? '').toBe(true);
  },
  'credentials:set': async (s) => {
    const { markers: m, inputs } = s.world;
    // Wrong credentials that carry the markers: the validation messages must not quote them.
    const rejected: [unknown, string][] = [
      [{ store: 'stripe', secretKey: `sk_test_${m.stripe}-cut` }, 'invalid_input'],
      [{ store: 'stripe', secretKey: `pk_test_${m.stripe}abcdefghijklmnop` }, 'invalid_input'],
      [{ store: 'stripe', secretKey: `sk_test_${m.stripe} abcdefghijklmnop` }, 'invalid_input'],
      [{ store: 'stripe', secretKey: `sk_test_${m.stripe}${'a'.repeat(600)}` }, 'invalid_input'],
      [{ store: 'google', serviceAccountJson: `{"type":"service_account","private_key_id":"${m.google}",`, packageName: 'com.example.leaks' }, 'invalid_input'],
      [{ store: 'google', serviceAccountJson: inputs.google.serviceAccountJson.replace('"service_account"', '"authorized_user"'), packageName: 'com.example.leaks' }, 'invalid_input'],
      [{ store: 'google', serviceAccountJson: inputs.google.serviceAccountJson.replace(/MII/, `MII${m.google}`), packageName: 'com.example.leaks' }, 'invalid_input'],
      [{ store: 'google', serviceAccountJson: inputs.google.serviceAccountJson, packageName: `bad package ${m.google}` }, 'invalid_input'],
      [{ ...inputs.apple, privateKey: inputs.apple.privateKey.replace('BEGIN PRIVATE KEY', 'BEGIN EC PRIVATE KEY').replace('END PRIVATE KEY', 'END EC PRIVATE KEY') }, 'invalid_input'],
      [{ ...inputs.apple, privateKey: inputs.apple.privateKey.replace(/\n-----END/, `${m.apple}\n-----END`) }, 'invalid_input'],
      [{ ...inputs.apple, keyId: 'short' }, 'invalid_input'],
      [{ store: 'amazon', sharedSecret: `2:${m.amazon}: with a space`, environment: 'production' }, 'invalid_input'],
      [{ store: 'amazon', sharedSecret: `2:${m.amazon}:\u00e9`, environment: 'production' }, 'invalid_input'],
      [{ store: 'amazon', sharedSecret: inputs.amazon.sharedSecret, environment: 'staging' }, 'invalid_input'],
      [{ store: 'stripe', secretKey: inputs.stripe.secretKey, extra: m.stripe }, 'invalid_input'],
    ];
    for (const [payload, code] of rejected) await s.rec.fails('credentials:set', payload, code);
    for (const store of STORES) {
      const st = await s.rec.ok('credentials:set', inputs[store]);
      expect(st).toMatchObject({ store, configured: true });
    }
    // The one part of a secret allowed out: Stripe's prefix and last 4.
    const stripe = (await s.rec.ok('credentials:status', {})).stores.find((x) => x.store === 'stripe')!;
    expect(stripe.keyHint).toBe(`sk_test_…${inputs.stripe.secretKey.slice(-4)}`);
  },
  'credentials:status': async (s) => {
    const st = await s.rec.ok('credentials:status', {});
    expect(st.stores.filter((x) => x.configured).map((x) => x.store).sort()).toEqual([...STORES].sort());
  },
  'credentials:test': async (s) => {
    for (const store of STORES) {
      const r = await s.rec.ok('credentials:test', { store });
      expect(r.ok, `${store}: ${r.message} missing=${r.missing.join(',')}`).toBe(true);
    }
  },
  'sync:status': async (s) => {
    await settle(s);
  },
  'sync:now': async (s) => {
    const since = Date.now();
    await s.rec.ok('sync:now', {});
    const done = await waitForSync(s, [...STORES], since);
    for (const st of done) expect(st.state, `${st.account}: ${st.lastError}`).toBe('idle');
    // A second run of one account starts from its cursor.
    const again = Date.now();
    await s.rec.ok('sync:now', { account: 'stripe' });
    await waitForSync(s, ['stripe'], again);
    await s.rec.fails('sync:now', { account: 'nowhere' }, 'not_found');
  },
  'customers:search': async (s) => {
    const { world } = s;
    const queries: [Store, string][] = [
      ['stripe', STRIPE_EMAIL],
      ['google', world.googleRefund.orderIds[1]!],
      ['apple', world.appleRequestTransactionId],
      ['amazon', 'amzn-user-1'],
    ];
    for (const [store, query] of queries) {
      const { hits } = await s.rec.ok('customers:search', { query });
      const hit = hits.find((h) => h.customer.stores.includes(store));
      expect(hit, `${store}: no hit for ${query}`).toBeTruthy();
      s.customers[store] = { header: hit!.customer } as CustomerDto;
    }
    await s.rec.ok('customers:search', { query: 'alice', limit: 5 });
  },
  'customers:get': async (s) => {
    for (const store of STORES) s.customers[store] = await s.rec.ok('customers:get', { customerId: s.customers[store]!.header.id });
  },
  'customers:timeline': async (s) => {
    for (const store of STORES) {
      const page = await s.rec.ok('customers:timeline', { customerId: s.customers[store]!.header.id, limit: 1000 });
      expect(page.rows.length, `${store} timeline`).toBeGreaterThan(0);
      s.eventIds.push(...page.rows.map((r) => r.id));
      await s.rec.ok('customers:timeline', { customerId: s.customers[store]!.header.id, order: 'oldest', stores: [store], limit: 2 });
    }
  },
  'customers:event': async (s) => {
    // Every event's stored store payload: the raw responses the adapters kept.
    for (const eventId of s.eventIds) await s.rec.ok('customers:event', { eventId });
  },
  'customers:recent': async (s) => {
    await s.rec.ok('customers:recent', {});
  },
  'customers:list': async (s) => {
    await s.rec.ok('customers:list', {});
    for (const store of STORES) await s.rec.ok('customers:list', { store, limit: 200 });
    await s.rec.ok('customers:list', { hasRefund: true });
  },
  'customers:addNote': async (s) => {
    await s.rec.ok('customers:addNote', { customerId: s.customers.stripe!.header.id, text: 'Asked for a refund by email; key rotation discussed.' });
  },
  'customers:merge': async (s) => {
    const { hits } = await s.rec.ok('customers:search', { query: 'amzn-user-2' });
    const other = hits.find((h) => h.customer.id !== s.customers.amazon!.header.id)!;
    expect(other).toBeTruthy();
    await s.rec.ok('customers:merge', { fromCustomerId: other.customer.id, intoCustomerId: s.customers.amazon!.header.id });
    s.customers.amazon = await s.rec.ok('customers:get', { customerId: s.customers.amazon!.header.id });
    s.mergedFrom = other.customer.id;
  },
  'customers:unmerge': async (s) => {
    const from = s.mergedFrom!;
    await s.rec.ok('customers:unmerge', { customerId: from });
  },
  'refunds:preview': async (s) => {
    const stripe = purchaseOf(s, 'stripe');
    await s.rec.ok('refunds:preview', { purchaseId: stripe.id });
    await s.rec.ok('refunds:preview', { purchaseId: stripe.id, mode: 'refund', refundKind: 'partial', amountMinor: 500 });
    const google = purchaseOf(s, 'google', s.world.googleRefund.token);
    await s.rec.ok('refunds:preview', { purchaseId: google.id, mode: 'refund_and_revoke', refundKind: 'full' });
    await s.rec.fails('refunds:preview', { purchaseId: purchaseOf(s, 'apple').id }, 'not_allowed_by_store');
    await s.rec.fails('refunds:preview', { purchaseId: purchaseOf(s, 'amazon').id }, 'not_allowed_by_store');
  },
  'refunds:create': async (s) => {
    const stripe = await s.rec.ok('refunds:create', { purchaseId: purchaseOf(s, 'stripe').id, mode: 'refund', refundKind: 'partial', amountMinor: 500, reason: 'requested_by_customer', note: 'charged twice' });
    expect(stripe.status, stripe.message ?? '').toBe('succeeded');
    const google = await s.rec.ok('refunds:create', { purchaseId: purchaseOf(s, 'google', s.world.googleRefund.token).id, mode: 'refund_and_revoke', refundKind: 'full', reason: 'requested_by_customer' });
    expect(google.status, google.message ?? '').toBe('succeeded');
    expect(s.world.google.refundsPerformed).toBe(1);
    s.intents.push(stripe, google);
    await s.rec.fails('refunds:create', { purchaseId: purchaseOf(s, 'apple').id, mode: 'refund', refundKind: 'full', reason: 'requested_by_customer' }, 'not_allowed_by_store');
  },
  'refunds:status': async (s) => {
    for (const i of s.intents) await s.rec.ok('refunds:status', { intentId: i.id });
    await s.rec.fails('refunds:status', { intentId: 'no-such-intent' });
  },
  'refunds:list': async (s) => {
    expect((await s.rec.ok('refunds:list', {})).intents.length).toBeGreaterThanOrEqual(2);
  },
  'refunds:reconcile': async (s) => {
    await s.rec.ok('refunds:reconcile', {});
    for (const i of s.intents) await s.rec.ok('refunds:reconcile', { intentId: i.id });
  },
  'requests:list': async (s) => {
    const list = await s.rec.ok('requests:list', { includeClosed: true });
    const open = list.find((r) => r.transactionId === s.world.appleRequestTransactionId && r.status === 'open');
    expect(open, JSON.stringify(list)).toBeTruthy();
    s.requestId = open!.id;
  },
  'requests:answer': async (s) => {
    const requestId = s.requestId!;
    await s.rec.ok('requests:answer', { requestId, answer: { customerConsented: true, deliveryStatus: 'DELIVERED', sampleContentProvided: false, consumedPercent: 40, refundPreference: 'DECLINE' } });
    expect(s.world.apple.consumption.map((c) => c.transactionId)).toContain(s.world.appleRequestTransactionId);
  },
  'audit:list': async (s) => {
    expect((await s.rec.ok('audit:list', {})).entries.length).toBeGreaterThan(0);
    await s.rec.ok('audit:list', { action: 'credential.set', limit: 100 });
  },
  'audit:exportCsv': async (s) => {
    const r = await s.rec.ok('audit:exportCsv', {});
    expect('file' in r && r.file.startsWith(s.exportDir)).toBe(true);
  },
  'insights:get': async (s) => {
    const now = Date.now();
    await s.rec.ok('insights:get', { from: now - 400 * DAY, to: now + DAY, includeSandbox: true });
    await s.rec.ok('insights:get', { from: now - 400 * DAY, to: now + DAY, store: 'google', bucket: 'day' });
  },
  'insights:exportCsv': async (s) => {
    const now = Date.now();
    for (const kind of ['refunds', 'revenue', 'reasons', 'disputes'] as const) {
      const r = await s.rec.ok('insights:exportCsv', { kind, query: { from: now - 400 * DAY, to: now + DAY, includeSandbox: true } });
      expect('file' in r && r.file.startsWith(s.exportDir)).toBe(true);
    }
  },
  'lookup:fetch': async (s) => {
    // Fetch known customers again through each store's refresh, and an unknown order (the
    // store's "not found" words must not echo a credential either).
    const ids = s.customers.stripe!.header.ids;
    const stripeCustomer = ids.find((i) => i.kind === 'stripe_customer')!.value;
    expect((await s.rec.ok('lookup:fetch', { query: stripeCustomer })).store).toBe('stripe');
    const order = s.customers.google!.header.ids.find((i) => i.kind === 'google_order_id');
    if (order) await s.rec.call('lookup:fetch', { query: order.value });
    await s.rec.call('lookup:fetch', { query: 'GPA.0000-0000-0000-00000' });
    await s.rec.call('lookup:fetch', { query: '100000000000001' });
  },
  'transfer:chooseImportFile': async (s) => {
    // Main's open dialog chooses the file (the test's chooseOpenFile answers with this path).
    const file = join(s.root, 'import.jsonl');
    writeFileSync(file, [0, 1, 2, 3, 4, 5, 6, 7].map((i) => JSON.stringify(rcBody(i))).join('\n') + '\n{"broken": \n');
    const chosen = await s.rec.ok('transfer:chooseImportFile', {});
    expect(chosen.file?.name).toBe('import.jsonl');
    (s as Session & { importToken?: string }).importToken = chosen.file!.token;
  },
  'transfer:importValidate': async (s) => {
    const v = await s.rec.ok('transfer:importValidate', { token: (s as Session & { importToken?: string }).importToken! });
    expect(v.valid).toBe(8);
    await s.rec.call('transfer:importValidate', { token: 'A'.repeat(43) });
  },
  'transfer:importCommit': async (s) => {
    const r = await s.rec.ok('transfer:importCommit', { token: (s as Session & { importToken?: string }).importToken! });
    expect(r.inserted).toBeGreaterThan(0);
  },
  'transfer:importDiscard': async (s) => {
    await s.rec.ok('transfer:importDiscard', { token: 'B'.repeat(43) });
  },
  'transfer:exportWorkspace': async (s) => {
    expect((await s.rec.ok('transfer:exportWorkspace', {})).saved?.lines).toBeGreaterThan(0);
  },
  'transfer:exportCustomer': async (s) => {
    for (const store of STORES) await s.rec.ok('transfer:exportCustomer', { customerId: s.customers[store]!.header.id });
  },
  'updates:status': async (s) => {
    expect((await s.rec.ok('updates:status', {})).state).toBe('disabled');
  },
  'updates:restart': async (s) => {
    expect(await s.rec.ok('updates:restart', {})).toEqual({ restarting: false });
  },
  'credentials:remove': async (s) => {
    // Remove, then set again: the replace path and the audit of both.
    const removed = await s.rec.ok('credentials:remove', { store: 'amazon' });
    expect(removed.configured).toBe(false);
    await s.rec.fails('credentials:test', { store: 'amazon' }, 'not_configured');
    await s.rec.ok('credentials:set', s.world.inputs.amazon);
    await s.rec.ok('credentials:set', s.world.inputs.stripe);
    await settle(s);
  },
  // Last: a new workspace is selected for the next start only; this run keeps its database
  // (no restart is wired here), and the switch back leaves the list as it was.
  'workspace:create': async (s) => {
    await s.rec.fails('workspace:create', { name: '  ' }, 'invalid_input');
    const created = await s.rec.ok('workspace:create', { name: 'Leak test production' });
    expect(created).toMatchObject({ restartRequired: true, workspace: { demo: false } });
    expect((await s.rec.ok('workspace:list', {})).selected).toBe(created.workspace.id);
  },
  'workspace:switch': async (s) => {
    await s.rec.fails('workspace:switch', { id: 'no-such-workspace' }, 'not_found');
    const back = await s.rec.ok('workspace:switch', { id: s.services.workspace.entry.id });
    expect(back.restartRequired).toBe(false);
    expect((await s.rec.ok('workspace:list', {})).selected).toBe(s.services.workspace.entry.id);
  },
};

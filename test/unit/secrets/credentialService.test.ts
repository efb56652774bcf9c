import { readFileSync, existsSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { rejects } from '../../support/deskError';
import { createMemorySecretStoreForTests } from '../../../src-main/secrets/memoryStore';
import { amazonInput, appleInput, googleInput, markedInputs, stripeInput, stripeKey } from './fixtures';
import { agent, auditRows, harness, type Harness } from './service';
import { readStatusRows } from '../../../src-main/secrets/statusRepo';

let h: Harness | undefined;
afterEach(() => h?.t.close());

describe('credential service: set, replace, remove, status', () => {
  it('stores each kind in the keychain under workspace/store and records only non-secret status', async () => {
    const secrets = createMemorySecretStoreForTests();
    h = harness(secrets, { workspaceId: 'ws-1' });
    const key = stripeKey('sk_test_');
    await h.service.set('stripe', stripeInput(key), agent);
    await h.service.set('google', googleInput(), agent);
    await h.service.set('apple', appleInput({ environment: 'production' }), agent);
    await h.service.set('amazon', { ...amazonInput(), environment: 'sandbox' }, agent);

    expect([...secrets.entries.keys()].sort()).toEqual(['ws-1/amazon', 'ws-1/apple', 'ws-1/google', 'ws-1/stripe']);
    expect(await h.service.get('stripe')).toEqual({ store: 'stripe', secretKey: key });

    const { stores } = await h.service.status();
    expect(stores.map((s) => [s.store, s.configured, s.kind, s.mode, s.keyHint])).toEqual([
      ['apple', true, 'in_app_purchase_key', 'production', null],
      ['google', true, 'service_account', null, null],
      ['stripe', true, 'secret_key', 'test', `sk_test_…${key.slice(-4)}`],
      ['amazon', true, 'shared_secret', 'sandbox', null],
    ]);
    expect(h.events).toHaveLength(4);
    expect(auditRows(h.t).map((r) => [r.action, r.target, r.result, r.os_user, r.agent_name])).toEqual(
      ['stripe', 'google', 'apple', 'amazon'].map((s) => ['credential.set', s, 'ok', 'agent-os', 'Agent Smith']),
    );
  });

  it('replace swaps the entry, drops the old test result and audits replaced: true', async () => {
    h = harness(createMemorySecretStoreForTests());
    await h.service.set('stripe', stripeInput(stripeKey('sk_test_')), agent);
    await h.service.test('stripe', agent);
    expect((await h.service.status()).stores.find((s) => s.store === 'stripe')?.lastTestOk).toBe(true);

    const live = stripeKey('rk_live_');
    const st = await h.service.replace('stripe', stripeInput(live), agent);
    expect(st).toMatchObject({ configured: true, kind: 'restricted_key', mode: 'live', lastTestedAt: null, lastTestOk: null, keyHint: `rk_live_…${live.slice(-4)}` });
    expect(await h.service.get('stripe')).toEqual({ store: 'stripe', secretKey: live });
    expect(JSON.parse(auditRows(h.t).at(-1)!.detail!)).toEqual({ kind: 'restricted_key', mode: 'live', replaced: true });
  });

  it('a refused credential stores nothing and keeps the old one', async () => {
    const secrets = createMemorySecretStoreForTests();
    h = harness(secrets);
    const good = stripeKey();
    await h.service.set('stripe', stripeInput(good), agent);
    const pk = stripeKey('pk_live_');
    const err = await rejects(h.service.set('stripe', stripeInput(pk), agent));
    expect(err.code).toBe('invalid_input');
    expect(err.message).not.toContain(pk.slice(8));
    expect(await h.service.get('stripe')).toEqual({ store: 'stripe', secretKey: good });
    expect(auditRows(h.t)).toHaveLength(1);
  });

  it('refuses input for another store', async () => {
    h = harness(createMemorySecretStoreForTests());
    const err = await rejects(h.service.set('apple', stripeInput() as never, agent));
    expect(err).toMatchObject({ code: 'invalid_input', message: 'This credential is for Stripe, not Apple App Store.' });
  });

  it('remove deletes the entry and the status, and audits it', async () => {
    const secrets = createMemorySecretStoreForTests();
    h = harness(secrets);
    await h.service.set('amazon', amazonInput(), agent);
    const st = await h.service.remove('amazon', agent);
    expect(st).toMatchObject({ store: 'amazon', configured: false, kind: null, mode: null });
    expect(secrets.entries.size).toBe(0);
    expect(await h.service.get('amazon')).toBeNull();
    await h.service.remove('amazon', agent);
    expect(auditRows(h.t).map((r) => [r.action, r.result])).toEqual([
      ['credential.set', 'ok'],
      ['credential.remove', 'ok'],
      ['credential.remove', 'absent'],
    ]);
    expect(h.events.at(-1)?.stores.find((s) => s.store === 'amazon')?.configured).toBe(false);
  });

  it('an unreadable keychain entry is an honest error, not a crash', async () => {
    const secrets = createMemorySecretStoreForTests();
    h = harness(secrets);
    await secrets.set('ws-test/google', '{"v":1,"credential":{"store":"stripe"}}');
    expect(await rejects(h.service.get('google'))).toMatchObject({ code: 'internal', message: 'The stored Google Play credential is unreadable; set it again in Settings.' });
  });
});

describe('credential service: no keychain', () => {
  const reason = 'The OS keychain could not store a test entry: Cannot autolaunch D-Bus without X11 $DISPLAY.';

  it('refuses set with keychain_unavailable and stores nothing anywhere', async () => {
    const secrets = createMemorySecretStoreForTests({ probe: { ok: false, reason } });
    h = harness(secrets);
    const err = await rejects(h.service.set('stripe', stripeInput(), agent));
    expect(err.code).toBe('keychain_unavailable');
    expect(err.message).toBe(
      `The OS keychain is not available, so credentials cannot be stored or used. ${reason} Cached timelines stay readable.`,
    );
    expect(secrets.entries.size).toBe(0);
    expect(readStatusRows(h.t.db).size).toBe(0);
    expect(auditRows(h.t)).toEqual([]);
    expect(h.events).toEqual([]);
  });

  it('still reports status, and the keychain channel says why', async () => {
    h = harness(createMemorySecretStoreForTests({ probe: { ok: false, reason } }));
    expect(await h.service.keychain()).toEqual({ ok: false, reason, checkedAt: h.clock.now });
    const { stores } = await h.service.status();
    expect(stores.every((s) => !s.configured)).toBe(true);
    expect((await rejects(h.service.test('stripe', agent))).code).toBe('keychain_unavailable');
    expect((await rejects(h.service.remove('stripe', agent))).code).toBe('keychain_unavailable');
    expect((await rejects(h.service.get('stripe'))).code).toBe('keychain_unavailable');
  });

  it('a keychain that breaks after a good probe still gives keychain_unavailable', async () => {
    const secrets = createMemorySecretStoreForTests();
    secrets.set = async () => {
      throw new Error('Cannot create an item in a locked collection');
    };
    h = harness(secrets);
    const err = await rejects(h.service.set('amazon', amazonInput(), agent));
    expect(err.code).toBe('keychain_unavailable');
    expect(err.message).toContain('Cannot create an item in a locked collection');
    expect(auditRows(h.t)).toEqual([]);
  });
});

describe('credential service: test connection', () => {
  it('ok: stores and returns what the key can do', async () => {
    h = harness(createMemorySecretStoreForTests());
    const key = stripeKey('rk_live_');
    await h.service.set('stripe', stripeInput(key), agent);
    h.clock.now += 60_000;
    h.setReport(async () => ({ ok: true, mode: 'live', can: ['read balance', 'create refunds'], missing: [], message: 'Connected to Stripe.', testedAt: h!.clock.now }));
    const r = await h.service.test('stripe', agent);
    expect(r).toEqual({ store: 'stripe', ok: true, mode: 'live', can: ['read balance', 'create refunds'], missing: [], message: 'Connected to Stripe.', testedAt: h.clock.now });
    expect(h.seen).toEqual([{ store: 'stripe', secretKey: key }]);
    const st = (await h.service.status()).stores.find((s) => s.store === 'stripe')!;
    expect(st).toMatchObject({ lastTestOk: true, lastTestedAt: h.clock.now, can: ['read balance', 'create refunds'], missing: [] });
    expect(auditRows(h.t).at(-1)).toMatchObject({ action: 'credential.test', target: 'stripe', result: 'ok' });
  });

  it('401: the store\'s words, with any secret scrubbed', async () => {
    h = harness(createMemorySecretStoreForTests());
    const key = stripeKey('sk_test_');
    await h.service.set('stripe', stripeInput(key), agent);
    h.setReport(async () => ({ ok: false, can: [], missing: [], message: `Invalid API Key provided: ${key}`, testedAt: h!.clock.now }));
    const r = await h.service.test('stripe', agent);
    expect(r).toMatchObject({ ok: false, message: 'Invalid API Key provided: [redacted]' });
    expect((await h.service.status()).stores.find((s) => s.store === 'stripe')).toMatchObject({ lastTestOk: false, message: 'Invalid API Key provided: [redacted]' });
    expect(auditRows(h.t).at(-1)).toMatchObject({ action: 'credential.test', result: 'failed' });
  });

  it('permission missing: reports what works and what lacks', async () => {
    h = harness(createMemorySecretStoreForTests());
    await h.service.set('google', googleInput(), agent);
    h.setReport(async () => ({
      ok: false,
      can: ['authenticate'],
      missing: ['the service account lacks View financial data'],
      message: 'The current user has insufficient permissions to perform the requested operation.',
      testedAt: h!.clock.now,
    }));
    const r = await h.service.test('google', agent);
    expect(r).toMatchObject({ ok: false, can: ['authenticate'], missing: ['the service account lacks View financial data'] });
    const st = (await h.service.status()).stores.find((s) => s.store === 'google')!;
    expect(st).toMatchObject({ lastTestOk: false, missing: ['the service account lacks View financial data'], mode: null });
  });

  it('timeout: a test that never answers is reported, not awaited forever', async () => {
    h = harness(createMemorySecretStoreForTests(), { testTimeoutMs: 150 });
    await h.service.set('apple', appleInput(), agent);
    h.setReport(() => new Promise(() => {}));
    const r = await h.service.test('apple', agent);
    expect(r).toMatchObject({ store: 'apple', ok: false, message: 'Apple App Store did not answer within 0 s.'.replace('0 s', `${Math.round(150 / 1000)} s`), mode: 'sandbox' });
  });

  it('an adapter that throws: its message, never the stack', async () => {
    h = harness(createMemorySecretStoreForTests());
    await h.service.set('amazon', amazonInput('2:abcdefghijkl:sharedsecretpart'), agent);
    h.setReport(async () => {
      throw new Error('connect ECONNREFUSED 127.0.0.1:9\n    at TCPConnectWrap.afterConnect [as oncomplete] (node:net:1607:16)');
    });
    const r = await h.service.test('amazon', agent);
    expect(r.message).toBe('connect ECONNREFUSED 127.0.0.1:9');
    expect(r.ok).toBe(false);
  });

  it('not configured: not_configured', async () => {
    h = harness(createMemorySecretStoreForTests());
    expect(await rejects(h.service.test('google', agent))).toMatchObject({ code: 'not_configured', message: 'No Google Play credential is set.' });
  });
});

describe('credential service: no leaks', () => {
  it('no secret marker reaches SQLite, audit, statuses, reports or events', async () => {
    const marker = 'LEAKMARKER7Q2Z9X';
    h = harness(createMemorySecretStoreForTests());
    const outputs: unknown[] = [];
    for (const input of markedInputs(marker)) {
      outputs.push(await h.service.set(input.store, input, agent));
      h.setReport(async (c) => ({ ok: false, can: [], missing: [], message: `refused ${JSON.stringify(c)}`, testedAt: 1 }));
      outputs.push(await h.service.test(input.store, agent));
    }
    outputs.push(await h.service.status(), await h.service.keychain());
    outputs.push(await h.service.remove('amazon', agent));
    h.t.db.pragma('wal_checkpoint(TRUNCATE)');
    const apple = (await h.service.get('apple'))!;
    const pemLine = apple.privateKey.split('\n')[1]!;
    const haystack = [JSON.stringify(outputs), JSON.stringify(h.events), JSON.stringify(auditRows(h.t))];
    for (const f of [h.t.file, `${h.t.file}-wal`]) if (existsSync(f)) haystack.push(readFileSync(f).toString('latin1'));
    for (const text of haystack) {
      expect(text).not.toContain(marker);
      expect(text).not.toContain(pemLine);
    }
    expect(JSON.stringify(outputs)).toContain('[redacted]');
  });
});

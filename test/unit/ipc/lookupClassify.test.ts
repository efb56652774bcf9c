// What a pasted text is: which store can be asked for it, and with which IDs.
import { describe, expect, it } from 'vitest';
import { classifyLookup } from '../../../src-main/ipc/channels/lookup';

const ok = (q: string) => {
  const t = classifyLookup(q);
  if (!t || !t.ok) throw new Error(`not fetchable: ${q}`);
  return { store: t.store, ids: t.ids };
};

describe('classifyLookup', () => {
  it('Google order IDs, renewals included, and purchase tokens', () => {
    expect(ok('GPA.3312-4456-7788-12345')).toEqual({ store: 'google', ids: [{ kind: 'google_order_id', value: 'GPA.3312-4456-7788-12345' }] });
    expect(ok(' gpa.3312-4456-7788-12345..4 ')).toEqual({ store: 'google', ids: [{ kind: 'google_order_id', value: 'GPA.3312-4456-7788-12345..4' }] });
    const token = 'bgoijdbekcbgcgmcmkhlkjhn.AO-J1OxLq3ZPh1rRZsUrEHMqMbGDC2hB-4w5-cHmPdTm0xAB4C7QcQ_j0Ak9';
    expect(ok(token)).toEqual({ store: 'google', ids: [{ kind: 'google_purchase_token', value: token }] });
  });

  it('Stripe IDs by prefix, and emails', () => {
    expect(ok('cus_Q1abcdEFGH').ids).toEqual([{ kind: 'stripe_customer', value: 'cus_Q1abcdEFGH' }]);
    expect(ok('pi_3Pabc1234567').ids[0]!.kind).toBe('stripe_payment_intent');
    expect(ok('ch_3Pabc1234567').ids[0]!.kind).toBe('stripe_charge');
    expect(ok('sub_1Pabc1234567').ids[0]!.kind).toBe('stripe_subscription');
    expect(ok('in_1Pabc1234567').ids[0]!.kind).toBe('stripe_invoice');
    expect(ok('Jane@Example.com')).toEqual({ store: 'stripe', ids: [{ kind: 'email', value: 'Jane@Example.com' }] });
  });

  it('Apple transaction IDs (digits) and the order ID of the receipt email', () => {
    expect(ok('2000000123456789')).toEqual({ store: 'apple', ids: [{ kind: 'apple_original_transaction_id', value: '2000000123456789' }] });
    expect(ok('mq2gt6x8rz')).toEqual({ store: 'apple', ids: [{ kind: 'apple_order_id', value: 'MQ2GT6X8RZ' }] });
  });

  it('Amazon needs the receipt ID and the user ID together; a lone one is explained', () => {
    const receipt = 'q1YqVrJSSs7PLcrPTczPi8lMS1eyUMpLzSnJrFSyMjIwMDAwNDEyNTAwNzA0MjE0MLQwMjE';
    const user = 'l3HL7XppEMhrOGDnur9-ulvqomrSg6qyODKmah76lJU=';
    expect(ok(`${receipt} ${user}`)).toEqual({
      store: 'amazon',
      ids: [
        { kind: 'amazon_receipt_id', value: receipt },
        { kind: 'amazon_user_id', value: user },
      ],
    });
    const lone = classifyLookup(user);
    expect(lone).toMatchObject({ ok: false, store: 'amazon' });
    expect(lone && !lone.ok && lone.message).toMatch(/needs both the receipt ID and the user ID/);
  });

  it('words are not store IDs', () => {
    expect(classifyLookup('jane doe')).toBeNull();
    expect(classifyLookup('refund')).toBeNull();
    expect(classifyLookup('12345')).toBeNull();
  });
});

// Shared DTO builders for the refund dialog tests (not a test file itself).
import type { RefundIntentDto, RefundOptionDto, RefundPreviewDto } from '../../src-main/ipc/contract';

export const PAID_AT = Date.UTC(2027, 1, 12, 10, 0);

export function option(over: Partial<RefundOptionDto> & Pick<RefundOptionDto, 'mode' | 'refundKind' | 'label'>): RefundOptionDto {
  return { enabled: true, offReason: null, amountMinor: 2999, estimate: false, effect: 'Access unchanged', warnings: [], ...over };
}

export function stripePreview(req: { mode?: string; refundKind?: string; amountMinor?: number }, over: Partial<RefundPreviewDto> = {}): RefundPreviewDto {
  const remaining = 1999;
  const amount = req.refundKind === 'partial' ? (req.amountMinor ?? 0) : remaining;
  return {
    store: 'stripe',
    purchaseId: 7,
    paymentRef: 'pi_DemoJane0001',
    paidAt: PAID_AT,
    currency: 'USD',
    amounts: { paidMinor: 2999, refundedMinor: 1000, remainingMinor: remaining, fullMinor: remaining, proratedEstimateMinor: null },
    payments: [{ ref: 'pi_DemoJane0001', paidAt: PAID_AT, amountMinor: 2999, refundedMinor: 1000, latest: true }],
    options: [
      option({ mode: 'refund', refundKind: 'full', label: 'Full refund', amountMinor: remaining }),
      option({ mode: 'refund', refundKind: 'partial', label: 'Partial refund', amountMinor: null }),
    ],
    summary: req.mode && req.refundKind ? { amountMinor: amount, effect: 'Access unchanged', warnings: [], text: `Refund ${(amount / 100).toFixed(2)} USD of pi_DemoJane0001. Access unchanged.` } : null,
    openIntentId: null,
    ...over,
  };
}

export function intent(over: Partial<RefundIntentDto> = {}): RefundIntentDto {
  return {
    id: 'int_1',
    store: 'stripe',
    purchaseId: 7,
    paymentRef: 'pi_DemoJane0001',
    amountMinor: 500,
    currency: 'USD',
    mode: 'refund',
    refundKind: 'partial',
    reason: 'requested_by_customer',
    note: null,
    agent: { osUser: 'tester', name: 'Test Agent' },
    status: 'succeeded',
    storeRef: 're_1',
    message: null,
    steps: [],
    finish: null,
    createdAt: 1,
    updatedAt: 2,
    ...over,
  };
}

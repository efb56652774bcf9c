// Send Consumption Information (PUT /inApps/v2/transactions/consumption/{transactionId}):
// the body checks Apple documents, answered as Apple does, HTTP 400 with an error object.
// Sources: App Store Server API, ConsumptionRequest, consumptionPercentage, deliveryStatus,
// refundPreference, and the error objects InvalidCustomerConsentedError (4000035) and
// ConsumptionPercentageAutoRenewableSubscriptionError. The installed
// @apple/app-store-server-library enum lists no numeric code for the consumptionPercentage
// errors, so this server answers 4000000 with the documented error's name as the message.

export interface AppleError {
  errorCode: number;
  errorMessage: string;
}

const DELIVERY = ['DELIVERED', 'UNDELIVERED_QUALITY_ISSUE', 'UNDELIVERED_WRONG_ITEM', 'UNDELIVERED_SERVER_OUTAGE', 'UNDELIVERED_OTHER'];

/** The first rule the body breaks, for a transaction of Apple product type `type` (JWSTransaction `type`). */
export function consumptionBodyError(b: Record<string, unknown>, type: string | undefined): AppleError | null {
  if (b.customerConsented !== true) {
    return { errorCode: 4000035, errorMessage: 'Invalid request. The customer consented field is invalid or doesn’t indicate that the customer consented.' };
  }
  if (typeof b.sampleContentProvided !== 'boolean') return { errorCode: 4000000, errorMessage: 'missing sampleContentProvided' };
  if (!DELIVERY.includes(b.deliveryStatus as string)) return { errorCode: 4000036, errorMessage: 'InvalidDeliveryStatusError' };
  const pct = b.consumptionPercentage;
  if (pct !== undefined) {
    if (type === 'Auto-Renewable Subscription') return { errorCode: 4000000, errorMessage: 'ConsumptionPercentageAutoRenewableSubscriptionError' };
    if (!Number.isInteger(pct) || (pct as number) < 0 || (pct as number) > 100_000) return { errorCode: 4000000, errorMessage: 'InvalidConsumptionPercentageError' };
    if (b.deliveryStatus !== 'DELIVERED' && pct !== 0) return { errorCode: 4000000, errorMessage: 'InvalidConsumptionPercentageError: not DELIVERED needs 0' };
  }
  if (b.refundPreference === 'GRANT_PRORATED' && (typeof pct !== 'number' || pct <= 0 || pct >= 100_000)) {
    return { errorCode: 4000000, errorMessage: 'InvalidConsumptionPercentageError: GRANT_PRORATED needs a consumptionPercentage above 0 and below 100000' };
  }
  if (b.refundPreference !== undefined && !['DECLINE', 'GRANT_FULL', 'GRANT_PRORATED'].includes(b.refundPreference as string)) {
    return { errorCode: 4000000, errorMessage: 'InvalidRefundPreferenceError' };
  }
  return null;
}
